"""Dates and ages tied to a person: phi.date and phi.age.

Fast by construction: one lazily compiled pattern whose every branch starts with a digit (so
the regex engine skips straight from digit to digit), then cheap checks in Python that look at
the word just before and the characters just after each number (rules in ``date_context``).
Weekdays are found from the occurrences of "day" in the lower-cased text. A post without digits
or "day" costs one scan.

Numbers are judged by their neighbours because clinical text is full of look-alikes: ratios
and fractions ("2/3", "1/2 NS"), blood pressures ("120/80"), ventilator settings ("PSV 10/5"),
pain scores ("5/10"), ranges ("7-8") and 24-hour clock times ("2130", "at 2000") that share the
shape of a year. A four-digit number is a year when it cannot be a clock time (minutes of 60 or
more, e.g. 1975) or when the word before says so ("in 2004", "born 1950", "CABG 2004"), never
when it says it is a time or a quantity. Dates written with a month name are reported as their
parts (month, day, year), each of which can be redacted on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from socialrx.detectors._match import folded
from socialrx.detectors.date_context import (
    MONTH_STEMS,
    ORDINAL,
    Hit,
    age,
    dmy_ok,
    md_ok,
    month_before,
    month_parts,
    two_digit_year,
    words_before,
    year_ok,
)
from socialrx.detectors.numbers import ascii_twin, digit_end
from socialrx.model import Document, Finding
from socialrx.registry import detector, document_code


@cache
def _pattern() -> re.Pattern[str]:
    # Every branch starts after one digit, so the engine jumps from digit to digit.
    return re.compile(
        r"""
        \d(?:
          (?P<iso>\d{3}-(?:0?[1-9]|1[0-2])-(?:[12]\d|3[01]|0?[1-9])
              (?:[T\s](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)?(?![\d/]|-\d))
        | (?P<dmy>\d?(?P<sep>[/.-])\d{1,2}(?P=sep)(?:\d{4}|\d\d)(?![\d/]|[.-]\d))
        | (?P<md>\d?/\d{1,2}(?![\d/]|[.,]\d|-\d))
        | (?P<mdash>\d?-\d{1,2}(?![\d/-]|[.,]\d))
        | (?P<num>\d+|(?<=[A-Za-z:'(][\ \t]\d)|(?<=[A-Za-z'(]\d)|(?=[\ \t]?[A-Za-z']))
        )
        """,
        re.VERBOSE,
    )


@cache
def _ascii_pattern() -> re.Pattern[str]:
    return ascii_twin(_pattern())  # for ASCII texts: the same matches, found faster


@cache
def _weekday() -> re.Pattern[str]:
    return re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)$")


def _number(text: str, start: int, end: int, months: bool) -> list[Hit]:
    """Dates and ages made of one plain number at ``[start, end)``; ``months``: the text may
    hold a month name."""
    size = end - start
    glued = text[start - 1] if start else " "
    if (
        glued in "/+"
        or text[end : end + 1] == "/"
        or (glued == "-" and start > 1 and not text[start - 2].isalpha())
    ):
        return []  # part of a chain of numbers ("1/2/3", "0700-1900", "+1 555")
    if size == 4 and not glued.isdigit():
        return _four_digits(text, start, end, glued, months)
    if size > 3 or glued.isdigit() or glued in ".,":
        return []
    if glued != "'" and _clock(text, end):
        return []  # "9am", "11 PM": a time of day (the checks below would say so, dearly)
    if size <= 2:
        # a day, a two-digit year or an age always has a word or an apostrophe next to it
        near = text[start - 2 : start] if start > 1 else text[:start]
        after = text[end : end + 4]
        if not (
            any(c.isalpha() or c in ":'" for c in near)
            or any(c.isalpha() or c == "'" for c in after)
        ):
            return []
        parts = month_parts(text, start, end) if months else None
        if parts:
            return [(a, b, "phi.date", 0.7, "part of a written date") for a, b in parts]
        suffix = text[end : end + 2].lower()
        if suffix in ORDINAL and not text[end + 2 : end + 3].isalnum():
            words = words_before(text, start)
            if tuple(words[-2:]) in (("on", "the"), ("is", "the"), ("it's", "the")):
                return [(start, end + 2, "phi.date", 0.6, "day of the month")]
        if size == 2 and two_digit_year(text, start, end):
            return [(start, end, "phi.date", 0.6, "two-digit year")]
    found = age(text, start, end, int(text[start:end]))
    return [found] if found is not None else []


def _clock(text: str, end: int) -> bool:
    """Whether "am" or "pm" (a whole word) follows the number ending at ``end``."""
    after = text[end + 2 : end + 3]
    return text[end : end + 2].lower() in ("am", "pm") and not (after.isalnum() or after == "_")


def _four_digits(text: str, start: int, end: int, glued: str, months: bool) -> list[Hit]:
    value = int(text[start:end])
    if text[end : end + 1] == "s" or text[end : end + 2] == "'s":
        if value % 10 == 0 and 1880 <= value <= 2030 and not text[end + 2 : end + 3].isalpha():
            return [(start, end + (1 if text[end] == "s" else 2), "phi.date", 0.6, "decade")]
        return []
    month = None
    if months and start > 2 and (text[start - 2].isalpha() or text[start - 2] in ".,"):
        month = month_before(text, start)
    if month is not None and 1880 <= value <= 2039:
        return [
            (month[0], month[1], "phi.date", 0.7, "month of a written date"),
            (start, end, "phi.date", 0.7, "year of a written date"),
        ]
    if glued not in ".,/-" and year_ok(text, start, end, value):
        return [(start, end, "phi.date", 0.6, "year")]
    return []


def _numeric_hits(text: str, months: bool, stop: int) -> list[Hit]:
    hits: list[Hit] = []
    last_end = 0
    # every match ends on a digit (at most at ``stop``, where the last digit ends) and its
    # look-aheads peek at most two characters further
    pattern = _ascii_pattern() if text.isascii() else _pattern()
    for match in pattern.finditer(text, 0, stop + 2):
        start, end = match.span()
        if start < last_end:
            continue
        kind = match.lastgroup
        if kind == "num" or kind is None:
            size = end - start
            if size > 4 or (size == 3 and int(match.group()) > 125):
                continue  # too long for a date or an age (the common case: phones, amounts)
            found = _number(text, start, end, months)
            if found:
                hits.extend(found)
                last_end = max([last_end, *(hit[1] for hit in found)])
            continue
        glued = text[start - 1] if start else " "
        if glued.isdigit() or glued in "/'":
            continue
        if start > 1 and glued in ".:,-" and text[start - 2].isdigit():
            continue
        raw = match.group()
        if kind == "iso":
            hits.append((start, end, "phi.date", 0.8, "calendar date"))
        elif kind in ("dmy", "sep"):
            if dmy_ok(text, start, end, raw):
                hits.append((start, end, "phi.date", 0.8, "calendar date"))
        elif kind in ("md", "mdash") and md_ok(text, start, end, raw, kind == "mdash"):
            hits.append((start, end, "phi.date", 0.7, "month and day"))
    return hits


def _weekdays(text: str, low: str) -> Iterator[Hit]:
    pos = low.find("day")
    while pos != -1:
        end = pos + 3
        if not low[end : end + 1].isalpha():
            head = _weekday().search(low, pos - 6 if pos > 6 else 0, pos)
            if head is not None and not low[head.start() - 1 : head.start()].isalpha():
                start = head.start()
                # "the last Monday": only looked at when "the" is near (words_before is dear)
                the = "the" in low[start - 32 if start > 32 else 0 : start]
                words = words_before(low, start) if the else []
                if not (len(words) > 1 and words[-2] == "the" and words[-1] in
                        ("last", "first", "next")):  # fmt: skip
                    yield start, end, "phi.date", 0.55, "day of the week"
        pos = low.find("day", end)


@detector("dates", codes=("phi.date", "phi.age"))
def dates(document: Document) -> Iterator[Finding]:
    """Dates (phi.date: calendar dates, month-day, weekdays, years in context) and ages
    (phi.age: "58 year old", "age 6", "I'll turn 21", ages over 89)."""
    norm = document.norm
    text = norm.text
    view = folded(document)
    low = view.low  # same offsets as ``text``
    stop = digit_end(document)
    months = not MONTH_STEMS.isdisjoint(view.stems)
    # one scan: every branch of its pattern starts with a digit
    hits = _numeric_hits(text, months, stop) if stop else []
    if "day" in low:
        hits.extend(_weekdays(text, low))
    if "genarian" in low:
        for match in re.finditer(r"(?:nona|cente|supercente)genarians?", low):
            hits.append((*match.span(), "phi.age", 0.85, "age over 89"))
    for start, end, code, score, why in hits:
        yield Finding(code, norm.span(start, end), score, "dates", why)


document_code(
    "phi.date",
    summary="A date that can be tied to a person: full dates, month and day, weekdays, "
    "years in context (birth, admission, procedure, death).",
    example="She was admitted on 3/14 and had her surgery on March 16th, 2021.",
    false_positives="Fractions, scores and ranges shaped like dates (2/3, 5/10, 7-8) when the "
    "words around them are missing; event or publication dates that are not about a person; "
    "four-digit clock times written after year words.",
)
document_code(
    "phi.age",
    summary='A person\'s age ("58 year old", "age 6", "I\'ll turn 21", "92 y/o"), scored '
    "higher above 89.",
    example="Our 92-year-old patient walked out today.",
    false_positives="Ages of public figures, of buildings or institutions "
    '("the clinic turned 50"), and durations written like ages.',
)
