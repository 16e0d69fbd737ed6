"""Medical questions (label ``medical_question``): a consumer asking something only a clinician
should answer ("is it safe to take ibuprofen with my blood pressure meds?", "my son has a fever
of 103, should I bring him in?").

Two things must meet, weighed into a logistic score with 0.5 as the decision point:

- an ask: a question mark, a sentence that opens like a question ("can I", "what are", "is it
  safe"), a request for information ("I need information about", "please tell me", "I would
  like to know"), or a question word inside a sentence ("not sure what to do");
- medical content: conditions, symptoms, medicines, treatments and tests from the word list
  ``classifiers/data/question_medical.txt``, words shaped like a drug or condition name
  ("-statin", "-itis"), and body parts (which count for less).

Against it: administrative topics (parking, billing, visiting hours, the portal), and
complaints ("why is my prescription STILL not ready??" is a complaint, not a question for a
clinician). The word scan is the one ``complaint`` keeps on the document.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from itertools import repeat

from socialrx.classifiers.complaint import (
    ADMIN,
    BODY,
    FIRST,
    MEDICAL,
    REQUEST,
    Scan,
    triage,
)
from socialrx.model import Document, Label
from socialrx.registry import classifier, document_code

_NAME = "medical_question"
# A sentence that opens like a question, after any greeting or @handles; or, after a comma, a
# clause that does ("my son has a fever of 102, should we come in": a verb then its subject, or
# a question word then a verb, so that "…, which makes it easier" is no question).
_OPENING = re.compile(
    r"(?:^|[.!?;:\n]\s*)(?:@\w+\s+)*(?:(?:hi|hello|hey|dear\s+\w+|good\s+\w+)[\s,!.]*)?"
    r"(?:what|how|when|where|which|who|whom|whose|is|are|am|was|were|can|could|should|would|"
    r"will|do|does|did|may|might|has|have|any|anyone|anybody)\b"
    r"|,\s*(?:(?:should|shall|can|could|would|will|do|does|did|is|are|was|were|am|has|have|may|"
    r"might|must)\s+(?:i|we|you|he|she|it|they|this|that|these|those|my|our|his|her|their)"
    r"|(?:what|how|when|where|who)\s+(?:should|can|could|do|does|did|is|are|will|would|long|"
    r"often|much|many|soon))\b"
)
_INNER = frozenset(["what", "how", "why", "when", "where", "which", "whether", "if"])
# "if" asks only after a verb of asking or knowing ("wondering if", "not sure if"); in a tip it
# is a condition ("a bee sting stops hurting faster if you scrape the stinger out")
_ASKING_IF = re.compile(
    r"\b(?:wonder\w*|know|sure|ask\w*|curious|tell\s+me|check|see|unsure|idea)\s+if\b"
)
# Endings of medicine and condition names: "atorvastatin", "tendinitis", "colonoscopy".
_SHAPED = (
    "mab", "pril", "olol", "statin", "cillin", "mycin", "azole", "sartan", "dipine", "tidine",
    "oxetine", "azepam", "azolam", "codone", "cycline", "floxacin", "ovir", "afil", "triptan",
    "lukast", "gliptin", "gliflozin", "itis", "osis", "aemia", "ectomy", "ostomy", "plasty",
    "scopy", "carcinoma",
)  # fmt: skip
_BIAS = -2.6
_COMPLAINT = 0.6  # logit per unit of complaint logit: a complaint is not a question
_NONE = -2.5  # the logit of a post without medical content or without an ask


def _medical(found: Scan) -> float:
    """How much medical content the post holds (words, drug- or condition-shaped words, body
    parts)."""
    c = found.counts
    terms = c[MEDICAL] or sum(map(str.endswith, found.tokens, repeat(_SHAPED)))
    return 1.2 * min(terms, 3) + 0.4 * min(c[BODY], 2)


def asks(found: Scan) -> bool:
    """Whether the post asks something: a question mark, or a sentence that opens as a
    question."""
    return "?" in found.low or _OPENING.search(found.low) is not None


def service_question(found: Scan) -> bool:
    """Whether the post asks about the organisation's services (opening hours, parking,
    billing, insurance, availability: the administrative word list) rather than a clinician."""
    return bool(found.counts[ADMIN]) and (bool(found.counts[REQUEST]) or asks(found))


def question_evidence(found: Scan, complaint: float = 0.0) -> float:
    """The medical-question logit: > 0 means a medical question. ``complaint`` is the
    complaint logit of the same post."""
    low, c = found.low, found.counts
    inner = not _INNER.isdisjoint(found.tokens)
    if inner and "if" in found.tokens and _INNER.isdisjoint(t for t in found.tokens if t != "if"):
        inner = _ASKING_IF.search(low) is not None
    if not (c[MEDICAL] or c[BODY] or "?" in low or inner or c[REQUEST]):
        return _NONE  # the cheap way out for most posts
    medical = _medical(found)
    if not medical:
        return _NONE  # no medical question without medical content
    ask = 1.6 * asks(found) + 0.9 * min(c[REQUEST], 2) + 0.5 * inner
    if not ask:
        return _NONE  # nor without an ask
    z = _BIAS + ask + medical + 0.4 * (c[FIRST] > 0)
    z += 0.15 * min(max(len(found.tokens) - 20, 0) / 10, 4)  # consumers explain at length
    return z - 1.1 * min(c[ADMIN], 3) - _COMPLAINT * max(complaint, 0.0)


def question_score(found: Scan, complaint: float = 0.0) -> float:
    """The calibrated medical-question score in [0, 1] (0.5 is the decision point)."""
    return 1.0 / (1.0 + math.exp(-question_evidence(found, complaint)))


@classifier(_NAME, codes=(_NAME,))
def medical_question(document: Document) -> Iterator[Label]:
    """Consumer health questions for a clinician: an ask (question forms, requests for
    information) together with medical content (conditions, symptoms, medicines, tests),
    against administrative topics and complaints."""
    found, complaint = triage(document)
    if found.tokens:
        yield Label(_NAME, question_score(found, complaint))


document_code(
    _NAME,
    summary="A consumer health question only a clinician should answer: symptoms, medicines, "
    "side effects, interactions, treatments, tests.",
    example="Is it safe to take ibuprofen with my blood pressure pills?",
    false_positives="Administrative questions that mention care ('when is the flu clinic "
    "open?') can score near the threshold; statements about health without an ask are not "
    "flagged, nor are rhetorical complaints.",
    details="Question and request forms combined with a medical word list of our own; no "
    "trained model.",
)
