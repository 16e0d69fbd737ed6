"""Service levels and sentiment of inbound items, from ``socialrx.measure``'s facts: first
response, resolution and crisis response times, SLA breaches, medians and 90th percentiles by
label and channel, and the daily sentiment trend. Pure (no SQL, no clock).

- **percentiles** are nearest-rank: the p-th percentile of n values is the ``ceil(p·n)``-th
  smallest (the smallest for p = 0); the **median** is the nearest-rank 50th percentile (for an
  even count the lower middle value), so it is always a time some item really took.
- **service times** are taken as known at the report's ``end``: a reply, escalation or
  resolution at or after ``end`` has not happened yet. An item without one is **open**: counted
  apart, never as a time of 0.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo

from socialrx.errors import InputError
from socialrx.measure import InboundFacts, local_day, local_days

SENTIMENTS = ("negative", "neutral", "positive")
UNLABELLED = "unlabelled"  # the label group of items that have no label
DEFAULT_SLA: Mapping[str, timedelta] = {
    "crisis": timedelta(minutes=15),
    "adverse_event": timedelta(hours=24),
    "complaint": timedelta(hours=24),
    "medical_question": timedelta(hours=24),
}
OTHER_SLA = timedelta(hours=48)  # items with none of the labels of the mapping

V = TypeVar("V", int, float, timedelta)


# --- service levels ------------------------------------------------------------------------------


def percentile(values: Sequence[V], share: float) -> V:
    """The nearest-rank percentile: the ``ceil(share·n)``-th smallest of ``values`` (the
    smallest when ``share`` is 0), ``share`` in 0..1."""
    if not values:
        raise InputError("a percentile needs at least one value")
    if not 0.0 <= share <= 1.0:
        raise InputError(f"a percentile share is between 0 and 1, not {share}")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _before(moment: datetime | None, end: datetime) -> datetime | None:
    return moment if moment is not None and moment < end else None


def first_response_time(item: InboundFacts, end: datetime) -> timedelta | None:
    """From receipt to the first published reply before ``end``; ``None``: open."""
    answered = _before(item.first_response_at, end)
    return answered - item.received_at if answered else None


def resolution_time(item: InboundFacts, end: datetime) -> timedelta | None:
    """From receipt to its resolution before ``end``; ``None``: not resolved."""
    resolved = _before(item.resolved_at, end)
    return resolved - item.received_at if resolved else None


def crisis_response_time(item: InboundFacts, end: datetime) -> timedelta | None:
    """min(first reply, first escalation) − receipt, before ``end``; ``None``: neither yet."""
    moments = [m for m in (item.first_response_at, item.escalated_at) if m and m < end]
    return min(moments) - item.received_at if moments else None


def response_time(item: InboundFacts, end: datetime) -> timedelta | None:
    """The time the SLA is held against: the crisis response time for an item labelled crisis
    (escalating is responding), the first-response time for any other."""
    if "crisis" in item.labels:
        return crisis_response_time(item, end)
    return first_response_time(item, end)


def sla_of(
    item: InboundFacts, sla: Mapping[str, timedelta] = DEFAULT_SLA, other: timedelta = OTHER_SLA
) -> timedelta:
    """The strictest SLA among the item's labels; ``other`` when none of them has one."""
    return min((sla[name] for name in item.labels if name in sla), default=other)


def breached(
    item: InboundFacts, end: datetime, sla: Mapping[str, timedelta] = DEFAULT_SLA,
    other: timedelta = OTHER_SLA,
) -> bool:  # fmt: skip
    """Answered later than its SLA, or unanswered at ``end`` with its SLA already past."""
    limit, took = sla_of(item, sla, other), response_time(item, end)
    return (took if took is not None else end - item.received_at) > limit


@dataclass(frozen=True, slots=True)
class Times:
    """Times of the ``done`` items (median and 90th percentile, nearest rank); ``open`` items
    have none yet and are not in the figures."""

    done: int
    open: int
    median: timedelta | None
    p90: timedelta | None


def times(values: Sequence[timedelta | None]) -> Times:
    done = [v for v in values if v is not None]
    if not done:
        return Times(0, len(values), None, None)
    return Times(len(done), len(values) - len(done), percentile(done, 0.5), percentile(done, 0.9))


@dataclass(frozen=True, slots=True)
class Service:
    """A group of inbound items: first-response and resolution times, SLA breaches."""

    items: int
    first_response: Times
    resolution: Times
    breaches: int


def service(
    items: Sequence[InboundFacts], end: datetime, sla: Mapping[str, timedelta] = DEFAULT_SLA,
    other: timedelta = OTHER_SLA,
) -> Service:  # fmt: skip
    return Service(
        len(items), times([first_response_time(i, end) for i in items]),
        times([resolution_time(i, end) for i in items]),
        sum(breached(i, end, sla, other) for i in items),
    )  # fmt: skip


def service_by(
    items: Iterable[InboundFacts], by: Literal["label", "channel"], end: datetime,
    sla: Mapping[str, timedelta] = DEFAULT_SLA, other: timedelta = OTHER_SLA,
) -> dict[str, Service]:  # fmt: skip
    """``service`` per label (an item with several labels counts in each; items with none are
    under ``UNLABELLED``) or per channel, keys in name order."""
    groups: dict[str, list[InboundFacts]] = {}
    for item in items:
        keys = (item.labels or (UNLABELLED,)) if by == "label" else (item.channel,)
        for key in keys:
            groups.setdefault(key, []).append(item)
    return {key: service(groups[key], end, sla, other) for key in sorted(groups)}


# --- sentiment -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DaySentiment:
    """Items received on a local day by sentiment; ``unknown``: not classified.
    ``negative_share`` = negative / (negative + neutral + positive), ``None`` without any."""

    day: date
    negative: int
    neutral: int
    positive: int
    unknown: int
    negative_share: float | None


def sentiment_trend(
    items: Iterable[InboundFacts], start: datetime, end: datetime, tz: ZoneInfo
) -> list[DaySentiment]:
    counts: dict[date, Counter[str]] = {day: Counter() for day in local_days(start, end, tz)}
    for item in items:
        if start <= item.received_at < end:
            name = item.sentiment if item.sentiment in SENTIMENTS else "unknown"
            counts[local_day(item.received_at, tz)][name or "unknown"] += 1
    out = []
    for day, c in counts.items():
        known = c["negative"] + c["neutral"] + c["positive"]
        share = c["negative"] / known if known else None
        out.append(DaySentiment(day, c["negative"], c["neutral"], c["positive"], c["unknown"],
                                share))  # fmt: skip
    return out


# --- ratings -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeekRatings:
    """Star ratings (1 to 5) given in a local week (from Monday): how many, and their mean
    (``None`` without any)."""

    week: date
    count: int
    mean: float | None


def rating_trend(
    ratings: Iterable[tuple[datetime, int]], start: datetime, end: datetime, tz: ZoneInfo
) -> list[WeekRatings]:
    """Per local week touching [start, end): the ratings given in the period in that week."""
    weeks = sorted({day - timedelta(days=day.weekday()) for day in local_days(start, end, tz)})
    given: dict[date, list[int]] = {week: [] for week in weeks}
    for at, stars in ratings:
        if start <= at < end:
            day = local_day(at, tz)
            given[day - timedelta(days=day.weekday())].append(stars)
    return [WeekRatings(week, len(s), sum(s) / len(s) if s else None) for week, s in given.items()]
