"""The figures of "Measure": post performance, daily series, posting cadence, share of voice
and small-count suppression (service levels and sentiment: ``socialrx.service_levels``). Pure functions over plain facts read by
``socialrx.store.measures`` (no SQL, no clock: every moment is an argument).

Definitions (what reports state):

- **engagement** of a reading = reactions + comments + shares + clicks, over the kinds the
  platform reports; a kind it does not report is absent, not 0, and when it reports none of the
  four the engagement is absent (``None``). Video views are not engagement.
- **engagement rate** of a reading = engagement / impressions, only when impressions > 0 and
  engagement is known; otherwise it is not reported (Mastodon and Bluesky report no
  impressions). Over several posts it is the **pooled rate**: the sum of the engagements of
  the posts that have a rate divided by the sum of their impressions — engagements per
  impression of the output as a whole. It is not the mean of the per-post rates, which would
  give a post seen 20 times the same weight as one seen 20,000 times; the pooled rate always
  lies between the lowest and highest per-post rate, and the overall rate is the
  impression-weighted mean of the channel rates.
- **reach** over several posts is the sum of each post's reach: someone reached by two posts
  counts twice (platforms report no reach that is unique across posts).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from socialrx.errors import InputError

KINDS = ("impressions", "reach", "reactions", "comments", "shares", "clicks", "video_views")
ENGAGEMENT_KINDS = ("reactions", "comments", "shares", "clicks")
SUPPRESS_BELOW = 11  # counts 1..10 about patients or health topics are not shown
HEALTH_LABELS = ("crisis", "adverse_event", "medical_question")  # inbound labels about health

K = TypeVar("K")


# --- the facts (read by socialrx.store.measures) -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    """One collection of a publication's cumulative counts (``None``: not reported)."""

    publication_id: int
    collected_at: datetime
    impressions: int | None = None
    reach: int | None = None
    reactions: int | None = None
    comments: int | None = None
    shares: int | None = None
    clicks: int | None = None
    video_views: int | None = None


@dataclass(frozen=True, slots=True)
class PublicationFacts:
    """A published publication (one post on one channel) and its latest reading, if any."""

    publication_id: int
    post_id: int
    channel: str
    published_at: datetime
    latest: Reading | None


@dataclass(frozen=True, slots=True)
class InboundFacts:
    """An inbound item's labels (most urgent first) and the moments of its service."""

    item_id: int
    channel: str
    labels: tuple[str, ...]
    sentiment: str | None
    received_at: datetime
    first_response_at: datetime | None  # the first published reply
    resolved_at: datetime | None  # when it was closed (None while open)
    escalated_at: datetime | None  # the first escalation


# --- post performance ----------------------------------------------------------------------------


def engagement(reading: Reading) -> int | None:
    """reactions + comments + shares + clicks over the reported kinds; ``None`` if none is."""
    known = [getattr(reading, kind) for kind in ENGAGEMENT_KINDS]
    present = [n for n in known if n is not None]
    return sum(present) if present else None


def engagement_rate(reading: Reading) -> float | None:
    """engagement / impressions when impressions > 0 and engagement is known, else ``None``."""
    engaged = engagement(reading)
    if engaged is None or not reading.impressions:
        return None
    return engaged / reading.impressions


def pooled_rate(pairs: Iterable[tuple[int, int]]) -> float | None:
    """Σ engagements / Σ impressions over ``(engagements, impressions)`` pairs with
    impressions > 0; ``None`` when there are none."""
    engaged = seen = 0
    for engagements, impressions in pairs:
        if impressions > 0:
            engaged, seen = engaged + engagements, seen + impressions
    return engaged / seen if seen else None


@dataclass(frozen=True, slots=True)
class PostFigures:
    """One publication's latest figures."""

    publication_id: int
    post_id: int
    channel: str
    published_at: datetime
    impressions: int | None
    reach: int | None
    engagements: int | None
    engagement_rate: float | None


@dataclass(frozen=True, slots=True)
class Performance:
    """Totals over publications. ``posts`` counts distinct posts (a post on two channels is one
    post, two publications); a total is ``None`` when no publication reports that kind.
    ``rated`` publications are those with an engagement rate, the base of ``engagement_rate``
    (the pooled rate). ``top``: the publications with the most engagements, most first."""

    posts: int
    publications: int
    impressions: int | None
    reach: int | None
    engagements: int | None
    rated: int
    engagement_rate: float | None
    top: tuple[PostFigures, ...]


def post_figures(facts: PublicationFacts) -> PostFigures:
    latest = facts.latest
    return PostFigures(
        facts.publication_id, facts.post_id, facts.channel, facts.published_at,
        latest.impressions if latest else None, latest.reach if latest else None,
        engagement(latest) if latest else None, engagement_rate(latest) if latest else None,
    )  # fmt: skip


def _total(values: Iterable[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def performance(publications: Iterable[PublicationFacts], top: int = 5) -> Performance:
    """The totals of ``publications`` (their latest readings); ``top`` is ordered by
    engagements (most first; ties: earlier publication first) and leaves out publications
    whose engagement is not known."""
    figures = [post_figures(p) for p in publications]
    rated = [(f.engagements or 0, f.impressions or 0) for f in figures
             if f.engagement_rate is not None]  # fmt: skip
    known = [f for f in figures if f.engagements is not None]
    best = sorted(known, key=lambda f: (-(f.engagements or 0), f.published_at, f.publication_id))
    return Performance(
        posts=len({f.post_id for f in figures}), publications=len(figures),
        impressions=_total(f.impressions for f in figures), reach=_total(f.reach for f in figures),
        engagements=_total(f.engagements for f in figures), rated=len(rated),
        engagement_rate=pooled_rate(rated), top=tuple(best[:top]),
    )  # fmt: skip


def performance_by_channel(
    publications: Iterable[PublicationFacts], top: int = 5
) -> dict[str, Performance]:
    """``performance`` per channel, channels in name order."""
    groups: dict[str, list[PublicationFacts]] = {}
    for p in publications:
        groups.setdefault(p.channel, []).append(p)
    return {channel: performance(groups[channel], top) for channel in sorted(groups)}


# --- days in the organisation's time zone --------------------------------------------------------


def local_days(start: datetime, end: datetime, tz: ZoneInfo) -> list[date]:
    """The local dates (in ``tz``) that the period [start, end) touches, in order."""
    if end <= start:
        raise InputError("a period must end after it starts")
    first, last = start.astimezone(tz).date(), (end - timedelta(microseconds=1)).astimezone(tz)
    return [first + timedelta(days=n) for n in range((last.date() - first).days + 1)]


def day_end(day: date, tz: ZoneInfo) -> datetime:
    """The instant (UTC) the local day ``day`` ends in ``tz``: the next local midnight (a day
    across a daylight-saving change lasts 23 or 25 hours)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


@dataclass(frozen=True, slots=True)
class DayTotals:
    """Sums, at a day's end, of each publication's latest reading so far (cumulative counts;
    each publication counted once); ``publications``: how many had a reading by then."""

    day: date
    publications: int
    impressions: int | None
    reach: int | None
    reactions: int | None
    comments: int | None
    shares: int | None
    clicks: int | None
    video_views: int | None
    engagements: int | None


def daily_totals(
    readings: Iterable[Reading], start: datetime, end: datetime, tz: ZoneInfo
) -> list[DayTotals]:
    """One ``DayTotals`` per local day of [start, end): for each publication the latest reading
    collected before the day's end (a reading at midnight belongs to the day it starts). A
    total is ``None`` while no counted reading reports that kind."""
    ordered = sorted(readings, key=lambda r: (r.collected_at, r.publication_id))
    fields = (*KINDS, "engagements")
    sums = dict.fromkeys(fields, 0)
    reporting = dict.fromkeys(fields, 0)
    latest: dict[int, Reading] = {}
    out, at = [], 0

    def count(reading: Reading, sign: int) -> None:
        for name in fields:
            value = engagement(reading) if name == "engagements" else getattr(reading, name)
            if value is not None:
                sums[name] += sign * value
                reporting[name] += sign

    for day in local_days(start, end, tz):
        until, today = min(day_end(day, tz), end), {}
        while at < len(ordered) and ordered[at].collected_at < until:
            today[ordered[at].publication_id] = ordered[at]  # only the day's last one counts
            at += 1
        for publication, reading in today.items():
            previous = latest.get(publication)
            if previous is not None:
                count(previous, -1)
            latest[publication] = reading
            count(reading, 1)
        totals = [sums[n] if reporting[n] else None for n in fields]
        out.append(DayTotals(day, len(latest), *totals))
    return out


@dataclass(frozen=True, slots=True)
class Cadence:
    """Publications per local day and channel (every day of the period, zeros included), and
    posts per week: distinct posts by the local week (starting Monday) of their first
    publication in the period; ``weekly_mean`` is posts / (local days of the period / 7)."""

    per_day: tuple[tuple[date, Mapping[str, int]], ...]
    per_week: tuple[tuple[date, int], ...]
    weekly_mean: float


def cadence(
    publications: Iterable[PublicationFacts], start: datetime, end: datetime, tz: ZoneInfo
) -> Cadence:
    days = local_days(start, end, tz)
    per_day: dict[date, Counter[str]] = {day: Counter() for day in days}
    first: dict[int, datetime] = {}
    for p in publications:
        if not start <= p.published_at < end:
            continue
        per_day[local_day(p.published_at, tz)][p.channel] += 1
        first[p.post_id] = min(first.get(p.post_id, p.published_at), p.published_at)
    weeks: Counter[date] = Counter()
    for at in first.values():
        day = local_day(at, tz)
        weeks[day - timedelta(days=day.weekday())] += 1
    return Cadence(
        tuple((day, dict(sorted(per_day[day].items()))) for day in days),
        tuple(sorted(weeks.items())), len(first) / (len(days) / 7),
    )  # fmt: skip


# --- share of voice ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Voice:
    """Texts naming an organisation, and that count over all organisations' counts (a text
    naming two organisations counts once for each); ``None`` when no text names any."""

    mentions: int
    share: float | None


def share_of_voice(texts: Iterable[str], names: Mapping[str, Sequence[str]]) -> dict[str, Voice]:
    """For each organisation (key): the texts naming any of its ``names`` as whole words (not
    inside a longer word), ignoring case; each text counts at most once per organisation."""
    patterns: dict[str, re.Pattern[str] | None] = {}
    for org, aliases in names.items():
        wanted = sorted({a.strip() for a in aliases if a.strip()}, key=len, reverse=True)
        alternatives = "|".join(re.escape(a) for a in wanted)
        patterns[org] = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE) if wanted else None  # fmt: skip
    mentions = dict.fromkeys(names, 0)
    for text in texts:
        for org, pattern in patterns.items():
            if pattern is not None and pattern.search(text):
                mentions[org] += 1
    total = sum(mentions.values())
    return {org: Voice(n, n / total if total else None) for org, n in mentions.items()}


# --- small-count suppression ---------------------------------------------------------------------


def suppress(count: int, threshold: int = SUPPRESS_BELOW) -> int | None:
    """A count safe to show: 0 and counts of ``threshold`` or more are shown; 1 to
    ``threshold`` − 1 become ``None`` (shown as "fewer than 11"): so few patients could be
    recognised. Zero is shown: it tells nothing about anyone."""
    if count < 0:
        raise InputError(f"a count cannot be negative ({count})")
    return None if 0 < count < threshold else count


def suppress_counts(
    counts: Mapping[K, int], sensitive: Collection[K] | Callable[[K], bool] | None = None,
    threshold: int = SUPPRESS_BELOW,
) -> dict[K, int | None]:  # fmt: skip
    """``counts`` with every count about patients or health topics suppressed: by default all
    of them; else those whose key is in ``sensitive`` (e.g. ``HEALTH_LABELS``) or for which it
    returns true. Other counts are kept as they are."""
    if sensitive is None:
        return {key: suppress(n, threshold) for key, n in counts.items()}
    about = sensitive if callable(sensitive) else sensitive.__contains__
    return {key: suppress(n, threshold) if about(key) else n for key, n in counts.items()}


def suppress_parts(parts: Sequence[int], threshold: int = SUPPRESS_BELOW) -> list[int | None]:
    """Counts shown next to their total (sentiment of a week, items per label): each count
    of 1 to ``threshold`` − 1 is suppressed, and when exactly one is, so is the smallest other
    non-zero count — else the hidden one would be the total minus the others. (When no other
    count is non-zero, the total equals the hidden count and is suppressed itself.)"""
    shown: list[int | None] = [suppress(n, threshold) for n in parts]
    hidden = [i for i, n in enumerate(shown) if n is None]
    if len(hidden) == 1:
        others = [(n, i) for i, n in enumerate(parts) if i not in hidden and n > 0]
        if others:
            shown[min(others)[1]] = None
    return shown
