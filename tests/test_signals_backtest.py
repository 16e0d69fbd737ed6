"""CDC ILINet parsing, MMWR weeks, the CDC baseline and onset, and the detector backtest: on small
synthetic files written here, and once on the real FluView download in ../shared/data (skipped,
with the reason, where it is absent)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialrx.cli_signals import signals_app
from socialrx.errors import DatasetError
from socialrx.signals.aberration import Detector
from socialrx.signals.backtest import backtest_series, run, summarise
from socialrx.signals.ilinet import (
    CLINICAL,
    COMBINED,
    PUBLISHED_NATIONAL,
    Series,
    Week,
    at_or_above,
    baseline,
    last_above,
    mmwr_start,
    non_influenza_by_season,
    non_influenza_weeks,
    onset,
    peak,
    read_ilinet,
    read_positives,
    weeks_in,
)

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ILINET = DATA / "cdc-ilinet"
TITLE = "PERCENTAGE OF VISITS FOR INFLUENZA-LIKE-ILLNESS REPORTED BY SENTINEL PROVIDERS\n"
HEADER = ("REGION TYPE,REGION,YEAR,WEEK,% WEIGHTED ILI,%UNWEIGHTED ILI,AGE 0-4,AGE 25-49,"
          "AGE 25-64,AGE 5-24,AGE 50-64,AGE 65,ILITOTAL,NUM. OF PROVIDERS,TOTAL PATIENTS\n")  # fmt: skip


def _ili_row(kind: str, region: str, week: Week, weighted: str, unweighted: str) -> str:
    return f"{kind},{region},{week.year},{week.week},{weighted},{unweighted},X,X,X,X,X,X,1,1,100\n"


def _write_ili(path: Path, rows: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TITLE + HEADER + "".join(rows), encoding="utf-8")
    return path


def _weeks(first: Week, n: int) -> list[Week]:
    out = [first]
    while len(out) < n:
        out.append(out[-1].next())
    return out


# --- MMWR weeks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "weeks"),
    [(1997, 53), (2003, 53), (2008, 53), (2014, 53), (2020, 53),
     (2015, 52), (2019, 52), (2021, 52), (2024, 52)],
)  # fmt: skip
def test_weeks_in_year(year: int, weeks: int) -> None:
    assert weeks_in(year) == weeks


@pytest.mark.parametrize(
    ("year", "start"),
    [(2020, date(2019, 12, 29)), (2021, date(2021, 1, 3)), (2015, date(2015, 1, 4)),
     (2017, date(2017, 1, 1))],
)  # fmt: skip
def test_mmwr_week_one_starts_on_a_sunday(year: int, start: date) -> None:
    assert mmwr_start(year) == start and start.weekday() == 6


@pytest.mark.parametrize(
    ("week", "following", "season"),
    [(Week(2014, 52), Week(2014, 53), 2014), (Week(2014, 53), Week(2015, 1), 2014),
     (Week(2015, 52), Week(2016, 1), 2015), (Week(2015, 39), Week(2015, 40), 2014),
     (Week(2015, 40), Week(2015, 41), 2015)],
)  # fmt: skip
def test_week_order_and_season(week: Week, following: Week, season: int) -> None:
    assert week.next() == following and week.season == season and week < following


# --- reading -------------------------------------------------------------------------------------


def test_read_ilinet_national_and_states_with_x_and_a_53_week_year(tmp_path: Path) -> None:
    weeks = _weeks(Week(2014, 51), 5)  # 2014-W51 … 2015-W02, across week 53
    rows = [
        _ili_row("National", "X", w, "X" if i == 2 else f"{1 + i / 10}", "9")
        for i, w in enumerate(weeks)
    ]
    rows += [_ili_row("States", "Alpha", w, "X", f"{2 + i}") for i, w in enumerate(weeks) if i != 3]
    series = read_ilinet(_write_ili(tmp_path / "ILINet.csv", rows))
    assert set(series) == {"National", "Alpha"}
    national = series["National"]
    assert [w.label for w in national.weeks] == [
        "2014-W51",
        "2014-W52",
        "2014-W53",
        "2015-W01",
        "2015-W02",
    ]
    assert national.values == (1.0, 1.1, None, 1.3, 1.4)  # weighted ILI; X is None
    assert series["Alpha"].values == (2.0, 3.0, 4.0, None, 6.0)  # unweighted; the gap is None


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([_ili_row("National", "X", Week(2015, 53), "1", "1")], "weeks 1 to 52"),
        ([_ili_row("National", "X", Week(2015, 1), "1", "1")] * 2, "twice"),
        ([_ili_row("National", "X", Week(2015, 1), "one", "1")], "a number or X"),
        (["National,X,2015,x1,1,1,X,X,X,X,X,X,1,1,1\n"], "whole numbers"),
        (["National,,2015,1,1,1,X,X,X,X,X,X,1,1,1\n".replace("National", "States")], "REGION"),
    ],
)
def test_malformed_ilinet_files_are_refused(tmp_path: Path, rows: list[str], message: str) -> None:
    with pytest.raises(DatasetError, match=message):
        read_ilinet(_write_ili(tmp_path / "ILINet.csv", rows))


def test_a_file_without_its_title_line_or_at_all_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ILINet.csv"
    path.write_text(HEADER + _ili_row("National", "X", Week(2015, 1), "1", "1"), encoding="utf-8")
    with pytest.raises(DatasetError, match="title line"):
        read_ilinet(path)
    with pytest.raises(DatasetError, match="no FluView file"):
        read_ilinet(tmp_path / "absent.csv")


def _write_labs(folder: Path, positives: dict[Week, int]) -> None:
    """Positives before 2015-W40 in the combined file (split over A (H3) and B), after in the
    clinical file (TOTAL A + TOTAL B)."""
    folder.mkdir(parents=True, exist_ok=True)
    combined = ["title\n", "REGION TYPE,REGION,YEAR,WEEK,TOTAL SPECIMENS,PERCENT POSITIVE,"
                "A (2009 H1N1),A (H1),A (H3),A (Subtyping not Performed),A (Unable to Subtype),B,"
                "H3N2v,A (H5)\n"]  # fmt: skip
    clinical = ["title\n", "REGION TYPE,REGION,YEAR,WEEK,TOTAL SPECIMENS,TOTAL A,TOTAL B,"
                "PERCENT POSITIVE,PERCENT A,PERCENT B\n"]  # fmt: skip
    for w, n in sorted(positives.items()):
        if w < Week(2015, 40):
            combined.append(
                f"National,X,{w.year},{w.week},1000,0,0,0,{n - n // 2},0,X,{n // 2},0,0\n"
            )
        else:
            clinical.append(f"National,X,{w.year},{w.week},1000,{n - n // 3},{n // 3},0,0,0\n")
    (folder / COMBINED).write_text("".join(combined), encoding="utf-8")
    (folder / CLINICAL).write_text("".join(clinical), encoding="utf-8")


def test_read_positives_from_both_laboratory_files(tmp_path: Path) -> None:
    weeks = _weeks(Week(2015, 38), 4)
    _write_labs(tmp_path, {w: 10 * (i + 1) for i, w in enumerate(weeks)})
    assert read_positives(tmp_path) == {w: 10.0 * (i + 1) for i, w in enumerate(weeks)}


# --- baseline, onset -----------------------------------------------------------------------------


def _season_positives(season: int, flu: range) -> dict[Week, int]:
    """100 positives in the season's weeks whose position is in ``flu`` (0 = week 40), else 1."""
    weeks = [w for w in _weeks(Week(season, 40), 53) if w.season == season]
    return {w: 100 if i in flu else 1 for i, w in enumerate(weeks)}


def test_non_influenza_weeks_are_runs_of_two_or_more_low_weeks() -> None:
    positives = _season_positives(2016, range(10, 25))
    positives[Week(2016, 40)] = 100  # week 40 alone high: week 41 … 49 still low
    positives[Week(2016, 42)] = 100  # leaves week 41 a lone low week
    low = non_influenza_weeks(positives, 2016)
    assert Week(2016, 41) not in low and Week(2016, 40) not in low
    assert Week(2016, 43) in low and Week(2017, 39) in low
    assert all(positives[w] == 1 for w in low)
    assert len(low) == 52 - 15 - 3
    assert non_influenza_weeks({}, 2016) == []


def test_baseline_is_the_mean_plus_two_sd_of_non_influenza_weeks() -> None:
    positives: dict[Week, int] = {}
    for season in (2016, 2017, 2018):
        positives |= _season_positives(season, range(8, 28))
    weeks = _weeks(Week(2016, 40), 52 * 4)
    values = [1.0 + (i % 2) * 0.4 for i in range(len(weeks))]  # 1.0, 1.4, 1.0, …
    series = Series("National", tuple(weeks), tuple(values))
    found = baseline(series, non_influenza_by_season(positives), 2019)
    assert found is not None
    low = [v for w, v in zip(weeks, values, strict=True)
           if w.season < 2019 and positives.get(w) == 1]  # fmt: skip
    from statistics import fmean, stdev

    assert found.weeks == len(low)
    assert found.mean == pytest.approx(fmean(low)) and found.sd == pytest.approx(stdev(low))
    assert found.value == round(fmean(low) + 2 * stdev(low), 1)
    assert baseline(series, non_influenza_by_season(positives), 2018) is None  # no 2015 labs


@pytest.mark.parametrize(
    ("values", "level", "expected"),
    [
        ([1.0, 2.5, 2.5, 2.5, 1.0], 2.5, 1),
        ([2.5, 2.5, 1.0, 2.6, 2.7, 2.8], 2.5, 3),  # the first run of two does not count
        ([2.46, 2.44, 2.5], 2.5, None),  # 2.46 → 2.5 as published; 2.44 → 2.4
        ([2.46, 2.47, 2.5], 2.5, 0),
        ([1.0, None, 3.0, 3.0, 3.0], 2.0, 2),
        ([3.0, 3.0], 2.0, None),
        ([], 2.0, None),
    ],
)
def test_onset_is_the_first_of_three_weeks_at_or_above_baseline(
    values: list[float | None], level: float, expected: int | None
) -> None:
    assert onset(values, 0, len(values), level) == expected


def test_onset_last_week_and_peak_stay_within_the_season() -> None:
    values: list[float | None] = [3.0, 3.0, 3.0, 1.0, 1.0, 2.0, 5.0, 4.0, 1.0, 3.0]
    assert onset(values, 3, 9, 2.0) == 5
    assert last_above(values, 3, 9, 2.0) == 7
    assert peak(values, 3, 9) == 6
    assert peak([None, None], 0, 2) is None and last_above(values, 3, 5, 2.0) is None
    assert at_or_above(None, 0.0) is False


# --- backtest on a synthetic series --------------------------------------------------------------


def _synthetic() -> tuple[Series, dict[int, list[Week]]]:
    """Four seasons 2015-16 … 2018-19; flu 10 … 24 weeks after week 40 in the labs; %ILI 1.0/1.1
    outside flu, a bump to 5% in 2018-19 from its week 50, and a lone spike in its week 42."""
    positives: dict[Week, int] = {}
    for season in range(2015, 2019):
        positives |= _season_positives(season, range(10, 25))
    weeks = _weeks(Week(2015, 40), 52 * 4)  # 2015 … 2018 have 52 weeks: ends 2019-W39
    values = [1.0 + (i % 2) * 0.1 for i in range(len(weeks))]
    start = weeks.index(Week(2018, 50))
    for j, level in enumerate([1.6, 2.2, 3.0, 4.0, 5.0, 4.0, 3.0, 2.0, 1.5]):
        values[start + j] = level
    values[weeks.index(Week(2018, 42))] = 3.0
    return Series("Synthetic", tuple(weeks), tuple(values)), non_influenza_by_season(positives)


def test_backtest_reports_onset_lag_and_false_alarms() -> None:
    series, low = _synthetic()
    results = backtest_series(series, low, [Detector("c1"), Detector("cusum")])
    assert [(r.detector, r.season) for r in results] == [("c1", 2018), ("cusum", 2018)]
    c1_row = results[0]
    assert c1_row.baseline == 1.2 and c1_row.onset == "2018-W50" and c1_row.peak == "2019-W02"
    # week 50 (1.6) is above the baseline but only 2.7 floored sd above the mean: C1 waits
    assert c1_row.signalled and c1_row.first_alarm == "2018-W51" and c1_row.lag == 1
    assert c1_row.false_runs == 1 and c1_row.false_weeks == 1  # the lone spike in week 42
    assert results[1].signalled and results[1].lag == 2  # the spike of week 42 widens its baseline
    summary = summarise(results, "synthetic")
    assert [(s.detector, s.seasons, s.onsets, s.signalled, s.median_lag) for s in summary] == [
        ("c1", 1, 1, 1, 1), ("cusum", 1, 1, 1, results[1].lag)]  # fmt: skip
    assert summary[0].false_runs_per_season == 1.0


def test_backtest_of_a_season_without_onset_counts_every_alarm_as_false() -> None:
    series, low = _synthetic()
    bump = range(series.weeks.index(Week(2018, 50)), series.weeks.index(Week(2019, 20)))
    flat = Series("Flat", series.weeks,
                  tuple(1.0 if i in bump else v for i, v in enumerate(series.values)))  # fmt: skip
    (row,) = backtest_series(flat, low, [Detector("c1")])
    assert row.onset is None and not row.signalled and row.lag is None
    assert row.false_runs == 1  # the lone spike


# --- CLI -----------------------------------------------------------------------------------------


def _write_download(root: Path) -> None:
    series, _ = _synthetic()
    positives: dict[Week, int] = {}
    for season in range(2015, 2019):
        positives |= _season_positives(season, range(10, 25))
    _write_labs(root / "national", positives)
    rows = [
        _ili_row("National", "X", w, f"{v}", f"{v}")
        for w, v in zip(series.weeks, series.values, strict=True)
    ]
    _write_ili(root / "national" / "ILINet.csv", rows)
    _write_ili(
        root / "state" / "ILINet.csv", [r.replace("National,X", "States,Alpha") for r in rows]
    )


def test_cli_backtest_json(tmp_path: Path) -> None:
    _write_download(tmp_path)
    result = CliRunner().invoke(signals_app, ["backtest", "--ilinet", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    kinds = [line["kind"] for line in lines]
    assert kinds.count("baseline") == 1 and kinds.count("season") == 4, kinds
    summaries = [line for line in lines if line["kind"] == "summary"]
    assert {(s["scope"], s["detector"]) for s in summaries} == {
        (scope, d) for scope in ("national", "states") for d in ("c1", "c2", "c3", "cusum")}  # fmt: skip


def test_cli_backtest_table_and_errors(tmp_path: Path) -> None:
    _write_download(tmp_path)
    result = CliRunner().invoke(signals_app, ["backtest", "--ilinet", str(tmp_path), "--no-states"])
    assert result.exit_code == 0, result.output
    assert (
        "2018-19" in result.output and "national" in result.output and "states" not in result.output
    )
    missing = CliRunner().invoke(signals_app, ["backtest", "--ilinet", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "national/" in missing.output


# --- the real FluView download -------------------------------------------------------------------


def test_backtest_on_cdc_ilinet() -> None:
    if not ILINET.exists():
        pytest.skip(f"dataset not present at {ILINET}")
    result = run(ILINET)
    baselines = {b.season: b.value for b in result.baselines}
    assert min(baselines) == 2000 and 2024 in baselines
    for season in range(2012, 2020):  # computed within 0.2 of CDC's published baselines
        assert abs(baselines[season] - PUBLISHED_NATIONAL[season]) <= 0.2, season
    national = {(r.season, r.detector): r for r in result.national}
    for name in ("c1", "c2", "c3", "cusum"):
        row = national[(2017, name)]
        assert row.onset is not None and row.signalled and row.lag is not None
        assert national[(2020, name)].onset is None  # 2020-21: almost no influenza
    summaries = {(s.scope, s.detector): s for s in result.summaries}
    assert len(summaries) == 8
    for s in summaries.values():
        assert s.onsets >= 0.8 * s.seasons and s.signalled >= 0.9 * s.onsets
    assert summaries[("states", "c1")].seasons > 500
