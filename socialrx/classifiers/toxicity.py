"""Toxicity of an inbound post: a trained linear model (``socialrx train toxicity``).

Logistic regression over the shared hashed word uni+bigrams (``features.py``), trained on
tweeteval offensive (OffensEval 2019: insults, threats, profanity aimed at someone); the score is
the model's probability shifted so that 0.5 is the threshold tuned on the validation split.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialrx.classifiers import linear
from socialrx.classifiers.features import features
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
    yield Label("toxicity", score)


document_code(
    "toxicity",
    summary="Harassment, insults, threats, slurs or profanity aimed at someone, from a model "
    "trained on tweeteval offensive (docs/models/toxicity.md).",
    example="You are a useless idiot and everyone at your clinic should be ashamed.",
    false_positives="Profanity that is not aimed at anyone ('this flu is f***ing awful') and "
    "quoted insults may be flagged; politically heated but civil posts sometimes score high.",
)
