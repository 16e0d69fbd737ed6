"""The aberration detectors backtested on CDC ILINet: did they signal each season's onset, how
many weeks early or late, and how many false alarms outside the flu season.

Each detector runs once over a region's continuous weekly %ILI series (so its baseline window
reaches back into the previous season). Per region and season with a baseline
(``socialrx.signals.ilinet``):

- **onset**: the first week of the first run of 3 weeks at or above the baseline (or none);
- **signalled**: an alarm in the *detection window*, from ``LEAD`` (4) weeks before the onset
  to the season's peak week (or the onset, if the peak came first); **lag** = the first such
  alarm − the onset, in weeks (negative: early);
- **flu period**: from ``LEAD`` weeks before the onset to the season's last week at or above
  the baseline; **false alarms**: alarm weeks of the season outside every flu period (its own
  and, for weeks near the season's end, the next season's), counted as weeks and as runs of
  consecutive alarm weeks. In a season without onset every alarm is false.

National: weighted %ILI against the national baseline. States: each state's unweighted %ILI
against its own baseline computed the same way (national laboratory data define the
non-influenza weeks; no state baseline is published).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from socialrx.signals.aberration import DEFAULT_DETECTORS, Detector, Result, alarm_runs
from socialrx.signals.ilinet import (
    NATIONAL,
    Baseline,
    Series,
    Week,
    baseline,
    last_above,
    non_influenza_by_season,
    onset,
    peak,
    read_ilinet,
    read_positives,
)

LEAD = 4  # weeks before the onset in which an alarm already counts as signalling it


@dataclass(frozen=True, slots=True)
class SeasonResult:
    """One detector on one region's season (week labels such as ``2017-W46``)."""

    region: str
    season: int
    detector: str
    baseline: float
    onset: str | None
    peak: str | None
    signalled: bool
    first_alarm: str | None
    lag: int | None
    false_runs: int
    false_weeks: int


@dataclass(frozen=True, slots=True)
class Summary:
    """A detector over many seasons (``scope``: national or states): ``onsets`` of ``seasons``
    had an onset, ``signalled`` of those were signalled; ``median_lag`` over those signalled."""

    scope: str
    detector: str
    seasons: int
    onsets: int
    signalled: int
    median_lag: float | None
    false_runs: int
    false_weeks: int

    @property
    def false_runs_per_season(self) -> float:
        return self.false_runs / self.seasons if self.seasons else 0.0


@dataclass(frozen=True, slots=True)
class Backtest:
    baselines: tuple[Baseline, ...]  # national, per season
    national: tuple[SeasonResult, ...]
    states: tuple[SeasonResult, ...]
    summaries: tuple[Summary, ...]


@dataclass(frozen=True, slots=True)
class _Season:
    season: int
    start: int
    end: int
    level: float
    onset: int | None
    peak: int | None
    flu: range  # the flu period (empty without onset)


def _seasons(series: Series, non_influenza: Mapping[int, Sequence[Week]]) -> list[_Season]:
    out: list[_Season] = []
    for season in series.seasons():
        base = baseline(series, non_influenza, season)
        if base is None:
            continue
        start, end = series.season_range(season)
        first = onset(series.values, start, end, base.value)
        top = peak(series.values, start, end)
        last = last_above(series.values, start, end, base.value)
        flu = range(first - LEAD, (last or first) + 1) if first is not None else range(0)
        out.append(_Season(season, start, end, base.value, first, top, flu))
    return out


def _evaluate(
    series: Series, seasons: Sequence[_Season], results: Sequence[Result], name: str
) -> list[SeasonResult]:
    alarms = [r.alarm for r in results]
    flu = {i for s in seasons for i in s.flu}
    out: list[SeasonResult] = []
    for s in seasons:
        first_alarm = None
        if s.onset is not None:
            until = max(s.onset, s.peak if s.peak is not None else s.onset)
            window = range(max(0, s.onset - LEAD), until + 1)
            first_alarm = next((i for i in window if alarms[i]), None)
        false = [alarms[i] and i not in flu for i in range(s.start, s.end)]
        runs = alarm_runs([Result(None, None, None, None, f) for f in false])
        out.append(SeasonResult(
            series.region, s.season, name, s.level,
            series.weeks[s.onset].label if s.onset is not None else None,
            series.weeks[s.peak].label if s.peak is not None else None,
            first_alarm is not None,
            series.weeks[first_alarm].label if first_alarm is not None else None,
            first_alarm - s.onset if first_alarm is not None and s.onset is not None else None,
            len(runs), sum(false),
        ))  # fmt: skip
    return out


def backtest_series(
    series: Series, non_influenza: Mapping[int, Sequence[Week]],
    detectors: Iterable[Detector] = DEFAULT_DETECTORS,
) -> list[SeasonResult]:  # fmt: skip
    """Every detector on every season of ``series`` that has a baseline."""
    seasons = _seasons(series, non_influenza)
    if not seasons:
        return []
    out: list[SeasonResult] = []
    for d in detectors:
        out.extend(_evaluate(series, seasons, d.run(series.values), d.label))
    return out


def summarise(results: Iterable[SeasonResult], scope: str) -> list[Summary]:
    """One ``Summary`` per detector, in order of first appearance."""
    groups: dict[str, list[SeasonResult]] = {}
    for r in results:
        groups.setdefault(r.detector, []).append(r)
    out: list[Summary] = []
    for name, rows in groups.items():
        lags = [r.lag for r in rows if r.lag is not None]
        out.append(Summary(
            scope, name, len(rows), sum(r.onset is not None for r in rows),
            sum(r.signalled for r in rows), median(lags) if lags else None,
            sum(r.false_runs for r in rows), sum(r.false_weeks for r in rows),
        ))  # fmt: skip
    return out


def national_baselines(
    series: Series, non_influenza: Mapping[int, Sequence[Week]]
) -> list[Baseline]:
    found = (baseline(series, non_influenza, s) for s in series.seasons())
    return [b for b in found if b is not None]


def run(
    directory: Path, detectors: Sequence[Detector] = DEFAULT_DETECTORS, states: bool = True
) -> Backtest:
    """The backtest on a FluView download: ``national/`` (ILINet.csv and the laboratory
    files) and, with ``states``, ``state/ILINet.csv``."""
    non_influenza = non_influenza_by_season(read_positives(directory / "national"))
    national = read_ilinet(directory / "national" / "ILINet.csv")[NATIONAL]
    nat = backtest_series(national, non_influenza, detectors)
    per_state: list[SeasonResult] = []
    if states:
        for series in read_ilinet(directory / "state" / "ILINet.csv").values():
            per_state.extend(backtest_series(series, non_influenza, detectors))
    summaries = summarise(nat, "national") + (summarise(per_state, "states") if states else [])
    return Backtest(tuple(national_baselines(national, non_influenza)), tuple(nat),
                    tuple(per_state), tuple(summaries))  # fmt: skip
