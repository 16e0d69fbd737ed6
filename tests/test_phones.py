"""phi.phone: national and international numbers, validated candidates, negatives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialrx.detectors.phones import phones
from socialrx.model import Document


def _found(text: str) -> list[str]:
    return [text[f.span.start : f.span.end] for f in phones(Document(text)) if f.span]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Her daughter asked us to call her back on (555) 010-2000.", ["(555) 010-2000"]),
        ("Call 555-010-2000 ext. 12 after noon", ["555-010-2000 ext. 12"]),
        ("Reach me on +44 20 7946 0958 any time", ["+44 20 7946 0958"]),
        ("They're not answering at 78 651 450", ["78 651 450"]),
        ("Phone: 0490 75 40 81", ["0490 75 40 81"]),
        ("Desk: +41 (0)96 471 07 95", ["+41 (0)96 471 07 95"]),
        ("Fax: 345-899-3560x4587", ["345-899-3560x4587"]),
        ("Mobile: 03.93.92.16.85", ["03.93.92.16.85"]),
        ("416 60 039 office", ["416 60 039"]),
        ("DAUGHTER-KRISSY---301 944-5032 & SON", ["301 944-5032"]),
        ("his wife (201/324/1423) confirms", ["201/324/1423"]),
        ("Pager #54321 for questions", ["54321"]),
        ("Text me at 020 7946 0958 please", ["020 7946 0958"]),
    ],
)
def test_phones_found(text: str, expected: list[str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Admitted 8/19/2020, discharged 2000-04-16 11:34:35.",
        "His social security number is 853-37-1694",
        "My driver's license number is 6940579",
        "Please block card no 4415101282806639538",
        "Shift report 0700-1930, BP 120/80, ABG 7.39/43/137/27.",
        "We raised 1 500 000 dollars for 3 new wards in 2021.",
        "The office is at 17031 2202 Rissik St.",
        "Order number 12345678 ships today.",
        "Version 1.2.3.4 is out.",
        "1 2 3 4 5 6 7 8 9",
    ],
)
def test_phones_not_found(text: str) -> None:
    assert _found(text) == []


def test_score_and_why() -> None:
    (finding,) = phones(Document("call me on 555-010-2000"))
    assert finding.score >= 0.75
    assert "555" not in finding.why


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789+() .-/x#call ", max_size=80))
def test_never_crashes_and_spans_in_range(text: str) -> None:
    for finding in phones(Document(text)):
        assert finding.span is not None
        assert 0 <= finding.span.start < finding.span.end <= len(text)
