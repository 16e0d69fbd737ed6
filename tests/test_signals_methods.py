"""Aberration detection (EARS C1, C2, C3, CUSUM) and adverse-event disproportionality (PRR, ROR,
χ², Evans): hand-computed cases, negatives, zero cells and properties."""

from __future__ import annotations

import csv
import io
import math
from statistics import fmean, stdev

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from socialrx.errors import ConfigError, InputError
from socialrx.signals.aberration import (
    DEFAULT_DETECTORS,
    Result,
    alarm_runs,
    alerts,
    c1,
    c2,
    c3,
    cusum,
    from_config,
    parameters,
)
from socialrx.signals.disproportionality import (
    chi2_yates,
    disproportionality,
    export_row,
    prr,
    ror,
    table,
    to_csv,
)

RAMP = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]  # mean 4, sd √(28/6)
RAMP_SD = math.sqrt(28 / 6)


# --- C1 / C2 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "alarm"),
    [(11.0, True), (4 + 3 * RAMP_SD + 1e-9, True), (10.0, False), (4.0, False), (-5.0, False)],
)
def test_c1_hand_computed(current: float, alarm: bool) -> None:
    last = c1([*RAMP, current])[-1]
    assert last.expected == pytest.approx(4.0)
    assert last.sd == pytest.approx(RAMP_SD)
    assert last.statistic == pytest.approx((current - 4.0) / RAMP_SD)
    assert last.alarm is alarm


def test_c1_needs_a_full_baseline() -> None:
    results = c1([*RAMP, 100.0])
    assert all(r.statistic is None and not r.alarm for r in results[:7])
    assert results[7].statistic is not None


@pytest.mark.parametrize(
    ("values", "statistic", "alarm"),
    [
        ([0.0] * 7 + [1.0], 5.0, True),  # sd floored at 0.2: a spike after zeros alarms
        ([0.0] * 7 + [0.0], 0.0, False),  # a flat baseline and the same value: no alarm
        ([5.0] * 7 + [5.0], 0.0, False),
        ([5.0] * 7 + [5.5], 2.5, False),
    ],
)
def test_flat_baselines_use_the_sd_floor(
    values: list[float], statistic: float, alarm: bool
) -> None:
    last = c1(values)[-1]
    assert last.sd == pytest.approx(0.2)
    assert last.statistic == pytest.approx(statistic)
    assert last.alarm is alarm


def test_c2_guard_band_keeps_recent_values_out_of_the_baseline() -> None:
    values = [0.0] * 9 + [10.0, 10.0]  # the last two are a rising outbreak
    assert c1(values)[-1].alarm is False  # C1's baseline already holds the first 10
    last = c2(values)[-1]
    assert last.expected == 0.0 and last.alarm is True
    assert c2(values)[9].statistic == pytest.approx(50.0)
    assert c2(values)[8].statistic is None  # the baseline would start before the series


def test_missing_values_leave_no_statistic() -> None:
    values: list[float | None] = [1.0, 2.0, None, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]
    results = c1(values)
    assert results[7].statistic is None and results[8].statistic is None
    last = c1([*RAMP, None])[-1]
    assert (last.observed, last.statistic, last.alarm) == (None, None, False)
    assert last.expected == pytest.approx(4.0) and last.sd == pytest.approx(RAMP_SD)


# --- C3 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rise", "c3_last", "alarms"),
    [(0.3, 1.5, []), (0.4, 3.0, [11, 12]), (0.0, 0.0, [])],
)
def test_c3_sums_c2_excess_over_one(rise: float, c3_last: float, alarms: list[int]) -> None:
    values = [0.0] * 10 + [rise] * 3  # C2 = 0 at t = 9, then rise / 0.2 (sd floor)
    results = c3(values)
    assert results[-1].statistic == pytest.approx(c3_last)
    assert results[11].statistic == pytest.approx(2 * max(0.0, rise / 0.2 - 1))
    assert [t for t, r in enumerate(results) if r.alarm] == alarms


def test_c3_is_defined_once_three_c2_statistics_are() -> None:
    results = c3([0.0] * 12)
    assert [r.statistic is not None for r in results] == [False] * 11 + [True]


# --- CUSUM ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reset", "statistics", "alarms"),
    [(True, [1.5, 3.0, 4.5, 1.5, 3.0], [False, False, True, False, False]),
     (False, [1.5, 3.0, 4.5, 6.0, 7.5], [False, False, True, True, True])],
)  # fmt: skip
def test_cusum_hand_computed(reset: bool, statistics: list[float], alarms: list[bool]) -> None:
    values = [0.0] * 9 + [0.4] * 5  # z = 2 against a zero baseline (sd floor 0.2); S += 1.5
    # a guard band of 5 keeps the 0.3s out of the 4-week baseline
    results = cusum(values, baseline=4, guard=5, reset=reset)
    got = [r.statistic for r in results[9:]]
    assert got == pytest.approx(statistics)
    assert [r.alarm for r in results[9:]] == alarms


def test_cusum_stays_at_zero_below_k() -> None:
    results = cusum([0.0] * 9 + [0.05] * 10)  # z = 0.25 < k
    assert all(r.statistic == 0.0 for r in results[9:])


# --- validation and configuration ----------------------------------------------------------------


@pytest.mark.parametrize(
    "config",
    [
        {"method": "c4"},
        {},
        {"method": "c1", "baseline": 1},
        {"method": "c1", "baseline": 2.5},
        {"method": "c1", "threshold": 0},
        {"method": "c1", "threshold": -1},
        {"method": "c1", "min_sd": 0},
        {"method": "c1", "guard": 2},  # C1 has no guard band
        {"method": "c2", "guard": -1},
        {"method": "c3", "span": 0},
        {"method": "cusum", "h": 0},
        {"method": "cusum", "k": -0.5},
        {"method": "cusum", "reset": 1},
        {"method": "cusum", "h": "4"},
        {"method": "c1", "name": 3},
    ],
)
def test_bad_configurations_are_refused(config: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        from_config(config)


@pytest.mark.parametrize(
    ("config", "label", "params"),
    [
        ({"method": "c2", "threshold": 4, "name": "c2-strict"}, "c2-strict", (("threshold", 4),)),
        ({"method": "cusum", "reset": False, "h": 5.0}, "cusum", (("h", 5.0), ("reset", False))),
        ({"method": "c1"}, "c1", ()),
    ],
)
def test_configurations_become_detectors(
    config: dict[str, object], label: str, params: tuple[tuple[str, object], ...]
) -> None:
    made = from_config(config)
    assert made.label == label and made.params == params
    assert len(made.run([1.0] * 20)) == 20


def test_every_method_documents_its_parameters() -> None:
    assert set(parameters("c3")) == {"baseline", "guard", "threshold", "min_sd", "span"}
    assert parameters("cusum")["h"] == 4.0 and parameters("cusum")["k"] == 0.5
    assert [d.method for d in DEFAULT_DETECTORS] == ["c1", "c2", "c3", "cusum"]
    with pytest.raises(ConfigError):
        parameters("c9")


@pytest.mark.parametrize("bad", [math.nan, math.inf, True])
def test_non_finite_values_are_refused(bad: float) -> None:
    with pytest.raises(InputError):
        c1([1.0, bad])


# --- alerts --------------------------------------------------------------------------------------


def test_alerts_say_which_series_how_far_and_since_when() -> None:
    values = [0.0] * 7 + [2.0, 3.0, 0.0, 6.0]
    labels = [f"2024-W{w:02d}" for w in range(1, 12)]
    found = alerts("influenza-like illness", labels, c1(values), detector="c1")
    assert [(a.at, a.since) for a in found] == [
        ("2024-W08", "2024-W08"), ("2024-W09", "2024-W08"), ("2024-W11", "2024-W11")]  # fmt: skip
    first = found[0]
    assert (first.series, first.detector, first.observed, first.expected) == (
        "influenza-like illness", "c1", 2.0, 0.0)  # fmt: skip
    assert (
        first.difference == 2.0 and first.ratio is None and first.statistic == pytest.approx(10.0)
    )
    assert found[1].ratio == pytest.approx(3.0 / found[1].expected)


def test_alerts_need_one_label_per_result() -> None:
    with pytest.raises(InputError):
        alerts("s", ["a"], c1([1.0, 2.0]))
    assert alerts("s", [], []) == []


def test_alarm_runs() -> None:
    flags = [False, True, True, False, True]
    results = [Result(None, None, None, None, f) for f in flags]
    assert alarm_runs(results) == [(1, 3), (4, 5)]
    assert alarm_runs([]) == []


# --- properties ----------------------------------------------------------------------------------

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False)


@given(st.lists(finite, min_size=8, max_size=8), finite, st.floats(min_value=0.5, max_value=50))
def test_c1_is_invariant_to_shift_and_scale(
    values: list[float], shift: float, scale: float
) -> None:
    assume(stdev(values[:7]) > 1e-3)
    plain = c1(values, min_sd=1e-9)[-1].statistic
    moved = c1([v * scale + shift for v in values], min_sd=1e-9)[-1].statistic
    assert plain is not None and moved is not None
    assert moved == pytest.approx(plain, rel=1e-6, abs=1e-6)


@given(st.lists(st.one_of(st.none(), finite), max_size=40), st.booleans())
def test_cusum_is_never_negative(values: list[float | None], reset: bool) -> None:
    results = cusum(values, reset=reset)
    assert len(results) == len(values)
    assert all(r.statistic is None or r.statistic >= 0 for r in results)
    assert all(not r.alarm or (r.statistic or 0) >= 4.0 for r in results)


@given(st.lists(finite, max_size=30))
def test_c3_is_never_negative_and_c1_expected_is_the_baseline_mean(values: list[float]) -> None:
    assert all((r.statistic or 0.0) >= 0 for r in c3(values))
    for t, r in enumerate(c1(values)):
        if r.expected is not None:
            assert r.expected == pytest.approx(fmean(values[t - 7 : t]))


# --- disproportionality --------------------------------------------------------------------------


def test_prr_ror_chi2_hand_computed() -> None:
    row = table("drug X", "rash", 10, 90, 20, 880)
    assert row.prr == pytest.approx(4.5)
    se = math.sqrt(1 / 10 - 1 / 100 + 1 / 20 - 1 / 900)
    assert row.prr_ci == pytest.approx(
        (4.5 * math.exp(-1.96 * se), 4.5 * math.exp(1.96 * se)), rel=1e-4
    )
    assert row.prr_ci == pytest.approx((2.1676, 9.3422), rel=1e-3)
    assert row.ror == pytest.approx(8800 / 1800)
    se_ror = math.sqrt(1 / 10 + 1 / 90 + 1 / 20 + 1 / 880)
    assert row.ror_ci == pytest.approx((8800 / 1800 * math.exp(-1.96 * se_ror),
                                        8800 / 1800 * math.exp(1.96 * se_ror)), rel=1e-4)  # fmt: skip
    assert row.chi2 == pytest.approx(1000 * 6500**2 / (100 * 900 * 30 * 970))
    assert row.signal is True


@pytest.mark.parametrize(
    ("cells", "signal"),
    [
        ((10, 90, 20, 880), True),
        ((2, 8, 1, 989), False),  # a < 3
        ((3, 97, 30, 870), False),  # PRR 0.9 < 2
        ((3, 30, 20, 400), False),  # PRR ≈ 1.9 < 2
        ((3, 10, 100, 2000), True),  # PRR ≈ 4.9, χ² large
        ((3, 20, 10, 80), False),  # PRR ≈ 1.43
        # the reaction reported with no other product: PRR unbounded, χ² decides
        ((5, 10, 0, 100), True),  # χ² ≈ 27
        ((3, 0, 0, 3), False),  # χ² ≈ 2.7 < 4
        ((2, 10, 0, 100), False),  # a < 3
        ((5, 0, 0, 0), False),  # no other product reported: nothing to compare with
    ],
)
def test_evans_criteria(cells: tuple[int, int, int, int], signal: bool) -> None:
    assert table("p", "r", *cells).signal is signal


@pytest.mark.parametrize(
    ("cells", "prr_value", "prr_ci", "ror_value", "ror_ci", "chi2_defined"),
    [
        ((0, 10, 5, 100), 0.0, False, 0.0, False, True),
        ((5, 0, 5, 100), 21.0, True, None, False, True),
        ((5, 10, 0, 100), None, False, None, False, True),
        ((5, 10, 5, 0), 1 / 3, True, 0.0, False, True),
        ((0, 0, 5, 100), None, False, None, False, False),
        ((0, 0, 0, 0), None, False, None, False, False),
        ((5, 0, 0, 0), None, False, None, False, False),
    ],
)
def test_zero_cells_give_none_never_an_error(
    cells: tuple[int, int, int, int], prr_value: float | None, prr_ci: bool,
    ror_value: float | None, ror_ci: bool, chi2_defined: bool,
) -> None:  # fmt: skip
    p, p_ci = prr(*cells)
    r, r_ci = ror(*cells)
    assert p == (None if prr_value is None else pytest.approx(prr_value))
    assert (p_ci is not None) is prr_ci
    assert r == (None if ror_value is None else pytest.approx(ror_value))
    assert (r_ci is not None) is ror_ci
    assert (chi2_yates(*cells) is not None) is chi2_defined
    assert table("p", "r", *cells).signal is False or cells[0] >= 3


def test_negative_counts_are_refused() -> None:
    with pytest.raises(InputError):
        table("p", "r", -1, 1, 1, 1)


def test_yates_correction_never_goes_below_zero() -> None:
    assert chi2_yates(5, 5, 5, 5) == 0.0
    assert chi2_yates(6, 5, 5, 5) == 0.0  # |ad − bc| = 5 < N/2


def test_tables_from_cases_count_each_triple_once() -> None:
    cases = [
        ("c1", "drug X", "rash"), ("c1", "drug X", "rash"),  # duplicate report
        ("c2", "drug X", "rash"), ("c2", "drug X", "nausea"),
        ("c3", "drug Y", "rash"), ("c4", "drug Y", "headache"), ("c5", "drug Y", "nausea"),
    ]  # fmt: skip
    rows = {(r.product, r.reaction): r for r in disproportionality(cases)}
    assert set(rows) == {("drug X", "rash"), ("drug X", "nausea"), ("drug Y", "rash"),
                         ("drug Y", "headache"), ("drug Y", "nausea")}  # fmt: skip
    x_rash = rows[("drug X", "rash")]
    assert (x_rash.a, x_rash.b, x_rash.c, x_rash.d) == (2, 1, 1, 2)
    assert x_rash.prr == pytest.approx((2 / 3) / (1 / 3))
    assert sum(r.a for r in rows.values()) == 6


@pytest.mark.parametrize("bad", [[("c1", "drug", "")], [("c1", "drug")], [("c1", "drug", 3)]])
def test_malformed_cases_are_refused(bad: list[tuple[object, ...]]) -> None:
    with pytest.raises(InputError):
        disproportionality(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cells", "shown", "figures_shown"),
    [
        ((20, 200, 30, 3000), ("20", "200", "30", "3000"), True),
        ((5, 200, 30, 3000), ("<11", "200", "30", "3000"), False),
        ((20, 4, 30, 3000), ("20", "<11", "30", "3000"), False),
        ((20, 0, 30, 3000), ("20", "0", "30", "3000"), True),
        ((11, 200, 10, 3000), ("11", "200", "<11", "3000"), False),
    ],
)
def test_export_suppresses_small_counts_and_what_reveals_them(
    cells: tuple[int, int, int, int], shown: tuple[str, ...], figures_shown: bool
) -> None:
    row = export_row(table("drug X", "rash", *cells))
    assert (row["a"], row["b"], row["c"], row["d"]) == shown
    if figures_shown:
        assert row["prr"] != "" and row["chi2"] != ""
    else:
        assert all(
            row[k] == ""
            for k in ("prr", "prr_low", "prr_high", "ror", "ror_low", "ror_high", "chi2")
        )
    assert row["signal"] in ("yes", "no")


def test_export_keeps_the_evans_flag_when_a_is_small() -> None:
    row = export_row(table("drug X", "rash", 5, 20, 30, 5000))
    assert row["a"] == "<11" and row["prr"] == "" and row["signal"] == "yes"


def test_csv_export_has_a_header_and_one_row_per_table() -> None:
    text = to_csv([table("drug X", "rash", 20, 200, 30, 3000), table("drug Y", "rash", 1, 2, 3, 4)])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["product"] for r in rows] == ["drug X", "drug Y"]
    assert rows[0]["prr"] != "" and rows[1]["a"] == "<11" and rows[1]["d"] == "<11"


counts = st.integers(min_value=0, max_value=10_000)


@given(counts, counts, counts, counts)
def test_prr_and_ror_intervals_contain_the_estimate(a: int, b: int, c: int, d: int) -> None:
    row = table("p", "r", a, b, c, d)
    for value, ci in ((row.prr, row.prr_ci), (row.ror, row.ror_ci)):
        if ci is not None:
            assert value is not None
            assert ci[0] <= value * (1 + 1e-9) and value <= ci[1] * (1 + 1e-9)
    assert row.chi2 is None or row.chi2 >= 0
    assert not row.signal or a >= 3
