"""Aberration detection over a series of counts or rates: the EARS C1, C2 and C3 methods and a
one-sided CUSUM, and the alerts they raise. Pure functions; one ``Result`` per input point.

Definitions (Hutwagner et al. 2003; Fricker, Hegler & Dunfee 2008):

- **C1** ("mild"): baseline = the ``baseline`` (7) values immediately before the current one;
  statistic C1_t = (x_t − mean) / sd, sd the sample standard deviation (n − 1) of the baseline;
  alarm when C1_t ≥ ``threshold`` (3).
- **C2** ("medium"): as C1 with a ``guard`` band (2 periods) between the baseline and the
  current value: baseline = x_{t−9} … x_{t−3}.
- **C3** ("ultra"): C3_t = Σ_{i=t−2..t} max(0, C2_i − 1), the current and the 2 previous C2
  statistics; alarm when C3_t ≥ ``threshold`` (2).
- **CUSUM**: z_t = (x_t − mean) / sd against a trailing baseline with a guard band (as C2);
  S_t = max(0, S_{t−1} + z_t − k); alarm when S_t ≥ h. Defaults k = 0.5, h = 4: tuned to
  detect a shift of one standard deviation (k = δ/2), h = 4 gives an in-control average run
  length of about 170 periods for normal data (Montgomery, *Introduction to Statistical
  Quality Control*, table of ARLs for k = 0.5) — roughly one false alarm in three years of
  weeks. ``reset`` (default true): S restarts at 0 after an alarm, as in Fricker et al.'s
  comparison, so a long excess raises a new alarm every few periods rather than one unending
  alarm; with ``reset=False`` S keeps accumulating.

**Flat baselines.** A constant baseline has sd = 0. As EARS implementations do (the R package
``surveillance``'s ``minSigma``), the sd is floored: sd_used = max(sd, ``min_sd``), default 0.2
in the units of the series. So a run of zeros followed by a 1 gives C1 = 5 (an alarm), while a
flat baseline followed by the same value gives 0 (no alarm). ``min_sd`` must be positive.

**Missing values** (``None``): a statistic needs the current value and every value of its
baseline window; otherwise the point has no statistic (``None``) and no alarm. C3 needs the
three C2 statistics; CUSUM restarts from S = 0 after a point without statistic.

References: L. C. Hutwagner, W. W. Thompson, G. M. Seeman, T. Treadwell, "The bioterrorism
preparedness and response Early Aberration Reporting System (EARS)", J Urban Health 80 (2003)
i89–i96; R. D. Fricker, B. L. Hegler, D. A. Dunfee, "Comparing syndromic surveillance detection
methods: EARS' versus a CUSUM-based methodology", Stat Med 27 (2008) 3407–3429; E. S. Page,
"Continuous inspection schemes", Biometrika 41 (1954) 100–115.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, cast, get_args

from socialrx.errors import ConfigError, InputError

Method = Literal["c1", "c2", "c3", "cusum"]
Param = float | int | bool
MIN_SD = 0.2


@dataclass(frozen=True, slots=True)
class Result:
    """One point's outcome: ``expected`` is the baseline mean and ``sd`` the floored baseline
    standard deviation; ``statistic`` is C1/C2/C3 or the CUSUM S_t (``None``: the baseline is
    not long enough, or a value is missing)."""

    observed: float | None
    expected: float | None
    sd: float | None
    statistic: float | None
    alarm: bool


NONE = Result(None, None, None, None, False)


# --- checks --------------------------------------------------------------------------------------


def _values(values: Sequence[float | None]) -> list[float | None]:
    out: list[float | None] = []
    for i, v in enumerate(values):
        if v is not None and (isinstance(v, bool) or not math.isfinite(v)):
            raise InputError(f"value {i} of the series is not a finite number ({v!r})")
        out.append(None if v is None else float(v))
    return out


def _whole(name: str, value: int, least: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ConfigError(f"{name} must be a whole number of periods ≥ {least}, not {value!r}")


def _positive(name: str, value: float, zero_ok: bool = False) -> None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or value < 0 or (value == 0 and not zero_ok):
        wanted = "≥ 0" if zero_ok else "> 0"
        raise ConfigError(f"{name} must be a finite number {wanted}, not {value!r}")


def _check_window(baseline: int, guard: int, min_sd: float) -> None:
    _whole("baseline", baseline, 2)
    _whole("guard", guard, 0)
    _positive("min_sd", min_sd)


# --- EARS ----------------------------------------------------------------------------------------


def _baseline(
    values: Sequence[float | None], t: int, length: int, guard: int, min_sd: float
) -> tuple[float, float] | None:
    """(mean, floored sd) of the window ending ``guard`` periods before ``t``; ``None`` when
    the window starts before the series or holds a missing value."""
    start = t - guard - length
    if start < 0:
        return None
    present = [v for v in values[start : t - guard] if v is not None]
    if len(present) < length:
        return None
    mean = math.fsum(present) / length
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in present) / (length - 1))
    return mean, max(sd, min_sd)


def _ears(
    values: Sequence[float | None], baseline: int, guard: int, threshold: float, min_sd: float
) -> list[Result]:
    """C1 or C2 (``threshold`` already checked; ``math.inf``: statistics only)."""
    _check_window(baseline, guard, min_sd)
    series = _values(values)
    out: list[Result] = []
    for t, x in enumerate(series):
        base = _baseline(series, t, baseline, guard, min_sd)
        if base is None or x is None:
            out.append(Result(x, base[0] if base else None, base[1] if base else None, None, False))
            continue
        mean, sd = base
        z = (x - mean) / sd
        out.append(Result(x, mean, sd, z, z >= threshold))
    return out


def c1(
    values: Sequence[float | None], baseline: int = 7, threshold: float = 3.0,
    min_sd: float = MIN_SD,
) -> list[Result]:  # fmt: skip
    """EARS C1: the current value against the ``baseline`` values just before it."""
    _positive("threshold", threshold)
    return _ears(values, baseline, 0, threshold, min_sd)


def c2(
    values: Sequence[float | None], baseline: int = 7, guard: int = 2, threshold: float = 3.0,
    min_sd: float = MIN_SD,
) -> list[Result]:  # fmt: skip
    """EARS C2: as C1 with ``guard`` periods between the baseline and the current value."""
    _positive("threshold", threshold)
    return _ears(values, baseline, guard, threshold, min_sd)


def c3(
    values: Sequence[float | None], baseline: int = 7, guard: int = 2, threshold: float = 2.0,
    min_sd: float = MIN_SD, span: int = 3,
) -> list[Result]:  # fmt: skip
    """EARS C3: Σ max(0, C2 − 1) over the current and the ``span`` − 1 previous periods."""
    _whole("span", span, 1)
    _positive("threshold", threshold)
    seconds = _ears(values, baseline, guard, math.inf, min_sd)
    out: list[Result] = []
    for t, r in enumerate(seconds):
        recent = [s.statistic for s in seconds[max(0, t - span + 1) : t + 1]]
        if t + 1 < span or any(s is None for s in recent):
            out.append(Result(r.observed, r.expected, r.sd, None, False))
            continue
        total = sum(max(0.0, s - 1.0) for s in recent if s is not None)
        out.append(Result(r.observed, r.expected, r.sd, total, total >= threshold))
    return out


# --- CUSUM ---------------------------------------------------------------------------------------


def cusum(
    values: Sequence[float | None], baseline: int = 7, guard: int = 2, k: float = 0.5,
    h: float = 4.0, min_sd: float = MIN_SD, reset: bool = True,
) -> list[Result]:  # fmt: skip
    """One-sided upper CUSUM of the values standardised against a trailing baseline."""
    _check_window(baseline, guard, min_sd)
    _positive("k", k, zero_ok=True)
    _positive("h", h)
    if not isinstance(reset, bool):
        raise ConfigError(f"reset must be true or false, not {reset!r}")
    series = _values(values)
    out: list[Result] = []
    s = 0.0
    for t, x in enumerate(series):
        base = _baseline(series, t, baseline, guard, min_sd)
        if base is None or x is None:
            s = 0.0
            out.append(Result(x, base[0] if base else None, base[1] if base else None, None, False))
            continue
        mean, sd = base
        s = max(0.0, s + (x - mean) / sd - k)
        alarm = s >= h
        out.append(Result(x, mean, sd, s, alarm))
        if alarm and reset:
            s = 0.0
    return out


# --- detectors as plain data ---------------------------------------------------------------------

METHODS: Mapping[str, Callable[..., list[Result]]] = {"c1": c1, "c2": c2, "c3": c3, "cusum": cusum}


def parameters(method: str) -> dict[str, Param]:
    """The parameters ``method`` accepts, with their defaults."""
    if method not in METHODS:
        raise ConfigError(
            f"unknown detection method {method!r}; expected one of {', '.join(METHODS)}"
        )
    params = inspect.signature(METHODS[method]).parameters
    return {name: p.default for name, p in params.items() if name != "values"}


@dataclass(frozen=True, slots=True)
class Detector:
    """A configured method: ``method`` and the parameters that differ from its defaults
    (name, value pairs); ``name`` labels it in reports (default: the method)."""

    method: Method
    params: tuple[tuple[str, Param], ...] = ()
    name: str = ""

    def __post_init__(self) -> None:
        defaults = parameters(self.method)
        for key, value in self.params:
            if key not in defaults:
                raise ConfigError(f"{self.method} has no parameter {key!r}; expected one of "
                                  f"{', '.join(defaults)}")  # fmt: skip
            if isinstance(defaults[key], bool) != isinstance(value, bool):
                raise ConfigError(f"{self.method} parameter {key!r} has the wrong type ({value!r})")
        self.run([])  # validates the values of the parameters

    @property
    def label(self) -> str:
        return self.name or self.method

    def run(self, values: Sequence[float | None]) -> list[Result]:
        return METHODS[self.method](values, **dict(self.params))


def from_config(config: Mapping[str, object]) -> Detector:
    """A ``Detector`` from a configuration table: ``{"method": "c2", "name": "c2-strict",
    "threshold": 4}`` — every key other than ``method`` and ``name`` is a parameter."""
    method, name = config.get("method"), config.get("name", "")
    if method not in get_args(Method):
        raise ConfigError(f"a detector needs a method, one of {', '.join(get_args(Method))}; "
                          f"got {method!r}")  # fmt: skip
    if not isinstance(name, str):
        raise ConfigError(f"a detector's name must be text, not {name!r}")
    params = []
    for key, value in config.items():
        if key in ("method", "name"):
            continue
        if not isinstance(value, int | float | bool):
            raise ConfigError(f"detector parameter {key!r} must be a number or true/false")
        params.append((key, value))
    return Detector(cast(Method, method), tuple(sorted(params)), name)


DEFAULT_DETECTORS = (Detector("c1"), Detector("c2"), Detector("c3"), Detector("cusum"))


# --- alerts --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Alert:
    """An alarm: ``series`` at ``at`` (a date or epi-week label) by ``detector``; ``observed``
    against ``expected`` (the baseline mean): ``difference`` = observed − expected, ``ratio`` =
    observed / expected (``None`` when expected ≤ 0), ``statistic`` the method's statistic;
    ``since``: the first point of the current run of consecutive alarms."""

    series: str
    detector: str
    at: str
    observed: float
    expected: float
    difference: float
    ratio: float | None
    statistic: float
    since: str


def alerts(
    series: str, labels: Sequence[str], results: Sequence[Result], detector: str = ""
) -> list[Alert]:
    """One ``Alert`` per alarming point of ``results`` (``labels`` name the points)."""
    if len(labels) != len(results):
        raise InputError(f"{len(labels)} labels for {len(results)} results; expected one each")
    out: list[Alert] = []
    since = ""
    for t, r in enumerate(results):
        if not r.alarm:
            since = ""
            continue
        since = since or labels[t]
        if r.observed is None or r.expected is None or r.statistic is None:
            raise InputError(f"the alarm at {labels[t]} has no observed or expected value")
        ratio = r.observed / r.expected if r.expected > 0 else None
        out.append(Alert(series, detector, labels[t], r.observed, r.expected,
                         r.observed - r.expected, ratio, r.statistic, since))  # fmt: skip
    return out


def alarm_runs(results: Sequence[Result]) -> list[tuple[int, int]]:
    """The runs of consecutive alarms as half-open index ranges ``(start, end)``."""
    runs: list[tuple[int, int]] = []
    start = None
    for t, r in enumerate([*results, NONE]):
        if r.alarm and start is None:
            start = t
        elif not r.alarm and start is not None:
            runs.append((start, t))
            start = None
    return runs
