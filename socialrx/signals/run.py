"""All signals of a period from inbound items: the syndromic daily series, their aberration
alerts, the adverse-event cases and their disproportionality — pure functions over plain
items (``socialrx.store.signals`` reads them; ``socialrx signals run``, the dashboard and the
reports call ``compute``), and how they are shown, with every count below 11 suppressed.

- **Series**: mentions per local day of each (syndrome, kind, region) in ``kinds`` (default
  personal mentions only: news and figurative talk are counted, not alerted on). Days without
  a mention count 0. Region: ``Item.region`` (``None``, unknown, for every stored item today).
- **Lead-in**: the detectors need a baseline (C2: days t−9 … t−3), so items from
  ``LEAD_DAYS`` days before the period are read too; they feed the baselines, and only alerts
  inside the period are kept. A day before any item was stored counts 0.
- **Detectors** (``DEFAULT_DETECTORS``): EARS C2 with ``min_sd`` = 1 mention. In the ILINet
  backtest (docs/signals.md) C2 signalled every national onset, a median of one week early,
  with 0.28 false-alarm runs a season, where C3 and CUSUM gave 1.4 and 2.1 (mostly drift); on
  daily counts of posts the sd floor of one mention keeps a lone mention after a silent week
  (C2 = 5 with the default floor of 0.2) from alarming: it takes 3 more than expected.
- **Adverse events**: the cases (``socialrx.signals.cases``) of the period's items labelled
  ``adverse_event``, and ``disproportionality`` over them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo

from socialrx.measure import SUPPRESS_BELOW, suppress
from socialrx.signals.aberration import Alert, Detector, alerts
from socialrx.signals.cases import LABEL, Case, cases_from_text
from socialrx.signals.disproportionality import Disproportion, disproportionality, export_row
from socialrx.signals.syndromes import CountKey, Kind, SyndromeMatcher

LEAD_DAYS = 14
DEFAULT_DETECTORS = (Detector("c2", (("min_sd", 1.0),)),)
ALERT_KINDS: tuple[Kind, ...] = ("personal",)
CURRENT_DAYS = 7  # an alert of the last week of the period is current
HIDDEN = "<11"


@dataclass(frozen=True, slots=True)
class Item:
    """An inbound item as the signals read it; ``text`` is read once and never shown."""

    id: str
    received: datetime  # aware
    channel: str
    text: str = field(repr=False)
    labels: tuple[str, ...] = ()
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Signals:
    """The signals of the local days ``first`` to ``last``: the daily mention counts of the
    period, the alerts raised in it, its adverse-event cases and their disproportionality."""

    first: date
    last: date
    items: int  # items received in the period
    counts: Mapping[CountKey, int]
    alerts: tuple[Alert, ...]
    cases: tuple[Case, ...]
    pairs: tuple[Disproportion, ...]

    @property
    def flagged(self) -> tuple[Disproportion, ...]:
        """The (product, reaction) pairs meeting the Evans criteria."""
        return tuple(p for p in self.pairs if p.signal)

    def current(self, days: int = CURRENT_DAYS) -> tuple[Alert, ...]:
        """Each series' latest alert when it falls in the last ``days`` days of the period."""
        since = (self.last - timedelta(days=days - 1)).isoformat()
        latest: dict[str, Alert] = {}
        for a in self.alerts:
            if a.at >= since:
                latest[a.series] = a
        return tuple(sorted(latest.values(), key=lambda a: (a.since, a.series)))


def lead_in(first: date) -> date:
    """The first day whose items feed the baselines of a period starting on ``first``."""
    return first - timedelta(days=LEAD_DAYS)


def series_name(syndrome: str, kind: str, region: str | None) -> str:
    """A series' label: "ili personal", "ili personal, north" ."""
    return f"{syndrome} {kind}" + (f", {region}" if region else "")


def compute(
    items: Iterable[Item], first: date, last: date, tz: tzinfo = UTC,
    matcher: SyndromeMatcher | None = None,
    detectors: Sequence[Detector] = DEFAULT_DETECTORS, kinds: Sequence[Kind] = ALERT_KINDS,
) -> Signals:  # fmt: skip
    """The signals of ``first`` … ``last`` (local days in ``tz``) from ``items`` received from
    ``lead_in(first)`` on (earlier and later ones are ignored). Each text is read once."""
    matcher = matcher or SyndromeMatcher()
    begin = lead_in(first)
    counts: Counter[CountKey] = Counter()
    cases: list[Case] = []
    seen = 0
    for item in items:
        day = item.received.astimezone(tz).date()
        if not begin <= day <= last:
            continue
        for mention in matcher.match(item.text):
            counts[CountKey(day, mention.syndrome, mention.kind, item.region)] += 1
        if day >= first:
            seen += 1
            if LABEL in item.labels:
                cases.extend(cases_from_text(item.id, day, item.channel, item.text))
    raised = _alerts(counts, begin, last, detectors, kinds)
    shown = {k: n for k, n in sorted(counts.items()) if k.day >= first}
    return Signals(first, last, seen, shown, tuple(a for a in raised if a.at >= first.isoformat()),
                   tuple(cases), tuple(disproportionality(c.triple for c in cases)))  # fmt: skip


def _alerts(
    counts: Mapping[CountKey, int], begin: date, last: date, detectors: Sequence[Detector],
    kinds: Sequence[Kind],
) -> list[Alert]:  # fmt: skip
    days = [begin + timedelta(days=i) for i in range((last - begin).days + 1)]
    labels = [d.isoformat() for d in days]
    series: dict[tuple[str, str, str | None], dict[date, int]] = {}
    for key, n in counts.items():
        if key.kind in kinds:
            series.setdefault((key.syndrome, key.kind, key.region), {})[key.day] = n
    out: list[Alert] = []
    for (syndrome, kind, region), per_day in sorted(series.items(), key=lambda s: str(s[0])):
        values: list[float | None] = [float(per_day.get(d, 0)) for d in days]
        for detector in detectors:
            out.extend(alerts(series_name(syndrome, kind, region), labels, detector.run(values),
                              detector.label))  # fmt: skip
    return sorted(out, key=lambda a: (a.at, a.series, a.detector))


# --- as shown (suppressed) -------------------------------------------------------------------------


def _count(value: float) -> str:
    """A count or an expected count: "<11" when above 0 and below 11."""
    return HIDDEN if 0 < value < SUPPRESS_BELOW else f"{value:.1f}".removesuffix(".0")


def alert_row(alert: Alert) -> dict[str, str]:
    """An alert as shown: the observed and expected counts as "<11" below 11; the difference
    and the ratio only when both are shown (with one of them they give the hidden one back);
    the statistic (standard deviations above the baseline) always."""
    observed, expected = _count(alert.observed), _count(alert.expected)
    both = HIDDEN not in (observed, expected)
    return {
        "series": alert.series, "detector": alert.detector, "at": alert.at,
        "since": alert.since, "observed": observed, "expected": expected,
        "difference": f"{alert.difference:+.1f}" if both else "",
        "ratio": f"{alert.ratio:.2f}" if both and alert.ratio is not None else "",
        "statistic": f"{alert.statistic:.1f}",
    }  # fmt: skip


def pair_row(pair: Disproportion) -> dict[str, str]:
    """A (product, reaction) pair as shown (``disproportionality.export_row``)."""
    return export_row(pair)


def summary(signals: Signals) -> dict[str, object]:
    """The run's totals as shown: items, cases and mentions (suppressed), alerts, pairs."""
    mentions = sum(signals.counts.values())
    return {
        "first": signals.first.isoformat(), "last": signals.last.isoformat(),
        "items": _shown(signals.items), "mentions": _shown(mentions),
        "cases": _shown(len({c.case_id for c in signals.cases})),
        "alerts": len(signals.alerts), "current_alerts": len(signals.current()),
        "pairs": len(signals.pairs), "flagged_pairs": len(signals.flagged),
    }  # fmt: skip


def _shown(n: int) -> str:
    shown = suppress(n)
    return HIDDEN if shown is None else str(shown)
