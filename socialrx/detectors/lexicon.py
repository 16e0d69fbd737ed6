"""The organisation's own phrase lists (lexicon.<list>): competitors, banned words, embargoed
projects … configured in the policy::

    [detectors.lexicon.lists]
    competitors = ["Acme Health", "Globex Clinics"]
    embargoed = ["Project Falcon"]

    [actions]
    "lexicon.competitors" = "block"     # default for lexicon.* is review

Phrases match whole words, case-insensitively, on the normalised text (so ``Acme  H3alth`` and
``A c m e`` still match); the longest phrase wins where several overlap.

This module also holds the fast phrase-matching machinery the other built-in detectors share:

- ``folded(document)``: the normalised text lower-cased (same offsets) and the four-letter stems
  of its words, computed once per document, for cheap "can anything match here?" gates;
- ``literal_trie(pattern)``: rewrites an alternation of word phrases into a prefix trie behind
  one word-boundary check, so ``re`` tries one branch per word start instead of every phrase at
  every position (several times faster than a plain alternation with ``\\b`` in each phrase).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from socialrx.errors import PolicyError
from socialrx.model import Document, Finding
from socialrx.registry import detector, document_code

# ------------------------------------------------------------------ shared lower-cased view

STEM = 4  # words are gated by their first four letters
_LETTERS = bytes(c if 97 <= c <= 122 else 32 for c in range(256))


@dataclass(frozen=True, slots=True)
class Folded:
    """The normalised text lower-cased (same length, same offsets) and the four-letter
    prefixes of its words."""

    low: str
    stems: frozenset[bytes]


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
    result = Folded(low, frozenset(w[:STEM] for w in words))
    document.remember("detectors.folded", result)
    return result


def stems(words: str) -> frozenset[bytes]:
    """Gate words (separated by white space) as the prefixes ``Folded.stems`` holds."""
    return frozenset(w[:STEM].encode() for w in words.split())


# ------------------------------------------------------------------ literal tries

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


def _literal_head(alt: str) -> bool:
    head = alt[:1]
    follows = alt[1:2] or "x"
    return (head.isalnum() or head in "'’-") and head == head.lower() and follows not in _QUANT


def _trie(alts: list[str]) -> str:
    grouped: dict[str, list[str]] = {}
    other: list[str] = []
    for alt in alts:
        if alt and _literal_head(alt):
            grouped.setdefault(alt[0], []).append(alt[1:])
        else:
            other.append(alt)
    parts = [
        re.escape(c) + (rests[0] if len(rests) == 1 else f"(?:{_trie(rests)})")
        for c, rests in grouped.items()
    ]
    return "|".join(parts + other)


def literal_trie(pattern: str) -> str:
    """``pattern`` (a verbose-style alternation of lower-case phrases) as a prefix trie behind
    one word-boundary check; phrases that do not start with a literal come last. Match it
    case-sensitively against ``Folded.low``."""
    alts = [alt for item in _split_top(_strip(pattern)) for alt in _expand(item)]
    heads = {alt[0] for alt in alts if alt and _literal_head(alt)}
    if len(heads) > _FEW_HEADS or any(not (alt and _literal_head(alt)) for alt in alts):
        return rf"(?<![a-z0-9])(?:{_trie(alts)})"
    # Few first letters: lead with the letter so ``re`` can scan for it, then check the boundary.
    branches = (
        f"{re.escape(h)}(?<![a-z0-9].)(?:{_trie([a[1:] for a in alts if a[0] == h])})"
        for h in sorted(heads)
    )
    return f"(?:{'|'.join(branches)})"


# ------------------------------------------------------------------ the lexicon detector

_NAME = "lexicon"
_LIST_NAME = re.compile(r"^[a-z0-9_]+$")
_Lists = tuple[tuple[str, tuple[str, ...]], ...]


def _frozen(lists: Any) -> _Lists:
    """The lists as a hashable, validated value (raises ``PolicyError`` naming the problem)."""
    if not isinstance(lists, Mapping):
        raise PolicyError("[detectors.lexicon] 'lists' must be a table of list name = [phrases]")
    out: list[tuple[str, tuple[str, ...]]] = []
    for name, phrases in lists.items():
        if not isinstance(name, str) or not _LIST_NAME.match(name):
            raise PolicyError(
                f"lexicon list name {name!r} must use lower-case letters, digits and '_'"
            )
        if isinstance(phrases, str) or not isinstance(phrases, Sequence):
            raise PolicyError(f"lexicon list {name!r} must be a list of phrases")
        if not all(isinstance(p, str) for p in phrases):
            raise PolicyError(f"lexicon list {name!r} must hold only strings")
        out.append((name, tuple(p for p in phrases if p.strip())))
    return tuple(sorted(out))


def _key(phrase: str) -> str:
    from socialrx.text import normalize

    return " ".join(normalize(phrase).text.lower().split())


@cache
def _compiled(lists: _Lists) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, ...]]]:
    """One alternation of every phrase (longest first) and, per phrase, the lists holding it."""
    owners: dict[str, tuple[str, ...]] = {}
    for name, phrases in lists:
        for phrase in phrases:
            key = _key(phrase)
            if key and name not in owners.get(key, ()):
                owners[key] = (*owners.get(key, ()), name)
    if not owners:
        return None, owners
    alts = [r"\s+".join(re.escape(w) for w in k.split()) for k in sorted(owners, key=_longest)]
    body = "|".join(a if _literal_head(a) else rf"(?<!\w){a}" for a in alts)
    return re.compile(literal_trie(body) + r"(?!\w)"), owners


def _longest(key: str) -> tuple[int, str]:
    return (-len(key), key)


@detector(_NAME, codes=("lexicon.*",))
class Lexicon:
    """Hits on the organisation's own phrase lists; each list yields its own code
    ``lexicon.<list>``. Options: ``lists`` (list name → phrases)."""

    _ready: _Lists | None = None  # the validated lists, prepared on first use

    def __init__(self, lists: Mapping[str, Sequence[str]] | None = None) -> None:
        self.lists = lists

    def __getstate__(self) -> dict[str, Any]:
        frozen = _frozen(self.lists or {})
        return {"lists": {name: list(phrases) for name, phrases in frozen}}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.lists = state["lists"]

    def __call__(self, document: Document) -> Iterator[Finding]:
        if not self.lists:
            return
        if self._ready is None:
            self._ready = _frozen(self.lists)
        pattern, owners = _compiled(self._ready)
        if pattern is None:
            return
        norm = document.norm
        for match in pattern.finditer(folded(document).low):
            span = norm.span(*match.span())
            for name in owners.get(" ".join(match.group().lower().split()), ()):
                yield Finding(
                    f"lexicon.{name}",
                    span,
                    0.9,
                    _NAME,
                    f"a phrase from the organisation's '{name}' list",
                )


document_code(
    "lexicon.*",
    summary="A phrase from one of the organisation's own lists (policy "
    "[detectors.lexicon.lists]); the code is lexicon.<list name>.",
    example="We're proud to outperform Acme Health again this year.",
    false_positives="Phrases that are also ordinary words in another sense (a competitor named "
    "'Summit' matches 'summit'); use longer phrases.",
    details="Whole-word, case-insensitive matching on normalised text. The action per list is "
    'set in [actions], e.g. "lexicon.competitors" = "block"; lexicon.* defaults to review.',
)
