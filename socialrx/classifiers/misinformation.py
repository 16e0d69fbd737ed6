"""Health misinformation in an inbound post: a trained linear model (``socialrx train
misinformation``).

Logistic regression over the shared hashed word uni+bigrams (``features.py``), trained on the
CONSTRAINT 2021 COVID-19 fake-news posts (claims debunked by fact-checkers versus posts from
official sources); the score is the model's probability shifted so that 0.5 is the threshold
tuned on the validation split.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialrx.classifiers import linear
from socialrx.classifiers.features import features
from socialrx.model import Document, Label
from socialrx.registry import classifier, document_code


@classifier("misinformation", codes=("misinformation",))
def misinformation(document: Document) -> Iterator[Label]:
    """False or debunked health claims in an inbound post (a linear model trained on the
    CONSTRAINT COVID-19 fake-news data)."""
    found = features(document)
    model = linear.load("misinformation")
    score = model.probability(found.buckets, found.scale) if found.buckets else 0.0
    yield Label("misinformation", score)


document_code(
    "misinformation",
    summary="A false or debunked health claim (cures, vaccine myths, conspiracy theories), from "
    "a model trained on CONSTRAINT COVID-19 fake news (docs/models/misinformation.md).",
    example="Drinking hot lemon water every hour kills the virus, doctors don't want you to know.",
    false_positives="Posts that quote a myth to debunk it, and informal first-hand posts (the "
    "training data's true posts are mostly official-account style); topics far from COVID-19 "
    "are covered only as far as the wording carries over.",
)
