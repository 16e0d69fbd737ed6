"""One suite over every registered detector and classifier (DESIGN.md house style 4)."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from socialrx import registry
from socialrx.model import LABELS, Document, Finding, Label, Sentiment

SAMPLES = [
    "",
    " ",
    "Flu shots this Saturday at our Main Street clinic, 9am to noon.",
    "Congrats to our patient Maria Gonzalez, who rang the bell after her last chemo!",
    "our p a t i e n t J0hn Sm1th (age 92) is in Room 4B, MRN 1234567, call 555-201-3344",
    "Маria Gonzаlez\u200b was admitted 3/14/2024; SSN 123-45-6789; email m.g@example.com",
    "ÉMILE ZOLA, 58 YEAR OLD, TRANSFER FROM GENERAL HOSPITAL 7/22. WIFE MARY CALLED.",
    "You should double your insulin tonight. This pill cures cancer 100% guaranteed!",
    "Leave us 5 stars and get a $10 gift card! Damn, patients are idiots.",
    "\U0001f600 emoji \u202e bidi \ufeff bom \u0301 lone accent",
    "a" * 5000,
]
CHANNELS = ("outbound", "reply", "inbound")
ENTRIES = registry.entries()
IDS = [e.name for e in ENTRIES]


def _run(entry: registry.Entry, doc: Document) -> list[Any]:
    return list(entry.build()(doc))


def test_registry_is_not_empty() -> None:
    assert {e.name for e in registry.entries("detector")} >= {"contact", "names"}


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_declares_documented_codes(entry: registry.Entry) -> None:
    assert entry.doc.strip(), f"{entry.name} has no docstring"
    assert entry.codes, f"{entry.name} declares no codes"
    docs = registry.code_docs()
    for code in entry.codes:
        documented = code in docs or (
            code.endswith("*") and any(c.startswith(code[:-1]) for c in docs)
        )
        assert documented, f"{entry.name}: code {code} is not documented"


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
@pytest.mark.parametrize("channel", CHANNELS)
def test_output_is_well_formed(entry: registry.Entry, channel: str) -> None:
    for text in SAMPLES:
        doc = Document(text=text, channel=channel)  # type: ignore[arg-type]
        for item in _run(entry, doc):
            if entry.kind == "detector":
                assert isinstance(item, Finding)
                assert entry.declares(item.code), f"{entry.name} emitted undeclared {item.code}"
                assert item.detector == entry.name
                assert item.why.strip(), "a finding must say why"
                if item.span is not None:
                    assert 0 <= item.span.start <= item.span.end <= len(text)
                    matched = text[item.span.start : item.span.end]
                    if len(matched.strip()) >= 4:
                        assert matched not in item.why, "why must not repeat the matched text"
            elif isinstance(item, Sentiment):
                assert entry.declares("sentiment"), f"{entry.name} emitted undeclared sentiment"
                assert item.name in ("positive", "neutral", "negative")
                assert -1.0 <= item.score <= 1.0
            else:
                assert isinstance(item, Label)
                assert entry.declares(item.name), f"{entry.name} emitted undeclared {item.name}"
                assert item.name in LABELS, f"{item.name} is not a label of CONTRACT.md"
                assert 0.0 <= item.score <= 1.0
        if entry.kind == "classifier":
            items = _run(entry, doc)
            assert sum(isinstance(i, Sentiment) for i in items) <= 1, "one sentiment at most"
            names = [i.name for i in items if isinstance(i, Label)]
            assert len(names) == len(set(names)), "each label at most once"


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_deterministic_and_picklable(entry: registry.Entry) -> None:
    run = entry.build()
    clone = pickle.loads(pickle.dumps(run))
    channel = entry.channels[0]
    for text in SAMPLES:
        first = list(run(Document(text=text, channel=channel)))
        assert first == list(run(Document(text=text, channel=channel)))
        assert first == list(clone(Document(text=text, channel=channel)))
        # a document that went through pickle (as Spark ships it) gives the same answer
        doc = pickle.loads(pickle.dumps(Document(text=text, channel=channel)))
        assert first == list(run(doc))


CONFIGURABLE = [e for e in ENTRIES if e.configurable]


@pytest.mark.parametrize("entry", CONFIGURABLE, ids=[e.name for e in CONFIGURABLE])
def test_configurable_constructor_only_stores(entry: registry.Entry) -> None:
    """Constructing a configurable detector does no work: it only keeps its arguments."""
    instance = entry.build()
    state = vars(instance) if hasattr(instance, "__dict__") else {}
    assert all(not callable(v) or isinstance(v, type) for v in state.values())
