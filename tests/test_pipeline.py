"""The pipeline: validation of input, allow-lists, overlaps, batch API, the contract record."""

from __future__ import annotations

import json

import pytest

import socialrx
from socialrx.errors import InputError
from socialrx.model import Finding, Span
from socialrx.pipeline import MAX_CHARS, Pipeline, _resolve_overlaps, make_document
from socialrx.policy import parse_policy

SECRET = "Zebediah Quixote-Smythe"


@pytest.mark.parametrize(
    ("text", "channel", "message"),
    [
        ("", "outbound", "empty"),
        ("   \n\t", "outbound", "empty"),
        (f"{SECRET}\x00", "outbound", "NUL"),
        (42, "outbound", "must be a string"),
        (None, "outbound", "must be a string"),
        (SECRET, "fax", "unknown channel"),
        ("x" * (MAX_CHARS + 1), "outbound", "the limit is"),
    ],
)
def test_bad_input_is_rejected_without_echoing_text(
    text: object, channel: object, message: str
) -> None:
    with pytest.raises(InputError, match=message) as info:
        make_document(text, channel)
    assert SECRET not in str(info.value)
    assert "xxxx" not in str(info.value)


def test_record_matches_the_contract() -> None:
    record = socialrx.analyze("Write to jane.roe@example.com please").to_record()
    assert list(record) == [
        "id", "channel", "decision", "policy", "findings", "labels", "sentiment",
        "sentiment_score", "escalation",
    ]  # fmt: skip
    finding = record["findings"][0]
    assert list(finding) == ["code", "start", "end", "text", "score", "detector", "why"]
    assert finding["code"] == "phi.email"
    assert finding["text"] == "jane.roe@example.com"
    assert "jane" not in finding["why"]
    json.dumps(record)  # serialisable


def test_offsets_are_in_the_original_text_after_evasions() -> None:
    text = "mail: j\u200bane.roe@example.com"
    record = socialrx.analyze(text).to_record()
    (finding,) = [f for f in record["findings"] if f["code"] == "phi.email"]
    assert finding["text"] == text[finding["start"] : finding["end"]]
    assert finding["text"].startswith("j\u200bane")


ALLOW = parse_policy(
    """
name = "org"
version = 2
[allow]
emails = ["press@stmarys.example"]
domains = ["stmarys.example"]
"""
)


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("Questions? press@stmarys.example", True),
        ("Visit www.stmarys.example/flu", True),
        ("Visit https://news.stmarys.example/x", True),
        ("Write to jane.roe@example.com", False),
        ("Visit www.otherplace.example/x", False),
    ],
)
def test_allow_lists_drop_the_organisations_own_identifiers(text: str, allowed: bool) -> None:
    analysis = Pipeline(ALLOW).analyze_text(text)
    contact = [f for f in analysis.findings if f.code in ("phi.email", "phi.url")]
    assert (contact == []) is allowed
    assert analysis.decision.policy == "org@2"


def test_batch_api_keeps_order_and_count() -> None:
    texts = [f"item {i} mail a{i}@example.com" for i in range(50)]
    results = list(socialrx.analyze_many(texts))
    assert len(results) == 50
    for i, analysis in enumerate(results):
        assert analysis.document.text == texts[i]


def test_overlapping_findings_of_one_code_keep_the_strongest() -> None:
    weak = Finding("phi.name", Span(0, 5), 0.5, "a", "weak")
    strong = Finding("phi.name", Span(2, 9), 0.9, "b", "strong")
    other = Finding("phi.date", Span(3, 4), 0.7, "c", "other code")
    doc_level = Finding("disclosure.patient", None, 0.6, "d", "doc")
    doc_level2 = Finding("disclosure.patient", None, 0.8, "e", "doc")
    kept = _resolve_overlaps([weak, other, strong, doc_level, doc_level2])
    assert kept == (strong, other, doc_level2)


def test_repr_never_prints_text() -> None:
    analysis = socialrx.analyze(f"{SECRET} says hi to jane@example.com")
    assert SECRET not in repr(analysis)
    assert SECRET not in repr(analysis.document)
    assert SECRET not in repr(analysis.document.norm)
