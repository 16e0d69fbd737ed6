"""CDC FluView ILINet weekly series, influenza seasons, the CDC baseline and the season onset.

- **Files**: FluView CSVs: one title line, then a header; ``X`` = not available; YEAR/WEEK are
  MMWR epi-weeks. National rows give ``% WEIGHTED ILI``; state rows only ``%UNWEIGHTED ILI``.
  Weeks missing between the first and the last row of a region become ``None``.
- **MMWR weeks** run Sunday to Saturday; week 1 is the first week with at least four days in
  the year, so a year has 52 or 53 weeks (53: 1997, 2003, 2008, 2014, 2020 …).
- **Season** ``2017`` (labelled 2017-18): MMWR week 40 of 2017 to week 39 of 2018.
- **Baseline** (CDC): the mean %ILI during non-influenza weeks of the previous three seasons
  plus two (sample) standard deviations, rounded to one decimal as CDC publishes it. A
  non-influenza week belongs to a run of two or more consecutive weeks in which each week had
  less than 2% of the season's laboratory-confirmed influenza positives. Positives: the sum of
  the virus columns of ``ICL_NREVSS_Combined_prior_to_2015_16.csv`` up to 2014-15, then
  ``TOTAL A`` + ``TOTAL B`` of ``ICL_NREVSS_Clinical_Labs.csv`` (clinical laboratories).
- **Onset**: the first week of the first run of three consecutive weeks of the season whose
  %ILI, rounded to one decimal like the published figures, is at or above the baseline.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from statistics import fmean, stdev

from socialrx.errors import DatasetError

TITLE_LINES = 1
FIRST_WEEK = 40  # a season starts at MMWR week 40
NATIONAL = "National"
COMBINED = "ICL_NREVSS_Combined_prior_to_2015_16.csv"
CLINICAL = "ICL_NREVSS_Clinical_Labs.csv"
COMBINED_VIRUSES = ("A (2009 H1N1)", "A (H1)", "A (H3)", "A (Subtyping not Performed)",
                    "A (Unable to Subtype)", "B", "H3N2v", "A (H5)")  # fmt: skip
CLINICAL_VIRUSES = ("TOTAL A", "TOTAL B")
LOW_SHARE = 0.02  # a week with < 2% of the season's positives
LOW_RUN = 2  # … in a run of ≥ 2 such weeks is a non-influenza week
BASELINE_SEASONS = 3
ONSET_RUN = 3


# --- MMWR weeks ----------------------------------------------------------------------------------


def mmwr_start(year: int) -> date:
    """The Sunday that starts MMWR week 1 of ``year``."""
    jan1 = date(year, 1, 1)
    back = (jan1.weekday() + 1) % 7  # days since Sunday
    return jan1 - timedelta(days=back) if back <= 3 else jan1 + timedelta(days=7 - back)


def weeks_in(year: int) -> int:
    """52 or 53: the MMWR weeks of ``year``."""
    return (mmwr_start(year + 1) - mmwr_start(year)).days // 7


@dataclass(frozen=True, slots=True, order=True)
class Week:
    """An MMWR epi-week."""

    year: int
    week: int

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def season(self) -> int:
        """The year the week's season starts in."""
        return self.year if self.week >= FIRST_WEEK else self.year - 1

    def next(self) -> Week:
        if self.week < weeks_in(self.year):
            return Week(self.year, self.week + 1)
        return Week(self.year + 1, 1)


def season_label(season: int) -> str:
    return f"{season}-{(season + 1) % 100:02d}"


@dataclass(frozen=True, slots=True)
class Series:
    """A region's continuous weekly %ILI (``None``: not available)."""

    region: str
    weeks: tuple[Week, ...]
    values: tuple[float | None, ...]

    def season_range(self, season: int) -> tuple[int, int]:
        """Half-open index range of ``season``'s weeks within the series (may be empty)."""
        start = next((i for i, w in enumerate(self.weeks) if w.season >= season), len(self.weeks))
        end = next((i for i in range(start, len(self.weeks)) if self.weeks[i].season > season),
                   len(self.weeks))  # fmt: skip
        return start, end

    def seasons(self) -> list[int]:
        return sorted({w.season for w in self.weeks})


# --- reading -------------------------------------------------------------------------------------


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise DatasetError(f"no FluView file at {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for _ in range(TITLE_LINES):
            handle.readline()
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"YEAR", "WEEK"} <= set(reader.fieldnames):
            raise DatasetError(f"{path.name}: expected a title line, then a header with YEAR "
                               "and WEEK")  # fmt: skip
        return list(reader)


def _number(text: str, where: str) -> float | None:
    text = text.strip()
    if text in ("X", ""):
        return None
    try:
        value = float(text)
    except ValueError:
        raise DatasetError(f"{where}: expected a number or X, not {text[:20]!r}") from None
    if not math.isfinite(value):
        raise DatasetError(f"{where}: expected a finite number")
    return value


def _week(row: Mapping[str, str], where: str) -> Week:
    try:
        year, week = int(row["YEAR"]), int(row["WEEK"])
    except (KeyError, ValueError, TypeError):
        raise DatasetError(f"{where}: YEAR and WEEK must be whole numbers") from None
    if not 1 <= week <= weeks_in(year):
        raise DatasetError(f"{where}: MMWR year {year} has weeks 1 to {weeks_in(year)}, not {week}")
    return Week(year, week)


def _continuous(region: str, found: Mapping[Week, float | None]) -> Series:
    weeks: list[Week] = []
    at, last = min(found), max(found)
    while at <= last:
        weeks.append(at)
        at = at.next()
    return Series(region, tuple(weeks), tuple(found.get(w) for w in weeks))


def read_ilinet(path: Path) -> dict[str, Series]:
    """Every region of an ILINet file: ``National`` (weighted %ILI) or each state (unweighted
    %ILI), keyed by region name, in name order."""
    found: dict[str, dict[Week, float | None]] = {}
    for n, row in enumerate(_rows(path), start=TITLE_LINES + 2):
        where = f"{path.name} line {n}"
        national = row.get("REGION TYPE") == NATIONAL
        column = "% WEIGHTED ILI" if national else "%UNWEIGHTED ILI"
        if column not in row:
            raise DatasetError(f"{where}: expected a {column!r} column")
        region = NATIONAL if national else (row.get("REGION") or "").strip()
        if not region:
            raise DatasetError(f"{where}: expected a REGION")
        week = _week(row, where)
        weeks = found.setdefault(region, {})
        if week in weeks:
            raise DatasetError(f"{where}: {region} {week.label} appears twice")
        weeks[week] = _number(row[column], where)
    return {region: _continuous(region, found[region]) for region in sorted(found)}


def read_positives(national: Path) -> dict[Week, float]:
    """Weekly influenza-positive specimens: the combined file until the 2014-15 season, then
    the clinical laboratories' TOTAL A + TOTAL B (both in FluView's ``national`` folder)."""
    out: dict[Week, float] = {}
    for name, columns in ((COMBINED, COMBINED_VIRUSES), (CLINICAL, CLINICAL_VIRUSES)):
        path = national / name
        for n, row in enumerate(_rows(path), start=TITLE_LINES + 2):
            where = f"{name} line {n}"
            missing = [c for c in columns if c not in row]
            if missing:
                raise DatasetError(f"{where}: expected the columns {', '.join(missing)}")
            counts = [_number(row[c], where) for c in columns]
            out[_week(row, where)] = sum(c for c in counts if c is not None)
    return out


# --- baseline and onset --------------------------------------------------------------------------


def non_influenza_weeks(positives: Mapping[Week, float], season: int) -> list[Week]:
    """The season's weeks in runs of ≥ 2 consecutive weeks each with < 2% of its positives."""
    weeks = sorted(w for w in positives if w.season == season)
    total = sum(positives[w] for w in weeks)
    if total <= 0:
        return []
    low = [w for w in weeks if positives[w] < LOW_SHARE * total]
    out: list[Week] = []
    run: list[Week] = []
    for w in low:
        if run and run[-1].next() != w:
            out.extend(run if len(run) >= LOW_RUN else [])
            run = []
        run.append(w)
    out.extend(run if len(run) >= LOW_RUN else [])
    return out


@dataclass(frozen=True, slots=True)
class Baseline:
    """A season's baseline: ``value`` (rounded, %), the unrounded ``mean`` and ``sd`` over the
    ``weeks`` non-influenza weeks of the previous seasons that had a %ILI."""

    season: int
    value: float
    mean: float
    sd: float
    weeks: int


def non_influenza_by_season(positives: Mapping[Week, float]) -> dict[int, list[Week]]:
    """``non_influenza_weeks`` of every season that has laboratory data."""
    return {s: non_influenza_weeks(positives, s) for s in sorted({w.season for w in positives})}


def baseline(
    series: Series, non_influenza: Mapping[int, Sequence[Week]], season: int,
    seasons_back: int = BASELINE_SEASONS,
) -> Baseline | None:  # fmt: skip
    """CDC's baseline of ``season`` for ``series`` from the non-influenza weeks of the previous
    seasons (``non_influenza_by_season``); ``None`` when one of them has no laboratory data or
    no %ILI in its non-influenza weeks."""
    by_week = dict(zip(series.weeks, series.values, strict=True))
    values: list[float] = []
    for previous in range(season - seasons_back, season):
        low = non_influenza.get(previous, ())
        present = [v for v in (by_week.get(w) for w in low) if v is not None]
        if not present:
            return None
        values.extend(present)
    if len(values) < 2:
        return None
    mean, sd = fmean(values), stdev(values)
    return Baseline(season, round(mean + 2 * sd, 1), mean, sd, len(values))


def at_or_above(value: float | None, level: float) -> bool:
    """%ILI as published (one decimal) at or above ``level``."""
    return value is not None and round(value, 1) >= level


def onset(values: Sequence[float | None], start: int, end: int, level: float) -> int | None:
    """Index of the first week of the first run of 3 consecutive weeks in [start, end) at or
    above ``level``; ``None``: the season had no onset."""
    run = 0
    for i in range(start, end):
        run = run + 1 if at_or_above(values[i], level) else 0
        if run == ONSET_RUN:
            return i - ONSET_RUN + 1
    return None


def last_above(values: Sequence[float | None], start: int, end: int, level: float) -> int | None:
    """Index of the season's last week at or above ``level``."""
    return next((i for i in range(end - 1, start - 1, -1) if at_or_above(values[i], level)), None)


def peak(values: Sequence[float | None], start: int, end: int) -> int | None:
    """Index of the season's highest %ILI (the first such week)."""
    present = [(v, -i) for i in range(start, end) if (v := values[i]) is not None]
    return -max(present)[1] if present else None


# CDC's published national baselines (% weighted ILI) — see docs/signals.md for their sources.
PUBLISHED_NATIONAL: Mapping[int, float] = {
    2007: 2.2, 2008: 2.4, 2009: 2.3, 2010: 2.5, 2011: 2.4, 2012: 2.2, 2013: 2.0, 2014: 2.0,
    2015: 2.1, 2016: 2.2, 2017: 2.2, 2018: 2.2, 2019: 2.4, 2020: 2.6, 2021: 2.5, 2022: 2.5,
    2023: 2.9, 2024: 3.0,
}  # fmt: skip
