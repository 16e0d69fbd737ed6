"""Inbound items (mentions, comments, DMs, reviews): idempotent ingest, triage queues,
assignment, resolution. ``(channel, external_id)`` is unique: ingesting an item again returns
the stored one, also when two ingests race.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from socialrx.errors import InputError, WorkflowError
from socialrx.model import Analysis
from socialrx.store import audit_log
from socialrx.store.models import InboundItem, Rating, User, fetch

GENERAL = "general"


def queue_for(analysis: Analysis) -> str:
    """The queue of the most urgent label (labels come most urgent first), else general."""
    return analysis.labels[0].name if analysis.labels else GENERAL


def ingest(session: Session, channel: str, external_id: str, author_handle: str,
           analysis: Analysis, actor: str) -> tuple[InboundItem, bool]:  # fmt: skip
    """Store a triaged item once; returns it and whether it was new. The same item again with
    another text is an edit on the platform: the stored text and its triage are replaced
    (audited ``inbound.edited``; a closed item stays closed unless the edit makes it a crisis)."""
    for name, value, limit in (("channel", channel, 64), ("external id", external_id, 255),
                               ("author handle", author_handle, 255)):  # fmt: skip
        if not value.strip() or len(value) > limit:
            raise InputError(f"an inbound item needs a {name} of 1 to {limit} characters")
    existing = _find(session, channel, external_id)
    if existing is not None:
        if existing.text != analysis.document.text:
            _edit(session, existing, analysis, actor)
        return existing, False
    item = InboundItem(channel=channel, external_id=external_id, author_handle=author_handle,
                       state="open", **_triage(analysis))  # fmt: skip
    try:
        with session.begin_nested():
            session.add(item)
    except IntegrityError:
        stored = _find(session, channel, external_id)
        if stored is None:
            raise
        return stored, False
    audit_log.append(session, actor, "inbound.ingested", ("inbound", item.id),
                     policy=analysis.decision.policy,
                     codes=[f.code for f in analysis.findings])  # fmt: skip
    return item, True


def _triage(analysis: Analysis) -> dict[str, object]:
    return {"text": analysis.document.text,
            "labels": [{"name": lb.name, "score": round(lb.score, 4)} for lb in analysis.labels],
            "label_names": "," + "".join(lb.name + "," for lb in analysis.labels),
            "sentiment": analysis.sentiment.name if analysis.sentiment else None,
            "queue": queue_for(analysis)}  # fmt: skip


def _edit(session: Session, item: InboundItem, analysis: Analysis, actor: str) -> None:
    for name, value in _triage(analysis).items():
        setattr(item, name, value)
    if item.state == "closed" and any(lb.name == "crisis" for lb in analysis.labels):
        item.state = "open"  # an edit that turns into a crisis must not stay out of sight
    session.flush()
    audit_log.append(session, actor, "inbound.edited", ("inbound", item.id),
                     policy=analysis.decision.policy,
                     codes=[f.code for f in analysis.findings])  # fmt: skip


def _find(session: Session, channel: str, external_id: str) -> InboundItem | None:
    return session.scalar(select(InboundItem).where(InboundItem.channel == channel,
                                                    InboundItem.external_id == external_id))  # fmt: skip


def items(session: Session, label: str | None = None, queue: str | None = None,
          limit: int = 100, before: int | None = None) -> list[InboundItem]:  # fmt: skip
    """Items, newest first, with ``label`` among their labels and/or in ``queue``; ``before``:
    only items older than that id (the next page starts at the last item of the one before)."""
    query = select(InboundItem).order_by(InboundItem.id.desc()).limit(limit)
    if before is not None:
        query = query.where(InboundItem.id < before)
    if label is not None:
        query = query.where(InboundItem.label_names.contains(f",{label},", autoescape=True))
    if queue is not None:
        query = query.where(InboundItem.queue == queue)
    return list(session.scalars(query))


def open_crises(session: Session, limit: int = 500) -> list[InboundItem]:
    """Items labelled ``crisis`` that are not closed, newest first, however old (the inbox pins
    them above every page)."""
    query = (
        select(InboundItem)
        .where(InboundItem.label_names.contains(",crisis,"), InboundItem.state != "closed")
        .order_by(InboundItem.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def assign(session: Session, item_id: int, assignee: User, actor: str) -> InboundItem:
    item = fetch(session, InboundItem, item_id, "inbound item")
    if item.state == "closed":
        raise WorkflowError(f"inbound item {item_id} is closed")
    item.assignee_id, item.state = assignee.id, "assigned"
    audit_log.append(session, actor, "inbound.assigned", ("inbound", item.id))
    return item


def resolve(session: Session, item_id: int, actor: str) -> InboundItem:
    """Close an item (nothing more to do about it); closing it twice is refused."""
    item = fetch(session, InboundItem, item_id, "inbound item")
    if item.state == "closed":
        raise WorkflowError(f"inbound item {item_id} is already resolved")
    item.state = "closed"
    audit_log.append(session, actor, "inbound.resolved", ("inbound", item.id))
    return item


def record_rating(session: Session, channel: str, external_id: str, stars: int,
                  at: datetime) -> None:  # fmt: skip
    """Keep a review's star rating (1 to 5) for rating trends: once per review; an edited
    review (the same external id again) updates it. Nothing else about the review is kept
    here."""
    if not 1 <= stars <= 5:
        raise InputError(f"a star rating is 1 to 5, not {stars}")
    found = session.scalar(select(Rating).where(Rating.channel == channel,
                                                Rating.external_id == external_id))  # fmt: skip
    if found is None:
        session.add(Rating(channel=channel, external_id=external_id, stars=stars, rated_at=at))
    else:
        found.stars, found.rated_at = stars, at
    session.flush()


def newest_settled(session: Session, before: datetime) -> int:
    """The highest item id received before ``before`` (0 when none): the end of what a
    stream reader may take, leaving time for ingests still in flight to commit."""
    from sqlalchemy import func

    found = session.scalar(select(func.max(InboundItem.id)).where(InboundItem.received_at < before))
    return int(found or 0)


def in_range(session: Session, after: int, upto: int) -> list[InboundItem]:
    """The items with ``after < id <= upto``, in id order (the ingest queue, for streaming)."""
    query = (
        select(InboundItem)
        .where(InboundItem.id > after, InboundItem.id <= upto)
        .order_by(InboundItem.id)
    )
    return list(session.scalars(query))
