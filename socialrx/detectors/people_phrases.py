"""Trimming a cue alternation to the phrases that can start with a given word (used by the
names detector's cue pass; registers nothing).

The cue pattern of ``name_cues`` is an alternation of some two hundred phrases ("dr", "wife",
"my name is", "grand(?:-?daughter|…)", …) that ``re`` tries one by one wherever it is matched.
The cue pass only matches it where a known cue word starts, followed by a character that is not
a letter or digit, so every phrase whose literal start disagrees with that word is bound to fail
there. ``fitting(alternation, word)`` keeps the other phrases, in their order, so a pattern built
from the trimmed alternations matches exactly where and as the full one does at such a position,
only faster.
"""

from __future__ import annotations

import re

__all__ = ["NEVER", "fitting"]

NEVER = "(?!)"  # an alternation that matches nothing (keeps a group, and its number, in place)
_LITERAL = re.compile(r"[a-z' -]*")
_QUANTIFIERS = ("?", "*", "+", "{")


def fitting(alternation: str, word: str) -> str:
    """The phrases of ``alternation`` (in order) that can match where ``word`` starts (and no
    letter or digit follows it); ``NEVER`` when none can."""
    kept = [alt for alt in _split_top(alternation) if alt and _agrees(_literal_start(alt), word)]
    return "|".join(kept) if kept else NEVER


def _split_top(alternation: str) -> list[str]:
    """The top-level phrases of an alternation (the cue vocabularies hold no escapes)."""
    out: list[str] = []
    depth, last = 0, 0
    for i, ch in enumerate(alternation):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "|" and not depth:
            out.append(alternation[last:i])
            last = i + 1
    out.append(alternation[last:])
    return out


def _literal_start(alt: str) -> str:
    """The text every match of the phrase ``alt`` starts with (lower-case letters, blanks,
    apostrophes and hyphens up to the first other pattern character; a character that a
    quantifier makes optional is not part of it)."""
    match = _LITERAL.match(alt)
    lit = match.group() if match else ""
    return lit[:-1] if lit and alt[len(lit) : len(lit) + 1] in _QUANTIFIERS else lit


def _agrees(lit: str, word: str) -> bool:
    """Can a phrase that starts with ``lit`` match where ``word`` starts (then no letter or
    digit)?"""
    if len(lit) <= len(word):
        return word.startswith(lit)
    return lit.startswith(word) and not lit[len(word)].isalnum()
