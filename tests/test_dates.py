"""phi.date and phi.age: table-driven positives and negatives (synthetic text only)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialrx.detectors.dates import dates
from socialrx.model import Document


def _found(text: str, code: str) -> list[str]:
    return [
        text[f.span.start : f.span.end] for f in dates(Document(text)) if f.code == code and f.span
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She was born on 2/8/1935 in a small town.", ["2/8/1935"]),
        ("Please tell me your date of birth. It's 6/24/1991", ["6/24/1991"]),
        ("When: 2000-04-16 11:34:35", ["2000-04-16 11:34:35"]),
        ("Admitted 3/14, discharged later that week.", ["3/14"]),
        ("TRANSFERRED TO GH 7/23. DOPAMINE WEANED.", ["7/23"]),
        ("PMH: S/P MI 1992; CABG 2004", ["1992", "2004"]),
        ("The orchestra was founded in 1977.", ["1977"]),
        ("PMH MI '92, CABG X3 '95", ["92", "95"]),
        ("Surgery is planned on March 3rd, 2021 at noon.", ["March", "3rd", "2021"]),
        ("it is 20th Oct, 1989 today", ["20th", "Oct", "1989"]),
        ("in March of 1993 she finished treatment", ["March", "1993"]),
        ("Mr. Leiva flew home on Tuesday morning.", ["Tuesday"]),
        ("He had a stroke in the 1980s.", ["1980s"]),
        ("ECHO 8/87 SHOWED EF 20%", ["8/87"]),
        ("stent placed on the 11th of this month", ["11th"]),
        ("ADMITTED 3-24-17 FROM OSH", ["3-24-17"]),
    ],
)
def test_dates_found(text: str, expected: list[str]) -> None:
    assert _found(text, "phi.date") == expected


@pytest.mark.parametrize(
    "text",
    [
        "BP 120/80, HR 72, ABG 7.37/41/88 on PSV 10/5.",
        "Give 1/2 NS at 100cc/hr and 1/2 tab of tylenol.",
        "Pain 5/10 in the chest, improved to 2/10.",
        "Report at 2000, shift 1900 - 0700, meds due at 2130.",
        "We served 1500 meals and 2000 cups of coffee.",
        "Get 7-8 hours of sleep and walk 30 minutes.",
        "Strength 4/5 in the left arm, 5/5 in the right.",
        "Vent settings 600x12/5/40% with peep 5.",
        "You may 3 times a day take it.",
        "on the last Sunday before the holiday",
        "Call us at 555-010-2000 today.",
    ],
)
def test_dates_not_found(text: str) -> None:
    assert _found(text, "phi.date") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This 79 year old female complained of pain.", ["79"]),
        ("Patient is a 38-year-old male.", ["38"]),
        ("I'm Naomi, originally from here, and i'm 31 y/o.", ["31"]),
        ("My brother just turned 60", ["60"]),
        ("My birthday is on the weekend. I'll turn 23.", ["23"]),
        ("My father retired at the age of 61", ["61"]),
        ("our patient Emma (age 6) rang the bell", ["6"]),
        ("98 yo gentleman admitted with a hip fracture", ["98"]),
        ("58 YEAR OLD FEMALE ADMITTED IN TRANSFER", ["58"]),
        ("Written when he was 78.", ["78"]),
        ("She is still going strong in her 90s.", ["90s"]),
        ("Our oldest volunteer is a nonagenarian.", ["nonagenarian"]),
    ],
)
def test_ages_found(text: str, expected: list[str]) -> None:
    assert _found(text, "phi.age") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Take 2 tablets every 6 hours.",
        "We have 45 years of experience in cardiology.",
        "I'm 5 minutes away, see you at 10:30.",
        "Room 12 is ready; 300 mg given.",
        "The age of the building is unknown.",
        "Boosters available for ages 5 and up.",
    ],
)
def test_ages_not_found(text: str) -> None:
    assert _found(text, "phi.age") == []


def test_over_89_scores_higher() -> None:
    (old,) = [f for f in dates(Document("a 92 year old man")) if f.code == "phi.age"]
    (young,) = [f for f in dates(Document("a 42 year old man")) if f.code == "phi.age"]
    assert old.score > young.score


def test_offsets_are_original_after_normalisation() -> None:
    text = "Ｂorn on ３/14/1990 and now 92\u200b year old"
    for finding in dates(Document(text)):
        assert finding.span is not None
        assert 0 <= finding.span.start < finding.span.end <= len(text)
    assert "３/14/1990" in [
        text[f.span.start : f.span.end] for f in dates(Document(text)) if f.span
    ]


def test_why_never_repeats_the_text() -> None:
    text = "Born on March 3rd, 2021, now 92 years old, seen on Tuesday 4/5."
    for finding in dates(Document(text)):
        assert finding.span is not None
        assert text[finding.span.start : finding.span.end] not in finding.why


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789/.-: 'yoageMarchTuesday,()", max_size=80))
def test_never_crashes_and_spans_in_range(text: str) -> None:
    for finding in dates(Document(text)):
        assert finding.span is not None
        assert 0 <= finding.span.start <= finding.span.end <= len(text)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("", 0),
        ("no digits here", 0),
        ("room 4", 6),
        ("1 and 22 then words", 8),
        ("Arabic-Indic \u0663 digit", 14),  # any \d, not only 0-9
        ("caf\u00e9 12 \u0663 x", 9),
    ],
)
def test_last_digit_end(text: str, end: int) -> None:
    from socialrx.detectors.numbers import digit_end, last_digit_end

    assert last_digit_end(text) == end
    assert digit_end(Document(text)) == end


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab :,;(\"'\u0130\u03a3\t\nofherage", max_size=40))
def test_last_word_before_agrees_with_words_before(text: str) -> None:
    from socialrx.detectors.date_context import last_word_before, words_before

    words = words_before(text, len(text))
    assert last_word_before(text, len(text)) == (words[-1].rstrip(":") if words else "")


@pytest.mark.parametrize(
    "text",
    [
        "Dose 12 at 9am, 1pm and 8pm.",
        "Ages 5 and up; the clinic turned 50 in May 2010.",
        "\u0661\u0662/\u0663 and 3/14 and 2021",
    ],
)
def test_digit_bounds_do_not_change_dates(text: str) -> None:
    """The scan stops after the last digit: findings are those of a full scan."""
    padded = text + " " * 40 + "the end."
    assert [(f.code, f.span) for f in dates(Document(text))] == [
        (f.code, f.span) for f in dates(Document(padded))
    ]
