"""Where the digits of a text end (registers no detector): the shared first look of the dates,
identifiers and phones detectors.

Every pattern of those detectors starts with or ends on a digit, and each used to scan the whole
text for one. ``digit_end(document)`` finds, once per document, where the last digit of the
normalised text ends (0 when there is none): a text without digits skips the number patterns,
and the others stop scanning there (plus the few characters their look-aheads need).
"""

from __future__ import annotations

import re

from socialrx.model import Document

_ASCII_DIGITS = "0123456789"
_LAST_DIGIT = re.compile(r".*\d", re.DOTALL)
_KEY = "detectors.digit_end"


def last_digit_end(text: str) -> int:
    """The index after the last digit (``\\d``) of ``text``; 0 when it holds none."""
    if text.isascii():
        return max(map(text.rfind, _ASCII_DIGITS)) + 1  # finding a character is a fast scan
    tail = _LAST_DIGIT.match(text)
    return tail.end() if tail else 0


def digit_end(document: Document) -> int:
    """``last_digit_end`` of the normalised text (computed once per document)."""
    cached = document.memo(_KEY)
    if cached is None:
        cached = last_digit_end(document.norm.text)
        document.remember(_KEY, cached)
    return cached  # type: ignore[no-any-return]
