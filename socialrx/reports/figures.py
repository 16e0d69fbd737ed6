"""Everything a report (and the measure page) shows for a period, read from the store in one
place: post performance, daily series, cadence, service levels, sentiment and rating trends,
share of voice, campaigns, the competitor benchmark and the signals (``signals_of``). The
figures are computed by ``socialrx.measure``, ``socialrx.service_levels``,
``socialrx.benchmark`` and ``socialrx.signals``; nothing here
suppresses (``socialrx.reports.tables`` does, for everything shown or exported).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from socialrx import measure, service_levels
from socialrx.benchmark import PeerFigures
from socialrx.errors import InputError
from socialrx.measure import Cadence, DayTotals, Performance, Voice
from socialrx.service_levels import DaySentiment, Service, Times, WeekRatings
from socialrx.signals import run as signals_run
from socialrx.signals.syndromes import SyndromeMatcher
from socialrx.store import links as link_store
from socialrx.store import measures
from socialrx.store import signals as signal_store
from socialrx.store.database import Session
from socialrx.store.links import CampaignFigures, LinkFigures

LONGEST = timedelta(days=366 * 2)  # a report covers at most two years


@dataclass(frozen=True, slots=True)
class Period:
    """Local dates ``first`` to ``last`` (inclusive) in ``tz``: [start, end) in UTC."""

    first: date
    last: date
    tz: ZoneInfo

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(0), tzinfo=self.tz).astimezone(UTC)

    @property
    def end(self) -> datetime:
        return measure.day_end(self.last, self.tz)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def label(self) -> str:
        return f"{self.first.isoformat()} to {self.last.isoformat()} ({self.tz.key})"


def period(first: date, last: date, tz: ZoneInfo) -> Period:
    if last < first:
        raise InputError(f"the period ends ({last}) before it starts ({first}): "
                         "expected --to on or after --from")  # fmt: skip
    if last - first > LONGEST:
        raise InputError("a report covers at most two years: expected a shorter period")
    return Period(first, last, tz)


@dataclass(frozen=True, slots=True)
class Figures:
    period: Period
    performance: Performance
    by_channel: Mapping[str, Performance]
    daily: Sequence[DayTotals]
    cadence: Cadence
    inbound: int
    labels: Mapping[str, int]  # inbound items per label (an item with several counts in each)
    service: Service
    crisis: Times  # crisis response: the first reply or escalation, whichever came first
    service_by_label: Mapping[str, Service]
    service_by_channel: Mapping[str, Service]
    sentiment: Sequence[DaySentiment]
    ratings: Sequence[WeekRatings]
    voice: Mapping[str, Voice]
    campaigns: Sequence[CampaignFigures]
    links: Sequence[LinkFigures]
    benchmark: Sequence[PeerFigures]  # the followed accounts (``socialrx peers``)
    signals: signals_run.Signals | None = None  # syndromic alerts, adverse-event pairs


def gather(
    session: Session, chosen: Period, voices: Mapping[str, Sequence[str]] | None = None,
    benchmark: Sequence[PeerFigures] = (), now: datetime | None = None,
    matcher: SyndromeMatcher | None = None,
) -> Figures:  # fmt: skip
    """The figures of ``chosen``. ``voices``: organisation name → the words that name it, for
    share of voice over the period's inbound texts (read only to count names, never kept).
    Figures are as they stood at the period's end (or ``now``, if earlier): the posts'
    latest readings before it, the service times of items still open up to it — so a report
    of a past period reads the same whenever it is made, and its totals are the last day of
    its daily series."""
    start, end, tz = chosen.start, chosen.end, chosen.tz
    until = min(end, now or datetime.now(UTC))
    bounds = [measure.day_end(day, tz) for day in measure.local_days(start, end, tz)]
    published = measures.publications_with_latest(session, start, end, as_of=until)
    readings = measures.readings(session, start, end, bounds=bounds)
    items = measures.inbound_facts(session, start, end)
    labels: dict[str, int] = {}
    for item in items:
        for name in item.labels:
            labels[name] = labels.get(name, 0) + 1
    voice: Mapping[str, Voice] = {}
    if voices:
        voice = measure.share_of_voice(measures.inbound_texts(session, start, end), voices)
    return Figures(
        chosen,
        measure.performance(published),
        measure.performance_by_channel(published),
        measure.daily_totals(readings, start, end, tz),
        measure.cadence(published, start, end, tz),
        len(items),
        dict(sorted(labels.items())),
        service_levels.service(items, until),
        service_levels.times(
            [service_levels.crisis_response_time(i, until) for i in items if "crisis" in i.labels]
        ),
        service_levels.service_by(items, "label", until),
        service_levels.service_by(items, "channel", until),
        service_levels.sentiment_trend(items, start, end, tz),
        service_levels.rating_trend(measures.ratings(session, start, end), start, end, tz),
        voice,
        link_store.campaign_figures(session, start, end),
        link_store.link_figures(session, start, end),
        benchmark,
        signals_of(session, chosen.first, chosen.last, tz, matcher),
    )


def signals_of(
    session: Session, first: date, last: date, tz: ZoneInfo | None = None,
    matcher: SyndromeMatcher | None = None,
) -> signals_run.Signals:  # fmt: skip
    """The signals of the local days ``first`` … ``last`` (in ``tz``, default UTC) from the
    stored inbound items, with the lead-in the detectors' baselines need; the texts are read
    once, never kept. ``matcher``: the syndromes counted (default: the built-in ones)."""
    tz = tz or ZoneInfo("UTC")
    start = datetime.combine(signals_run.lead_in(first), time(0), tzinfo=tz).astimezone(UTC)
    rows = signal_store.inbound_texts(session, start, measure.day_end(last, tz))
    items = (signals_run.Item(str(r.id), r.received_at, r.channel, r.text, r.labels, r.region)
             for r in rows)  # fmt: skip
    return signals_run.compute(items, first, last, tz, matcher)
