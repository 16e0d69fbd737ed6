"""Inbound triage through the pipeline: which labels a record lists, in which order, the
sentiment, and the escalation a crisis carries (synthetic text only)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from socialrx.model import LABELS
from socialrx.pipeline import Pipeline, make_document
from socialrx.policy import default_policy, parse_policy

CRISIS = "i cant do this anymore. ive said goodbye to everyone and the pills are ready tonight"
CALM = "What time does the cafeteria open on Sunday?"


def _inbound(text: str, pipe: Pipeline | None = None) -> dict[str, object]:
    return (pipe or Pipeline()).analyze(make_document(text, "inbound")).to_record()


def test_a_crisis_lists_crisis_first_and_says_what_to_do() -> None:
    record = _inbound(CRISIS)
    labels = record["labels"]
    assert isinstance(labels, list) and labels[0]["name"] == "crisis"
    assert labels[0]["score"] >= 0.5
    assert record["escalation"] == {
        "contact": None,
        "country": "US",
        "crisis_line": "988 Suicide & Crisis Lifeline: call or text 988",
    }
    assert record["decision"] == "allow"  # inbound items are triaged, not gated
    assert any(f["code"] == "crisis.cue" for f in record["findings"])  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", [CALM, "this migraine is killing me lol"])
def test_no_crisis_no_escalation(text: str) -> None:
    record = _inbound(text)
    assert "crisis" not in {lb["name"] for lb in record["labels"]}  # type: ignore[attr-defined]
    assert record["escalation"] is None


def test_escalation_comes_from_the_policy() -> None:
    policy = parse_policy(
        'name = "t"\nversion = 2\n[escalation]\ncontact = "oncall@h.example"\ncountry = "GB"'
    )
    record = _inbound(CRISIS, Pipeline(policy))
    assert record["escalation"] == {
        "contact": "oncall@h.example",
        "country": "GB",
        "crisis_line": "Samaritans: call 116 123",
    }


def test_labels_below_their_threshold_are_not_listed() -> None:
    strict = replace(default_policy(), thresholds={"default": 0.5, "crisis": 1.0})
    record = _inbound(CRISIS, Pipeline(strict))
    assert "crisis" not in {lb["name"] for lb in record["labels"]}  # type: ignore[attr-defined]
    assert record["escalation"] is None


@pytest.mark.parametrize(
    "text",
    [
        CRISIS,
        "Started Lexapro last week and now I get terrible headaches, worst clinic ever!!",
        "@CityHealth you billed me twice and nobody calls back. Is ibuprofen safe with Lexapro?",
    ],
)
def test_labels_are_ordered_most_urgent_first_and_scored(text: str) -> None:
    labels = _inbound(text)["labels"]
    names = [lb["name"] for lb in labels]  # type: ignore[attr-defined]
    assert names == sorted(names, key=LABELS.index)
    assert len(names) == len(set(names))
    assert all(0.5 <= lb["score"] <= 1 for lb in labels)  # type: ignore[attr-defined]


@pytest.mark.parametrize("channel", ["outbound", "reply"])
def test_outbound_and_replies_are_not_triaged(channel: str) -> None:
    record = Pipeline().analyze(make_document(CRISIS, channel)).to_record()
    assert record["labels"] == [] and record["escalation"] is None
    assert record["sentiment"] is None and record["sentiment_score"] is None
    findings: list[dict[str, object]] = record["findings"]
    assert not any(str(f["code"]).startswith(("crisis.", "ade.")) for f in findings)


def test_inbound_items_get_a_sentiment() -> None:
    record = _inbound("Thank you so much to the wonderful nurses, you were amazing!")
    assert record["sentiment"] == "positive"
    assert isinstance(record["sentiment_score"], float) and record["sentiment_score"] > 0


def test_labels_do_not_depend_on_the_order_classifiers_are_listed_in() -> None:
    names = tuple(name for name, _ in Pipeline().classifiers)
    forward = Pipeline(replace(default_policy(), classifiers=names))
    backward = Pipeline(replace(default_policy(), classifiers=names[::-1]))
    texts = [CRISIS, CALM, "@CityHealth you billed me twice!! worst service, nobody calls back",
             "Started Lexapro last week and now I get terrible headaches",
             "Thank you to the wonderful nurses, best care ever"]  # fmt: skip
    for text in texts:
        assert _inbound(text, forward) == _inbound(text, backward)
