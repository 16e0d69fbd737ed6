"""Word lists and per-document text views shared by the names and places detectors.

- the 1990 US Census first-name and surname lists shipped by the ``names`` package;
- our own lower-case word lists in ``detectors/data`` (function, common, clinical, organisation
  and street words, clinical abbreviations, countries and states), all written for socialrx;
- ``view(document)``: the normalised text, its lower-case twin, whether it is mixed-case and its
  set of words, computed once per document;
- ``SpanSet``: an interval index for "does this span overlap one found before?".

Everything is loaded lazily (``functools.cache``); nothing happens at import time.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from importlib.resources import files
from typing import NamedTuple

from socialrx.model import Document

__all__ = [
    "Lexicon",
    "SpanSet",
    "ends_in_region",
    "first_names",
    "last_names",
    "lexicon",
    "names_upper",
    "regions",
    "upper_class",
    "view",
    "word_list",
    "word_starts",
]


def _census(fname: str) -> frozenset[str]:
    text = files("names").joinpath(fname).read_text(encoding="utf-8")
    return frozenset(line.split(None, 1)[0] for line in text.splitlines() if line.strip())


@cache
def first_names() -> frozenset[str]:
    """Upper-case first names of the 1990 US Census lists shipped by the ``names`` package."""
    return _census("dist.male.first") | _census("dist.female.first")


@cache
def last_names() -> frozenset[str]:
    """Upper-case surnames of the 1990 US Census list shipped by the ``names`` package."""
    return _census("dist.all.last")


@cache
def names_upper() -> frozenset[str]:
    """First names and surnames together (upper case)."""
    return first_names() | last_names()


@cache
def word_list(name: str) -> frozenset[str]:
    """One of our own lower-case word lists in ``detectors/data`` (``#`` starts a comment)."""
    text = files("socialrx.detectors").joinpath(f"data/{name}.txt").read_text(encoding="utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        if not line.startswith("#"):
            words.update(w.casefold() for w in line.split())
    return frozenset(words)


@cache
def regions() -> frozenset[str]:
    """Countries, US states and other coarse regions, lower case (one per line)."""
    text = files("socialrx.detectors").joinpath("data/regions.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines() if line and line[0] != "#"
    )


def ends_in_region(words: list[str], known: frozenset[str]) -> bool:
    """True when the last one or more of ``words`` (lower case) name a region."""
    if not words or words[-1] not in _last_words(known):
        return False
    return any(" ".join(words[i:]) in known for i in range(len(words)))


@cache
def _last_words(known: frozenset[str]) -> frozenset[str]:
    return frozenset(region.rsplit(None, 1)[-1] for region in known if region.strip())


@cache
def upper_class() -> str:
    """A character class body holding every upper-case letter of the Latin, Greek and Cyrillic
    blocks (``re`` has no ``\\p{Lu}``)."""
    ups = "".join(chr(c) for c in range(0x41, 0x530) if chr(c).isupper())
    return re.escape(ups)


class Lexicon(NamedTuple):
    firsts: frozenset[str]
    lasts: frozenset[str]
    common: frozenset[str]
    stop: frozenset[str]
    orgs: frozenset[str]
    streets: frozenset[str]
    regions: frozenset[str]


@cache
def lexicon() -> Lexicon:
    """The word lists the names detector consults, loaded once."""
    return Lexicon(
        first_names(),
        last_names(),
        word_list("common_words"),
        word_list("function_words") | word_list("clinical_words"),
        word_list("org_words"),
        word_list("street_words"),
        regions(),
    )


_LOWER_B = b"abcdefghijklmnopqrstuvwxyz"
_UPPER_B = _LOWER_B.upper()
_LETTER_CLASS = bytes.maketrans(_LOWER_B + _UPPER_B, b"a" * 26 + b"A" * 26)
_NOT_LETTER_B = bytes(c for c in range(256) if c not in _LOWER_B + _UPPER_B)
_PUNCT = '!"#$%&()*+,-.:;<=>?@[\\]^_`{|}~'
_PUNCT_TO_SPACE = str.maketrans({c: " " for c in _PUNCT})
_PUNCT_TO_SPACE_B = bytes.maketrans(_PUNCT.encode(), b" " * len(_PUNCT))


def view(document: Document) -> tuple[str, str, bool, frozenset[str]]:
    """The normalised text, its lower-case twin (same offsets), whether it is mixed-case, and
    its set of lower-case words; computed once per document and shared by detectors."""
    cached = document.memo("text_view")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    text = document.norm.text
    if text.isascii():
        low = text.lower()
        head = text[:2000].encode()  # letter counts: bytes.translate is fast
        spaced = low.encode().translate(_PUNCT_TO_SPACE_B).decode()
    else:
        low = text.replace("\u0130", "I").lower()  # the one letter whose lower case is longer
        head = text[:2000].encode("ascii", "ignore")
        if low.isascii():
            spaced = low.encode().translate(_PUNCT_TO_SPACE_B).decode()
        else:
            spaced = low.translate(_PUNCT_TO_SPACE)
    letters = head.translate(_LETTER_CLASS, _NOT_LETTER_B)  # b"a" or b"A" per letter
    upper = letters.count(65)
    lower = len(letters) - upper
    mixed = upper > 0 and lower > 2 * upper  # all-lower or all-upper text: capitals say nothing
    result = (text, low, mixed, frozenset(spaced.split()))
    document.remember("text_view", result)
    return result


def word_starts(low: str, wanted: frozenset[str], words: frozenset[str]) -> list[int]:
    """Where the words of ``wanted`` that occur in ``words`` (the text's word set) start in
    ``low``, at word boundaries, in order: ``str.find`` instead of a regex scan."""
    present = wanted.intersection(words)
    if not present:
        return []
    out: list[int] = []
    for word in present:
        pos = low.find(word)
        while pos != -1:
            end = pos + len(word)
            if (pos == 0 or not low[pos - 1].isalnum()) and (
                end == len(low) or not low[end].isalnum()
            ):
                out.append(pos)
            pos = low.find(word, end)
    out.sort()
    return out


class SpanSet:
    """Non-overlapping ``[start, end)`` intervals, kept sorted; overlap queries in log time."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlapping(self, a: int, b: int) -> list[tuple[int, int]]:
        i = bisect_left(self.starts, b) - 1
        out: list[tuple[int, int]] = []
        while i >= 0 and self.ends[i] > a:
            out.append((self.starts[i], self.ends[i]))
            i -= 1
        return out

    def covers(self, a: int, b: int) -> bool:
        """Does one interval hold all of ``[a, b)``?"""
        i = bisect_right(self.starts, a) - 1
        return i >= 0 and self.ends[i] >= b

    def add(self, a: int, b: int) -> None:
        i = bisect_left(self.starts, a)
        self.starts.insert(i, a)
        self.ends.insert(i, b)

    def remove(self, a: int, b: int) -> None:
        i = bisect_left(self.starts, a)
        del self.starts[i], self.ends[i]
