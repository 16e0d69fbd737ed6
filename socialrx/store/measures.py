"""The facts behind "Measure" (``socialrx.measure`` computes the figures): published
publications with their latest metric reading, metric readings for time series, and inbound
items with the moments of their service. Read-only; a few queries per call, whatever the number
of rows; plain frozen dataclasses out (no ORM object leaves). Only ids, channels, labels,
states, counts and timestamps are read, never a text column.

Every period is [start, end) in UTC (aware datetimes).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, cast, func, literal, select
from sqlalchemy.orm import Session

from socialrx.errors import InputError
from socialrx.measure import InboundFacts, PublicationFacts, Reading
from socialrx.store.models import (
    AuditEvent,
    InboundItem,
    Post,
    PostMetric,
    Publication,
    Rating,
)

PUBLISHED = "published"
RESOLVED, ESCALATED = "inbound.resolved", "inbound.escalated"
_COUNTS = (PostMetric.impressions, PostMetric.reach, PostMetric.reactions, PostMetric.comments,
           PostMetric.shares, PostMetric.clicks, PostMetric.video_views)  # fmt: skip


def _period(start: datetime, end: datetime) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise InputError("a period is given in aware (UTC) datetimes")
    if end <= start:
        raise InputError("a period must end after it starts")


def _in_period(start: datetime, end: datetime, replies: bool) -> ColumnElement[bool]:
    """Published in [start, end); answers to inbound items only when ``replies``."""
    conditions = [Publication.state == PUBLISHED, Publication.published_at >= start,
                  Publication.published_at < end]  # fmt: skip
    if not replies:
        conditions.append(
            Publication.post_id.in_(select(Post.id).where(Post.in_reply_to.is_(None)))
        )
    return and_(*conditions)


def _reading(row: Sequence[Any]) -> Reading:
    return Reading(*row)


def publications_with_latest(
    session: Session, start: datetime, end: datetime, as_of: datetime | None = None,
    replies: bool = False,
) -> list[PublicationFacts]:  # fmt: skip
    """Every publication published in [start, end), oldest first, with its latest reading (the
    last collected, or the last collected before ``as_of`` when given; ``None``: no reading).
    Answers to inbound items (posts ``in_reply_to`` one) are service, not content: left out
    unless ``replies``."""
    _period(start, end)
    chosen = select(Publication.id).where(_in_period(start, end, replies))
    last = select(PostMetric.publication_id, func.max(PostMetric.collected_at).label("at"))
    last = last.where(PostMetric.publication_id.in_(chosen))
    if as_of is not None:
        last = last.where(PostMetric.collected_at < as_of)
    latest = last.group_by(PostMetric.publication_id).subquery()
    rows = session.execute(
        select(PostMetric.publication_id, PostMetric.collected_at, *_COUNTS)
        .join(
            latest,
            and_(
                PostMetric.publication_id == latest.c.publication_id,
                PostMetric.collected_at == latest.c.at,
            ),
        )
        .order_by(PostMetric.id)
    )
    readings = {row[0]: _reading(row) for row in rows}  # same moment twice: the last stored
    query = (
        select(Publication.id, Publication.post_id, Publication.channel, Publication.published_at)
        .where(_in_period(start, end, replies))
        .order_by(Publication.published_at, Publication.id)
    )
    return [
        PublicationFacts(pid, post_id, channel, published, readings.get(pid))
        for pid, post_id, channel, published in session.execute(query)
        if published is not None  # (the query asks for a moment in the period)
    ]


def readings(
    session: Session, start: datetime, end: datetime, replies: bool = False,
    bounds: Sequence[datetime] | None = None,
) -> list[Reading]:  # fmt: skip
    """The readings collected before ``end`` of the publications published in [start, end)
    (answers to inbound items only when ``replies``), in collection order: all the daily
    series of the period's publications needs. With ``bounds`` (ascending instants, such as
    the ends of the report's local days), only each publication's last reading before each
    bound (and before ``end``) is returned — the others cannot change a total at a bound —
    so that a year of hourly readings comes back as one row per publication and day."""
    _period(start, end)
    columns = (PostMetric.publication_id, PostMetric.collected_at, *_COUNTS)
    query = (
        select(*columns)
        .join(Publication, Publication.id == PostMetric.publication_id)
        .where(_in_period(start, end, replies), PostMetric.collected_at < end)
    )
    if bounds:
        inner = query.with_only_columns(PostMetric.publication_id.label("p"),
                                        _bucket(list(bounds), 0, len(bounds)).label("b"),
                                        PostMetric.collected_at.label("at")).subquery()  # fmt: skip
        last = select(inner.c.p, func.max(inner.c.at).label("at"))
        chosen = last.group_by(inner.c.p, inner.c.b).subquery()
        query = select(*columns).join(chosen, and_(PostMetric.publication_id == chosen.c.p,
                                                   PostMetric.collected_at == chosen.c.at))  # fmt: skip
    query = query.order_by(PostMetric.collected_at, PostMetric.id)
    found = [_reading(row) for row in session.execute(query)]
    if bounds:  # two readings of a publication at the same moment: the last stored
        unique = {(r.publication_id, r.collected_at): r for r in found}
        found = [r for r in found if unique[r.publication_id, r.collected_at] is r]
    return found


def _bucket(bounds: list[datetime], low: int, high: int) -> ColumnElement[int]:
    """The index of the first of ``bounds[low:high]`` after a reading's moment (``high`` when
    none is), as a binary search of nested CASEs: about log2(n) comparisons per row."""
    if low == high:
        return literal(low)
    middle = (low + high) // 2
    return case((PostMetric.collected_at < bounds[middle], _bucket(bounds, low, middle)),
                else_=_bucket(bounds, middle + 1, high))  # fmt: skip


def _moment(at: str) -> datetime:
    """An audit event's ``at`` (ISO 8601) as an aware UTC datetime (naive taken as UTC)."""
    moment = datetime.fromisoformat(at)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _labels(names: str | None) -> tuple[str, ...]:
    return tuple(name for name in (names or "").split(",") if name)


def inbound_facts(session: Session, start: datetime, end: datetime) -> list[InboundFacts]:
    """Every inbound item received in [start, end), oldest first: its first response (the
    earliest ``published_at`` of a published publication of a post answering it), its
    resolution (its last ``inbound.resolved`` event, if it is closed now: an edit can reopen
    an item) and its first escalation (``inbound.escalated``) — whenever they happened."""
    _period(start, end)
    window = and_(InboundItem.received_at >= start, InboundItem.received_at < end)
    ids = select(InboundItem.id).where(window)
    replies = session.execute(
        select(Post.in_reply_to, func.min(Publication.published_at))
        .join(Publication, Publication.post_id == Post.id)
        .where(
            Post.in_reply_to.in_(ids),
            Publication.state == PUBLISHED,
            Publication.published_at.is_not(None),
        )
        .group_by(Post.in_reply_to)
    )
    first_response: dict[int | None, datetime | None] = {item: at for item, at in replies}
    events = session.execute(
        select(AuditEvent.subject_id, AuditEvent.action, AuditEvent.at)
        .where(
            AuditEvent.subject_type == "inbound",
            AuditEvent.action.in_((RESOLVED, ESCALATED)),
            AuditEvent.subject_id.in_(select(cast(InboundItem.id, String)).where(window)),
        )
        .order_by(AuditEvent.seq)
    )
    resolved, escalated = _moments((subject, action, at) for subject, action, at in events)
    query = (
        select(
            InboundItem.id,
            InboundItem.channel,
            InboundItem.label_names,
            InboundItem.sentiment,
            InboundItem.received_at,
            InboundItem.state,
        )
        .where(window)
        .order_by(InboundItem.received_at, InboundItem.id)
    )
    return [
        InboundFacts(
            item_id,
            channel,
            _labels(names),
            sentiment,
            received,
            first_response.get(item_id),
            resolved.get(item_id) if state == "closed" else None,
            escalated.get(item_id),
        )
        for item_id, channel, names, sentiment, received, state in session.execute(query)
    ]


def _moments(
    events: Iterable[tuple[str, str, str]],
) -> tuple[dict[int, datetime], dict[int, datetime]]:
    """From events in chain order: the last resolution and the first escalation per item."""
    resolved: dict[int, datetime] = {}
    escalated: dict[int, datetime] = {}
    for subject, action, at in events:
        item = int(subject)
        if action == RESOLVED:
            resolved[item] = _moment(at)
        elif item not in escalated:
            escalated[item] = _moment(at)
    return resolved, escalated


def ratings(session: Session, start: datetime, end: datetime) -> list[tuple[datetime, int]]:
    """Review star ratings given in [start, end), oldest first, as (moment, stars)."""
    _period(start, end)
    query = (select(Rating.rated_at, Rating.stars)
             .where(Rating.rated_at >= start, Rating.rated_at < end)
             .order_by(Rating.rated_at, Rating.id))  # fmt: skip
    return [(at, stars) for at, stars in session.execute(query)]


def inbound_texts(session: Session, start: datetime, end: datetime) -> Iterator[str]:
    """The texts of the inbound items received in [start, end), decrypted one by one, for
    counting the organisations they name (share of voice); nothing is kept."""
    _period(start, end)
    query = select(InboundItem.text).where(InboundItem.received_at >= start,
                                           InboundItem.received_at < end)  # fmt: skip
    yield from session.scalars(query.execution_options(yield_per=500))
