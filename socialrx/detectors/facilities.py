"""Care facilities: a name before a facility word ("Riverside Memorial Hospital", "… Rehab"), a
parish or hospital named after a saint ("St. Agnes"), an abbreviated facility after a cue ("to GH",
"AT GBMC") and a building with a floor after a cue ("transfer to Hartwell 2").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from socialrx.detectors.place_words import (
    GATES,
    UNITS_AFTER,
    abbreviations,
    back_search,
    patterns,
    soft_stops,
    trim_left,
)
from socialrx.detectors.towns import verb_before
from socialrx.detectors.wordlists import names_upper, word_starts

__all__ = ["INST_PREPS", "facilities", "institutions", "saints"]


def facilities(
    text: str, low: str, mixed: bool, words: frozenset[str]
) -> Iterator[tuple[int, int, float, str]]:
    """'Riverside Memorial Hospital': found from the facility word (``str.find``), then the
    capitalised words right before it (a short backward window)."""
    pats = patterns()
    back = back_search if mixed else pats["ufacility"].search
    for f in word_starts(low, GATES["facility"], words):
        fac = pats["facility_word"].match(text, f)
        m = back(text, f - 80 if f > 80 else 0, f) if fac else None
        span = trim_left(text, m.start("place"), m.end("place")) if m else None
        if span:
            yield *span, 0.55, "care facility"


def saints(text: str, mixed: bool) -> Iterator[tuple[int, int, float, str]]:
    """'St. Agnes': a care facility or parish named after a saint."""
    for m in patterns()["saint"].finditer(text):
        who = m.group("who")
        titled = m.group().startswith("St") and not who.isupper()
        if (
            titled if mixed else who.upper() in names_upper()
        ) and who.casefold() not in soft_stops():
            yield m.start(), m.end(), 0.55, "care facility or parish named after a saint"


INST_PREPS = frozenset({"to", "at", "from", "on", "by", "in"})


@cache
def _institution_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """An abbreviated facility ('to GH', 'AT GBMC') and a building with a floor ('to Quillan 2',
    'ON HARTLEY 6') after a preposition."""
    prep = r"(?<![\w/])(?i:to|at|from|by|in|@)[ \t]+(?i:the[ \t]+)?"
    abbrev = re.compile(rf"{prep}(?P<p>[A-Z]{{2,4}}|[a-z]{{2,3}})(?![\w/'’-]|\.\w)")
    floor = re.compile(
        rf"(?<![\w/])(?i:to|on|from|at|transfer)[ \t]+(?i:the[ \t]+)?(?P<p>[A-Za-z][a-z]{{3,}}|[A-Z]{{4,}})"
        rf"[ \t]?(?P<n>\d{{1,2}})(?![\w/:.,-]?\d)(?![ \t]*(?i:{UNITS_AFTER}|%)\b)(?!%)"
    )
    return abbrev, floor


_UPTOK = re.compile(r"[A-Z]{2,4}(?![\w/'’-]|\.\w)")
_ABBREV_PREPS = frozenset({"to", "at", "from", "by", "in", "@"})


def institutions(
    text: str, low: str, mixed: bool, caps: list[re.Match[str]]
) -> Iterator[tuple[int, int, float, str]]:
    stops = soft_stops()
    if mixed:  # an upper-case token right after 'to', 'at the' … (found with the other cues)
        for prep in caps:
            m = _UPTOK.match(text, prep.end())
            key = m.group().casefold() if m else ""
            word = low[prep.start() : prep.start() + 5].split(maxsplit=1)[0]
            if m and word in _ABBREV_PREPS and key not in stops and key not in abbreviations():
                yield m.start(), m.end(), 0.55, "abbreviated care facility after a cue"
        return
    abbrev, floor = _institution_patterns()
    for m in abbrev.finditer(text):
        if (not mixed or m.group("p").islower()) and not verb_before(low, m.start() + 1):
            continue
        if m.group("p").casefold() not in stops and m.group("p").casefold() not in abbreviations():
            yield m.start("p"), m.end("p"), 0.55, "abbreviated care facility after a cue"
    for m in floor.finditer(text):
        if m.group("p").casefold() not in stops and m.group("p").casefold() not in abbreviations():
            yield m.start("p"), m.end("n"), 0.6, "building and floor after a cue"
