"""Fast phrase matching shared by the built-in detectors (registers no detector).

- ``folded(document)``: the normalised text lower-cased (same offsets) and the four-letter stems
  of its words, computed once per document, for cheap "can anything match here?" gates;
- ``stems(words)``: gate words in the form ``Folded.stems`` holds; ``gate``/``opens``: "can
  this pattern match at all?" from word groups that must all occur ("best top + state") and
  literals (digits, "#", words whose stem is an everyday word's), so that a pattern only scans
  texts it may match;
- ``literal_trie(pattern)``: rewrites an alternation of word phrases into a prefix trie behind
  one word-boundary check, so ``re`` tries one branch per word start instead of every phrase at
  every position (several times faster than a plain alternation with ``\\b`` in each phrase).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter
from typing import NamedTuple

from socialrx.model import Document, Finding

STEM = 4  # words are gated by their first four letters
_LETTERS = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
_STEM_OF = itemgetter(slice(None, STEM))


@dataclass(frozen=True, slots=True)
class Folded:
    """The normalised text lower-cased (same length, same offsets) and the four-letter
    prefixes of its words."""

    low: str
    stems: Set[bytes]


def folded(document: Document) -> Folded:
    """The lower-cased view of ``document.norm.text`` (computed once per document)."""
    cached = document.memo("detectors.folded")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    text = document.norm.text
    low = text.lower()
    if len(low) != len(text):  # a few letters lower-case to two characters: keep them as is
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    words = low.encode("ascii", "replace").translate(_LETTERS).split()
    result = Folded(low, set(map(_STEM_OF, words)))
    document.remember("detectors.folded", result)
    return result


def phrase_findings(
    document: Document, pattern: re.Pattern[str], code: str, score: float, detector: str, why: str
) -> Iterator[Finding]:
    """One finding per match of ``pattern`` on the lower-cased view, at original offsets."""
    norm = document.norm
    for match in pattern.finditer(folded(document).low):
        yield Finding(code, norm.span(*match.span()), score, detector, why)


def stems(words: str) -> frozenset[bytes]:
    """Gate words (separated by white space) as the prefixes ``Folded.stems`` holds."""
    return frozenset(w[:STEM].encode() for w in words.split())


_QUANT = "?*+{"
_FEW_HEADS = 4  # measured: below this, a letter-led trie scans faster


def _scan(pattern: str) -> Iterator[tuple[int, str, int, bool]]:
    """(index, char, group depth before the char, inside a character class) per character,
    skipping escaped characters (yielded as their backslash)."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        yield i, ch, depth, in_class
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        i += 1


def _strip(pattern: str) -> str:
    """Drop verbose-mode white space (kept inside character classes and after backslashes)."""
    out: list[str] = []
    last = 0
    for i, ch, _depth, in_class in _scan(pattern):
        if ch.isspace() and not in_class:
            out.append(pattern[last:i])
            last = i + 1
    out.append(pattern[last:])
    return "".join(out)


def _split_top(pattern: str) -> list[str]:
    cuts = [
        i for i, ch, depth, in_class in _scan(pattern) if ch == "|" and not depth and not in_class
    ]
    bounds = [-1, *cuts, len(pattern)]
    return [pattern[a + 1 : b] for a, b in pairwise(bounds)]


def _expand(item: str) -> list[str]:
    """Distribute a leading non-capturing group: ``(?:a|b)c`` → ``ac``, ``bc``."""
    item = item.removeprefix(r"\b")
    if item.startswith("(?:"):
        close = next(i for i, ch, depth, cls in _scan(item) if ch == ")" and depth == 1 and not cls)
        rest = item[close + 1 :]
        if not rest[:1] or rest[0] not in _QUANT:
            return [x for alt in _split_top(item[3:close]) for x in _expand(alt + rest)]
    return [item]


def literal_head(alt: str) -> bool:
    head = alt[:1]
    follows = alt[1:2] or "x"
    return (head.isalnum() or head in "'’-") and head == head.lower() and follows not in _QUANT


def _trie(alts: list[str]) -> str:
    grouped: dict[str, list[str]] = {}
    other: list[str] = []
    for alt in alts:
        if alt and literal_head(alt):
            grouped.setdefault(alt[0], []).append(alt[1:])
        else:
            other.append(alt)
    parts = [
        re.escape(c) + (rests[0] if len(rests) == 1 else f"(?:{_trie(rests)})")
        for c, rests in grouped.items()
    ]
    return "|".join(parts + other)


def literal_trie(pattern: str, *, word: str = "[a-z0-9]") -> str:
    """``pattern`` (a verbose-style alternation of lower-case phrases) as a prefix trie behind
    one word-boundary check (no ``word`` character before the phrase; pass ``word=r"\\w"`` for
    the boundary of ``\\b``); phrases that do not start with a literal come last. Match it
    case-sensitively against ``Folded.low``."""
    alts = [alt for item in _split_top(_strip(pattern)) for alt in _expand(item)]
    heads = {alt[0] for alt in alts if alt and literal_head(alt)}
    if len(heads) > _FEW_HEADS or any(not (alt and literal_head(alt)) for alt in alts):
        return rf"(?<!{word})(?:{_trie(alts)})"
    # Few first letters: lead with the letter so ``re`` can scan for it, then check the boundary.
    branches = (
        f"{re.escape(h)}(?<!{word}.)(?:{_trie([a[1:] for a in alts if a[0] == h])})"
        for h in sorted(heads)
    )
    return f"(?:{'|'.join(branches)})"


def last_word_start(low: str, start: int, end: int) -> int:
    """Where the name after a title starts (skipping the title and its dot)."""
    pos = low.find(" ", start, end)
    while pos + 1 < end and low[pos + 1].isspace():
        pos += 1
    return min(pos + 1, end - 1) if pos >= 0 else start


class Gate(NamedTuple):
    """Can a pattern match at all? Any of ``conjunctions`` (each a tuple of stem sets, every
    one of which must meet the text's stems), or any of ``literals`` in the lower-cased text:
    a literal that starts with a letter is only looked for when its stem is there (``keyed``),
    the others (digits, "#") always. ``first`` (the union of the first sets) is a cheap
    necessary condition; ``words`` holds every stem the gate looks at."""

    conjunctions: tuple[tuple[frozenset[bytes], ...], ...]
    keyed: tuple[tuple[bytes, str], ...]
    literals: tuple[str, ...]
    first: frozenset[bytes]
    words: frozenset[bytes]
    bare: bool  # no literals: closed whenever ``first`` misses (checked inline, no call)


def gate(*conjunctions: str, literals: tuple[str, ...] = ()) -> Gate:
    """A gate from word lists: ``"best top + state country"`` needs one of "best", "top" AND
    one of "state", "country"; each further argument is an alternative."""
    sets = tuple(tuple(stems(part) for part in c.split("+")) for c in conjunctions)
    keyed = tuple((_stem(lit), lit) for lit in literals if lit[:1].isalpha())
    plain = tuple(lit for lit in literals if not lit[:1].isalpha())
    first = frozenset().union(*(c[0] for c in sets))
    words = frozenset().union(*(s for c in sets for s in c), (k for k, _ in keyed))
    return Gate(sets, keyed, plain, first, words, not literals)


def _stem(literal: str) -> bytes:
    return literal.lower().encode("ascii", "replace").translate(_LETTERS).split()[0][:STEM]


def any_gate(gates: Iterable[Gate]) -> Gate:
    """A gate that opens when any of ``gates`` may (it checks their first sets and literals);
    its ``words`` hold every stem of them all, for ``hits``."""
    gates = tuple(gates)
    first = frozenset().union(*(g.first for g in gates))
    keyed = tuple(dict.fromkeys(k for g in gates for k in g.keyed))
    plain = tuple(dict.fromkeys(lit for g in gates for lit in g.literals))
    words = frozenset().union(*(g.words for g in gates))
    return Gate(((first,),), keyed, plain, first, words, not (keyed or plain))


def hits(gate: Gate, view: Folded) -> Set[bytes]:
    """The stems of ``view`` that ``gate`` looks at: a small set that makes ``opens`` cheap
    for every gate whose words ``gate`` holds (see ``any_gate``)."""
    return view.stems & gate.words


def opens(gate: Gate, words: Set[bytes], low: str) -> bool:
    """Whether ``gate`` allows a match in a text with these stems (``Folded.stems`` or
    ``hits``) and this lower-cased text."""
    if not gate.first.isdisjoint(words):
        for sets in gate.conjunctions:
            for needed in sets:
                if needed.isdisjoint(words):
                    break
            else:
                return True
    for stem, literal in gate.keyed:
        if stem in words and literal in low:
            return True
    return bool(gate.literals) and any(map(low.__contains__, gate.literals))
