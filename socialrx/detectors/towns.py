"""Towns, cities and regions: after a preposition and a verb of moving or living ("lives in …",
"transferred to …"), after a relative ("son in …"), before a comma and a US state code
("Glenmore, MD"), on an address line, and countries and US states named on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from socialrx.detectors.name_cues import KIN_WORDS
from socialrx.detectors.place_words import (
    BARE,
    PREP,
    PREP_WORDS,
    TOKEN,
    VERB_FILLERS,
    VERBS,
    abbreviations,
    hard_stops,
    patterns,
    region_firsts,
    region_index,
    soft_stops,
    trim,
)
from socialrx.detectors.wordlists import first_names, names_upper, upper_class

__all__ = [
    "address_lines",
    "cap_preps",
    "capital_after_comma",
    "cued",
    "regions_in",
    "town_state",
    "verb_before",
]


@cache
def _cap_after_prep(capitals: str = "") -> re.Pattern[str]:
    """A capital right after 'from ', 'in ', 'at the ' …: the capital first (the engine skips
    ahead to capitals), then fixed-width look-behinds for the word before it."""
    before = ("[Ff]rom", "[Ii]n", "[Aa]t", "[Nn]ear", "[Tt]o", "[Oo]n", "[Bb]y", "the")
    alts = "|".join(rf"(?<=\b{word}[ \t].)" for word in before)
    # one look-behind first that every word passes (its last letter, then the blank), so that
    # most capitals are turned down by one cheap test instead of eight
    # (``capitals``: the class of capitals; "A-Z" is all an ASCII text can hold, and faster)
    return re.compile(rf"[{capitals or upper_class()}](?<=[mntryoe][ \t].)(?:{alts})")


_WORD_END = re.compile(r"(?:^|(?<=[^a-z]))([a-z]+)[ \t]+$")


def cap_preps(text: str, low: str) -> list[re.Match[str]]:
    """Prepositions ('from', 'in', 'at the' …) followed by a capitalised word."""
    out: list[re.Match[str]] = []
    for cap in _cap_after_prep("A-Z" if text.isascii() else "").finditer(text):
        pos = cap.start()
        word = _WORD_END.search(low, pos - 12 if pos > 12 else 0, pos)
        if word and word.group(1) == "the":
            word = _WORD_END.search(low, max(0, word.start() - 12), word.start())
        prep = PREP.match(low, word.start()) if word else None
        if prep and prep.end() == pos:
            out.append(prep)
    return out


def cued(
    text: str, low: str, mixed: bool, words: frozenset[str], caps: list[re.Match[str]]
) -> Iterator[tuple[int, int, float, str]]:
    """A town or facility after a preposition, with a verb such as 'lives', 'transferred'."""
    if PREP_WORDS.isdisjoint(words):
        return
    # in mixed-case text without a verb of moving or living, only capitalised places count
    hits = PREP.finditer(low) if not mixed else _mixed_preps(low, words, caps)
    for m in hits:
        verb = verb_before(low, m.start())
        if not verb and low.startswith(("from", "in "), m.start()) and _kin_before(low, m.start()):
            span = _after_kin(text, m.end(), mixed)
            if span:
                yield *span, 0.6, "town after a relative's name or kinship word"
            continue
        if not mixed and not verb:
            continue
        span = _after_cue(text, low, m, verb, mixed)
        if span:
            yield *span, 0.6, "town or place after a cue"


def _after_kin(text: str, end: int, mixed: bool) -> tuple[int, int] | None:
    """The place after 'son in …', 'daughter Ann from …' (the preposition ends at ``end``)."""
    place = patterns()["uname"].match(text, end)
    span = place and trim(text, place.start(), place.end(), strict=True)
    first = text[span[0] : span[1]].split(maxsplit=1)[0].casefold() if span else ""
    if span and (not mixed or text[span[0]].isupper()) and not first.endswith(_VERBISH):
        return span
    return None


def _after_cue(
    text: str, low: str, m: re.Match[str], verb: bool, mixed: bool
) -> tuple[int, int] | None:
    """The place after the preposition ``m``: any words after a verb of moving or living, else
    capitalised words after a bare 'from', 'in', 'at', 'near'."""
    pats = patterns()
    if verb:
        place = pats["uname"].match(text, m.end())
    else:
        if low[m.start() : m.end()].split(maxsplit=1)[0] not in BARE:
            return None
        place = pats["name"].match(text, m.end())
        if place and not _titled(place.group()):
            return None
    if place is None:
        return None
    span = trim(text, place.start(), place.end(), strict=verb or not mixed, strong=verb)
    to = low[m.start() : m.start() + 2] == "to"
    if span and (not verb or not to or _proper(text, span, mixed)):
        return span
    return None


_STATE = re.compile(
    r"(?m),[ \t]*(?:A[LKZR]|C[AOT]|DE|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|"
    r"PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY]|DC)(?=[ \t]*(?:\d{5}|\)|$))"
)
_TOWN_BEFORE = re.compile(r"(?<![\w'’-])[A-Za-z][\w'’.-]*(?:[ \t]+[A-Za-z][\w'’.-]*){0,2}$")


@cache
def town_stops() -> frozenset[str]:
    return hard_stops() | abbreviations()


def capital_after_comma(text: str) -> bool:
    """Whether a capital follows a comma (after blanks): what a town and state ('Springvale,
    OH') and a name after a comma on an address line both need; most commas of a post are
    followed by a lower-case word, and then neither pattern has to scan the text."""
    end = len(text)
    pos = text.find(",")
    while pos != -1:
        pos += 1
        while pos < end and text[pos] in " \t":
            pos += 1
        if pos < end and text[pos].isupper():
            return True
        pos = text.find(",", pos)
    return False


def town_state(text: str) -> Iterator[tuple[int, int, float, str]]:
    """'Springvale, OH', 'MIDDLE RIVER, MD': a town before a comma and a US state code."""
    stops = town_stops()
    for m in _STATE.finditer(text):
        floor = max(0, m.start() - 40)
        town = _TOWN_BEFORE.search(text[floor : m.start()])
        if town is None:
            continue
        words = list(TOKEN.finditer(text, floor + town.start(), m.start()))
        for i in range(len(words) - 1, -1, -1):
            if words[i].group().casefold().strip(".") in stops:
                words = words[i + 1 :]
                break
        if not words:
            continue
        if len(words[0].group()) < 4 or not words[0].group()[0].isupper():
            continue
        if words[0].group().upper() in first_names() and len(words) > 1:
            continue  # 'John Smith, MD': a person and a degree
        yield words[0].start(), m.end(), 0.6, "town and state"


_AFTER_VERB = re.compile(
    rf"(?:[ \t]+(?:{'|'.join(sorted(VERB_FILLERS))})\b){{0,3}}[ \t]+(?=(?:from|in|at|near|to|on|by)\b)"
)


def _mixed_preps(low: str, words: frozenset[str], caps: list[re.Match[str]]) -> list[re.Match[str]]:
    """Prepositions worth a look in mixed-case text: before a capitalised word, or after a verb
    of moving or living (found from the verbs present, not by scanning every preposition)."""
    present = VERBS.intersection(words)
    if not present:
        return list(caps)  # already in order, one per start
    hits = {m.start(): m for m in caps}
    for verb in present:
        pos = low.find(verb)
        while pos != -1:
            end = pos + len(verb)
            gap = _AFTER_VERB.match(low, end) if pos == 0 or not low[pos - 1].isalnum() else None
            prep = gap and PREP.match(low, gap.end())
            if prep and prep.start() not in hits:
                hits[prep.start()] = prep
            pos = low.find(verb, end)
    return [hits[k] for k in sorted(hits)]


def _proper(text: str, span: tuple[int, int], mixed: bool) -> bool:
    """After 'to' (which also starts infinitives: 'went to check'), does the word look like a
    place: capitalised in mixed-case text, a census name (many towns are surnames), a short
    abbreviation ('GH'), or followed by a unit number or a facility word ('… 2', '… hospital')?"""
    first = text[span[0] : span[1]].split(maxsplit=1)[0].strip(".,'")
    if first.casefold() in soft_stops():
        return False
    if mixed and first[:1].isupper() and (not first.isupper() or len(first) >= 3):
        return True
    short = len(first) == 2 or (len(first) <= 4 and first.isupper())
    if first.upper() in names_upper() or (short and first.isalpha()):
        return True
    return bool(_PLACE_AFTER.match(text, span[1]))


_PLACE_AFTER = re.compile(
    r"[ \t]*(?:\d|(?i:hospital|hosp|rehab|memorial|medical|med center|er|ew|ed|campus)\b)"
)


_VERBISH = ("ed", "ing", "ke", "ve", "se")


def _kin_before(low: str, a: int) -> bool:
    """True when a kinship word (or one plus a first name) ends right before ``a``: 'son in …',
    'daughter Ann from …'."""
    words = [w.strip('.,:;-()"') for w in low[a - 24 if a > 24 else 0 : a].split()[-2:]]
    return bool(words) and (
        words[-1] in KIN_WORDS
        or (len(words) == 2 and words[0] in KIN_WORDS and words[1] in _lex_lower())
    )


@cache
def _lex_lower() -> frozenset[str]:
    return frozenset(n.casefold() for n in first_names())


def verb_before(low: str, a: int) -> bool:
    """True when a verb of moving or living ends right before ``a`` ('transferred back to')."""
    for raw in reversed(low[a - 28 if a > 28 else 0 : a].split()[-3:]):
        word = raw.strip(".,:;-")
        if word in VERBS:
            return True
        if word not in VERB_FILLERS:
            return False
    return False


def regions_in(text: str, low: str, words: frozenset[str]) -> Iterator[tuple[int, int, float, str]]:
    index = region_index()
    for first in words & region_firsts():
        for region in index[first]:
            pos = low.find(region)
            while pos != -1:
                end = pos + len(region)
                inside = (pos == 0 or not low[pos - 1].isalnum()) and (
                    end == len(low) or not low[end].isalnum()
                )
                if inside and text[pos].isupper():
                    yield pos, end, 0.45, "country or state"
                pos = low.find(region, end)


def _titled(words: str) -> bool:
    """Title-case or non-ASCII words: 'Dayton', 'Århus' (not 'NSR', 'PS')."""
    first = words.split(maxsplit=1)[0]
    return not first.isascii() or not first.isupper()


def address_lines(text: str, commas: bool = True) -> Iterator[tuple[int, int, float, str]]:
    """A town or country on an address line (mixed-case text): a line that holds only a name,
    or a name after a comma (looked for only when ``commas``: see ``capital_after_comma``)."""
    pats = patterns()
    kinds = (("line",) if "\n" in text else ()) + (("comma",) if commas else ())
    for kind in kinds:
        for m in pats[kind].finditer(text):
            span = trim(text, m.start("place"), m.end("place"), strict=False)
            if span:
                yield *span, 0.5, "town or country on an address line"
