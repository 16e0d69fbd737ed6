"""Praise (label ``praise``): gratitude or a positive evaluation aimed at staff or a service
("thank you to the amazing nurses on 4 West", "Dr. Lee is the best, so grateful", "5 stars,
great care").

A logistic score over the shared word scan (``complaint.scan``), 0.5 being the decision point:
gratitude, positive evaluation (with hearts and thumbs-up emoji) and a target (staff, a team,
the service, "you") raise it; sarcasm ("great, another 3-hour wait"), praise words under a
negation ("not helpful"), requests that merely thank in advance, and a post that reads as a
complaint lower it. Positivity with no one to aim at ("nice weather") stays below 0.5.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from socialrx.classifiers.complaint import (
    GRATITUDE,
    PRAISED,
    TARGET,
    Scan,
    triage,
)
from socialrx.model import Document, Label
from socialrx.registry import classifier, document_code

_NAME = "praise"
# Thanks that only close a request: "thanks in advance", "thank you for any help".
_IN_ADVANCE = re.compile(r"\b(?:in\s+advance|for\s+any\s+(?:help|advice|info))\b")
_BIAS = -1.8
_NONE = -2.5  # the logit of a post without thanks or a positive word


def praise_evidence(found: Scan, complaint: float = 0.0) -> float:
    """The praise logit: > 0 means praise. ``complaint`` is the complaint logit of the post."""
    c = found.counts
    gratitude, positive = c[GRATITUDE], c[PRAISED] + found.sweet
    if gratitude and ("advance" in found.tokens or "any" in found.tokens):
        gratitude -= len(_IN_ADVANCE.findall(found.low))
    if gratitude <= 0 and not positive:
        return _NONE  # no praise without thanks or a positive word
    gratitude, positive = min(gratitude, 2), min(positive, 3)
    target = c[TARGET] > 0 or found.addressed
    z = _BIAS + 1.5 * max(gratitude, 0) + 1.0 * positive + 0.9 * target
    z += 0.5 * (gratitude > 0 and positive > 0)
    z -= 2.0 * min(found.sarcasm, 2) + 1.0 * min(found.flipped, 2)
    if not gratitude and "?" in found.low:
        z -= 1.0  # "what is the best way to …?" asks, it does not praise
    return z - 0.7 * max(complaint, 0.0)


def praise_score(found: Scan, complaint: float = 0.0) -> float:
    """The calibrated praise score in [0, 1] (0.5 is the decision point)."""
    return 1.0 / (1.0 + math.exp(-praise_evidence(found, complaint)))


@classifier(_NAME, codes=(_NAME,))
def praise(document: Document) -> Iterator[Label]:
    """Praise for staff or a service: gratitude and positive evaluation aimed at someone,
    against sarcasm, negated praise and complaints."""
    found, complaint = triage(document)
    if found.tokens:
        yield Label(_NAME, praise_score(found, complaint))


document_code(
    _NAME,
    summary="Gratitude or a positive evaluation aimed at staff or a service.",
    example="Thank you to the amazing nurses on the cardiac unit, so grateful for your care!",
    false_positives="Polite thanks that close a question can score near the threshold; "
    "sarcasm without a marker the rules know ('love how nobody answers') may pass as praise "
    "when the complaint cues are weak.",
    details="Gratitude, positive-evaluation and target word lists of our own weighed into a "
    "logistic score; no trained model.",
)
