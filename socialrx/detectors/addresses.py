"""Addresses: place pieces that follow each other with only separators or a town name between them
form one address. An address written inline ("send it to 12 Oak Street, Dayton, Ohio 45402") is
one span; an address laid out on its own lines (a letter head or a form) is reported line by line.
People found by the names detector are never places.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from socialrx.detectors.names import people
from socialrx.detectors.wordlists import regions, upper_class
from socialrx.model import Document

__all__ = ["blocks", "emit", "pieces"]


_SEP = re.compile(r"[\s,>?*]*(?:(?:nan|[A-Z]{2})[\s,>?*]+)?")


@cache
def _bridge() -> re.Pattern[str]:
    """Between two pieces of one address: separators and up to three capitalised words (a town
    that no cue announced: '… Apt. 819 Rzeszów Poland')."""
    up = upper_class()
    word = rf"(?:nan|[{up}][^\W\d_]*(?:[-'’][^\W\d_]+)*\.?|\([A-Za-z]+\))"
    return re.compile(rf"[\s,>?*]*(?:{word}[\s,>?*]+){{0,3}}")


_LEAD_NUM = re.compile(r"(\d{3,6})[ \t]+(?=\S*\d|\S+[^\n]*\d)")
_LOOSE = ("town or country on an address line",)


def pieces(
    document: Document, found: Iterable[tuple[int, int, float, str]]
) -> list[tuple[int, int, float, str]]:
    """Non-overlapping place pieces (normalised offsets) from the candidates ``found``, the
    strongest kept first, people excluded."""
    candidates = sorted(found, key=lambda c: (-c[2], c[0] - c[1]))
    if not candidates:
        return []
    norm = document.norm
    persons = people(document)
    taken = bytearray(len(document.text) + 1)  # 1 where a person was found (original offsets)
    for person in persons:
        taken[person.span.start : person.span.end] = b"\x01" * len(person.span)
    used = bytearray(len(document.norm.text) + 1)
    out: list[tuple[int, int, float, str]] = []
    for a, b, score, why in candidates:
        if used.find(1, a, b) != -1:
            continue
        orig = norm.span(a, b) if persons else None
        if orig is not None and taken.find(1, orig.start, orig.end) != -1:
            continue
        used[a:b] = b"\x01" * (b - a)
        out.append((a, b, score, why))
    return sorted(out)


def blocks(
    text: str, pieces: list[tuple[int, int, float, str]]
) -> list[list[tuple[int, int, float, str]]]:
    """Group pieces that follow each other with only separators between them."""
    blocks: list[list[tuple[int, int, float, str]]] = []
    for piece in pieces:
        if blocks:
            last = blocks[-1][-1]
            near = piece[0] - last[1] <= 12
            gap = (_SEP if near else _bridge()).fullmatch(text, last[1], piece[0])
            if (
                gap is not None
                and piece[0] - last[1] <= 48
                and (near or piece[2] >= 0.8 or last[2] >= 0.8)
            ):
                blocks[-1].append(piece)
                continue
        blocks.append([piece])
    return blocks


_LEAD = re.compile(r"(?<![\w.-])\d{3,6}[ \t]+$")
_LETTER = re.compile(r"[^\W\d_]")


def emit(
    text: str, pieces: list[tuple[int, int, float, str]]
) -> Iterator[tuple[int, int, float, str]]:
    """One address block: inline or on one line as one span, laid out on lines piece by piece."""
    anchored = any(p[2] >= 0.8 for p in pieces)
    block = pieces if anchored else [p for p in pieces if p[3] not in _LOOSE]
    if not block:
        return
    lead = _LEAD.search(text[max(0, block[0][0] - 8) : block[0][0]])
    start = block[0][0] - len(lead.group()) if lead and anchored else block[0][0]
    line_start = max(text.rfind("\n", max(0, start - 200), start) + 1, start - 200, 0)
    inline = bool(_LETTER.search(text, line_start, start))
    multiline = "\n" in text[start : block[-1][1]]
    if anchored and (inline or not multiline) and (len(block) > 1 or lead):
        yield start, block[-1][1], max(p[2] for p in block), "street address"
        return
    if lead and anchored:
        yield start, start + len(lead.group().strip()), 0.8, "house or post number"
    known = regions()
    for a, b, score, why in block:
        m = _LEAD_NUM.match(text, a, b) if why == "street address" and anchored else None
        begin = a
        if m and not inline:
            yield a, m.end(1), 0.8, "house or post number"
            begin = m.end()
        if text[begin:b].casefold() in known:
            yield (
                begin,
                b,
                *((0.6, "country or state") if len(block) > 1 else (0.35, "coarse place")),
            )
        else:
            yield begin, b, score, why
