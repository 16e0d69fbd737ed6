"""Adverse-event cases: (case id, product, reaction) in a small open vocabulary, from the
``ade.product`` and ``ade.reaction`` findings of an inbound item labelled ``adverse_event``,
and their line listing for a safety database.

- **Products**: the classifier's vocabulary (``classifiers/data/ade_products.txt``, read with
  ``canonical_term``) maps generic, brand and lay names to one name: brand → generic for common
  drugs ("Tylenol", "paracetamol" → acetaminophen; "Advil", "Motrin" → ibuprofen; "Lexapro" →
  escitalopram), lay vaccine names to the vaccine ("flu shot", "flu jab" → influenza vaccine),
  named classes to the class ("antibiotics"). A product the table does not know is kept as its
  *folded* surface form (NFKC, lower case, accents and apostrophes dropped, other characters
  as single spaces, at most ``LONGEST`` characters): the vocabulary is open.
- **Reactions**: preferred terms for common synonyms (``ade_reactions.txt``: "throwing up",
  "puking" → vomiting; "dizzy", "lightheaded" → dizziness; "hives" → urticaria; "can't sleep"
  → insomnia; "gained 20 lbs" → weight increased), unknown terms folded as products are.
- **A case** is one inbound item: its id is the item's id; every named product is paired with
  every reaction (the classifier lists all products named in the report). A report without a
  named product ("this pill gave me hives") or without a reaction gives no case: a case for a
  safety database needs a suspect product and an event (the ICH E2B minimum, besides a
  reporter and a patient, which a post implies).
- Nothing else of the text is kept: no span, no surface form of a known term, no author.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from socialrx.classifiers.ade import ade
from socialrx.classifiers.ade_words import canonical_term
from socialrx.model import Document, Finding

PRODUCT, REACTION = "ade.product", "ade.reaction"
LABEL = "adverse_event"
LONGEST = 60  # characters of an unknown term kept (a term, not a sentence)
COLUMNS = ("case_id", "received", "channel", "product", "reaction")
_OTHER = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """A term's folded surface form: NFKC, lower case, accents and apostrophes dropped, every
    other run of non-alphanumeric characters one space, at most ``LONGEST`` characters."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("'", "").replace("\u2019", "")
    return _OTHER.sub(" ", plain).strip()[:LONGEST].strip()


def product_term(written: str) -> str:
    """The product's name in the vocabulary ("Tylenol" → "acetaminophen"), else folded."""
    return canonical_term(PRODUCT, written) or fold(written)


def reaction_term(written: str) -> str:
    """The reaction's preferred term ("throwing up" → "vomiting"), else folded."""
    return canonical_term(REACTION, written) or fold(written)


@dataclass(frozen=True, slots=True)
class Case:
    """One (product, reaction) of an adverse-event report: ``case_id`` is the inbound item's
    id, ``received`` its (local) date, ``channel`` where it came from. No text."""

    case_id: str
    received: date
    channel: str
    product: str
    reaction: str

    @property
    def triple(self) -> tuple[str, str, str]:
        """(case id, product, reaction), as ``disproportionality`` counts them."""
        return self.case_id, self.product, self.reaction


def terms(text: str, findings: Iterable[Finding]) -> tuple[tuple[str, str], ...]:
    """The (product, reaction) pairs of an analysed text's ``ade.*`` findings, normalised,
    distinct, in order of first appearance; () without a named product or a reaction."""
    products: dict[str, None] = {}
    reactions: dict[str, None] = {}
    for f in findings:
        if f.span is None or f.code not in (PRODUCT, REACTION):
            continue
        written = text[f.span.start : f.span.end]
        term = product_term(written) if f.code == PRODUCT else reaction_term(written)
        if term:
            (products if f.code == PRODUCT else reactions)[term] = None
    return tuple((p, r) for p in products for r in reactions)


def cases_of(
    case_id: str, received: date, channel: str, text: str, findings: Iterable[Finding]
) -> tuple[Case, ...]:
    """The cases of one analysed inbound item labelled ``adverse_event``."""
    return tuple(Case(case_id, received, channel, p, r) for p, r in terms(text, findings))


def cases_from_text(case_id: str, received: date, channel: str, text: str) -> tuple[Case, ...]:
    """The cases of a stored item labelled ``adverse_event``: its ``ade.*`` findings are found
    again (the store keeps labels, not findings; the ``ade`` detector is deterministic)."""
    document = Document(text, "inbound", case_id)
    return cases_of(case_id, received, channel, text, ade(document))


def rows(cases: Iterable[Case]) -> Iterator[dict[str, str]]:
    """The line listing's rows (columns ``COLUMNS``), each distinct case once, in order."""
    seen: set[Case] = set()
    for case in cases:
        if case in seen:
            continue
        seen.add(case)
        yield {"case_id": case.case_id, "received": case.received.isoformat(),
               "channel": case.channel, "product": case.product, "reaction": case.reaction}  # fmt: skip


def to_csv(cases: Iterable[Case]) -> str:
    """The line listing for a safety database: one row per case, product and reaction."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(cases))
    return buffer.getvalue()
