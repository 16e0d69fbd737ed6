"""phi.ssn, phi.mrn, phi.account, phi.license, phi.device: checksums, shapes and keywords."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialrx.detectors.identifiers import identifiers
from socialrx.model import Document


def _found(text: str) -> list[tuple[str, str]]:
    return [
        (f.code, text[f.span.start : f.span.end]) for f in identifiers(Document(text)) if f.span
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Here's my SSN: 123-45-6780", [("phi.ssn", "123-45-6780")]),
        ("His social security number is 078-05-1121", [("phi.ssn", "078-05-1121")]),
        ("Patient MRN 00482913 was seen today.", [("phi.mrn", "00482913")]),
        ("medical record number: A-1234567", [("phi.mrn", "A-1234567")]),
        ("chart # 884213 reviewed", [("phi.mrn", "884213")]),
        ("Please charge card 4111 1111 1111 1111", [("phi.account", "4111 1111 1111 1111")]),
        ("What is the limit for card 4454794511390933?", [("phi.account", "4454794511390933")]),
        ("paid with 4111111111111111 yesterday", [("phi.account", "4111111111111111")]),
        ("My IBAN is GB82WEST12345698765432", [("phi.account", "GB82WEST12345698765432")]),
        (
            "transfer from GB82 WEST 1234 5698 7654 32 today",
            [("phi.account", "GB82 WEST 1234 5698 7654 32")],
        ),
        ("Member ID: XJH123456789 on the card", [("phi.account", "XJH123456789")]),
        ("My driver's license number is F162823540116", [("phi.license", "F162823540116")]),
        ("license plate ABC 1234 in the lot", [("phi.license", "ABC 1234")]),
        ("Pacemaker serial number PJN123456 interrogated", [("phi.device", "PJN123456")]),
        (
            "UDI (01)00844588003288(17)141120(10)7654321D",
            [("phi.device", "(01)00844588003288(17)141120(10)7654321D")],
        ),
        ("IMEI 490154203237518 reported lost", [("phi.device", "490154203237518")]),
    ],
)
def test_identifiers_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Call us at 555-010-2000 or visit us in 2021.",
        "The account of the 2019 outbreak is on our blog.",
        "We are grateful to all 1500 members of our community.",
        "Invalid SSN 000-12-3456 and 666-12-3456 and 123-00-4567.",
        "Order 4111111111111112 fails the check.",  # not Luhn valid
        "GB82WEST12345698765431 is not a valid IBAN.",
        "Cardiology 2024: 12 new nurses, 300 beds.",
        "RESP: A/C 600-12-peep 5, 40%, CARD--HR 44-60",
        "Glucose 120 mg/dl 135 at noon.",
        "license to practise since 2009",
        "Welcome Dr. Rao, NPI 1234567893, to our team.",  # public provider identifier
        "Record turnout: 1,200 donors at our 2023 drive.",
        "",
    ],
)
def test_identifiers_not_found(text: str) -> None:
    assert _found(text) == []


def test_zero_width_evasion_is_caught_at_original_offsets() -> None:
    text = "SSN: 123-45\u200b-6780"
    found = _found(text)
    assert found == [("phi.ssn", "123-45\u200b-6780")]


def test_why_never_repeats_the_number() -> None:
    text = "MRN 00482913, card 4111 1111 1111 1111"
    for finding in identifiers(Document(text)):
        assert finding.span is not None
        assert text[finding.span.start : finding.span.end] not in finding.why


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 -GBAZ#:MRNssncard", max_size=80))
def test_never_crashes_and_spans_in_range(text: str) -> None:
    for finding in identifiers(Document(text)):
        assert finding.span is not None
        assert 0 <= finding.span.start < finding.span.end <= len(text)
