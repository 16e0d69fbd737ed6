"""The organisation's own phrase lists (lexicon.<list>): competitors, banned words, embargoed
projects … configured in the policy::

    [detectors.lexicon.lists]
    competitors = ["Acme Health", "Globex Clinics"]
    embargoed = ["Project Falcon"]

    [actions]
    "lexicon.competitors" = "block"     # default for lexicon.* is review

Phrases match whole words, case-insensitively, on the normalised text (so ``Acme  H3alth`` and
``A c m e`` still match); the longest phrase wins where several overlap.

The phrase-matching machinery the built-in detectors share (``folded``, ``stems``,
``literal_trie``) lives in ``socialrx.detectors._match``; it is re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from socialrx.detectors._match import Folded, folded, literal_head, literal_trie, stems
from socialrx.errors import PolicyError
from socialrx.model import Document, Finding
from socialrx.registry import detector, document_code

__all__ = ["Folded", "Lexicon", "folded", "literal_trie", "stems"]

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
    body = "|".join(a if literal_head(a) else rf"(?<!\w){a}" for a in alts)
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
