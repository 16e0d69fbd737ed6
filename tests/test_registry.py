"""The registry: declarations are validated, and each entry runs only on its channels."""

from __future__ import annotations

import re

import pytest

from socialrx import registry
from socialrx.errors import RegistryError
from socialrx.pipeline import Pipeline


@pytest.mark.parametrize(
    ("kind", "name", "codes", "channels", "message"),
    [
        ("detector", "Bad-Name", ("phi.x",), ("outbound",), "must match"),
        ("detector", "nodot", ("crisis",), ("outbound",), "malformed codes"),
        ("classifier", "odd", ("Crisis",), ("inbound",), "malformed codes"),
        ("classifier", "fax_only", ("crisis",), ("fax",), "declares channels ['fax']"),
        ("detector", "nowhere", ("phi.x",), (), "declares channels"),
    ],
)
def test_bad_declarations_are_refused(
    kind: str, name: str, codes: tuple[str, ...], channels: tuple[str, ...], message: str
) -> None:
    register = registry.detector if kind == "detector" else registry.classifier
    with pytest.raises(RegistryError, match=message.replace("[", r"\[")):
        register(name, codes=codes, channels=channels)
    assert name not in {e.name for e in registry.entries()}


def test_labels_are_valid_classifier_codes_but_not_detector_codes() -> None:
    registry.classifier("probe_ok", codes=("adverse_event", "sentiment"))  # declaring only
    with pytest.raises(RegistryError, match=re.escape("expected 'a.b'")):
        registry.detector("probe_bad", codes=("adverse_event",))


@pytest.mark.parametrize("channel", ["outbound", "reply", "inbound"])
def test_each_channel_runs_exactly_the_entries_declared_for_it(channel: str) -> None:
    pipe = Pipeline()
    detectors, classifiers = pipe._plans[channel]  # type: ignore[index]
    built = dict(pipe.detectors) | dict(pipe.classifiers)
    wanted = {e.name for e in registry.entries() if channel in e.channels}
    running = {name for name, run in built.items() if run in (*detectors, *classifiers)}
    assert running == wanted
    if channel != "inbound":
        assert not classifiers, "triage classifiers run on inbound items only"


# The organisation's own words are judged on outbound posts and replies; an inbound item is
# triaged, and its PHI spans are found (the inbox masks them), but a patient writing about
# themselves is not the organisation disclosing a patient, advising or making claims.
_JUDGED = (
    "disclosure.patient",
    "advice.individual",
    "claim.unsubstantiated",
    "conduct.unprofessional",
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Congrats to our patient Maria Gonzalez, who rang the bell after her last chemo!",
         "disclosure.patient"),
        ("@jordan_k you should double your metformin dose tonight", "advice.individual"),
        ("Our new clinic cures diabetes, guaranteed results in 100% of patients", "claim.unsubstantiated"),
        ("Ugh, these patients are morons, worst shift ever", "conduct.unprofessional"),
    ],
)  # fmt: skip
def test_checks_of_the_organisations_words_run_on_outgoing_channels_only(
    text: str, code: str
) -> None:
    pipe = Pipeline()
    for channel in ("outbound", "reply"):
        assert code in {f.code for f in pipe.analyze_text(text, channel).findings}, channel
    inbound = {f.code for f in pipe.analyze_text(text, "inbound").findings}
    assert inbound.isdisjoint(_JUDGED)


def test_inbound_items_still_carry_their_phi_spans() -> None:
    analysis = Pipeline().analyze_text("my SSN is 536-22-1847, call me at 555-201-3344", "inbound")
    assert {"phi.ssn", "phi.phone"} <= {f.code for f in analysis.findings}
    assert analysis.decision.action == "allow"
