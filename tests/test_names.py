"""phi.name: table-driven cases on synthetic text, with negatives and roles."""

from __future__ import annotations

import pickle

import pytest

from socialrx.detectors import name_cues
from socialrx.detectors.names import Person, names, people
from socialrx.model import Document

FOUND = [
    ("Congratulations to Kevin O. on completing cardiac rehab.", "Kevin"),  # an initial follows
    ("Remember Tyler, the teen who was in a car crash?", "Tyler"),  # after a sentence opener
    ("It's Ellie's birthday today!", "Ellie's"),  # a possessive first name
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
    ("Repeat ABG's at noon, Atrovent MDI's given.", None),  # abbreviations' plurals
    ("Remember Monday's meeting starts at noon.", None),
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


def test_cue_group_numbers_match_the_pattern() -> None:
    """The cue pass reads kinds and words by group number; keep them in step."""
    index = name_cues._cue_pattern().groupindex
    assert all(index[kind] == group for kind, group in name_cues._KIND_GROUPS)
    assert index["intro"] == 6
    assert [index[g] for g in ("w1", "w2", "w3")] == list(name_cues._FOLLOW_INDEXES)
    assert index["w1"] == name_cues._W1_INDEX


@pytest.mark.parametrize("word", sorted(name_cues._ANCHORS))
def test_cue_anchors_cover_every_phrase_of_their_word(word: str) -> None:
    """A cue word looked for only as its phrases ('this' → 'this is') can start no other
    match: every cue phrase and alternative spelling that starts with the word is anchored."""
    anchors = name_cues._ANCHORS[word]
    assert word in name_cues.CUE_WORDS
    assert all(a.startswith(word) and not a[len(word)].isalnum() for a in anchors)
    pattern = name_cues._cue_pattern()
    tails = [" ", ": ", " - ", "-", "'", "'s ", ".", " is ", " me ", " you ", " with ", " to "]
    tails += [f" {a[len(word) :].strip()} " for w in name_cues._ANCHORS.values() for a in w]
    for tail in tails:
        for name in ("Maria Lopez", "maria lopez", "MARIA"):
            text = f"{word}{tail}{name} said"
            if pattern.match(text) is not None:
                assert text.startswith(anchors), text


@pytest.mark.parametrize(
    "word", ["Maria", "Chen", "Street", "Main", "Mrs", "Dr", "Join", "X", "A", "Of", "The"]
)
def test_run_prefilter_agrees_with_maybe(word: str) -> None:
    from socialrx.detectors import name_runs
    from socialrx.detectors.wordlists import lexicon

    lex = lexicon()
    for form in (word, word.upper(), word.lower()):
        assert (form.upper() in name_runs._maybe_upper()) == name_runs._maybe(form, lex)


def test_span_set_covers() -> None:
    from socialrx.detectors.wordlists import SpanSet

    spans = SpanSet()
    spans.add(10, 20)
    spans.add(30, 35)
    covered = [(10, 20), (12, 15), (30, 35)]
    not_covered = [(5, 12), (18, 22), (20, 30), (0, 5), (34, 40), (40, 50)]
    assert all(spans.covers(a, b) for a, b in covered)
    assert not any(spans.covers(a, b) for a, b in not_covered)
    assert not SpanSet().covers(0, 1)
