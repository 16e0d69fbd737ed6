"""Street addresses and other places that hold a number: "12 Oak Street", "Rue de Lyon 4",
"Lindevej 7", PO and military boxes, rooms, beds and units ("Room 4B", "5 West"), ZIP codes after
a state or a country, buildings with a floor ("to Hartwell 2"); and street names without a number
("Quarry Road").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from socialrx.detectors.numbers import ascii_twin
from socialrx.detectors.place_words import (
    GATES,
    NAMED_STREET_WORDS,
    STREET_TAIL,
    UNITS_AFTER,
    abbreviations,
    patterns,
    soft_stops,
)
from socialrx.detectors.wordlists import word_starts

__all__ = ["NUMBER_WORDS", "after_words", "at_numbers", "street_names"]


def at_numbers(
    text: str, mixed: bool, stop: int | None = None
) -> Iterator[tuple[int, int, float, str]]:
    """Streets, floors, hospital units and ZIP codes found at (or ending with) each number.
    Patterns are matched only at the start of each number (or just before it), never scanned
    across the text; ``stop``: where the last digit of ``text`` ends, when known (the scan
    for numbers stops one character after it, all its look-ahead needs)."""
    pats = patterns()
    street_at, direction_at = pats["street"].match, pats["direction"].match
    end_pos = len(text) if stop is None else stop + 1
    numbers = _ASCII_PLACE_NUMBER if text.isascii() else _PLACE_NUMBER
    for d in numbers.finditer(text, 0, end_pos):
        p, end = d.span()
        after = text[end : end + 2]
        if (after[:1] in _NOT_PLACE_AFTER and after[1:].isdigit()) or after in _TIME_OR_SHARE:
            continue  # '100%', '9:30', '9am', '1,200', '2.5': amounts and times
        if mixed:
            yield from _at_number_mixed(text, p, end, street_at)
        # a unit ('5 West') is one or two digits, then at most one blank and a compass word
        if end - p <= 2 and (
            after[:1] in _COMPASS or (after[:1] in " \t" and after[1:] in _COMPASS)
        ):
            direction = direction_at(text, p)
            if direction:
                yield p, direction.end(), 0.8, "hospital unit"
        if end - p == 5 and _zip_context(text, p, end):
            yield p, _zip_end(text, end), 0.8, "ZIP or post code"


_COMPASS = frozenset("NSEW")
_STREET_NEXT = frozenset(" \t,-/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _at_number_mixed(
    text: str, p: int, end: int, street_at: Callable[[str, int], re.Match[str] | None]
) -> list[tuple[int, int, float, str]]:
    """Mixed-case text: a street starting or ending at the number ``text[p:end]``, or a
    building and floor before it."""
    out: list[tuple[int, int, float, str]] = []
    # every street reading starts with a house number of at most six digits followed by a
    # letter, '-', '/', ',' or a blank: other numbers ('94682456.') are not tried
    street = street_at(text, p) if end - p <= 6 and text[end : end + 1] in _STREET_NEXT else None
    if street:
        out.append((p, street.end(), 0.9, "street address"))
    if not (p >= 2 and text[p - 1] in " \t" and text[p - 2].isalpha()):  # no word before
        return out
    left = _word_left(text, p)
    if not street and (begin := _street_before(text, p, left)) is not None:
        out.append((begin, end, 0.9, "street address"))
    if end - p <= 2 and _building(text[left[0] : left[1]]):
        floor = _FLOOR_BEFORE.search(text, p - 40 if p > 40 else 0, p)
        if floor and _FLOOR_AFTER.match(text, end) and _building(floor.group("p")):
            out.append((floor.start("p"), end, 0.6, "building and floor after a cue"))
    return out


def after_words(
    text: str, low: str, mixed: bool, words: frozenset[str]
) -> Iterator[tuple[int, int, float, str]]:
    """Foreign street prefixes ('Rue de Lyon 4'), mail boxes and units ('Room 4B'), matched at
    the words that start them."""
    pats = patterns()
    for p in word_starts(low, _NUMBER_WORDS, words):
        word = _WORD_AT.match(low, p)
        key = word.group() if word else ""
        if mixed and key in GATES["prefix"]:
            m = pats["prefix"].match(low, p)
            rest = m and pats["prefix_rest"].match(text, m.end())
            if m and rest:
                yield m.start(), rest.end(), 0.9, "street address"
        if key in GATES["box"] and (m := pats["box"].match(low, p)):
            yield m.start(), m.end(), 0.9, "post-office or military mail box"
        if key in GATES["unit"] and (m := pats["unit"].match(low, p)):
            yield m.start(), m.end(), 0.8, "room, bed, ward, unit or apartment"
    if "box" in words:
        for m in pats["po_box"].finditer(low):
            yield m.start(), m.end(), 0.9, "post-office or military mail box"


_NUMBER = re.compile(r"\d+")
# A whole number (the digit first: the engine skips ahead to digits) that can start or end a place (what ``at_numbers`` looks at): not after a
# letter, a digit or one of '-/.:$', and either after a blank that follows a letter or a comma,
# or before a blank, a comma, a letter, '-' or '/'.
_PLACE_NUMBER = re.compile(
    r"\d(?<![^\W_].)(?<![-/.:$].)(?:\d*+(?=[ \t,A-Za-z/-])|(?<=[^\W\d_][ \t].|,[ \t].)\d*)"
)
_ASCII_PLACE_NUMBER = ascii_twin(_PLACE_NUMBER)  # for ASCII texts: the same, faster
_NUMBER_WORDS = GATES["prefix"] | GATES["box"] | GATES["unit"]
NUMBER_WORDS = _NUMBER_WORDS | {"box"}  # words that ``after_words`` starts from
_WORD_AT = re.compile(r"[^\W_]+|c/")
_NOT_PLACE_AFTER = frozenset(":,.")
_TIME_OR_SHARE = frozenset({"am", "pm", "AM", "PM", "% ", "%", "%.", "%,"})
_FLOOR_BEFORE = re.compile(
    r"(?<![\w/])(?i:to|on|from|at|transfer)[ \t]+(?i:the[ \t]+)?"
    r"(?P<p>[A-Za-z][a-z]{3,}|[A-Z]{4,})[ \t]$"
)
_FLOOR_AFTER = re.compile(rf"(?![\w/:.,-]?\d)(?![ \t]*(?i:{UNITS_AFTER}|%)\b)(?!%)")


def _building(word: str) -> bool:
    key = word.casefold()
    return key not in soft_stops() and key not in abbreviations()


def _street_before(text: str, p: int, left: tuple[int, int]) -> int | None:
    """Start of 'Lindevej 7' or '4821 Birkegade 12' when the number at ``p`` ends a street:
    a capitalised word ending like a street ('-katu', '-straße'), or one to three capitalised
    words right after a house or post number (``left``: the word before ``p``)."""
    start, end = left
    word = text[start:end]
    if not _titled_word(word):
        return None
    if _TAIL.search(word) and word[1:].islower():
        return start
    first = start
    for _ in range(3):
        s, e = _word_left(text, first)
        word = text[s:e]
        if word.isdigit() and len(word) >= 3:
            return first
        if s == e or not _titled_word(word):
            return None
        first = s
    return None


def _word_left(text: str, p: int) -> tuple[int, int]:
    """The word that ends before the blanks before ``p`` (empty at a line start)."""
    end = p
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    if end in (p, 0):
        return end, end
    floor = end - 40 if end > 40 else 0
    start = max(
        text.rfind(" ", floor, end), text.rfind("\t", floor, end), text.rfind("\n", floor, end)
    )
    return (start + 1 if start != -1 else floor), end


_PLUS4 = re.compile(r"-\d{4}\b")
_TAIL = re.compile(rf"\w(?:{STREET_TAIL})$", re.IGNORECASE)


def _titled_word(tok: str) -> bool:
    """'Lindevej', 'Birkegade' — but not 'Rate', 'TLC' or other words we know."""
    return (
        tok[:1].isupper() and not tok.isupper() and tok.casefold().strip(".,") not in soft_stops()
    )


def _zip_context(text: str, a: int, b: int) -> bool:
    before = text[a - 2 if a > 2 else 0 : a]
    if len(before) < 2 or before[1] not in " \t" or not (before[0].isalpha() or before[0] == ","):
        return False
    after = text[b : b + 2].lstrip(" \t")
    return not after[:1].isdigit() and not (after[:1] == "-" and text[b + 1 : b + 2] != "-")


def _zip_end(text: str, b: int) -> int:
    plus4 = _PLUS4.match(text[b : b + 5])
    return b + 5 if plus4 else b


def street_names(
    text: str, low: str, words: frozenset[str]
) -> Iterator[tuple[int, int, float, str]]:
    """'Quarry Road' (mixed-case text): found from the street word (``str.find``), then the
    capitalised words right before it (a short backward window)."""
    pats = patterns()
    for f in word_starts(low, NAMED_STREET_WORDS, words):
        street = pats["street_word"].match(text, f)
        m = pats["street_name"].search(text, f - 60 if f > 60 else 0, f) if street else None
        if street is None or m is None:
            continue
        first = m.group("words").split(maxsplit=1)[0]
        if first.casefold() not in soft_stops() and not first.isupper():
            yield m.start(), street.end(), 0.7, "street name"
