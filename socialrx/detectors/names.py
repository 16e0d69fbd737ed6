"""Person names (phi.name). STUB to be replaced: census first names followed by a capitalised
word. Public interface other detectors rely on: ``people(document)`` and ``Person``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal

from socialrx.model import Document, Finding, Span
from socialrx.registry import detector, document_code

Role = Literal["patient", "relative", "staff", "official", "unknown"]


@dataclass(frozen=True, slots=True)
class Person:
    """A person mentioned in a document: where (original offsets), in what role, how sure."""

    span: Span
    role: Role
    score: float
    why: str


@cache
def first_names() -> frozenset[str]:
    """Upper-case first names of the 1990 US Census lists shipped by the ``names`` package."""
    out: set[str] = set()
    for fname in ("dist.male.first", "dist.female.first"):
        text = files("names").joinpath(fname).read_text(encoding="utf-8")
        out.update(line.split(None, 1)[0] for line in text.splitlines() if line.strip())
    return frozenset(out)


_CAP = re.compile(r"\b([A-Z][a-z]+)(?:\s+([A-Z][a-z]+))?\b")


def people(document: Document) -> tuple[Person, ...]:
    """Every person mentioned in ``document`` (cached per document)."""
    cached = document.memo("people")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    norm = document.norm
    found: list[Person] = []
    firsts = first_names()
    for match in _CAP.finditer(norm.text):
        if match.group(1).upper() in firsts:
            found.append(Person(norm.span(*match.span()), "unknown", 0.6, "person name"))
    result = tuple(found)
    document.remember("people", result)
    return result


@detector("names", codes=("phi.name",))
def names(document: Document) -> Iterator[Finding]:
    """Person names and initials that could identify a patient or relative."""
    for person in people(document):
        if person.role in ("patient", "relative", "unknown"):
            yield Finding("phi.name", person.span, person.score, "names", person.why)


document_code(
    "phi.name",
    summary="A person's name or initials that could identify a patient or relative.",
    example="Congrats to our patient Maria Gonzalez!",
    false_positives="Staff and public figures not in allow.names; place or brand names that "
    "are also first names.",
)
