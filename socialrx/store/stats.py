"""Aggregates for the dashboard: decisions and finding codes per day, review latency per week,
inbound items by label and sentiment, and the count of unresolved crises.

Only codes, decisions, labels, states and timestamps are read, never a text column (those hold
PHI). The queries select plain columns over a time window; grouping by day and ISO week in the
organisation's time zone (``SOCIALRX_TIMEZONE``, as in reports and ``socialrx signals``) is done
in Python, so the same code runs on SQLite and PostgreSQL (their date functions differ).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialrx.store.models import InboundItem, PostVersion, Review

DECISIONS = ("allow", "review", "block")
TOP_CODES = 10
NO_SENTIMENT = "none"


@dataclass(frozen=True)
class DayDecisions:
    day: date
    allow: int = 0
    review: int = 0
    block: int = 0

    @property
    def total(self) -> int:
        return self.allow + self.review + self.block


@dataclass(frozen=True)
class WeekLatency:
    """Reviews decided in the ISO week starting ``week`` (a local Monday), in seconds from
    created to decided: the median and the 90th percentile (nearest rank)."""

    week: date
    count: int
    median: float
    p90: float


@dataclass(frozen=True)
class Dashboard:
    days: int
    first: date  # the window's first local day
    since: datetime  # the window's start (the first local day's midnight, in UTC); it ends now
    decisions: list[DayDecisions]  # one per local day of the window, oldest first
    codes: list[tuple[str, int]]  # the most frequent finding codes, most first
    latency: list[WeekLatency]  # weeks with decided reviews, oldest first
    labels: list[tuple[str, int]]  # inbound items per label, most first
    sentiments: list[tuple[str, int]]  # inbound items per sentiment ("none": not classified)
    crises: int  # crisis items not closed (whenever received)


def dashboard(session: Session, days: int, now: datetime | None = None,
              tz: tzinfo = UTC) -> Dashboard:  # fmt: skip
    """The dashboard's numbers over the ``days`` local days (in ``tz``) ending with today
    (``now``)."""
    first = (now or datetime.now(UTC)).astimezone(tz).date() - timedelta(days=days - 1)
    since = datetime.combine(first, time(0), tzinfo=tz).astimezone(UTC)
    return Dashboard(
        days=days, first=first, since=since, decisions=_decisions(session, since, first, days, tz),
        codes=_codes(session, since), latency=_latency(session, since, tz),
        labels=_labels(session, since), sentiments=_sentiments(session, since),
        crises=unresolved_crises(session),
    )  # fmt: skip


def _decisions(session: Session, since: datetime, first: date, days: int,
               tz: tzinfo) -> list[DayDecisions]:  # fmt: skip
    rows = session.execute(
        select(PostVersion.created_at, PostVersion.decision).where(PostVersion.created_at >= since)
    )
    counts: Counter[tuple[date, str]] = Counter()
    for at, decision in rows:
        counts[(at.astimezone(tz).date(), decision)] += 1
    out = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        out.append(DayDecisions(day, *(counts[(day, d)] for d in DECISIONS)))
    return out


def _codes(session: Session, since: datetime) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for (codes,) in session.execute(
        select(PostVersion.codes).where(PostVersion.created_at >= since)
    ):
        counts.update(codes or ())
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_CODES]


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1) of non-empty ``values``."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _latency(session: Session, since: datetime, tz: tzinfo) -> list[WeekLatency]:
    rows = session.execute(
        select(Review.created_at, Review.decided_at).where(
            Review.decided_at.is_not(None), Review.decided_at >= since
        )
    )
    weeks: dict[date, list[float]] = {}
    for created, decided in rows:
        if decided is None:  # (excluded by the query)
            continue
        day = decided.astimezone(tz).date()
        monday = day - timedelta(days=day.weekday())
        weeks.setdefault(monday, []).append(max(0.0, (decided - created).total_seconds()))
    return [
        WeekLatency(week, len(s), float(statistics.median(s)), percentile(s, 0.9))
        for week, s in sorted(weeks.items())
    ]


def _labels(session: Session, since: datetime) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for (names,) in session.execute(
        select(InboundItem.label_names).where(InboundItem.received_at >= since)
    ):
        counts.update(n for n in (names or "").split(",") if n)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _sentiments(session: Session, since: datetime) -> list[tuple[str, int]]:
    rows = session.execute(
        select(InboundItem.sentiment, func.count())
        .where(InboundItem.received_at >= since)
        .group_by(InboundItem.sentiment)
    )
    counts: Counter[str] = Counter()
    for sentiment, n in rows:
        counts[sentiment or NO_SENTIMENT] += n
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def unresolved_crises(session: Session) -> int:
    """Inbound items labelled crisis that are not closed, however old."""
    query = (
        select(func.count())
        .select_from(InboundItem)
        .where(
            InboundItem.label_names.contains(",crisis,", autoescape=True),
            InboundItem.state != "closed",
        )
    )
    return int(session.scalar(query) or 0)
