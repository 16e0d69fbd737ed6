"""phi.location: table-driven cases on synthetic text, with negatives and score levels."""

from __future__ import annotations

import pytest

from socialrx.detectors.places import place_finder
from socialrx.model import Document

FOUND = [
    ("She lives at 42 Maple Street with her cat.", "42 Maple Street"),
    ("Room 4B finally got discharged!", "Room 4B"),
    ("Transferred to bed 12 overnight.", "bed 12"),
    ("He was moved to 5 West after surgery.", "5 West"),
    ("My zip code is 90210.", "90210"),
    ("He grew up in Dayton and still visits.", "Dayton"),
    ("PT TRANSFERRED TO RIVERSIDE HOSPITAL FOR CATH.", "RIVERSIDE"),
    ("Mail it to PO Box 1234 please.", "PO Box 1234"),
    ("pt transferred to gh for cath this am", "gh"),
    ("She lives at Birkegade 54, Springvale.", "Birkegade 54, Springvale"),
    ("Please send it to Rue de Lyon 4, Paris, France 75001.", "Rue de Lyon 4, Paris, France 75001"),
    ("She was transferred to RMH this evening for a cath.", "RMH"),
    ("PT WAS TRANSFERRED TO RMH THIS EVENING.", "RMH"),
    ("came in from the SJMC emergency room", "SJMC"),
    ("Plan: transfer to Whitcombe 4 when a bed opens.", "Whitcombe 4"),
    ("PT INTUBATED ON HARTWELL 2 FOR RESP FAILURE.", "HARTWELL 2"),
    ("SOCIAL: LIVES WITH SON AND FAMILY IN FERNDALE.", "FERNDALE"),
    ("Her daughter from Oakhurst called for an update.", "Oakhurst"),
    ("OLD RECORDS FROM GLENMORE, MD) ARE ON THE CHART.", "GLENMORE, MD"),
    ("His cousin lives in Brackton, OH 44101 now.", "Brackton, OH 44101"),
    ("She was found at home and taken to the Ashby House.", "Ashby House"),
    (
        "Meet me at the corner of Birch Lane and Quarry Road.",
        "the corner of Birch Lane and Quarry Road",
    ),
    ("Our partner agency is based in Pellworth.", "Pellworth"),
    # a saint's name after a cue is kept whole, not cut to the name after "St."
    ("Join us at St. Luke's for the blood drive on Saturday!", "St. Luke's"),
    ("She moved back in with her mother in St. Louis.", "St. Louis"),
]

NOT_FOUND = [
    "Flu shots are free this Monday at noon.",
    "Neuro: alert, in NSR, weaned to PS overnight.",
    "PT ABLE TO VERBALIZE ONE WORD, UNABLE TO WEAN.",
    "Join us for a 5K walk for heart health!",
    "Plan to transfer to the floor in AM; sent to lab for culture.",
    "Son called to check in. Went into SVT at rate 140.",
    "Resp: changed to PS 15/5 overnight; drop in SBP to 85.",
    "PLAN TO WEAN TO CPAP AND GO TO CT IN AM.",
    "Lasix gtt at 12 mg/hr; on dopamine 5 mcg/kg/min.",
    "Wife in, updated on the plan of care.",
    "Son in law called; family in to visit tonight.",
    "The team is anxious, PA and RN at the bedside.",
    "Transfer to the floor in 2 days, after surgery.",
]


def _found(text: str) -> list[tuple[str, float]]:
    return [
        (text[f.span.start : f.span.end], f.score)
        for f in place_finder(Document(text))
        if f.span is not None
    ]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_finds_places(text: str, expected: str) -> None:
    assert expected in [t for t, _ in _found(text)]


@pytest.mark.parametrize(
    ("text", "part"),
    [("Join us at St. Luke's for the blood drive", "Luke's"), ("lives in St. Louis", "Louis")],
)
def test_a_saints_name_is_not_cut(text: str, part: str) -> None:
    assert part not in [t for t, _ in _found(text)]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_no_place(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "place", "acted_on"),
    [
        ("Our team is proud to serve Ohio.", "Ohio", False),
        ("The patient lives at 12 Oak Road, Dayton, Ohio 45402.", "12 Oak Road", True),
        ("Moved from Springfield last year.", "Springfield", True),
    ],
)
def test_coarse_places_score_below_threshold(text: str, place: str, acted_on: bool) -> None:
    scores = [s for t, s in _found(text) if place in t]
    assert scores
    assert (max(scores) >= 0.5) is acted_on


def test_address_block_on_lines_is_reported_line_by_line() -> None:
    text = "Anna Kowalczyk\n\n4821 Bakketoppen 52\n Apt. 656\n Springvale\n Denmark 35018"
    found = [t for t, _ in _found(text)]
    assert "Apt. 656" in found and "Springvale" in found and "Bakketoppen 52" in found


def test_people_are_not_places() -> None:
    assert _found("Mrs. Georgia Patterson is back.") == []


@pytest.mark.parametrize("text", ["A " * 20000, "1 Aaaa " * 10000, "Room " * 20000])
def test_adversarial_input_completes(text: str) -> None:
    list(place_finder(Document(text)))


def test_split_modules_register_no_detectors_of_their_own() -> None:
    """The modules split out of names.py and places.py hold helpers only."""
    from socialrx import registry

    helpers = {
        "addresses", "facilities", "name_cues", "name_runs", "note_names", "person",
        "place_words", "streets", "towns",
    }  # fmt: skip
    modules = {e.factory.__module__.rsplit(".", 1)[-1] for e in registry.entries("detector")}
    assert {"names", "places"} <= modules
    assert not helpers & modules


@pytest.mark.parametrize(
    "text",
    [
        "42 Maple Street", "at 9am", "Lindevej 7", "Dayton, 45402", "Room 4B", "$4,000",
        "(201) 555-1234", "COVID-19 and 1,200 adults", "5 West", "5West", "12/3 Oak Road",
        "on Hartwell 2", "x1 2 y", "100%", "ab 12345-6789", "9:30", "1.5 mg", "a_12 b", "²3 b",
    ],
)  # fmt: skip
def test_number_prefilter_keeps_every_number_that_can_be_a_place(text: str) -> None:
    """``at_numbers`` looks only at numbers its prefilter finds; the prefilter may skip only
    numbers that no street, unit, floor or ZIP reading can start or end at."""
    import re

    from socialrx.detectors import streets

    kept = {m.span() for m in streets._PLACE_NUMBER.finditer(text)}
    for d in re.finditer(r"\d+", text):
        p, end = d.span()
        if p and (text[p - 1].isalnum() or text[p - 1] in "-/.:$"):
            assert d.span() not in kept
            continue
        word_before = (
            p >= 2 and text[p - 1] in " \t" and (text[p - 2].isalpha() or text[p - 2] == ",")
        )
        after = text[end : end + 1]
        if word_before or (after and after in " \t,-/") or (after.isascii() and after.isalpha()):
            assert d.span() in kept, (text, d.span())
