"""The organisation's policy, versioned: every change is a new append-only row, recorded in
the audit chain (``policy.changed``, with the new version and the SHA-256 of its source).

While no version has been saved, the service runs the built-in default policy; the first saved
version follows its number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from socialrx.audit import content_hash
from socialrx.errors import ConflictError, InputError
from socialrx.pipeline import Pipeline
from socialrx.policy import Policy, default_policy
from socialrx.policy_edit import edit
from socialrx.store import audit_log
from socialrx.store.models import PolicyVersion, fetch
from socialrx.store.types import utcnow

MAX_NOTE = 1000
MAX_SOURCE = 500_000  # characters of TOML (the API body limit allows it even escaped)


@dataclass(frozen=True)
class Saved:
    """A policy version as the service uses it (the built-in default has ``saved_at`` None)."""

    number: int
    policy: Policy
    source: str
    sha256: str
    actor: str | None = None
    note: str | None = None
    saved_at: datetime | None = None


@cache
def builtin() -> Saved:
    """The built-in default policy, as version 1 of an organisation that changed nothing."""
    from importlib.resources import files

    source = files("socialrx.policies").joinpath("default.toml").read_text(encoding="utf-8")
    policy = default_policy()
    return Saved(_number(policy), policy, source, content_hash(source))


def _number(policy: Policy) -> int:
    return int(policy.version) if policy.version.isdigit() else 0


def latest_number(session: Session) -> int | None:
    """The newest saved version's number (None: nothing saved yet). Cheap: services poll it."""
    found: int | None = session.scalar(select(func.max(PolicyVersion.number)))
    return found


def current(session: Session) -> Saved:
    """The policy in force: the newest saved version, else the built-in default."""
    number = latest_number(session)
    return builtin() if number is None else version(session, number)


def version(session: Session, number: int) -> Saved:
    """Saved version ``number``, or the built-in default under its own number."""
    row = session.get(PolicyVersion, number)
    if row is None and number == builtin().number:
        return builtin()
    return _saved(row or fetch(session, PolicyVersion, number, "policy version"))


def lineage(session: Session, limit: int = 100) -> list[Saved]:
    """Saved versions, newest first, then the built-in default they started from."""
    query = select(PolicyVersion).order_by(PolicyVersion.number.desc()).limit(limit)
    found = [_saved(row) for row in session.scalars(query)]
    if len(found) < limit:
        found.append(builtin())
    return found


def save(session: Session, source: str, actor: str, note: str, base: int) -> Saved:
    """Save ``source`` as the next version. ``base`` is the version the change was made from:
    when another version was saved since, ``ConflictError`` (nobody's change is silently
    lost). The saved text carries its own version number; ``note`` (what changed and why) is
    required. Raises ``PolicyError`` for a policy that does not parse or that a detector
    refuses (the pipeline is built and run once before anything is stored)."""
    note = " ".join(note.split())
    if not note or len(note) > MAX_NOTE:
        raise InputError(f"say what changed and why: a note of 1 to {MAX_NOTE} characters")
    if len(source) > MAX_SOURCE:
        raise InputError(f"a policy is at most {MAX_SOURCE} characters of TOML")
    now = current(session)
    if base != now.number:
        raise ConflictError(
            f"the policy changed since version {base} was opened (it is now version "
            f"{now.number}); reload it and make the change again"
        )
    number = max(now.number, latest_number(session) or 0) + 1
    text, policy = edit(source, version=number, origin=f"policy version {number}")
    Pipeline(policy).warm_up()  # a version whose detectors refuse their options is not saved
    if text == edit(now.source, version=number)[0]:
        raise InputError("nothing changed: the policy is the same as version "
                         f"{now.number}")  # fmt: skip
    digest = content_hash(text)
    row = PolicyVersion(number=number, name=policy.name, source=text, sha256=digest,
                        note=note, actor=actor, created_at=utcnow())  # fmt: skip
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # another process saved the same number first
        raise ConflictError(
            f"another version {number} was saved at the same moment; reload and try again"
        ) from None
    audit_log.append(session, actor, "policy.changed", ("policy", number), policy=policy.ref,
                     content_hash=digest)  # fmt: skip
    return _saved(row)


def _saved(row: PolicyVersion) -> Saved:
    from socialrx.policy import parse_policy

    policy = parse_policy(row.source, origin=f"policy version {row.number}")
    return Saved(row.number, policy, row.source, row.sha256, row.actor, row.note, row.created_at)
