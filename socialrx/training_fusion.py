"""``socialrx train sentiment-fusion --embedder DIR``: the embedding head of the opt-in sentiment
fusion (docs/models/sentiment.md), written to ``DIR/sentiment_head.json``.

Trained on tweeteval sentiment val only, with the shipped recipe's folds: 3 × 5 seeded stratified
folds (``training.folds``, seeds seed … seed + 2). Per fold, a logistic regression on the
384-d embeddings (balanced classes) and the shipped recipe refitted at its own C give out-of-fold
probabilities; C of the head and the fusion weight w are chosen by pooled macro recall of
softmax(w·log P_head + (1 − w)·log P_shipped), then class offsets on the same pooled
probabilities, as the shipped recipe chooses its own. The head is refitted on all of val. The
test split is never read. The file holds weights and settings only, no text. Needs the
``train`` and ``embeddings`` extras.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from socialrx import training
from socialrx.classifiers import embedding, features, linear

C_GRID = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
WEIGHTS = tuple(i / 10 for i in range(1, 10))  # the embedding head's share w
COMMAND = "socialrx train sentiment-fusion --embedder DIR --data DATA_DIR --seed {seed}"


def fused(embedded: Any, shipped: Any, weight: float) -> Any:
    """Row-wise softmax(w·log P_embedded + (1 − w)·log P_shipped) (numpy, for tuning)."""
    z = weight * np.log(np.clip(embedded, 1e-12, None))
    z = z + (1 - weight) * np.log(np.clip(shipped, 1e-12, None))
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def fit_head(vectors: Any, labels: Sequence[int], shipped_oof: Any, seed: int) -> dict[str, Any]:
    """Choose C, w and the class offsets on the folds (``shipped_oof``: the shipped recipe's
    out-of-fold probabilities on the same folds, repeat after repeat) and refit the head on all
    rows. Returns the head's data without the hashes and the shipped model's offsets."""
    x = np.asarray(vectors, dtype=np.float64)
    oof = {c: np.zeros((training._REPEATS * len(labels), 3)) for c in C_GRID}
    for repeat in range(training._REPEATS):
        for held in training.folds(labels, training._FOLDS, seed + repeat):
            out = set(held)
            fit_at = [i for i in range(len(labels)) if i not in out]
            rows = [repeat * len(labels) + i for i in held]
            for c in C_GRID:
                head = training._fit(x[fit_at], [labels[i] for i in fit_at], c, seed)
                oof[c][rows] = head.predict_proba(x[held])
    gold = list(labels) * training._REPEATS
    scores = {(c, w): training.macro_recall(gold, fused(oof[c], shipped_oof, w))
              for c in C_GRID for w in WEIGHTS}  # fmt: skip
    c, w = max(scores, key=lambda k: (round(scores[k], 9), -k[0], -k[1]))
    offsets = training.best_offsets(gold, fused(oof[c], shipped_oof, w))
    head = training._fit(x, list(labels), c, seed)
    metrics = {
        "cv_macro_recall": round(scores[(c, w)], 4),
        "cv_macro_recall_offset": round(
            training.macro_recall(gold, fused(oof[c], shipped_oof, w), offsets), 4
        ),
        "cv_head_alone": round(training.macro_recall(gold, oof[c]), 4),
        "cv_shipped_recipe": round(training.macro_recall(gold, shipped_oof), 4),
        "C": c, "weight": w, "cv_offsets": list(offsets), "folds": training._FOLDS,
        "repeats": training._REPEATS, "n_train": len(labels),
    }  # fmt: skip
    return {
        "format": embedding.FORMAT,
        "classes": list(embedding.CLASSES),
        "coef": [[float(v) for v in row] for row in head.coef_],
        "intercept": [float(v) for v in head.intercept_],
        "weight": w,
        "cv_offsets": list(offsets),
        "seed": seed,
        "metrics": metrics,
        "command": COMMAND.format(seed=seed),
    }


def head_bytes(head: dict[str, Any]) -> bytes:
    return (json.dumps(head, sort_keys=True, indent=1) + "\n").encode()


def train(folder: Path, data_dir: Path, seed: int = 13) -> dict[str, Any]:
    """Fit the head for the embedder in ``folder`` and write ``folder/sentiment_head.json``.
    BLAS runs on one thread: multi-threaded sums change the fits' last bits."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _train(folder, data_dir, seed)


def shipped_out_of_fold(data_dir: Path, seed: int) -> tuple[training.Data, dict[str, Any], Any]:
    """The sentiment val data, the shipped linear model's header, and that model's
    out-of-fold class probabilities on the seeded folds (its recipe refitted per fold at its
    own C): what a head fused with it is tuned against."""
    from socialrx.classifiers.sentiment import Lexicons, dense_features

    data, lexicon, boosters, _ = training.sentiment_inputs(data_dir)
    lexicons = Lexicons.of(lexicon, boosters)

    def dense(found: features.Features, text: str) -> Sequence[float]:
        return dense_features(found, lexicons, text)

    shipped = linear.load("sentiment").header
    c_shipped = float(shipped["metrics"]["C"])
    return data, shipped, training.sentiment_oof(data, dense, (c_shipped,), seed)[c_shipped]


def _train(folder: Path, data_dir: Path, seed: int) -> dict[str, Any]:
    described = embedding.manifest(folder)
    data, shipped, shipped_out = shipped_out_of_fold(data_dir, seed)
    c_shipped = float(shipped["metrics"]["C"])
    vectors = embedding.OnnxEncoder(folder).embed(data[0])
    head = fit_head(vectors, data[1], shipped_out, seed)
    # The run time fuses with sentiment.bin as it is, whose intercepts carry its own offsets:
    # (1 − w) of them are already in the fused scores.
    own = shipped["metrics"]["offsets"]
    offsets = [
        round(o - (1 - head["weight"]) * b, 9) for o, b in zip(head["cv_offsets"], own, strict=True)
    ]
    head.update(offsets=offsets, embedder_sha256=described["onnx_sha256"],
                sentiment_sha256=embedding.shipped_sha256(), shipped_C=c_shipped,
                shipped_offsets=list(own))  # fmt: skip
    (folder / embedding.HEAD).write_bytes(head_bytes(head))
    return dict(head["metrics"], offsets=offsets)
