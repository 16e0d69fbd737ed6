"""Syndromic mention quality (issue 9): ``socialrx eval signals DATA_DIR``.

- flu-tweets-infection-chapmacl: 1,000 tweets with "flu", labelled ``yes`` when the author or
  someone they know has or had the flu. Retweets repeat texts: each distinct text counts once
  (the first label wins). Scored: a personal ``ili`` mention against ``yes``. One annotator, no
  guidelines, visible errors: a smoke test, not a benchmark.
- rhmd-reddit-health-mention: Reddit posts about many conditions, labelled 0 figurative,
  1 non-personal, 2 personal health mention. Only posts in which the matcher finds a syndrome
  are scored: how the personal/figurative typing splits them by label.

Evaluation only: neither dataset has a licence; no text is kept or printed.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from socialrx.errors import DatasetError
from socialrx.evaluation.rhmd import FILE as RHMD_FILE
from socialrx.evaluation.rhmd import KINDS as RHMD_KINDS
from socialrx.evaluation.rhmd import NAME as RHMD
from socialrx.evaluation.triage import Binary, Figure, labelled_rows
from socialrx.signals.syndromes import SyndromeMatcher

CHAPMACL = "flu-tweets-infection-chapmacl"
CHAPMACL_FILE = "traintweets.csv"
DATASETS = (CHAPMACL, RHMD)
# Targets: precision from the brief; the other floors are the figures measured 2026-11-21
# (docs/quality.md) minus a margin, so that a regression shows.
PRECISION_TARGET = 0.75
RECALL_FLOOR = 0.55
F1_FLOOR = 0.65
FIGURATIVE_AS_PERSONAL_CEILING = 0.06
FIGURATIVE_TYPED_FLOOR = 0.80
PERSONAL_PRECISION_FLOOR = 0.70


def load_chapmacl(folder: Path) -> list[tuple[str, bool]]:
    """(text, is ``yes``) per distinct text of the file (or the folder holding it); the file
    is UTF-8 or, as published, Mac Roman."""
    path = folder / CHAPMACL_FILE if folder.is_dir() else folder
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DatasetError(f"cannot read {str(path)!r}: {exc.strerror}") from None
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError:
        source = raw.decode("mac_roman")
    reader = csv.DictReader(io.StringIO(source, newline=""))
    if reader.fieldnames is None or not {"Class", "Text"} <= set(reader.fieldnames):
        raise DatasetError(f"{str(path)!r}: expected a CSV header with Class and Text")
    rows: dict[str, bool] = {}
    for n, row in enumerate(reader, start=2):
        label = (row.get("Class") or "").strip().lower()
        if label not in ("yes", "no"):
            raise DatasetError(f"{str(path)!r} line {n}: unknown class; expected yes or no")
        rows.setdefault(" ".join((row.get("Text") or "").split()), label == "yes")
    return [(text, gold) for text, gold in rows.items() if text]


def chapmacl_figures(folder: Path, matcher: SyndromeMatcher) -> list[Figure]:
    """Precision, recall and F1 of "personal ILI mention" against ``yes``."""
    rows = load_chapmacl(folder)
    if not rows:
        raise DatasetError(f"{str(folder)!r}: no rows found")
    kinds = [_kind_of(matcher, text, "ili") for text, _ in rows]
    gold = [g for _, g in rows]
    scores = Binary.of(gold, (k == "personal" for k in kinds))
    typed = Counter((g, k) for g, k in zip(gold, kinds, strict=True))
    split = ", ".join(
        f"{'yes' if g else 'no'}→{k}: {n}" for (g, k), n in sorted(typed.items(), key=str)
    )
    with_gi = Binary.of(
        gold,
        (
            k == "personal" or _kind_of(matcher, t, "gastrointestinal") == "personal"
            for (t, _), k in zip(rows, kinds, strict=True)
        ),
    )
    detail = (
        f"{len(rows)} distinct tweets ({sum(gold)} yes); {scores.describe()}; counting personal "
        f'gastrointestinal mentions ("stomach flu") too: {with_gi.describe()}'
    )
    return [
        Figure(CHAPMACL, "personal ILI mention precision vs yes", scores.precision,
               PRECISION_TARGET, ">=", detail),
        Figure(CHAPMACL, "personal ILI mention recall vs yes", scores.recall, RECALL_FLOOR,
               ">=", f"typed: {split}"),
        Figure(CHAPMACL, "personal ILI mention F1 vs yes", scores.f1, F1_FLOOR, ">=", ""),
    ]  # fmt: skip


def _kind_of(matcher: SyndromeMatcher, text: str, syndrome: str) -> str:
    """The kind of ``syndrome``'s mention in ``text``, or "none"."""
    return next((m.kind for m in matcher.match(text) if m.syndrome == syndrome), "none")


def _typing(matcher: SyndromeMatcher, text: str) -> str:
    """personal > news > other > figurative over the text's mentions, or "none"."""
    kinds = {m.kind for m in matcher.match(text)}
    return next((k for k in ("personal", "news", "other", "figurative") if k in kinds), "none")


def rhmd_figures(folder: Path, matcher: SyndromeMatcher) -> list[Figure]:
    """On posts with any syndrome mention: figurative posts typed personal (lower is better),
    figurative posts typed figurative, and the precision of personal against label 2."""
    path = folder / RHMD_FILE if folder.is_dir() else folder
    typed: Counter[tuple[str, str]] = Counter()
    for _, label, row in labelled_rows(path, "Text", "Label", RHMD_KINDS):
        typed[label, _typing(matcher, row.get("Text") or "")] += 1
    if not typed:
        raise DatasetError(f"{str(folder)!r}: no rows found")
    matched = {lb: sum(n for (g, k), n in typed.items() if g == lb and k != "none")
               for lb in RHMD_KINDS}  # fmt: skip
    fig0 = matched["0"] or 1
    personal = sum(n for (_, k), n in typed.items() if k == "personal")
    per_label = "; ".join(
        f"label {lb} ({RHMD_KINDS[lb]}) matched {matched[lb]}: "
        + ", ".join(f"{k} {typed[lb, k]}" for k in ("personal", "news", "other", "figurative"))
        for lb in RHMD_KINDS
    )
    return [
        Figure(RHMD, "matched figurative posts (label 0) typed personal",
               typed["0", "personal"] / fig0, FIGURATIVE_AS_PERSONAL_CEILING, "<=", per_label),
        Figure(RHMD, "matched figurative posts (label 0) typed figurative",
               typed["0", "figurative"] / fig0, FIGURATIVE_TYPED_FLOOR, ">=", ""),
        Figure(RHMD, "personal typing precision vs label 2 (matched posts)",
               typed["2", "personal"] / (personal or 1), PERSONAL_PRECISION_FLOOR, ">=",
               f"{typed['2', 'personal']} of {personal} typed personal; label-2 posts matched "
               f"{matched['2']}, typed personal {typed['2', 'personal']}"),
    ]  # fmt: skip


def run(data_dir: Path, matcher: SyndromeMatcher | None = None) -> tuple[list[Figure], list[str]]:
    """Every figure for the datasets present under ``data_dir``, and the folders missing."""
    matcher = matcher or SyndromeMatcher()
    figures: list[Figure] = []
    missing: list[str] = []
    for name, figures_of in ((CHAPMACL, chapmacl_figures), (RHMD, rhmd_figures)):
        if (data_dir / name).is_dir():
            figures.extend(figures_of(data_dir / name, matcher))
        else:
            missing.append(name)
    return figures, missing
