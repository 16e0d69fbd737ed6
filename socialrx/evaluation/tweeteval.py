"""tweeteval (Barbieri et al. 2020) test splits: sentiment and offensive (as ``toxicity``).

- sentiment test: macro-averaged recall over negative, neutral, positive (the SemEval-2017
  Task 4A measure); target ≥ 0.65.
- offensive test: macro-F1 of ``toxicity`` against offensive / not offensive; target ≥ 0.70.

The models were trained on other splits (sentiment val; offensive train, tuned on val).
"""

from __future__ import annotations

from pathlib import Path

from socialrx.errors import DatasetError
from socialrx.evaluation.triage import (
    Binary,
    Figure,
    analyze_inbound,
    has_label,
    macro_f1,
    macro_recall,
)
from socialrx.pipeline import Pipeline

_SENTIMENT = ("negative", "neutral", "positive")


def read_split(folder: Path, split: str) -> tuple[list[str], list[int]]:
    """The texts and integer labels of ``<split>_text.txt`` / ``<split>_labels.txt``."""
    try:
        texts = (folder / f"{split}_text.txt").read_text(encoding="utf-8").split("\n")
        raw = (folder / f"{split}_labels.txt").read_text(encoding="utf-8").split()
    except OSError as exc:
        raise DatasetError(f"cannot read tweeteval {folder.name}/{split}: {exc.strerror}") from None
    if texts and texts[-1] == "":
        texts.pop()
    if len(texts) != len(raw) or not all(x.isdigit() for x in raw):
        raise DatasetError(
            f"tweeteval {folder.name}/{split}: {len(texts)} texts and {len(raw)} labels; "
            "expected one integer label per text line"
        )
    return texts, [int(x) for x in raw]


def sentiment_figure(folder: Path, pipe: Pipeline) -> Figure:
    texts, labels = read_split(folder / "sentiment", "test")
    if any(y not in (0, 1, 2) for y in labels):
        raise DatasetError("tweeteval sentiment test: expected labels 0, 1 or 2")
    gold = [_SENTIMENT[y] for y in labels]
    predicted = [
        a.sentiment.name if a is not None and a.sentiment is not None else "neutral"
        for a in analyze_inbound(pipe, texts)
    ]
    per_class = ", ".join(
        f"{c} R {Binary.of((g == c for g in gold), (p == c for p in predicted)).recall:.3f}"
        for c in _SENTIMENT
    )
    return Figure(
        "tweeteval", "sentiment macro recall (test)", macro_recall(gold, predicted), 0.65,
        detail=f"{per_class}; n {len(gold)}",
    )  # fmt: skip


def offensive_figure(folder: Path, pipe: Pipeline) -> Figure:
    texts, labels = read_split(folder / "offensive", "test")
    if any(y not in (0, 1) for y in labels):
        raise DatasetError("tweeteval offensive test: expected labels 0 or 1")
    flagged = [has_label(a, "toxicity") for a in analyze_inbound(pipe, texts)]
    gold = ["offensive" if y else "not" for y in labels]
    predicted = ["offensive" if f else "not" for f in flagged]
    binary = Binary.of((y == 1 for y in labels), flagged)
    return Figure(
        "tweeteval", "offensive as toxicity macro-F1 (test)", macro_f1(gold, predicted), 0.70,
        detail=f"offensive {binary.describe()}",
    )  # fmt: skip


def figures(folder: Path, pipe: Pipeline) -> list[Figure]:
    """Sentiment and offensive figures on the tweeteval test splits."""
    return [sentiment_figure(folder, pipe), offensive_figure(folder, pipe)]
