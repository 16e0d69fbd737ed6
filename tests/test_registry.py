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
