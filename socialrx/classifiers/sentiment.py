"""Sentiment of an inbound post: a trained three-class linear model (``socialrx train sentiment``).

Features: the shared hashed word uni+bigrams with negation marking (``features.py``) plus the
dense features of ``DENSE``, all sentiment-specific (the other models' features are untouched):

- five from VADER's valence lexicon (Hutto & Gilbert 2014, MIT licence): summed positive and
  negative valence (a negated word counts -0.74 times its valence, as VADER does), their
  normalised difference and whether any positive or negative word occurs;
- four from a cheap copy of VADER's rules: intensifiers ("very", "barely"), ALL-CAPS emphasis in
  a mixed-case post, "but" shifting the weight to the second clause, exclamation marks; then
  VADER's normalised sum, the strongest valence each way and the last word's valence;
- four counts of strong and mild negative and positive lexicon words;
- five from valences induced for words outside VADER's lexicon (mean VADER compound score of the
  unlabelled tweets a word occurs in; see ``socialrx.training``).

The lexicons travel inside the model file as CRC-32 token hashes → valence (induced ones under
hash XOR ``INDUCED_KEY``; intensifiers in the header), so the run time needs no
``vaderSentiment`` package; training reads it from that package (the ``train`` extra). No word of
any dataset is stored.

Those probabilities are then fused with teacher-derived word valences
(``socialrx/models/sentiment_words.bin``, built by ``socialrx train sentiment-words``): per word
(token hash) the neutral and positive scores, relative to negative, of a logistic head on
static all-MiniLM-L6-v2 vectors of the word (alone, in two templates, in unlabelled context); a
post's word scores are averaged (mean pooling then a linear head = the mean of per-word head
scores, so no encoder runs here) and
``softmax(w·log P_words + (1 − w)·log P_linear + offsets)`` gives the class probabilities.

The classifier yields one ``Sentiment``: the most probable class, and the score
P(positive) − P(negative) in [-1, 1]. With the ``embedder`` option (opt-in, the ``embeddings``
extra) the linear model's probabilities are fused with a sentence-embedding model's
(``socialrx.classifiers.embedding``) instead of the word valences'.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from socialrx.classifiers import linear
from socialrx.classifiers.features import NEGATED, Features, features, token_hash
from socialrx.errors import PolicyError
from socialrx.model import Document, Sentiment, SentimentName
from socialrx.registry import classifier, document_code

if TYPE_CHECKING:
    from socialrx.classifiers.embedding import Fusion

CLASSES: tuple[SentimentName, ...] = ("negative", "neutral", "positive")
DENSE = (
    "lexicon_positive",
    "lexicon_negative",
    "lexicon_balance",
    "any_positive",
    "any_negative",
    "rules_compound",
    "rules_strongest_positive",
    "rules_strongest_negative",
    "rules_last_valence",
    "strong_negative_words",
    "mild_negative_words",
    "mild_positive_words",
    "strong_positive_words",
    "induced_sum",
    "induced_positive",
    "induced_negative",
    "induced_strongest_positive",
    "induced_strongest_negative",
)
WORDS = "sentiment_words"  # the word-valence model file (socialrx train sentiment-words)
_FLOOR = 1e-12  # probabilities are clipped here before the log (as in training)
INDUCED_KEY = 0x9E3779B9  # an induced valence is stored under (token hash XOR INDUCED_KEY)
_NEGATION_SCALAR = -0.74  # VADER's N_SCALAR
_CAPS_INCREMENT = 0.733  # VADER's C_INCR: an ALL-CAPS word in a mixed-case post
_EXCLAMATION_INCREMENT = 0.292  # VADER: each "!" (up to 4) pushes the sum away from zero
_LEXICON_SCALE = 4.0  # how strongly the lexicon features enter the model (chosen on val folds)
_BUT = token_hash("but")
_EXCLAMATION = token_hash("!")
_EXCLAMATIONS = token_hash("!!")
_CAPS = re.compile(r"\b[A-Z][A-Z']+\b")
_TWO_CAPITALS = re.compile(r"[A-Z][A-Z']")  # a cheap test before the word-bounded search
_NO_RULES = (0.0, 0.0, 0.0, 0.0)
_NO_INDUCED = (0.0, 0.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class Lexicons:
    """What the dense features look words up in (all keyed by token hash): VADER valences,
    induced valences (stored in the model's lexicon under hash XOR ``INDUCED_KEY``) and VADER's
    intensifiers (stored in the model header)."""

    vader: Mapping[int, float]
    induced: Mapping[int, float]
    boosters: Mapping[int, float]

    @classmethod
    def of(cls, lexicon: Mapping[int, float], boosters: Mapping[int, float]) -> Lexicons:
        induced = {key ^ INDUCED_KEY: value for key, value in lexicon.items()}
        for key in lexicon.keys() & induced.keys():
            del induced[key]  # a word with a VADER valence has no induced one
        return cls(lexicon, induced, boosters)


def dense_features(found: Features, lexicons: Lexicons, text: str = "") -> tuple[float, ...]:
    """The features of ``DENSE`` for a document's token hashes (``text``, the original post, for
    VADER's ALL-CAPS emphasis)."""
    hashes = found.hashes
    looked_up = list(map(lexicons.vader.get, hashes))
    induced = [v for v in map(lexicons.induced.get, hashes) if v is not None]
    raw = [v for v in looked_up if v is not None]
    positive = sum(v for v in raw if v > 0)
    negative = -sum(v for v in raw if v < 0)
    balance = positive - negative
    k = _LEXICON_SCALE
    return (
        k * positive / 4,
        k * negative / 4,
        k * balance / math.sqrt(balance * balance + 15),
        k * (positive > 0),
        k * (negative > 0),
        *(_rules(hashes, looked_up, lexicons.boosters, text) if raw else _NO_RULES),
        *_bins(raw),
        *(_induced(induced) if induced else _NO_INDUCED),
    )


def _rules(hashes: tuple[int, ...], looked_up: list[float | None], boosters: Mapping[int, float],
           text: str) -> tuple[float, ...]:  # fmt: skip
    """A cheap copy of VADER's rules over the lexicon words: an intensifier before a word or
    ALL-CAPS writing (in a mixed-case post) moves its valence away from zero; the last "but"
    halves what comes before and raises what follows by half; "!" (up to 4) pushes the sum away
    from zero. Then VADER's normalisation, the strongest valence each way and the last one."""
    caps = _caps(text)
    but_at = len(hashes) - 1 - hashes[::-1].index(_BUT) if _BUT in hashes else len(hashes)
    valences: list[float] = []
    for i, found in enumerate(looked_up):
        if found is None:
            continue
        extra = (boosters.get(hashes[i - 1], 0.0) if i else 0.0) + (
            _CAPS_INCREMENT if caps and hashes[i] in caps else 0.0
        )
        value = found + extra if found > 0 else found - extra
        if but_at < len(hashes):
            value *= 0.5 if i < but_at else 1.5
        valences.append(value)
    total = sum(valences)
    exclamations = hashes.count(_EXCLAMATION) + 2 * hashes.count(_EXCLAMATIONS)
    if total:
        total += math.copysign(min(exclamations, 4) * _EXCLAMATION_INCREMENT, total)
    k = _LEXICON_SCALE
    return (
        k * total / math.sqrt(total * total + 15),
        k * max(0.0, *valences) / 4,
        k * min(0.0, *valences) / 4,
        k * valences[-1] / 4,
    )


def _caps(text: str) -> frozenset[int]:
    """Hashes of the ALL-CAPS words of a mixed-case post (VADER's emphasis rule)."""
    if not _TWO_CAPITALS.search(text) or text.isupper() or not _CAPS.search(text):
        return frozenset()
    return frozenset(token_hash(w.lower()) for w in _CAPS.findall(text))


def _induced(values: list[float]) -> tuple[float, ...]:
    """Sum, positive and negative parts and extremes of the induced valences of a post."""
    k = _LEXICON_SCALE
    positive = sum(v for v in values if v > 0)
    negative = sum(v for v in values if v < 0)
    return (
        k * (positive + negative),
        k * positive,
        -k * negative,
        k * max(0.0, *values),
        k * min(0.0, *values),
    )


def _bins(valences: list[float]) -> tuple[float, ...]:
    """How many strong (|valence| ≥ 2) and mild negative and positive words, capped at 3."""
    counts = [0, 0, 0, 0]
    for v in valences:
        counts[0 if v <= -2 else 1 if v < 0 else 2 if v < 2 else 3] += 1
    k = _LEXICON_SCALE
    return tuple(k * min(c, 3) / 3 for c in counts)


@classifier("sentiment", codes=("sentiment",))
class SentimentClassifier:
    """Sentiment (negative, neutral, positive) of an inbound post, from a linear model trained on
    tweeteval sentiment with VADER lexicon features, fused with teacher-derived word valences.
    Options: ``embedder``, a folder built by ``socialrx train embedder`` and ``socialrx train
    sentiment-fusion`` (the ``embeddings`` extra): the linear model's probabilities are then
    fused with a sentence-embedding model's instead (better, about 100× slower;
    docs/models/sentiment.md); ``threads`` for its encoder (default 1)."""

    def __init__(self, embedder: str | os.PathLike[str] | None = None, threads: int = 1) -> None:
        self.embedder = embedder
        self.threads = threads
        self._fusion: Fusion | None = None

    def __getstate__(self) -> dict[str, Any]:
        # the fusion (with its onnxruntime session) is rebuilt on first use
        return {"embedder": self.embedder, "threads": self.threads}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["embedder"], state["threads"])  # type: ignore[misc]

    def __call__(self, document: Document) -> Iterator[Sentiment]:
        if self.embedder is None:
            yield from sentiment(document)
            return
        fusion = self._fusion or self._load()
        found = features(document)
        if not found.buckets:
            yield Sentiment("neutral", 0.0)
            return
        shipped = _probabilities(found, document.text)
        yield _sentiment_of(fusion.probabilities(document.text, shipped))

    def _load(self) -> Fusion:
        if not isinstance(self.embedder, str | os.PathLike) or not str(self.embedder).strip():
            raise PolicyError(
                "[detectors.sentiment] 'embedder' must be the path of a folder built by "
                "`socialrx train embedder`"
            )
        if isinstance(self.threads, bool) or not isinstance(self.threads, int) or self.threads < 1:
            raise PolicyError("[detectors.sentiment] 'threads' must be a whole number ≥ 1")
        from socialrx.classifiers import embedding

        self._fusion = embedding.load(Path(self.embedder), threads=self.threads)
        return self._fusion


def sentiment(document: Document) -> Iterator[Sentiment]:
    """The shipped model's sentiment of a post (the classifier without options)."""
    found = features(document)
    if not found.buckets:
        yield Sentiment("neutral", 0.0)
        return
    yield _sentiment_of(word_valences().fuse(_probabilities(found, document.text), found.hashes))


def _probabilities(found: Features, text: str) -> list[float]:
    """The linear model's class probabilities (before the word valences)."""
    model = linear.load("sentiment")
    dense = dense_features(found, lexicons(model), text)
    return model.probabilities(found.buckets, found.scale, dense)


@dataclass(frozen=True, slots=True)
class WordValences:
    """Teacher-derived word valences (``sentiment_words.bin``): token hash → (neutral, positive)
    score relative to negative, the head's intercepts, the fusion weight ``w`` and offsets."""

    table: Mapping[int, complex]  # neutral score + positive score × 1j (one sum adds both)
    intercept: tuple[float, float]
    weight: float
    offsets: tuple[float, float, float]

    @classmethod
    def of(cls, model: linear.LinearModel) -> WordValences:
        neutral, positive = model.columns
        table = {h: complex(v, positive[h]) for h, v in neutral.items()}
        head = model.header
        b1, b2 = (float(v) for v in head["intercept"])
        o0, o1, o2 = (float(v) for v in head["offsets"])
        return cls(table, (b1, b2), float(head["weight"]), (o0, o1, o2))

    def log_probabilities(self, hashes: Sequence[int]) -> tuple[float, float, float]:
        """log P(negative, neutral, positive) of the word head: its scores are the mean of the
        known words' scores (the head of the mean word vector) plus the intercepts."""
        found = [v for v in map(self.table.get, hashes) if v is not None]
        z1, z2 = self.intercept
        if found:
            n = len(found)
            total = sum(found)
            z1 += total.real / n
            z2 += total.imag / n
        top = max(0.0, z1, z2)
        norm = top + math.log(math.exp(-top) + math.exp(z1 - top) + math.exp(z2 - top))
        return (-norm, z1 - norm, z2 - norm)

    def fuse(self, linear_p: Sequence[float], hashes: Sequence[int]) -> list[float]:
        """softmax(w·log P_words + (1 − w)·log P_linear + offsets)."""
        w = self.weight
        z = [
            w * lw + (1 - w) * math.log(max(p, _FLOOR)) + o
            for lw, p, o in zip(self.log_probabilities(hashes), linear_p, self.offsets, strict=True)
        ]
        top = max(z)
        exp = [math.exp(v - top) for v in z]
        total = sum(exp)
        return [e / total for e in exp]


@cache
def word_valences() -> WordValences:
    """The shipped word valences (read once per process; the decoded file is not kept)."""
    return WordValences.of(linear.load.__wrapped__(WORDS))


def _sentiment_of(p: Sequence[float]) -> Sentiment:
    """The most probable class, and P(positive) − P(negative)."""
    best = max(range(len(CLASSES)), key=p.__getitem__)
    return Sentiment(CLASSES[best], min(1.0, max(-1.0, p[2] - p[0])))


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
    found = features(document)
    return word_valences().fuse(_probabilities(found, document.text), found.hashes)


@cache
def lexicons(model: linear.LinearModel) -> Lexicons:
    """The model's lexicons (built once per process)."""
    boosters = {int(h): float(v) for h, v in model.header.get("boosters", [])}
    return Lexicons.of(model.lexicon, boosters)


def vader_boosters() -> dict[int, float]:
    """VADER's one-word intensifiers ("very" +0.293, "barely" -0.293) as token hash →
    increment, plain and negation-marked (training time only: reads ``vaderSentiment``)."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT  # type: ignore[import-untyped]

    out: dict[int, float] = {}
    for word, value in sorted(BOOSTER_DICT.items()):
        if " " not in word:
            out[token_hash(word)] = out[token_hash(NEGATED + word)] = float(value)
    return out


document_code(
    "sentiment",
    summary="Sentiment of an inbound post: negative, neutral or positive, with a score in "
    "[-1, 1] (P(positive) − P(negative)) from a model trained on tweeteval sentiment with VADER "
    "lexicon features (docs/models/sentiment.md).",
    example="Thank you so much, the nurses on ward 4 were wonderful!",
    false_positives="Sarcasm ('great, another two-hour wait') reads as positive; news-style "
    "posts about bad events may read as negative; neutral is the most confused class.",
)
