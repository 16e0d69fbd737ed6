"""CONSTRAINT 2021 COVID-19 fake news (Patwa et al. 2021): F1 of ``misinformation`` on fake.

Measured on english_test_with_labels.csv (the official test split with gold labels); the model
was trained on Constraint_Train.csv and tuned on Constraint_Val.csv. Target: F1 ≥ 0.90.
"""

from __future__ import annotations

import csv
from pathlib import Path

from socialrx.errors import DatasetError
from socialrx.evaluation.triage import Binary, Figure, analyze_inbound, has_label
from socialrx.pipeline import Pipeline

TEST = "english_test_with_labels.csv"


def read_posts(path: Path) -> tuple[list[str], list[bool]]:
    """The posts and whether each is fake, from a CSV with columns ``tweet`` and ``label``."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise DatasetError(f"cannot read {path.name}: {exc.strerror}") from None
    texts: list[str] = []
    fake: list[bool] = []
    for number, row in enumerate(rows, start=2):
        label = (row.get("label") or "").strip().lower()
        text = row.get("tweet")
        if label not in ("real", "fake") or text is None:
            raise DatasetError(
                f"{path.name} line {number}: expected columns tweet and label real|fake"
            )
        texts.append(text)
        fake.append(label == "fake")
    return texts, fake


def figures(folder: Path, pipe: Pipeline) -> list[Figure]:
    """F1 of ``misinformation`` against the fake posts of the test split."""
    texts, fake = read_posts(folder / TEST)
    flagged = [has_label(a, "misinformation") for a in analyze_inbound(pipe, texts)]
    binary = Binary.of(fake, flagged)
    return [
        Figure(
            "constraint-covid19-fakenews",
            "fake as misinformation F1 (test)",
            binary.f1,
            0.90,
            detail=binary.describe(),
        )
    ]
