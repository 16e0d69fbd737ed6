"""``socialrx train``: build the shipped linear models from licensed data, reproducibly.

Each model is a logistic regression (scikit-learn, the ``train`` extra) over the very features the
runtime computes (``socialrx.classifiers.features``), so the shipped model scores what
scikit-learn scored. The same data, code and seed give byte-identical model files.

| model | trained on | tuned on (regularisation, threshold) |
|---|---|---|
| sentiment | tweeteval sentiment val (lexicon induced from unlabelled tweeteval offensive + hate train/val and sentiment val text) | 3 × 5 stratified folds of val: C and class offsets (then refit on all of val) |
| toxicity | tweeteval offensive train + val | 5 stratified folds of train + val |
| misinformation | constraint Constraint_Train.csv; negatives: tweeteval offensive + hate train, sentiment val | Constraint_Val.csv; negatives: tweeteval offensive val |

Test splits are never read here: ``socialrx eval triage`` measures on them. Importing this
module needs the ``train`` extra (scikit-learn; vaderSentiment for the sentiment lexicon).
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
from sklearn.metrics import f1_score, recall_score  # type: ignore[import-untyped]

from socialrx.classifiers import features as feats
from socialrx.classifiers import linear
from socialrx.errors import DatasetError
from socialrx.evaluation.tweeteval import read_split

MODELS = ("sentiment", "toxicity", "misinformation")
SENTIMENT_CLASSES = ("negative", "neutral", "positive")
_GRID = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
_SENTIMENT_GRID = (0.25, 0.5, 1.0, 2.0)
_SENTIMENT_MIN_DF = 2  # 2 beat 1 and 3 on val folds (with the rule and word-count features)
_REPEATS = 3  # 5-fold cross-validation repeated with seeds seed, seed + 1, seed + 2
_INDUCED_MIN = 5  # tweets a word must occur in to get an induced valence
_INDUCED_PRIOR = 5.0
_STEPS = tuple(i / 10 for i in range(-5, 6))
_OFFSETS = tuple((0.0, a, b) for a in _STEPS for b in _STEPS)  # added to neutral, positive
_FOLDS = 5
_TOXICITY_MIN_DF = 3  # 3 beat 1, 2, 4 and 5 on offensive val
_GENERAL_SHARE = 1.0
_THRESHOLDS = tuple(i / 100 for i in range(20, 81, 2))
Data = tuple[list[str], list[int]]


@dataclass(frozen=True)
class Trained:
    """A fitted model: the file header and body, the scikit-learn estimator and its features."""

    header: dict[str, Any]
    body: tuple[Any, ...]  # (buckets, weights, lexicon) as ``linear.encode`` takes them
    estimator: Any
    matrix: Matrix

    def encode(self) -> bytes:
        return linear.encode(self.header, *self.body)


def build(model: str, data_dir: Path, seed: int = 13) -> Trained:
    """Fit ``model`` on its training data under ``data_dir`` (the shared data folder)."""
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}; expected one of {', '.join(MODELS)}")
    return _RECIPES[model](data_dir, seed)


def train(model: str, data_dir: Path, output_dir: Path, seed: int = 13) -> dict[str, Any]:
    """Train ``model`` from ``data_dir`` (the shared data folder), write
    ``output_dir/<model>.bin`` and return the tuning metrics."""
    trained = build(model, data_dir, seed)
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / f"{model}.bin").write_bytes(trained.encode())
    return dict(trained.header["metrics"])


# -- data --------------------------------------------------------------------------------------


def read_constraint(path: Path) -> Data:
    """A constraint-covid19-fakenews CSV (``id,tweet,label``); label 1 = fake."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise DatasetError(f"cannot read {path.name}: {exc.strerror}") from None
    texts, labels = [], []
    for number, row in enumerate(rows, start=2):
        label = (row.get("label") or "").strip().lower()
        if label not in ("real", "fake") or row.get("tweet") is None:
            raise DatasetError(
                f"{path.name} line {number}: expected columns tweet and label real|fake"
            )
        texts.append(row["tweet"])
        labels.append(int(label == "fake"))
    return texts, labels


# -- features as a matrix --------------------------------------------------------------------


class Matrix:
    """Training documents as a sparse matrix over the buckets seen in at least ``min_df``
    documents (others get no weight, exactly as at run time), plus dense columns."""

    def __init__(self, texts: Sequence[str], min_df: int,
                 dense: Callable[[feats.Features, str], Sequence[float]] | None = None) -> None:  # fmt: skip
        self.texts = list(texts)
        self.features = [feats.featurize(t) for t in texts]
        counts: dict[int, int] = {}
        for f in self.features:
            for b in f.buckets:
                counts[b] = counts.get(b, 0) + 1
        self.buckets = sorted(b for b, c in counts.items() if c >= min_df)
        self.dense = dense

    def rows(self, features: Sequence[feats.Features], texts: Sequence[str] = ()) -> Any:
        """The matrix of ``features`` (and of ``texts``, their documents, for dense columns)."""
        column = {b: i for i, b in enumerate(self.buckets)}
        indptr, indices, values = [0], [], []
        for f in features:
            cols = sorted(column[b] for b in f.buckets if b in column)
            indices.extend(cols)
            values.extend([f.scale] * len(cols))
            indptr.append(len(indices))
        shape = (len(features), len(self.buckets))
        matrix = sparse.csr_matrix(
            (np.array(values), np.array(indices, dtype=np.int64), indptr), shape=shape
        )
        if self.dense is None:
            return matrix
        dense = self.dense
        rows = [list(dense(f, t)) for f, t in zip(features, texts, strict=True)]
        extra = sparse.csr_matrix(np.array(rows, dtype=float))
        return sparse.hstack([matrix, extra], format="csr")

    def of(self, texts: Sequence[str]) -> Any:
        return self.rows([feats.featurize(t) for t in texts], texts)


def _fit(
    x: Any, y: Sequence[int], c: float, seed: int, weights: Sequence[float] | None = None
) -> Any:
    """A logistic regression; classes balanced unless ``weights`` (per sample) are given."""

    balance = "balanced" if weights is None else None
    model = LogisticRegression(C=c, class_weight=balance, max_iter=3000, random_state=seed)
    return model.fit(x, list(y), sample_weight=None if weights is None else list(weights))


def _body(matrix: Matrix, fitted: Any, lexicon: dict[int, float] | None = None) -> tuple[Any, ...]:
    coef = fitted.coef_
    n = len(matrix.buckets)
    weights = [float(v) for i in range(n) for v in coef[:, i]]
    return (matrix.buckets, weights, lexicon)


def _header(model: str, matrix: Matrix, fitted: Any, metrics: dict[str, Any], seed: int,
            outputs: Sequence[str], threshold: float = 0.5, dense: Sequence[str] = ()) -> dict[str, Any]:  # fmt: skip
    n = len(matrix.buckets)
    dense_weights = [[float(v) for v in fitted.coef_[:, n + j]] for j in range(len(dense))]
    return {
        "model": model,
        "outputs": list(outputs),
        "intercept": [float(v) for v in fitted.intercept_],
        "dense": list(dense),
        "dense_weights": dense_weights,
        "threshold": threshold,
        "logit_threshold": math.log(threshold / (1 - threshold)),
        "bits": feats.BITS,
        "seed": seed,
        "metrics": metrics,
        "command": f"socialrx train {model} --data DATA_DIR --output socialrx/models --seed {seed}",
    }


# -- recipes -----------------------------------------------------------------------------------


def _binary(model: str, train: Data, tune: Data, seed: int, min_df: int,
            weights: Sequence[float] | None = None, average: str = "macro") -> Trained:  # fmt: skip
    """Choose C and the threshold by F1 of the positive class on ``tune``; fit on ``train``."""

    matrix = Matrix(train[0], min_df)
    x, x_tune = matrix.rows(matrix.features), matrix.of(tune[0])
    best: tuple[float, float, float, Any] | None = None
    for c in _GRID:
        fitted = _fit(x, train[1], c, seed, weights)
        proba = fitted.predict_proba(x_tune)[:, 1]
        for t in _THRESHOLDS:
            score = float(f1_score(tune[1], proba >= t, average=average))
            if best is None or score > best[0] + 1e-9:
                best = (score, c, t, fitted)
    if best is None:
        raise ValueError("empty tuning grid")
    score, c, t, fitted = best
    metrics = {f"tune_{average}_f1": round(score, 4), "C": c, "threshold": t,
               "n_train": len(train[0]), "n_tune": len(tune[0]), "n_buckets": len(matrix.buckets)}  # fmt: skip
    header = _header(model, matrix, fitted, metrics, seed, (model,), t)
    return Trained(header, _body(matrix, fitted), fitted, matrix)


def _toxicity(data_dir: Path, seed: int) -> Trained:
    """C and the threshold by macro-F1 over out-of-fold predictions on train + val (5 seeded
    stratified folds: steadier than the 1,324 val tweets alone), then a fit on train + val."""
    folder = data_dir / "tweeteval" / "offensive"
    train = read_split(folder, "train")
    val = read_split(folder, "val")
    texts, labels = train[0] + val[0], train[1] + val[1]
    oof: dict[float, list[float]] = {c: [0.0] * len(labels) for c in _GRID}
    for held in folds(labels, _FOLDS, seed):
        out = set(held)
        fit_at = [i for i in range(len(labels)) if i not in out]
        part = Matrix([texts[i] for i in fit_at], _TOXICITY_MIN_DF)
        x_fit, x_held = part.rows(part.features), part.of([texts[i] for i in held])
        for c in _GRID:
            proba = _fit(x_fit, [labels[i] for i in fit_at], c, seed).predict_proba(x_held)[:, 1]
            for i, p in zip(held, proba, strict=True):
                oof[c][i] = float(p)
    score, c, t = max(
        (float(f1_score(labels, [p >= t for p in oof[c]], average="macro")), c, t)
        for c in _GRID
        for t in _THRESHOLDS
    )
    matrix = Matrix(texts, _TOXICITY_MIN_DF)
    fitted = _fit(matrix.rows(matrix.features), labels, c, seed)
    metrics = {"cv_macro_f1": round(score, 4), "C": c, "threshold": t, "folds": _FOLDS,
               "n_train": len(texts), "n_buckets": len(matrix.buckets)}  # fmt: skip
    header = _header("toxicity", matrix, fitted, metrics, seed, ("toxicity",), t)
    return Trained(header, _body(matrix, fitted), fitted, matrix)


def _misinformation(data_dir: Path, seed: int) -> Trained:
    """Fake posts against real ones, and against general tweets (tweeteval: none of them health
    claims, mentions removed so that their absence is no cue) so that everyday posts are not
    flagged for their style. Tuned on constraint val plus general tweets kept out of training."""
    folder = data_dir / "constraint-covid19-fakenews"
    tweets = data_dir / "tweeteval"
    sentiment = read_split(tweets / "sentiment", "val")
    kept, held = _split(sentiment[1], 0.5, seed)
    general = [
        *read_split(tweets / "offensive", "train")[0],
        *read_split(tweets / "hate", "train")[0],
        *read_split(tweets / "hate", "val")[0],
        *(sentiment[0][i] for i in kept),
    ]
    constraint = read_constraint(folder / "Constraint_Train.csv")
    train = _with_negatives(constraint, general)
    # every constraint post weighs 1; the general tweets together weigh as much as the real posts
    share = _GENERAL_SHARE * (len(constraint[1]) - sum(constraint[1])) / len(general)
    weights = [1.0] * len(constraint[1]) + [share] * len(general)
    unseen = [*read_split(tweets / "offensive", "val")[0], *(sentiment[0][i] for i in held)]
    tune = _with_negatives(read_constraint(folder / "Constraint_Val.csv"), unseen)
    return _binary("misinformation", train, tune, seed, 2, weights, average="binary")


def _with_negatives(data: Data, negatives: list[str]) -> Data:
    plain = [" ".join(w for w in text.split() if w != "@user") for text in negatives]
    return data[0] + plain, data[1] + [0] * len(plain)


def _split(labels: Sequence[int], share: float, seed: int) -> tuple[list[int], list[int]]:
    """A stratified, seeded split of positions: (fit, held out)."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible split, not a secret
    fit: list[int] = []
    held: list[int] = []
    for value in sorted(set(labels)):
        members = [i for i, y in enumerate(labels) if y == value]
        rng.shuffle(members)
        cut = round(len(members) * share)
        held.extend(members[:cut])
        fit.extend(members[cut:])
    return sorted(fit), sorted(held)


def sentiment_inputs(data_dir: Path) -> tuple[Data, dict[int, float], dict[int, float], int]:
    """The sentiment recipe's val texts and labels, its lexicon (VADER's plus the induced
    valences), VADER's intensifiers and the number of induced words."""
    from socialrx.classifiers.sentiment import vader_boosters, vader_lexicon

    tweets = data_dir / "tweeteval"
    texts, labels = read_split(tweets / "sentiment", "val")
    lexicon = vader_lexicon()
    unlabelled = [
        *(read_split(tweets / task, split)[0] for task in ("offensive", "hate") for split in ("train", "val")),
        texts,
    ]  # fmt: skip
    n_induced = _add_induced(lexicon, [t for part in unlabelled for t in part])
    return (texts, labels), lexicon, vader_boosters(), n_induced


def sentiment_oof(data: Data, dense: Callable[[feats.Features, str], Sequence[float]],
                  grid: Sequence[float], seed: int) -> dict[float, Any]:  # fmt: skip
    """Per C of ``grid``: out-of-fold class probabilities over ``_REPEATS`` × ``_FOLDS`` seeded
    stratified folds of ``data`` (fold seeds seed, seed + 1, …), rows repeat after repeat."""
    texts, labels = data
    oof = {c: np.zeros((_REPEATS * len(labels), len(SENTIMENT_CLASSES))) for c in grid}
    for repeat in range(_REPEATS):
        for held in folds(labels, _FOLDS, seed + repeat):
            out = set(held)
            fit_at = [i for i in range(len(labels)) if i not in out]
            part = Matrix([texts[i] for i in fit_at], _SENTIMENT_MIN_DF, dense)
            x_fit = part.rows(part.features, part.texts)
            x_held = part.of([texts[i] for i in held])
            rows = [repeat * len(labels) + i for i in held]
            for c in grid:
                fitted = _fit(x_fit, [labels[i] for i in fit_at], c, seed)
                oof[c][rows] = fitted.predict_proba(x_held)
    return oof


def _sentiment(data_dir: Path, seed: int) -> Trained:
    """Choose C by macro recall over seeded stratified folds of val (repeated ``_REPEATS``
    times), then per-class offsets of the log-probabilities by macro recall over the chosen C's
    out-of-fold probabilities; refit on all of val and add the offsets to the intercepts."""

    from socialrx.classifiers.sentiment import DENSE, Lexicons, dense_features

    (texts, labels), lexicon, boosters, n_induced = sentiment_inputs(data_dir)
    lexicons = Lexicons.of(lexicon, boosters)

    def dense(f: feats.Features, text: str) -> Sequence[float]:
        return dense_features(f, lexicons, text)

    oof = sentiment_oof((texts, labels), dense, _SENTIMENT_GRID, seed)
    gold = list(labels) * _REPEATS
    scores = {c: macro_recall(gold, oof[c]) for c in _SENTIMENT_GRID}
    c = max(_SENTIMENT_GRID, key=lambda k: (round(scores[k], 9), -k))
    offsets = best_offsets(gold, oof[c])
    matrix = Matrix(texts, _SENTIMENT_MIN_DF, dense)
    fitted = _fit(matrix.rows(matrix.features, matrix.texts), labels, c, seed)
    fitted.intercept_ = fitted.intercept_ + np.array(offsets)
    metrics = {"cv_macro_recall": round(scores[c], 4), "C": c, "folds": _FOLDS,
               "cv_by_C": {str(k): round(v, 4) for k, v in scores.items()},
               "offsets": list(offsets), "cv_macro_recall_offset": round(macro_recall(gold, oof[c], offsets), 4), "repeats": _REPEATS,
               "min_df": _SENTIMENT_MIN_DF, "n_train": len(texts),
               "n_buckets": len(matrix.buckets), "n_lexicon": len(lexicon),
               "n_induced": n_induced}  # fmt: skip
    header = _header("sentiment", matrix, fitted, metrics, seed, SENTIMENT_CLASSES, dense=DENSE)
    header["boosters"] = sorted([h, v] for h, v in boosters.items())
    return Trained(header, _body(matrix, fitted, lexicon), fitted, matrix)


def best_offsets(gold: Sequence[int], proba: Any) -> tuple[float, ...]:
    """The class offsets (added to log P(neutral), log P(positive)) of best macro recall; ties go
    to the smallest offsets."""
    return max(_OFFSETS, key=lambda o: (round(macro_recall(gold, proba, o), 9),
                                        -sum(map(abs, o))))  # fmt: skip


def _add_induced(lexicon: dict[int, float], texts: Sequence[str]) -> int:
    """Induce a valence for words outside VADER's lexicon from unlabelled tweets (distant
    supervision): the mean VADER compound score of the tweets a word occurs in, minus the mean
    over all tweets, shrunk towards 0 by ``_INDUCED_PRIOR`` pseudo-tweets; words in at least
    ``_INDUCED_MIN`` tweets. Stored in ``lexicon`` under hash XOR ``INDUCED_KEY``."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # type: ignore[import-untyped]

    from socialrx.classifiers.sentiment import INDUCED_KEY

    analyzer = SentimentIntensityAnalyzer()
    compound = [float(analyzer.polarity_scores(t)["compound"]) for t in texts]
    mean = sum(compound) / max(1, len(compound))
    counts: dict[int, int] = {}
    totals: dict[int, float] = {}
    for text, score in zip(texts, compound, strict=True):
        for h in set(feats.featurize(text).hashes):
            if h not in lexicon:
                counts[h] = counts.get(h, 0) + 1
                totals[h] = totals.get(h, 0.0) + score - mean
    added = 0
    for h in sorted(counts):
        key = h ^ INDUCED_KEY
        if counts[h] >= _INDUCED_MIN and key not in lexicon:
            lexicon[key] = float(np.float32(totals[h] / (counts[h] + _INDUCED_PRIOR)))
            added += 1
    return added


def macro_recall(labels: Sequence[int], proba: Any, offsets: Sequence[float] = (0, 0, 0)) -> float:
    """Macro recall of the argmax of log-probabilities plus per-class ``offsets``."""
    scores = np.log(np.clip(proba, 1e-12, None)) + np.array(offsets, dtype=float)
    return float(recall_score(labels, np.argmax(scores, axis=1), average="macro"))


def folds(labels: Sequence[int], k: int, seed: int) -> list[list[int]]:
    """``k`` seeded, stratified folds of positions."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible split, not a secret
    folds: list[list[int]] = [[] for _ in range(k)]
    for value in sorted(set(labels)):
        members = [i for i, y in enumerate(labels) if y == value]
        rng.shuffle(members)
        for j, i in enumerate(members):
            folds[j % k].append(i)
    return [sorted(f) for f in folds]


_RECIPES: dict[str, Callable[[Path, int], Trained]] = {
    "sentiment": _sentiment,
    "toxicity": _toxicity,
    "misinformation": _misinformation,
}
