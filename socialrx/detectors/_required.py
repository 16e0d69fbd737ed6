"""The gate words a phrase pattern cannot match without (registers no detector).

``required_stems(pattern)`` reads a pattern with ``re``'s own parser and returns stems (as
``Folded.stems`` holds them: the first four letters of each run of a-z) of which every match
holds at least one, or ``None`` when no such set can be proven. A gate built from it is sound by
construction: a text whose stems miss the set cannot match, so skipping its scan loses nothing.
Hand-written gate lists drift as phrases are added ("took too many meds" went unscanned because
"took" was in no list); a derived one cannot.

The pattern is read as matching from a word start (``literal_trie`` puts a boundary check in
front of every phrase) and as followed by a non-letter (every phrase pattern ends with one).
Among the candidate sets the one with the fewest everyday words is kept, so the gate opens
rarely. When in doubt a part yields no candidate, which is always safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from re import _constants as sre  # type: ignore[attr-defined,unused-ignore]
from re import _parser as sre_parse  # type: ignore[attr-defined,unused-ignore]
from typing import Any

from socialrx.detectors._match import STEM, stems

_A, _Z = ord("a"), ord("z")
_UPPER_A, _UPPER_Z = ord("A"), ord("Z")
_LETTER_RANGES = ((_A, _Z), (_UPPER_A, _UPPER_Z))
_ZERO_WIDTH = frozenset({sre.AT, sre.ASSERT, sre.ASSERT_NOT})
_REPEATS = frozenset({sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)})
_GROUPS = frozenset({sre.SUBPATTERN, getattr(sre, "ATOMIC_GROUP", None)})
_NON_LETTER_CATEGORIES = frozenset({sre.CATEGORY_SPACE, sre.CATEGORY_DIGIT})
# Stems of words in nearly every post: a gate of them opens for nearly every post.
_EVERYDAY = stems(
    "a abou afte agai all also am an and any anyt are as at away back be been best bett but by "
    "call can cant care come coul day did do don dont down even ever feel find for from get "
    "give go goin gonn good got had has have he help her here him his home how i if im in is "
    "it its just keep know last life like long look love made make many me more much my need "
    "neve new no not now of off on one only or other out over peop real righ said say see she "
    "shou so some star stil stop take tell than that the them then ther they thin this time "
    "to toda too two up us very want was way we well were what when whic who why will with "
    "work woul year yes you your"
)

_MAX_HEADS = 32  # more possible stems than this for one word: no candidate
_MAX_REPEAT = 3  # repeats up to this many times are spelt out

Items = Sequence[tuple[Any, Any]]
Stems = frozenset[bytes]


def required_stems(pattern: str) -> Stems | None:
    """Stems of which every match of ``pattern`` holds one, or ``None`` if none can be proven."""
    found = required_sets(pattern)
    return found[0] if found else None


def required_sets(pattern: str) -> tuple[Stems, ...]:
    """Every stem set found of which each match of ``pattern`` holds one (a match needs them
    all), rarest first; none where nothing can be proven."""
    items = list(sre_parse.parse(pattern))
    sets = _sequence(items, True, True)[0]
    # One alternation spelt out: each alternative's phrase may have a rarer word of its own
    # ("want it to end" | "need everything to stop" than one set for both).
    for k, (op, av) in enumerate(items):
        if op is sre.BRANCH:
            parts = [_best(_sequence([*items[:k], *branch, *items[k + 1 :]], True, True)[0])
                     for branch in av[1]]  # fmt: skip
            joined = _union(parts)
            if joined:
                sets.append(joined)
    ranked = sorted(set(sets), key=_cost)
    # a set that holds another is implied by it
    return tuple(s for s in ranked if not any(o < s for o in ranked))


def _best(sets: list[Stems]) -> Stems | None:
    return min(sets, key=_cost) if sets else None


def _cost(stems: Stems) -> tuple[int, int, list[bytes]]:
    return (sum(10 if s in _EVERYDAY else 1 for s in stems), len(stems), sorted(stems))


def _letter(code: int) -> int | None:
    """The lower-case letter a literal stands for in ``Folded.stems`` (a pattern may be matched
    against the original text: "B" there is "b" in the stems), or ``None`` for a separator
    (digits, punctuation, and non-ASCII letters, which the stems also split words at)."""
    if _A <= code <= _Z:
        return code
    if _UPPER_A <= code <= _UPPER_Z:
        return code + 32
    return None


def _is_letter(item: tuple[Any, Any]) -> bool:
    return item[0] is sre.LITERAL and _letter(item[1]) is not None


def _non_letter_set(members: Items) -> bool:
    """Whether a character class can only match characters that are not a-z."""
    for op, av in members:
        if op is sre.NEGATE:
            return False
        if op is sre.LITERAL and _letter(av) is not None:
            return False
        if op is sre.RANGE and any(av[0] <= z and av[1] >= a for a, z in _LETTER_RANGES):
            return False
        if op is sre.CATEGORY and av not in _NON_LETTER_CATEGORIES:
            return False
    return True


def _starts_non_letter(items: Items, after: bool) -> bool:
    """Whether what ``items`` match (then ``after``) surely starts with a non-letter."""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            return _letter(av) is None
        if op is sre.IN:
            return _non_letter_set(av)
        if op in _REPEATS:
            if av[0] < 1:
                return False
            return _starts_non_letter(av[2], False)
        if op in _GROUPS:
            return _starts_non_letter([*av[-1], *items[1:]], after)
        if op is sre.BRANCH:
            rest = _starts_non_letter(items[1:], after)
            return all(_starts_non_letter(branch, rest) for branch in av[1])
        return False
    return after


def _letters(members: Items) -> list[int] | None:
    """The letters a character class of single letters can match (``None`` for anything else)."""
    letters = [_letter(av) if op is sre.LITERAL else None for op, av in members]
    return None if None in letters else sorted({c for c in letters if c is not None})


def _union(parts: list[Stems | None]) -> Stems | None:
    if any(part is None for part in parts):
        return None
    joined: Stems = frozenset().union(*(p for p in parts if p is not None))
    return joined if len(joined) <= _MAX_HEADS else None


def _heads(items: Items, after: bool, prefix: bytes = b"") -> Stems | None:
    """Every stem a word starting at ``items`` can have (letters so far: ``prefix``)."""
    if len(prefix) >= STEM:
        return frozenset({prefix[:STEM]})
    if not items:
        return frozenset({prefix}) if prefix and after else None
    if prefix and _starts_non_letter(items, after):
        return frozenset({prefix})
    (op, av), rest = items[0], items[1:]
    if op is sre.AT and av is sre.AT_BOUNDARY and prefix:
        return frozenset({prefix})  # ``\b`` after a letter: no letter follows
    if op in _ZERO_WIDTH:
        return _heads(rest, after, prefix)
    if op is sre.LITERAL:
        letter = _letter(av)
        if letter is not None:
            return _heads(rest, after, prefix + bytes((letter,)))
        return frozenset({prefix}) if prefix else None
    if op is sre.IN:
        if _non_letter_set(av):
            return frozenset({prefix}) if prefix else None
        letters = _letters(av)
        if letters is None:
            return None
        return _union([_heads(rest, after, prefix + bytes((c,))) for c in letters])
    if op in _GROUPS:
        return _heads([*av[-1], *rest], after, prefix)
    if op is sre.BRANCH:
        return _union([_heads([*branch, *rest], after, prefix) for branch in av[1]])
    if op in _REPEATS and av[1] <= _MAX_REPEAT:
        low, high, sub = av
        return _union([_heads([*sub] * n + [*rest], after, prefix) for n in range(low, high + 1)])
    return None


def _sequence(items: Items, boundary: bool, after: bool) -> tuple[list[Stems], bool]:
    """The stem sets a sequence needs (each one, a match holds one of its stems) when it starts
    at a word start (``boundary``) and is followed by a non-letter (``after``); and whether it
    surely ends before a word start."""
    sets: list[Stems] = []
    i = 0
    while i < len(items):
        op, av = items[i]
        rest = items[i + 1 :]
        if boundary and op not in _ZERO_WIDTH:
            heads = _heads(items[i:], after)
            if heads:
                sets.append(heads)
        if _is_letter(items[i]):
            while i < len(items) and _is_letter(items[i]):
                i += 1
            boundary = False
            continue
        if op is sre.LITERAL or (op is sre.IN and _non_letter_set(av)):
            boundary = True
        elif op is sre.AT and av is sre.AT_BOUNDARY:
            boundary = True  # ``\b``: a letter after it starts a word
        elif op in _REPEATS:
            low, high, sub = av
            if all(o is sre.IN and _non_letter_set(a) for o, a in sub):
                boundary = boundary if low < 1 else True
            elif low == 1 and high == 1:
                found, boundary = _sequence(sub, boundary, _starts_non_letter(rest, after))
                sets += found
            else:
                ends = _sequence(sub, False, False)[1]
                boundary = ends and (boundary or low >= 1)
        elif op in _GROUPS:
            found, boundary = _sequence(av[-1], boundary, _starts_non_letter(rest, after))
            sets += found
        elif op is sre.BRANCH:
            follows = _starts_non_letter(rest, after)
            results = [_sequence(branch, boundary, follows) for branch in av[1]]
            joined = _union([_best(found) for found, _ in results])
            if joined:
                sets.append(joined)
            boundary = all(ends for _, ends in results)
        elif op not in _ZERO_WIDTH:
            boundary = False  # any character, a class with letters, a back-reference …
        i += 1
    return sets, boundary
