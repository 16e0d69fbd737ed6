"""The organisation's own identifiers are recognised whatever their spelling."""

from __future__ import annotations

import pytest

from socialrx.allowlist import AllowMatcher
from socialrx.policy import AllowLists

LISTS = AllowLists(
    names=("Anita Rao", "Tanya Brooks"),
    phones=("+1 (555) 010-2000",),
    emails=("press@stmarys.example",),
    domains=("stmarys.example",),
    handles=("@StMarysHealth",),
    places=("100 Main Street", "St Mary's North Campus"),
)


@pytest.mark.parametrize(
    ("code", "text", "permitted"),
    [
        ("phi.name", "Anita Rao", True),
        ("phi.name", "Dr. Rao", True),
        ("phi.name", "ANITA RAO", True),
        ("phi.name", "An1ta Rao", True),  # evasion folded before comparing
        ("phi.name", "Anita", False),  # a first name alone could be a patient
        ("phi.name", "Maria Rao", False),
        ("phi.name", "Tanya Brooks", True),
        ("phi.phone", "555-010-2000", True),
        ("phi.phone", "(555) 010 2000", True),
        ("phi.phone", "555-010-2001", False),
        ("phi.email", "press@stmarys.example", True),
        ("phi.email", "someone@stmarys.example", True),
        ("phi.email", "someone@gmail.example", False),
        ("phi.url", "https://www.stmarys.example/flu", True),
        ("phi.url", "stmarys.example.evil.example", False),
        ("phi.handle", "@stmaryshealth", True),
        ("phi.handle", "@janedoe", False),
        ("phi.location", "100 main street", True),
        ("phi.location", "North Campus", True),
        ("phi.location", "12 Elm Street", False),
        ("phi.ssn", "123-45-6789", False),  # direct identifiers are never allow-listed
    ],
)
def test_permits(code: str, text: str, permitted: bool) -> None:
    assert AllowMatcher(LISTS).permits(code, text) is permitted


def test_empty_lists_permit_nothing() -> None:
    matcher = AllowMatcher(AllowLists())
    assert not matcher.permits("phi.name", "Anita Rao")
    assert not matcher.permits("phi.location", "")
