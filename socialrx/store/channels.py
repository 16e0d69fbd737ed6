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
from socialrx.store.models import ChannelAccount, Cursor, PostMetric, Publication
from socialrx.store.types import utcnow

PLATFORMS = ("mastodon", "bluesky", "x", "facebook", "instagram", "linkedin", "google_reviews",
             "rss", "newsletter", "webhook")  # fmt: skip
# platforms the worker reads from (the others deliver to our webhooks, or have nothing to read)
POLLED = ("mastodon", "bluesky", "x", "facebook", "instagram", "linkedin", "google_reviews", "rss")
# platforms that take new posts (Google reviews take replies only; feeds and webhooks, none)
POSTS = ("mastodon", "bluesky", "x", "facebook", "instagram", "linkedin", "newsletter")
MEASURED = ("mastodon", "bluesky", "x", "facebook", "instagram", "linkedin")  # report metrics


def polled(platform: str, credentials: dict[str, Any]) -> bool:
    """Whether the worker reads from (and publishes to) an account: Facebook and Instagram
    accounts connected with only their app secret receive by webhook alone."""
    if platform in ("facebook", "instagram"):
        return bool(credentials.get("token"))
    return platform in POLLED


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


def save_tokens(session: Session, name: str, tokens: dict[str, str]) -> None:
    """Keep refreshed OAuth tokens (merged into the account's other credentials)."""
    found = account(session, name)
    found.credentials = {**found.credentials, **tokens}
    session.flush()


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


def published_since(session: Session, channel: str, since: datetime) -> list[Publication]:
    """The channel's publications published at ``since`` or later."""
    query = select(Publication).where(Publication.channel == channel,
                                      Publication.state == "published",
                                      Publication.published_at >= since)  # fmt: skip
    return list(session.scalars(query.order_by(Publication.id)))


COUNTS = ("impressions", "reach", "reactions", "comments", "shares", "clicks", "video_views")


def record_metrics(session: Session, publication_id: int, at: datetime,
                   counts: dict[str, int | None]) -> PostMetric:  # fmt: skip
    """One reading of a publication's metrics (counts not named stay ``None``)."""
    unknown = set(counts) - set(COUNTS)
    if unknown:
        raise InputError(f"unknown metrics {sorted(unknown)}; expected some of {COUNTS}")
    if any(v is not None and v < 0 for v in counts.values()):
        raise InputError("metrics are counts: none may be negative")
    reading = PostMetric(publication_id=publication_id, collected_at=at, **counts)
    session.add(reading)
    session.flush()
    return reading


def metrics(session: Session, publication_id: int) -> list[PostMetric]:
    """A publication's readings, oldest first."""
    query = select(PostMetric).where(PostMetric.publication_id == publication_id)
    return list(session.scalars(query.order_by(PostMetric.collected_at, PostMetric.id)))
