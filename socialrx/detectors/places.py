"""Places finer than a state (phi.location): street addresses, post codes, rooms, beds, wards and
units, towns and care facilities named with a cue; coarse regions at a low score.

What is reported, and how sure:

- street addresses ("12 Oak Street", "Rue de Lyon 4", "Lindevej 7"), PO and military boxes,
  and units ("Room 4B", "bed 12", "Apt. 9", "5 West"): these locate a person (0.8-0.9);
- ZIP and post codes after a state, a country or a "zip code" cue (0.8);
- towns and cities after "lives in", "from", "transferred to", an address line, or a comma after a
  street (0.6); care facilities named before "Hospital", "Memorial", "Rehab" … (0.55);
- countries and US states on their own (0.35): a hospital's post naming "Ohio" discloses nothing,
  so they are reported below the default threshold of 0.5 and do not move a decision; next to a
  finer place ("Dayton, Ohio") they are part of an address and reported at 0.6.

Pieces that follow each other with only separators or a town name between them form one
address. An address written inline ("send it to 12 Oak Street, Dayton, Ohio 45402") is reported as
one span; an address laid out on its own lines (a letter head or a form) is reported line by line,
so each line can be reviewed and redacted on its own.

Upper-case clinical notes use cues only ("TRANSFERRED TO …", "LIVES IN …", "… HOSPITAL"); numbers
are matched only where a number starts, never scanned across the text. People found by the names
detector are never reported as places.

The work is split by what each module owns: ``streets`` (numbered places and street names),
``facilities``, ``towns`` (towns, regions, address lines), ``addresses`` (pieces joined into
addresses) and ``place_words`` (shared vocabularies, patterns and stop lists); this module
gathers the candidates and registers the detector.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from socialrx.detectors.addresses import blocks, emit, pieces
from socialrx.detectors.facilities import INST_PREPS, facilities, institutions, saints
from socialrx.detectors.numbers import digit_end
from socialrx.detectors.place_words import (
    CORNER,
    GATES,
    NAMED_STREET_WORDS,
    PREP_WORDS,
    VERBS,
    patterns,
    region_firsts,
)
from socialrx.detectors.streets import NUMBER_WORDS, after_words, at_numbers, street_names
from socialrx.detectors.towns import (
    address_lines,
    cap_preps,
    capital_after_comma,
    cued,
    regions_in,
    town_state,
)
from socialrx.detectors.wordlists import view
from socialrx.model import Document, Finding
from socialrx.registry import detector, document_code

__all__ = ["place_finder", "places"]


def _candidates(document: Document) -> Iterator[tuple[int, int, float, str]]:
    """(start, end, score, why) of every place-like span in the normalised text."""
    text, low, mixed, all_words = view(document)
    # the text's words that any pass looks at: one intersection, then each gate below is a
    # test against this small set (every pass also takes it in place of the text's word set)
    words = all_words & _gate_words()
    # each pass runs only when the words it starts from are there (a cheap set test first)
    stop = digit_end(document)
    if stop:  # places that hold a number
        yield from at_numbers(text, mixed, stop)
        if not NUMBER_WORDS.isdisjoint(words):
            yield from after_words(text, low, mixed, words)
    if "corner" in words:
        for m in CORNER.finditer(text):
            yield m.start(), m.end(), 0.7, "street corner"
    if not GATES["zip"].isdisjoint(words):
        for m in patterns()["zip_cue"].finditer(low):
            yield m.start("z"), m.end("z"), 0.8, "ZIP or post code"
    caps = cap_preps(text, low) if mixed else []
    # in mixed-case text both start from a capital after a preposition (or, for cued, a verb)
    if not PREP_WORDS.isdisjoint(words) and (caps or not mixed or not VERBS.isdisjoint(words)):
        yield from cued(text, low, mixed, words, caps)
    if not INST_PREPS.isdisjoint(words) and (caps or not mixed):
        yield from institutions(text, low, mixed, caps)
    # (both readings after a comma need a capital after it: one cheap look first)
    comma = "," in text and capital_after_comma(text)
    if comma:
        yield from town_state(text)
    if not GATES["facility"].isdisjoint(words):
        yield from facilities(text, low, mixed, words)
    if mixed and not NAMED_STREET_WORDS.isdisjoint(words):
        yield from street_names(text, low, words)
    if "st" in words:
        yield from saints(text, mixed)
    if mixed:
        if not region_firsts().isdisjoint(words):
            yield from regions_in(text, low, words)
        if comma or "\n" in text:
            yield from address_lines(text, comma)


@cache
def _gate_words() -> frozenset[str]:
    """Every word a pass of ``_candidates`` (or a function it calls) looks for in the text's
    word set."""
    return (
        NUMBER_WORDS
        | GATES["zip"]
        | PREP_WORDS
        | VERBS
        | INST_PREPS
        | GATES["facility"]
        | NAMED_STREET_WORDS
        | region_firsts()
        | {"corner", "st"}
    )


def places(document: Document) -> tuple[tuple[int, int, float, str], ...]:
    """Place spans (normalised offsets): an inline address as one span, an address laid out on
    its own lines line by line; cached per document."""
    cached = document.memo("places")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    text = document.norm.text
    out: list[tuple[int, int, float, str]] = []
    for block in blocks(text, pieces(document, _candidates(document))):
        out.extend(emit(text, block))
    result = tuple(out)
    document.remember("places", result)
    return result


@detector("places", codes=("phi.location",))
def place_finder(document: Document) -> Iterator[Finding]:
    """Street addresses, post codes, rooms, beds, wards, towns and facilities (phi.location)."""
    norm = document.norm
    for a, b, score, why in places(document):
        yield Finding("phi.location", norm.span(a, b), score, "places", why)


document_code(
    "phi.location",
    summary="A street address, post code, room, bed, ward or unit, a town after a cue, or a "
    "care facility; countries and states alone are reported below the default threshold.",
    example="She lives at 42 Maple Street in Springfield and is in Room 4B.",
    false_positives="The organisation's own addresses and campus names unless listed in "
    "allow.places; capitalised words after 'in' or 'from' that are not places; numbers "
    "followed by a direction ('5 West' as a unit); an unfamiliar upper-case abbreviation after "
    "'to' or 'at' ('to XYZ'), or a word and a small number after 'to'/'on' ('on Hartwell 2'), "
    "that is not a facility.",
    details="Cues for care facilities: a name before 'Hospital', 'Rehab', 'House' …; a "
    "2-4 letter abbreviation after 'to', 'at', 'from' (in upper-case notes only after a verb "
    "such as 'transferred'); a building and floor ('transfer to Hartwell 2'). Towns: after "
    "'lives in', 'based in', a relative ('son in …', 'daughter from …'), before a comma and a US "
    "state code ('Glenmore, MD'); 'the corner of … and …'.",
)
