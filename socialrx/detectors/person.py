"""A person mentioned in a document, the role they play, and the table of people found so far.

``Person`` and ``Role`` are the public face of the names detector (``names.people``); ``Found``
and ``put`` are shared by its passes (cues, capitalised runs, notes, lists and lines), so that
overlapping readings keep only the strongest one.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from socialrx.detectors.wordlists import SpanSet
from socialrx.model import Span

__all__ = ["Found", "Person", "Role", "put"]

Role = Literal["patient", "relative", "staff", "official", "unknown"]


class Person(NamedTuple):
    """A person mentioned in a document: where (original offsets), in what role, how sure
    (an immutable named tuple: several are built for nearly every post, and a tuple is built
    several times faster than a frozen dataclass)."""

    span: Span
    role: Role
    score: float
    why: str


class Found(dict[tuple[int, int], tuple[Role, float, str]]):
    """People found so far, with an interval index."""

    __slots__ = ("index",)

    def __init__(self) -> None:  # an empty dict needs no ``dict.__init__``
        self.index = SpanSet()


def put(found: Found, span: tuple[int, int], role: Role, score: float, why: str) -> None:
    """Keep the strongest reading of overlapping spans (staff/official outrank 'unknown')."""
    a, b = span
    for key in found.index.overlapping(a, b):
        old_role, old_score, _ = found[key]
        rank_old = (old_role in ("staff", "official"), old_score, key[1] - key[0])
        rank_new = (role in ("staff", "official"), score, b - a)
        if rank_old >= rank_new:
            return
        del found[key]
        found.index.remove(*key)
    found[span] = (role, score, why)
    found.index.add(a, b)
