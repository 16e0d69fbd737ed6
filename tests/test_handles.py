"""phi.handle: @name handles, not e-mail addresses and not "@" meaning "at"."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialrx.detectors.handles import handles
from socialrx.model import Document


def _found(text: str) -> list[str]:
    return [text[f.span.start : f.span.end] for f in handles(Document(text)) if f.span]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Get well soon @jane_doe_82, we are rooting for you!", ["@jane_doe_82"]),
        ("@JohnSmith thanks for the kind words", ["@JohnSmith"]),
        ("cc @nurse.kim and @dr_lee", ["@nurse.kim", "@dr_lee"]),
        ("so proud of (@maria)!", ["@maria"]),
    ],
)
def test_handles_found(text: str, expected: list[str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Write to jane.roe@example.com",
        "SEDATED ON PROPOFOL @27.87MCG, heparin @1450units/hr",
        "meet @ 0400 and @home @bedtime @lip",
        "email@@twice and a@b",
        "@@@@",
        "",
    ],
)
def test_handles_not_found(text: str) -> None:
    assert _found(text) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="@ab_.1 x", max_size=60))
def test_never_crashes_and_spans_in_range(text: str) -> None:
    for finding in handles(Document(text)):
        assert finding.span is not None
        assert 0 <= finding.span.start < finding.span.end <= len(text)
