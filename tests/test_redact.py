"""Redaction masks or replaces chosen findings and keeps the rest of the text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialrx.model import Finding, Span
from socialrx.redact import MASK, placeholder, redact

TEXT = "Call Ann at 555-0100 or ann@example.com today"
NAME = Finding("phi.name", Span(5, 8), 0.9, "t", "name")
PHONE = Finding("phi.phone", Span(12, 20), 0.9, "t", "phone")
EMAIL = Finding("phi.email", Span(24, 39), 0.9, "t", "email")
DOC = Finding("disclosure.patient", None, 0.9, "t", "document level")


@pytest.mark.parametrize(
    ("codes", "style", "expected"),
    [
        (None, "replace", "Call [NAME] at [PHONE] or [EMAIL] today"),
        (["phi.email"], "replace", "Call Ann at 555-0100 or [EMAIL] today"),
        (["phi.*"], "replace", "Call [NAME] at [PHONE] or [EMAIL] today"),
        (["advice.individual"], "replace", TEXT),
        (["phi.name"], "mask", f"Call {MASK * 3} at 555-0100 or ann@example.com today"),
    ],
)
def test_redact(codes: list[str] | None, style: str, expected: str) -> None:
    assert redact(TEXT, [NAME, PHONE, EMAIL, DOC], codes=codes, style=style) == expected  # type: ignore[arg-type]


def test_overlapping_spans_are_merged() -> None:
    a = Finding("phi.name", Span(0, 6), 0.9, "t", "x")
    b = Finding("phi.location", Span(4, 10), 0.9, "t", "x")
    assert redact("abcdefghijkl", [a, b]) == "[NAME]kl"


def test_placeholder() -> None:
    assert placeholder("phi.name") == "[NAME]"
    assert placeholder("lexicon.competitors") == "[COMPETITORS]"


@given(st.text(max_size=40), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40))))
def test_mask_keeps_length_and_unflagged_characters(
    text: str, pairs: list[tuple[int, int]]
) -> None:
    spans = [Span(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in pairs]
    findings = [Finding("phi.name", s, 0.9, "t", "x") for s in spans]
    out = redact(text, findings, style="mask")
    assert len(out) == len(text)
    covered = {i for s in spans for i in range(s.start, s.end)}
    for i, ch in enumerate(text):
        assert out[i] == (MASK if i in covered else ch)
