"""Sentiment of an inbound post: a trained three-class linear model (``socialrx train sentiment``).

Features: the shared hashed word uni+bigrams with negation marking (``features.py``) plus five
lexicon features from VADER's valence lexicon (Hutto & Gilbert 2014, MIT licence): summed
positive and negative valence (a negated word counts -0.74 times its valence, as VADER does),
their normalised difference and whether any positive or negative word occurs. The lexicon travels
inside the model file as CRC-32 token hashes → valence, so the run time needs no ``vaderSentiment``
package; training reads it from that package (the ``train`` extra).

The classifier yields one ``Sentiment``: the most probable class, and the score
P(positive) − P(negative) in [-1, 1].
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from socialrx.classifiers import linear
from socialrx.classifiers.features import NEGATED, Features, features, token_hash
from socialrx.model import Document, Sentiment, SentimentName
from socialrx.registry import classifier, document_code

CLASSES: tuple[SentimentName, ...] = ("negative", "neutral", "positive")
DENSE = ("lexicon_positive", "lexicon_negative", "lexicon_balance", "any_positive", "any_negative")
NEGATIVE_MEMO = "sentiment.negative"  # P(negative), left on the document for other classifiers
_NEGATION_SCALAR = -0.74  # VADER's N_SCALAR
_LEXICON_SCALE = 4.0  # how strongly the lexicon features enter the model (chosen on val folds)


def dense_features(found: Features, lexicon: dict[int, float]) -> tuple[float, ...]:
    """The five lexicon features of ``DENSE`` for a document's token hashes."""
    positive = negative = 0.0
    get = lexicon.get
    for h in found.hashes:
        value = get(h)
        if value is not None:
            if value > 0:
                positive += value
            else:
                negative -= value
    balance = positive - negative
    k = _LEXICON_SCALE
    return (
        k * positive / 4,
        k * negative / 4,
        k * balance / math.sqrt(balance * balance + 15),
        k * (positive > 0),
        k * (negative > 0),
    )


@classifier("sentiment", codes=("sentiment",))
def sentiment(document: Document) -> Iterator[Sentiment]:
    """Sentiment (negative, neutral, positive) of an inbound post, from a linear model trained on
    tweeteval sentiment with VADER lexicon features."""
    model = linear.load("sentiment")
    found = features(document)
    if not found.buckets:
        yield Sentiment("neutral", 0.0)
        return
    dense = dense_features(found, model.lexicon)
    p = model.probabilities(found.buckets, found.scale, dense)
    document.remember(NEGATIVE_MEMO, p[0])  # for classifiers that weigh negativity (complaint)
    best = max(range(len(CLASSES)), key=p.__getitem__)
    score = min(1.0, max(-1.0, p[2] - p[0]))
    yield Sentiment(CLASSES[best], score)


def vader_lexicon() -> dict[int, float]:
    """VADER's word and emoji valences as token hash → valence (training time only: reads the
    ``vaderSentiment`` package of the ``train`` extra). Negated forms get -0.74 × valence."""
    from importlib import resources

    folder = resources.files("vaderSentiment")
    words: dict[str, float] = {}
    for line in folder.joinpath("vader_lexicon.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0]:
            words[parts[0].lower()] = float(parts[1])
    emoji: dict[str, float] = {}
    for line in folder.joinpath("emoji_utf8_lexicon.txt").read_text(encoding="utf-8").splitlines():
        symbol, _, description = line.partition("\t")
        values = [words[w] for w in description.split() if w in words]
        if symbol and values:
            emoji[symbol] = sum(values)
    lexicon: dict[int, float] = {}
    for token, value in (words | emoji).items():
        _put(lexicon, token, value)
        _put(lexicon, NEGATED + token, _NEGATION_SCALAR * value)
    return lexicon


def _put(lexicon: dict[int, float], token: str, value: float) -> None:
    key = token_hash(token)
    if key in lexicon and lexicon[key] != value:
        lexicon.pop(key)  # a hash collision: drop both rather than guess
        return
    lexicon[key] = value


def label_probabilities(document: Document) -> Sequence[float]:
    """P(negative), P(neutral), P(positive) of a document (for evaluation and tests)."""
    model = linear.load("sentiment")
    found = features(document)
    return model.probabilities(found.buckets, found.scale, dense_features(found, model.lexicon))


document_code(
    "sentiment",
    summary="Sentiment of an inbound post: negative, neutral or positive, with a score in "
    "[-1, 1] (P(positive) − P(negative)) from a model trained on tweeteval sentiment with VADER "
    "lexicon features (docs/models/sentiment.md).",
    example="Thank you so much, the nurses on ward 4 were wonderful!",
    false_positives="Sarcasm ('great, another two-hour wait') reads as positive; news-style "
    "posts about bad events may read as negative; neutral is the most confused class.",
)
