"""phi.name: table-driven cases on synthetic text, with negatives and roles."""

from __future__ import annotations

import pickle

import pytest

from socialrx.detectors.names import Person, names, people
from socialrx.model import Document

FOUND = [
    ("Congrats to our patient Maria Gonzalez on her last chemo!", "Maria Gonzalez"),
    ("Mrs. Patterson is back in the ICU tonight.", "Patterson"),
    ("Her husband Luis brought flowers for the whole floor.", "Luis"),
    ("SOCIAL: WIFE MARY IN TO VISIT, SON CALLED.", "MARY"),
    ("My name is Jennifer Walsh and I need help.", "Jennifer Walsh"),
    ("Catherine is a very kind person.", "Catherine"),
    ("The founders were Maria Silva, Chen and Okafor.", "Okafor"),
    ("Anna Kowalczyk\nRiverside Imaging\n12 Oak Street", "Anna Kowalczyk"),
    ("Mr. Novak flew home on Tuesday.", "Novak"),
    ("social: son bill called twice for updates", "bill"),
    ("What's your last name? Brennan", "Brennan"),
    ("congrats to our patient maria gonzalez on her last chemo", "maria gonzalez"),
    ("SOCIAL: MARY JONES (DAUGHTER) CALLED", "MARY JONES"),
    ("MR. HAROLD QUINCE IS AN 80 YR OLD MAN ADMITTED FROM HOME.", "HAROLD QUINCE"),
    ("ellen brody is a 70 yr old female admitted overnight.", "ellen brody"),
    ("His wife, Janet logan, is at the bedside.", "Janet logan"),
    ("Zorvath lives on the east side of town.", "Zorvath"),
    ("Then Quillon said the pain was better.", "Quillon"),
]

NOT_FOUND = [
    ("Dr. Anita Rao joins our cardiology team.", "Anita Rao"),
    ("Please welcome nurse manager Tanya Brooks!", "Tanya Brooks"),
    ("Mayor Linda Brooks cut the ribbon today.", "Linda Brooks"),
    ("Visit the Smith Family Cancer Center this weekend.", "Smith"),
    ("Flu shots are free at every clinic this Monday.", None),
    ("Neuro: alert and oriented, MAE, follows commands.", None),
    ("Will you join our blood drive in May?", None),
    ("MS: Restart lopressor when able. MR, AI noted.", None),
    ("Pt sedated overnight; pt given lasix.", None),
    ("Her husband Luis brought flowers.", "Luis brought"),
    ("Pt was accepted by St. Agnes for rehab.", "Agnes"),
    ("Aline placed; Foley draining, Wedge 18.", None),
    ("the plan is a 3 day course of antibiotics", None),
    ("Parking lives on the east side of the campus.", None),
    ("Yesterday said it all: what a game.", None),
    ("Social: son called this am and family in to visit.", None),
    ("Contact jo.doe@example.com for your records.", None),
    ("I will be travelling to Finland next week.", None),
]


def _texts(text: str) -> list[str]:
    return [text[f.span.start : f.span.end] for f in names(Document(text)) if f.span]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_finds_names(text: str, expected: str) -> None:
    assert expected in _texts(text)


@pytest.mark.parametrize(("text", "name"), NOT_FOUND)
def test_leaves_staff_officials_and_words(text: str, name: str | None) -> None:
    found = _texts(text)
    if name is None:
        assert found == []
    else:
        assert not any(name in f for f in found)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Dr. Anita Rao joins our team.", "staff"),
        ("Mayor Linda Brooks spoke.", "official"),
        ("His daughter Emily called.", "relative"),
        ("Our patient Emma (age 6) rang the bell.", "patient"),
    ],
)
def test_roles(text: str, role: str) -> None:
    assert role in {p.role for p in people(Document(text))}


def test_evasion_reported_at_original_offsets() -> None:
    text = "Congrats to our patient J0hn Sm1th!"
    found = list(names(Document(text)))
    assert found and found[0].span is not None
    assert text[found[0].span.start : found[0].span.end] == "J0hn Sm1th"


def test_why_never_repeats_text_and_people_are_cached() -> None:
    doc = Document("Thanks to her son Michael for the cookies.")
    first = people(doc)
    assert people(doc) is first
    assert all(isinstance(p, Person) and "Michael" not in p.why for p in first)
    assert pickle.loads(pickle.dumps(doc)).text == doc.text


@pytest.mark.parametrize("text", ["A " * 20000, "Aaaa" * 20000, "Maria Lopez " * 5000])
def test_adversarial_input_completes(text: str) -> None:
    list(names(Document(text)))


def test_public_interface_stays_on_names_module() -> None:
    """Other detectors (disclosure) import these from ``names``; the split keeps them there."""
    from socialrx.detectors import names as module
    from socialrx.detectors.person import Person as PersonType
    from socialrx.detectors.wordlists import first_names, view

    assert module.Person is PersonType
    assert module.first_names is first_names and module.view is view
    assert callable(module.people) and module.Role is not None
