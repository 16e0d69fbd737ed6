"""Complaints on Twitter (Preoţiuc-Pietro, Găman & Aletras, ACL 2019) as ``complaint``
(evaluation only: no rule, word or weight comes from it).

The file is a CSV without a header: ``tweet_id, text, label, domain``; label 1 is a complaint.
Tweets to consumer brands (apparel, cars, electronics, food, retail, services, software,
transport, other) hold complaints and non-complaints; the ``random_reply`` and
``random_tweet`` domains are generic tweets used as negatives.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from socialrx.errors import DatasetError
from socialrx.evaluation.triage import Binary, Figure, analyze_inbound, has_label
from socialrx.pipeline import Pipeline

DATASET = "complaints-social-media"
FILE = "complaints-data.csv"
TARGET = 0.75
_COLUMNS = 4


def load(folder: Path) -> list[tuple[str, bool, str]]:
    """(text, is a complaint, domain) per tweet."""
    path = folder / FILE
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DatasetError(
            f"cannot read {path}: {type(exc).__name__}; expected a UTF-8 CSV file"
        ) from None
    items: list[tuple[str, bool, str]] = []
    for number, row in enumerate(rows, start=1):
        if len(row) != _COLUMNS or row[2] not in ("0", "1"):
            raise DatasetError(
                f"{path}: row {number} has {len(row)} columns or a label other than 0/1; "
                "expected tweet_id, text, label (0 or 1), domain"
            )
        items.append((row[1], row[2] == "1", row[3]))
    if not items:
        raise DatasetError(f"{path}: no rows; expected 3,449 labelled tweets")
    return items


def figures(folder: Path, pipe: Pipeline) -> list[Figure]:
    """F1 of ``complaint`` over every tweet, with precision, recall and per-domain counts."""
    items = load(folder)
    predicted = [has_label(a, "complaint") for a in analyze_inbound(pipe, (t for t, _, _ in items))]
    result = Binary.of((gold for _, gold, _ in items), predicted)
    flagged: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for (_, gold, domain), hit in zip(items, predicted, strict=True):
        key = f"{domain} {'complaints' if gold else 'others'}"
        totals[key] += 1
        flagged[key] += hit
    per_domain = "; ".join(f"{key} {flagged[key]}/{totals[key]}" for key in sorted(totals))
    return [
        Figure(
            DATASET,
            "complaint F1",
            result.f1,
            TARGET,
            ">=",
            f"{result.describe()}; flagged per domain: {per_domain}",
        )
    ]
