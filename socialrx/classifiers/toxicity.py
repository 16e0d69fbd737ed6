"""Toxicity of an inbound post: a trained linear model (``socialrx train toxicity``).

Logistic regression over the shared hashed word uni+bigrams (``features.py``), trained on
tweeteval offensive (OffensEval 2019: insults, threats, profanity aimed at someone); the score is
the model's probability shifted so that 0.5 is the threshold tuned on the validation split.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from socialrx.classifiers import linear
from socialrx.classifiers.ade import THRESHOLD as ADE_THRESHOLD
from socialrx.classifiers.ade import assess
from socialrx.classifiers.features import features
from socialrx.detectors._match import folded
from socialrx.model import Document, Label
from socialrx.registry import classifier, document_code


@classifier("toxicity", codes=("toxicity",))
def toxicity(document: Document) -> Iterator[Label]:
    """Harassment, insults, threats and slurs in an inbound post (a linear model trained on
    tweeteval offensive)."""
    found = features(document)
    score = (
        linear.load("toxicity").probability(found.buckets, found.scale) if found.buckets else 0.0
    )
    if score > SYMPTOM_REPORT_CAP and _symptom_report(document):
        score = SYMPTOM_REPORT_CAP
    yield Label("toxicity", score)


# An adverse-event report (a product and a reaction) addressed to no one: strong words there
# ("my arm is sore as hell after the shot") describe the pain, they do not attack anyone. The
# model learnt from OffensEval, where untargeted profanity counts as offensive; in a health
# organisation's inbox such a post is a safety report and must not be set aside as abuse.
SYMPTOM_REPORT_CAP = 0.35
_ADDRESSED = re.compile(r"\b(?:you|your|yours|you're|youre|ur|u|y'all|yall)\b")


def _symptom_report(document: Document) -> bool:
    case = assess(document)
    return (
        case.score >= ADE_THRESHOLD
        and bool(case.products)
        and not _ADDRESSED.search(folded(document).low)
    )


document_code(
    "toxicity",
    summary="Harassment, insults, threats, slurs or profanity aimed at someone, from a model "
    "trained on tweeteval offensive (docs/models/toxicity.md).",
    example="You are a useless idiot and everyone at your clinic should be ashamed.",
    false_positives="Profanity that is not aimed at anyone ('this flu is f***ing awful') and "
    "quoted insults may be flagged; politically heated but civil posts sometimes score high.",
    details="An adverse-event report (a product and a reaction) addressed to no one ('this "
    "vaccine made my arm hurt like hell') is capped at 0.35: strong words there describe the "
    "pain, and the post is a safety report, not abuse. Addressed to someone ('you', 'your'), "
    "it keeps the model's score.",
)
