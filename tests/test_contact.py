"""phi.email, phi.url, phi.ip: positives, and the run-together sentences that are not domains."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialrx.detectors.contact import contact
from socialrx.model import Document


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.code, text[f.span.start : f.span.end]) for f in contact(Document(text)) if f.span]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to jane.roe@example.com for results.", [("phi.email", "jane.roe@example.com")]),
        (
            "Her fundraiser is at www.example.org/help-jane.",
            [("phi.url", "www.example.org/help-jane")],
        ),
        ("See https://ClickPhobia.com.br/ now", [("phi.url", "https://ClickPhobia.com.br/")]),
        ("Donate at gofund.example.com/jane today", [("phi.url", "gofund.example.com/jane")]),
        ("her blog janedoe.co.uk has photos", [("phi.url", "janedoe.co.uk")]),
        ("Login came from 203.0.113.7.", [("phi.ip", "203.0.113.7")]),
        ("v6 address 2001:db8::1 seen", [("phi.ip", "2001:db8::1")]),
        (
            "mail a.b+tag@mail.example.org or a@b.io",
            [("phi.email", "a.b+tag@mail.example.org"), ("phi.email", "a@b.io")],
        ),
    ],
)
def test_contact_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ABGS/ Sats are within normal limits.No changes made overnight.",
        "PT AROUSABLE.PT CONT IN ST.BP STABLE.",
        "ABGs and sats are good;pt.is not overbreathing the vent.",
        "bilious.on zantac, WBC=16.2.iv clinda d/cd",
        "next dialysis planned for monday.no vent changes",
        "5 of pressure support.tv 150cc to 300cc",
        "i.e. e.g. etc. a.m. p.m. Dr.Smith St.Mary",
        "Version 1.2.3.400 and 999.1.1.1 are not addresses.",
        "@janedoe said hi",
        "",
    ],
)
def test_contact_not_found(text: str) -> None:
    assert _found(text) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab.@:/-w1 comorg", max_size=80))
def test_never_crashes_and_spans_in_range(text: str) -> None:
    for finding in contact(Document(text)):
        assert finding.span is not None
        assert 0 <= finding.span.start < finding.span.end <= len(text)
