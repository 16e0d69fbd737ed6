"""Policy as data and the pure decision function."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialrx.errors import PolicyError
from socialrx.model import Finding, Label, Span
from socialrx.policy import decide, default_policy, load_policy, parse_policy


def _f(code: str, score: float = 0.9) -> Finding:
    return Finding(code, Span(0, 1), score, "test", "test finding")


@pytest.mark.parametrize(
    ("codes", "channel", "action"),
    [
        ([], "outbound", "allow"),
        (["phi.name"], "outbound", "allow"),
        (["phi.date", "phi.location"], "outbound", "allow"),
        (["disclosure.patient"], "outbound", "block"),
        (["disclosure.patient"], "reply", "block"),
        (["phi.ssn"], "outbound", "block"),
        (["phi.mrn"], "outbound", "block"),
        (["phi.account"], "outbound", "block"),
        (["advice.individual"], "outbound", "review"),
        (["claim.unsubstantiated"], "outbound", "review"),
        (["review.solicitation"], "outbound", "review"),
        (["conduct.unprofessional"], "outbound", "review"),
        (["disclosure.consent_claimed"], "outbound", "review"),
        (["lexicon.competitors"], "outbound", "review"),
        (["advice.individual", "phi.ssn"], "outbound", "block"),
        (["disclosure.patient", "phi.ssn"], "inbound", "allow"),
    ],
)
def test_default_actions(codes: list[str], channel: str, action: str) -> None:
    decision = decide([_f(c) for c in codes], [], channel, default_policy())  # type: ignore[arg-type]
    assert decision.action == action
    assert decision.policy == "default@1"
    assert {r.code for r in decision.reasons} == {
        c
        for c in codes
        if default_policy().action(c, channel) != "allow"  # type: ignore[arg-type]
    }


def test_findings_below_threshold_do_not_act() -> None:
    assert decide([_f("phi.ssn", 0.3)], [], "outbound", default_policy()).action == "allow"
    assert decide([_f("phi.ssn", 0.5)], [], "outbound", default_policy()).action == "block"


def test_decide_is_pure() -> None:
    findings = [_f("advice.individual"), _f("phi.ssn")]
    policy = default_policy()
    assert decide(findings, [], "outbound", policy) == decide(findings, [], "outbound", policy)


POLICY = """
name = "stmarys"
version = 7
[thresholds]
"phi.name" = 0.9
[actions]
"lexicon.competitors" = "block"
"phi.name" = "review"
[channels.reply.actions]
"phi.name" = "block"
[labels]
crisis = "review"
[allow]
names = ["Anita Rao"]
phones = ["+1 (555) 010-2000"]
[detectors.lexicon]
lists = { competitors = ["General Hospital"] }
"""


def test_custom_policy_parses_and_applies() -> None:
    policy = parse_policy(POLICY)
    assert policy.ref == "stmarys@7"
    assert policy.action("lexicon.competitors", "outbound") == "block"
    assert policy.action("lexicon.other", "outbound") == "allow"
    assert policy.action("phi.name", "reply") == "block"
    assert policy.threshold("phi.name") == 0.9
    assert policy.threshold("phi.date") == 0.5
    assert policy.allow.names == ("Anita Rao",)
    assert policy.options["lexicon"]["lists"] == {"competitors": ["General Hospital"]}
    assert decide([], [Label("crisis", 0.95)], "inbound", policy).action == "review"
    assert decide([_f("phi.name", 0.8)], [], "reply", policy).action == "allow"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("version = 1", "'name' is required"),
        ('name = "x"', "'version' must be"),
        ('name = "x"\nversion = 1\ncolour = 1', "unknown keys ['colour']"),
        ('name = "x"\nversion = 1\n[actions]\n"phi.name" = "delete"', "must be one of"),
        ('name = "x"\nversion = 1\n[thresholds]\n"phi.name" = 2', "in [0, 1]"),
        ('name = "x"\nversion = 1\n[channels.fax]', "unknown channel 'fax'"),
        ('name = "x"\nversion = 1\n[allow]\nnurses = []', "unknown [allow] lists"),
        ('name = "x"\nversion = 1\n[allow]\nnames = "Ann"', "list of strings"),
        ('name = "x"\nversion = 1\n[run]\ndetectors = "names"', "list of strings"),
        ("name = ", "not valid TOML"),
        ('name = "x"\nversion = 1\n[escalation]\npager = "1"', "unknown [escalation] keys"),
        ('name = "x"\nversion = 1\n[escalation]\ncontact = 5', "escalation.contact must be"),
        ('name = "x"\nversion = 1\n[escalation]\ncountry = "FR"', "no entry in"),
        (
            'name = "x"\nversion = 1\n[escalation.crisis_lines]\nFR = ""',
            "maps country codes to text",
        ),
    ],
)
def test_invalid_policies_say_what_is_wrong(source: str, message: str) -> None:
    with pytest.raises(PolicyError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_policy(source)


def test_load_policy_from_file(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(POLICY, encoding="utf-8")
    assert load_policy(path).ref == "stmarys@7"
    with pytest.raises(PolicyError, match="cannot read policy file"):
        load_policy(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("source", "contact", "country", "line"),
    [
        ("", "", "US", "988 Suicide & Crisis Lifeline: call or text 988"),
        ('contact = "oncall@h.example"\ncountry = "gb"', "oncall@h.example", "GB",
         "Samaritans: call 116 123"),
        ('country = "FR"\ncrisis_lines = { FR = "3114" }', "", "FR", "3114"),
        ('crisis_lines = { us = "988, or 911 in an emergency" }', "", "US",
         "988, or 911 in an emergency"),
    ],
)  # fmt: skip
def test_escalation_settings(source: str, contact: str, country: str, line: str) -> None:
    policy = parse_policy(f'name = "x"\nversion = 1\n[escalation]\n{source}')
    assert policy.escalation.contact == contact
    assert policy.escalation.country == country
    assert policy.escalation.crisis_line == line


def test_default_policy_escalates_to_988() -> None:
    escalation = default_policy().escalation
    assert (escalation.country, escalation.contact) == ("US", "")
    assert escalation.crisis_line is not None and "988" in escalation.crisis_line
