"""PsyTAR (patient reviews of four psychiatric drugs): sentences with an adverse drug reaction
(column ADR = 1) should get ``adverse_event``. Evaluation only: the AskaPatient terms forbid
republishing the sentences, so nothing here prints or stores them.

The file is ``binary/test.csv``: tab-separated, a header ``sentences ADR WD EF INF SSI DI`` and
one sentence per row with 0/1 flags. Besides precision and recall, the detail reports how often
the label fires on sentences that only describe withdrawal (WD), effectiveness (EF, INF) or the
condition (SSI, DI): the contexts the classifier is meant to hold back on.

Only the test split is scored here. The classifier's hand-set weights were adjusted on the
training and development splits from aggregate counts; no sentence or phrase of the corpus went
into its word lists.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from socialrx.errors import DatasetError
from socialrx.evaluation.triage import Binary, Figure, analyze_inbound, has_label
from socialrx.pipeline import Pipeline

COLUMNS = ("sentences", "ADR", "WD", "EF", "INF", "SSI", "DI")
FLAGS = COLUMNS[1:]
TARGET = 0.75


def load(path: Path) -> Iterator[tuple[str, dict[str, bool]]]:
    """(sentence, flags) per row of a PsyTAR binary split."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise DatasetError(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or tuple(h.strip() for h in header) != COLUMNS:
            raise DatasetError(f"{path}: expected the header {' '.join(COLUMNS)}")
        for number, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != len(COLUMNS) or any(v.strip() not in ("0", "1") for v in row[1:]):
                raise DatasetError(
                    f"{path}, line {number}: expected a sentence and six 0/1 flags "
                    f"separated by tabs, got {len(row)} fields"
                )
            yield row[0], {f: v.strip() == "1" for f, v in zip(FLAGS, row[1:], strict=True)}


def figures(folder: Path, pipe: Pipeline) -> list[Figure]:
    """F1 of ``adverse_event`` against ADR on the test split, with precision and recall."""
    rows = list(load(folder / "binary" / "test.csv"))
    if not rows:
        raise DatasetError(f"{folder / 'binary' / 'test.csv'}: no sentences")
    predicted = [has_label(a, "adverse_event") for a in analyze_inbound(pipe, (s for s, _ in rows))]
    gold = [flags["ADR"] for _, flags in rows]
    result = Binary.of(gold, predicted)
    detail = f"{len(rows)} sentences, {sum(gold)} with ADR; {result.describe()}; " + _by_flag(
        rows, predicted
    )
    return [Figure("psytar", "adverse_event F1 on ADR (test)", result.f1, TARGET, ">=", detail)]


def _by_flag(rows: list[tuple[str, dict[str, bool]]], predicted: list[bool]) -> str:
    """How often the label fires on sentences without ADR that carry each other flag."""
    parts = []
    for flag in ("WD", "EF", "INF", "SSI", "DI"):
        hit = [p for (_, f), p in zip(rows, predicted, strict=True) if f[flag] and not f["ADR"]]
        if hit:
            parts.append(f"{flag} w/o ADR {sum(hit)}/{len(hit)}")
    none = [p for (_, f), p in zip(rows, predicted, strict=True) if not any(f.values())]
    parts.append(f"no flag {sum(none)}/{len(none)}")
    return "flagged: " + ", ".join(parts)
