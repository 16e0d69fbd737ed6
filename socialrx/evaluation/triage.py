"""Inbound triage quality on third-party datasets: ``socialrx eval triage DATA_DIR``.

Each dataset has a module in this package with ``figures(folder, pipe) -> list[Figure]``; the
table ``DATASETS`` names the folder (under DATA_DIR) and the module. Every figure is computed on
data never used for training, against the target of issue #3.
"""

from __future__ import annotations

import csv
import importlib
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from socialrx.errors import DatasetError, InputError
from socialrx.evaluation.spans import Counts
from socialrx.model import Analysis
from socialrx.pipeline import Pipeline, make_document

Direction = Literal[">=", "<="]

# dataset folder → module (in socialrx.evaluation) with ``figures(folder, pipe)``
DATASETS: dict[str, str] = {
    "tweeteval": "tweeteval",
    "complaints-social-media": "complaints",
    "constraint-covid19-fakenews": "constraint",
    "psytar": "psytar",
    "reddit-cssrs-suicide-500": "cssrs",
    "rhmd-reddit-health-mention": "rhmd",
    "liveqa-medical-trec2017": "liveqa",
}


@dataclass(frozen=True)
class Figure:
    """One measured quality figure and its target."""

    dataset: str
    metric: str  # e.g. "sentiment macro recall (test)"
    value: float
    target: float
    direction: Direction = ">="
    detail: str = ""  # counts, per-class figures: never post text

    @property
    def passed(self) -> bool:
        return self.value >= self.target if self.direction == ">=" else self.value <= self.target

    def as_dict(self) -> dict[str, object]:
        return {
            "dataset": self.dataset,
            "metric": self.metric,
            "value": round(self.value, 4),
            "target": f"{self.direction} {self.target}",
            "passed": self.passed,
            "detail": self.detail,
        }


@dataclass
class Binary(Counts):
    """Precision, recall and F1 of a yes/no prediction (``Counts`` with true negatives)."""

    tn: int = 0

    @classmethod
    def of(cls, gold: Iterable[bool], predicted: Iterable[bool]) -> Binary:
        tp = fp = fn = tn = 0
        for g, p in zip(gold, predicted, strict=True):
            if g and p:
                tp += 1
            elif p:
                fp += 1
            elif g:
                fn += 1
            else:
                tn += 1
        return cls(tp, fp, fn, tn)

    def describe(self) -> str:
        return (
            f"P {self.precision:.3f} R {self.recall:.3f} "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn}, tn {self.tn})"
        )


def macro_recall(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """The mean over gold classes of the share of each class predicted as itself."""
    classes = sorted(set(gold))
    recalls = [Binary.of((g == c for g in gold), (p == c for p in predicted)).recall
               for c in classes]  # fmt: skip
    return sum(recalls) / len(recalls) if recalls else 0.0


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """The mean over gold classes of each class's F1."""
    classes = sorted(set(gold))
    f1s = [Binary.of((g == c for g in gold), (p == c for p in predicted)).f1 for c in classes]
    return sum(f1s) / len(f1s) if f1s else 0.0


def labelled_rows(
    path: Path, text: str, label: str, labels: Collection[str]
) -> Iterator[tuple[int, str, Mapping[str, str]]]:
    """(line number, label, row) of a CSV file with a header holding the ``text`` and ``label``
    columns; a label outside ``labels`` or an unreadable file is a ``DatasetError``."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or not {text, label} <= set(reader.fieldnames):
                raise DatasetError(f"{str(path)!r}: expected a CSV header with {text} and {label}")
            for n, row in enumerate(reader, start=2):
                value = (row.get(label) or "").strip()
                if value not in labels:
                    raise DatasetError(
                        f"{str(path)!r} line {n}: unknown label; expected one of {sorted(labels)}"
                    )
                yield n, value, row
    except OSError as exc:
        raise DatasetError(f"cannot read {str(path)!r}: {exc.strerror}") from None
    except csv.Error as exc:
        raise DatasetError(f"{str(path)!r} is not a readable CSV file: {exc}") from None


def analyze_inbound(pipe: Pipeline, texts: Iterable[str]) -> Iterator[Analysis | None]:
    """One analysis per text on the inbound channel; ``None`` for a text that can't be analysed
    (empty, too long), so positions still line up with the gold labels."""
    for text in texts:
        try:
            document = make_document(text, "inbound")
        except InputError:
            yield None
            continue
        yield pipe.analyze(document)


def has_label(analysis: Analysis | None, name: str) -> bool:
    return analysis is not None and any(label.name == name for label in analysis.labels)


def run(data_dir: Path, pipe: Pipeline | None = None) -> tuple[list[Figure], list[str]]:
    """Every figure for the datasets present under ``data_dir``, and the folders missing."""
    pipe = pipe or Pipeline()
    figures: list[Figure] = []
    missing: list[str] = []
    for folder, module_name in DATASETS.items():
        path = data_dir / folder
        if not path.is_dir():
            missing.append(folder)
            continue
        module = importlib.import_module(f"socialrx.evaluation.{module_name}")
        figures.extend(module.figures(path, pipe))
    return figures, missing
