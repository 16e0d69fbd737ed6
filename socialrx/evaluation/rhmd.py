"""rhmd-reddit-health-mention (Naseem et al., WWW 2022): Reddit posts that mention a disease or
symptom, labelled 0 figurative, 1 non-personal health mention, 2 personal health mention.

The crisis figure: figurative posts ("this exam is killing me") flagged ``crisis``, target
≤ 3%; the shares of labels 1 and 2 flagged are reported as detail only (a personal health
mention may well be an emergency). Evaluation only: the file has no licence.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from socialrx.errors import DatasetError
from socialrx.evaluation.triage import Figure, analyze_inbound, has_label, labelled_rows
from socialrx.pipeline import Pipeline

NAME = "rhmd-reddit-health-mention"
FILE = "RHMD_3_Class.csv"
KINDS = {"0": "figurative", "1": "non-personal", "2": "personal"}


def load(folder: Path) -> Iterator[tuple[str, str]]:
    """(text, label) per row of the dataset file (or the folder holding it)."""
    path = folder / FILE if folder.is_dir() else folder
    for _, label, row in labelled_rows(path, "Text", "Label", KINDS):
        yield row.get("Text") or "", label


def figures(folder: Path, pipe: Pipeline) -> list[Figure]:
    rows = list(load(folder))
    if not rows:
        raise DatasetError(f"{str(folder)!r}: no rows found")
    counts = {label: [0, 0] for label in KINDS}  # label -> [flagged, posts]
    analyses = analyze_inbound(pipe, (text for text, _ in rows))
    for (_, label), analysis in zip(rows, analyses, strict=True):
        counts[label][0] += has_label(analysis, "crisis")
        counts[label][1] += 1
    share = {lb: (f / n if n else 0.0) for lb, (f, n) in counts.items()}
    detail = "; ".join(
        f"label {lb} ({KINDS[lb]}) flagged {f}/{n} = {share[lb]:.1%}"
        for lb, (f, n) in counts.items()
    )
    return [
        Figure(NAME, "figurative posts (label 0) flagged crisis", share["0"], 0.03, "<=", detail)
    ]
