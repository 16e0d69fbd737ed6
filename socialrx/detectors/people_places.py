"""Words that make a run of capitalised names a place, a building or an organisation ("Smith
Family Center", "DAISY Award"), for the disclosure detector (registers nothing).

``names_place(text, start, end)`` is the search of ``PLACE_WORDS`` (as whole words, any case)
in ``text[start:end]``. A person's span is short and nearly always ASCII, so it is answered
there with one set test on the span's words instead of a case-insensitive regex search that
tries fifty words at every word start; other text falls back to that search.
"""

from __future__ import annotations

import re

__all__ = ["PLACE_WORDS", "names_place"]

PLACE_WORDS = (
    r"Family|Families|Center|Centre|Hospital|Institute|Foundation|Wing|Pavilion|Clinic|Health|"
    r"University|College|School|Park|Street|St|Avenue|Ave|Road|Rd|Building|Hall|Tower|House|"
    r"Fund|Award|Lecture|Library|Unit|Campus|Memorial|Medical|Children|Women|Heart|Cancer|"
    r"Scholarship|County|City|Lake|River|Valley|Company|Group|Inc|LLC|Club|Society|Association"
)

_PLACE_WORD = re.compile(rf"\b(?:{PLACE_WORDS})\b", re.IGNORECASE)
_PLACE_SET = frozenset(PLACE_WORDS.lower().split("|"))
_ASCII_WORD = re.compile(r"\w+", re.ASCII)
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def names_place(text: str, start: int, end: int) -> bool:
    """Whether ``_PLACE_WORD.search(text, start, end)`` finds a place word in
    ``text[start:end]``. In an ASCII span a place word is one of its whole words (``\\b`` on
    both sides; the search sees the text before ``start`` but not after ``end``), so the first
    word counts only when no word character comes right before ``start``."""
    part = text[start:end]
    if not part.isascii():
        return _PLACE_WORD.search(text, start, end) is not None
    words = _ASCII_WORD.findall(part.lower())
    if words and start > 0 and part[0] in _WORD_CHARS:
        before = text[start - 1]
        if before.isalnum() or before == "_":
            del words[0]  # the span starts inside a word
    return not _PLACE_SET.isdisjoint(words)
