"""Connected channel accounts (credentials encrypted at rest), their authentication status
(changes are audited: a connector that cannot authenticate says so), ingestion cursors, and
publications — one per post and channel, written before each platform call.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialrx.errors import ConflictError, InputError, NotFoundError
from socialrx.store import audit_log
from socialrx.store.models import ChannelAccount, Cursor, Publication
from socialrx.store.types import utcnow

PLATFORMS = ("mastodon", "bluesky", "rss", "webhook", "facebook", "instagram")
POLLED = ("mastodon", "bluesky", "rss")  # platforms the worker reads from; the others deliver to us


def add_account(session: Session, name: str, platform: str, settings: dict[str, Any],
                credentials: dict[str, Any], actor: str) -> ChannelAccount:  # fmt: skip
    if platform not in PLATFORMS:
        raise InputError(f"unknown platform {platform!r}; expected one of {PLATFORMS}")
    if not name or len(name) > 64 or not name.replace("-", "").replace("_", "").isalnum():
        raise InputError("a channel name is 1 to 64 letters, digits, '-' or '_'")
    if session.scalar(select(ChannelAccount).where(ChannelAccount.name == name)) is not None:
        raise ConflictError(f"a channel called {name} is already connected")
    account = ChannelAccount(name=name, platform=platform, settings=settings,
                             credentials=credentials, status="unknown")  # fmt: skip
    return audit_log.add(session, account, actor, "channel.connected", "channel")


def reconnect(session: Session, name: str, credentials: dict[str, Any],
              actor: str) -> ChannelAccount:  # fmt: skip
    """New credentials for a connected channel (e.g. after its token expired or was revoked);
    its status is unknown until the next call."""
    found = account(session, name)
    found.credentials, found.status, found.status_detail = dict(credentials), "unknown", None
    audit_log.append(session, actor, "channel.reconnected", ("channel", found.id))
    session.flush()
    return found


def accounts(session: Session) -> list[ChannelAccount]:
    return list(session.scalars(select(ChannelAccount).order_by(ChannelAccount.name)))


def account(session: Session, name: str) -> ChannelAccount:
    found = session.scalar(select(ChannelAccount).where(ChannelAccount.name == name))
    if found is None:
        raise NotFoundError(f"no channel called {name} is connected")
    return found


def set_status(session: Session, account: ChannelAccount, status: str, detail: str | None,
               actor: str, now: datetime) -> None:  # fmt: skip
    """Record whether ``account`` could authenticate; a change is an audit event
    (``channel.auth_failed``, ``channel.failing``, ``channel.ok``)."""
    before = account.status
    account.status, account.status_detail, account.checked_at = status, detail, now
    if status != before and not (status == "ok" and before == "unknown"):
        audit_log.append(session, actor, f"channel.{status}", ("channel", account.id))
    session.flush()


def cursor(session: Session, channel: str) -> str | None:
    found = session.get(Cursor, channel)
    return found.cursor if found else None


def move_cursor(session: Session, channel: str, value: str | None) -> None:
    found = session.get(Cursor, channel)
    if found is None:
        session.add(Cursor(channel=channel, cursor=value, updated_at=utcnow()))
    else:
        found.cursor, found.updated_at = value, utcnow()
    session.flush()


def publication(session: Session, post_id: int, channel: str) -> Publication | None:
    return session.scalar(select(Publication).where(Publication.post_id == post_id,
                                                    Publication.channel == channel))  # fmt: skip


def publications(session: Session, post_id: int) -> list[Publication]:
    query = select(Publication).where(Publication.post_id == post_id).order_by(Publication.id)
    return list(session.scalars(query))


def recent_publications(session: Session, limit: int = 50) -> list[Publication]:
    """The latest publications, newest attempt first."""
    query = select(Publication).order_by(Publication.id.desc()).limit(limit)
    return list(session.scalars(query))
