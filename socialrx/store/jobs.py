"""The worker's durable jobs. A job is taken by setting a lease (owner and expiry) in one
transaction: on PostgreSQL with ``FOR UPDATE SKIP LOCKED`` so that workers never wait on each
other, on SQLite under its single writer (every transaction begins ``IMMEDIATE``). A job whose
lease ran out — its worker died — is due again. Keys are unique, so planning the same job
twice keeps one.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from socialrx.store.models import Job

BACKOFF_BASE = timedelta(seconds=5)
BACKOFF_CAP = timedelta(hours=1)


def ensure(session: Session, kind: str, key: str, run_at: datetime,
           payload: dict[str, Any]) -> Job:  # fmt: skip
    """The job with ``key``, created (queued at ``run_at``) when there is none."""
    found = session.scalar(select(Job).where(Job.key == key))
    if found is not None:
        return found
    job = Job(kind=kind, key=key, state="queued", run_at=run_at, attempts=0, payload=payload,
              created_at=run_at, updated_at=run_at)  # fmt: skip
    try:
        with session.begin_nested():
            session.add(job)
    except IntegrityError:  # planned at the same moment by another worker
        stored = session.scalar(select(Job).where(Job.key == key))
        if stored is None:
            raise
        return stored
    return job


def keys(session: Session, kind: str) -> set[str]:
    """The keys of every job of ``kind`` (so that planning touches only what is missing)."""
    return set(session.scalars(select(Job.key).where(Job.kind == kind)))


def claim(session: Session, owner: str, now: datetime, lease: timedelta) -> Job | None:
    """Take the most overdue due job (queued and due, or running with an expired lease)."""
    due = or_(and_(Job.state == "queued", Job.run_at <= now),
              and_(Job.state == "running", Job.lease_until < now))  # fmt: skip
    query = select(Job).where(due).order_by(Job.run_at, Job.id).limit(1)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    job = session.scalar(query)
    if job is None:
        return None
    job.state, job.lease_owner, job.lease_until = "running", owner, now + lease
    job.attempts += 1
    job.updated_at = now
    session.flush()
    return job


def holds(job: Job, owner: str) -> bool:
    return job.state == "running" and job.lease_owner == owner


def done(session: Session, job: Job, now: datetime) -> None:
    job.state, job.lease_owner, job.lease_until, job.updated_at = "done", None, None, now
    session.flush()


def again(session: Session, job: Job, at: datetime, now: datetime, error: str | None = None,
          reset: bool = False) -> None:  # fmt: skip
    """Queue ``job`` to run at ``at`` (``reset``: a recurring job that succeeded starts its
    attempt count afresh)."""
    job.state, job.run_at, job.lease_owner, job.lease_until = "queued", at, None, None
    job.last_error = error[:500] if error else None
    job.updated_at = now
    if reset:
        job.attempts = 0
    session.flush()


def fail(session: Session, job: Job, error: str, now: datetime) -> None:
    job.state, job.last_error, job.lease_owner, job.lease_until = "failed", error[:500], None, None
    job.updated_at = now
    session.flush()


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """Exponential back-off with jitter: 5 s, 10 s, 20 s … capped at an hour, each drawn
    between half and all of that (so many workers retrying do not stampede)."""
    ceiling: timedelta = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, min(attempts, 30) - 1))
    draw: float = (rng or random.Random()).random()  # noqa: S311 - jitter, not a secret
    return ceiling * (0.5 + 0.5 * draw)
