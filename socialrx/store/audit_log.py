"""The audit trail in the database: append an event in the caller's transaction, read events,
verify the chain (``socialrx.audit`` does the hashing).

Appends are serialised: SQLite transactions start with ``BEGIN IMMEDIATE``; on PostgreSQL an
advisory transaction lock is taken before the head of the chain is read. ``seq`` is the primary
key and ``hash`` is unique, so a forked chain can never be stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.orm import Session

from socialrx.audit import GENESIS, Event, EventBody, Verdict, seal, verify
from socialrx.store.models import AuditEvent, R
from socialrx.store.types import utcnow

_LOCK = 0x50C1A1  # the advisory lock id of the audit chain (PostgreSQL)
BATCH = 1000


def append(
    session: Session,
    actor: str,
    action: str,
    subject: tuple[str, object],
    *,
    policy: str | None = None,
    content_hash: str | None = None,
    codes: Iterable[str] = (),
    at: datetime | None = None,
) -> Event:
    """Seal and add one event after the current head; committed with the caller's change."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK})
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    body = EventBody(
        seq=seq,
        at=(at or utcnow()).isoformat(timespec="microseconds"),
        actor=actor,
        action=action,
        subject_type=subject[0],
        subject_id=str(subject[1]),
        policy=policy,
        content_hash=content_hash,
        codes=tuple(sorted(set(codes))),
    )
    event = seal(body, prev)
    session.add(_row(event))
    session.flush()
    return event


def add(session: Session, row: R, actor: str, action: str, subject_type: str) -> R:
    """Insert ``row`` and the event that records it (the subject id is the row's id)."""
    session.add(row)
    session.flush()
    append(session, actor, action, (subject_type, getattr(row, "id", None)))
    return row


def events(session: Session, after: int = 0, limit: int | None = None) -> list[Event]:
    """Events with ``seq > after``, oldest first."""
    query = select(AuditEvent).where(AuditEvent.seq > after).order_by(AuditEvent.seq)
    if limit is not None:
        query = query.limit(limit)
    return [_event(row) for row in session.scalars(query)]


@dataclass(frozen=True, slots=True)
class Filter:
    """Which events to show: each given field narrows the set (all of them must hold).
    ``actor`` is an e-mail address (any case); ``action`` a prefix (``post.`` or
    ``inbound.escalated``); ``since``/``until`` a half-open time range."""

    actor: str | None = None
    action: str | None = None
    subject_type: str | None = None
    subject_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def clauses(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.actor:
            found.append(func.lower(AuditEvent.actor) == self.actor.strip().lower())
        if self.action:
            prefix = self.action.strip()
            found.append(func.substr(AuditEvent.action, 1, len(prefix)) == prefix)
        if self.subject_type:
            found.append(AuditEvent.subject_type == self.subject_type.strip())
        if self.subject_id:
            found.append(AuditEvent.subject_id == self.subject_id.strip())
        if self.since is not None:
            found.append(AuditEvent.at >= _stamp(self.since))
        if self.until is not None:
            found.append(AuditEvent.at < _stamp(self.until))
        return found


def _stamp(moment: datetime) -> str:
    """``moment`` as the stored ``at`` strings are written (UTC, microseconds): they compare
    in time order as text."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="microseconds")


def search(
    session: Session, where: Filter | None = None, before: int | None = None, limit: int = 100
) -> list[Event]:
    """Events matching ``where`` with ``seq < before`` (all when ``None``), newest first: page
    back with the last ``seq`` you got."""
    query = select(AuditEvent).where(*(where or Filter()).clauses())
    if before is not None:
        query = query.where(AuditEvent.seq < before)
    query = query.order_by(AuditEvent.seq.desc()).limit(limit)
    return [_event(row) for row in session.scalars(query)]


def _all(session: Session) -> Iterator[Event]:
    after = 0
    while batch := events(session, after, BATCH):
        yield from batch
        after = batch[-1].body.seq


def verify_log(session: Session) -> Verdict:
    """Verify the whole stored chain in ``seq`` order."""
    return verify(_all(session))


def _row(event: Event) -> AuditEvent:
    b = event.body
    return AuditEvent(
        seq=b.seq, at=b.at, actor=b.actor, action=b.action, subject_type=b.subject_type,
        subject_id=b.subject_id, policy=b.policy, content_hash=b.content_hash,
        codes=list(b.codes), prev_hash=event.prev_hash, hash=event.hash,
    )  # fmt: skip


def _event(row: AuditEvent) -> Event:
    body = EventBody(
        seq=row.seq, at=row.at, actor=row.actor, action=row.action,
        subject_type=row.subject_type, subject_id=row.subject_id, policy=row.policy,
        content_hash=row.content_hash, codes=tuple(row.codes),
    )  # fmt: skip
    return Event(body, row.prev_hash, row.hash)
