"""Peers of the competitor benchmark: public accounts of peer organisations (and the
organisation's own, ``own``), their collected public figures (one snapshot per collection) and
their latest public posts' counts (one row per post, updated in place by later collections).
Only handles, counts, URLs and times are kept, never post text. ``facts`` hands
``socialrx.benchmark`` what it computes from, as plain frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from socialrx.benchmark import Account, Facts, Snapshot
from socialrx.channels.public import PeerPost, PeerProfile
from socialrx.errors import ConflictError, InputError, NotFoundError
from socialrx.store import audit_log
from socialrx.store.models import PEER_PLATFORMS, Job, Peer, PeerPostRecord, PeerSnapshot

# Settings that are secrets: kept in the peer's encrypted ``credentials``, never in ``settings``.
SECRET_SETTINGS = frozenset({"bearer_token"})


def add(session: Session, name: str, platform: str, handle: str, own: bool = False,
        settings: Mapping[str, Any] | None = None, actor: str = "cli") -> Peer:  # fmt: skip
    """A new peer; ``ConflictError`` when the name or the account is already there. Secret
    settings (``SECRET_SETTINGS``) are stored encrypted, apart from the others."""
    name, handle = name.strip(), handle.strip()
    if platform not in PEER_PLATFORMS:
        raise InputError(f"unknown platform {platform!r} for a peer; expected one of "
                         f"{', '.join(PEER_PLATFORMS)}")  # fmt: skip
    if not name or len(name) > 100:
        raise InputError("a peer's name is 1 to 100 characters")
    if not handle or len(handle) > 255 or any(c.isspace() for c in handle):
        raise InputError("a peer's handle is its public account name, without spaces")
    if session.scalar(select(Peer).where(Peer.name == name)) is not None:
        raise ConflictError(f"a peer called {name} is already there")
    if session.scalar(select(Peer).where(Peer.platform == platform,
                                         Peer.handle == handle)) is not None:  # fmt: skip
        raise ConflictError(f"the {platform} account {handle} is already a peer")
    plain = {k: v for k, v in (settings or {}).items() if k not in SECRET_SETTINGS}
    secret = {k: v for k, v in (settings or {}).items() if k in SECRET_SETTINGS}
    peer = Peer(name=name, platform=platform, handle=handle, own=own, settings=plain,
                credentials=secret)  # fmt: skip
    return audit_log.add(session, peer, actor, "peer.added", "peer")


def peers(session: Session) -> list[Peer]:
    """Every peer: the organisation's own accounts first, then by name."""
    found = session.scalars(select(Peer))
    return sorted(found, key=lambda p: (not p.own, p.name.casefold(), p.id))  # any collation


def peer(session: Session, name: str) -> Peer:
    found = session.scalar(select(Peer).where(Peer.name == name))
    if found is None:
        raise NotFoundError(f"no peer called {name}; `socialrx peers list` shows them")
    return found


def latest(session: Session, peer: Peer) -> dict[str, Any]:
    """The peer's latest collected figures (``None`` each before its first collection)."""
    found = session.scalar(select(PeerSnapshot).where(PeerSnapshot.peer_id == peer.id)
                           .order_by(PeerSnapshot.collected_at.desc(), PeerSnapshot.id.desc())
                           .limit(1))  # fmt: skip
    return {"followers": found.followers if found else None,
            "following": found.following if found else None,
            "posts_total": found.posts_total if found else None,
            "collected_at": found.collected_at.isoformat() if found else None}  # fmt: skip


def remove(session: Session, name: str, actor: str = "cli") -> None:
    """Remove a peer with everything collected of it, and its collection job."""
    found = peer(session, name)
    session.execute(delete(Job).where(Job.key == f"benchmark:{found.id}"))
    session.execute(delete(PeerPostRecord).where(PeerPostRecord.peer_id == found.id))
    session.execute(delete(PeerSnapshot).where(PeerSnapshot.peer_id == found.id))
    audit_log.append(session, actor, "peer.removed", ("peer", found.id))
    session.delete(found)
    session.flush()


def record(session: Session, peer: Peer, profile: PeerProfile, at: datetime) -> None:
    """Keep one collection: a snapshot of the figures, and each post (new ones added, known
    ones' counts updated in place)."""
    if at.tzinfo is None:
        raise InputError("a collection time is an aware (UTC) datetime")
    session.add(PeerSnapshot(peer_id=peer.id, collected_at=at, followers=profile.followers,
                             following=profile.following, posts_total=profile.posts_total))  # fmt: skip
    ids = [p.external_id for p in profile.posts]
    known = {r.external_id: r for r in session.scalars(select(PeerPostRecord).where(
        PeerPostRecord.peer_id == peer.id, PeerPostRecord.external_id.in_(ids)))} if ids else {}  # fmt: skip
    for post in {p.external_id: p for p in profile.posts}.values():
        row = known.get(post.external_id)
        if row is None:
            row = PeerPostRecord(peer_id=peer.id, external_id=post.external_id)
            session.add(row)
        row.url, row.published_at, row.collected_at = post.url, post.published_at, at
        row.reactions, row.comments, row.shares = post.reactions, post.comments, post.shares
    session.flush()


def facts(session: Session, start: datetime, end: datetime) -> Facts:
    """What the benchmark of [start, end) needs: every peer; each peer's snapshots from its
    latest one at or before ``start`` (when there is one) up to ``end``; the posts published in
    the period. Three queries."""
    if start.tzinfo is None or end.tzinfo is None or end <= start:
        raise InputError("a period is given in aware (UTC) datetimes and ends after it starts")
    accounts = [Account(p.id, p.name, p.platform, p.handle, p.own) for p in peers(session)]
    before = (select(PeerSnapshot.peer_id, func.max(PeerSnapshot.collected_at).label("at"))
              .where(PeerSnapshot.collected_at <= start).group_by(PeerSnapshot.peer_id)
              .subquery())  # fmt: skip
    query = (select(PeerSnapshot).outerjoin(before, before.c.peer_id == PeerSnapshot.peer_id)
             .where(PeerSnapshot.collected_at <= end,
                    PeerSnapshot.collected_at >= func.coalesce(before.c.at, start))
             .order_by(PeerSnapshot.peer_id, PeerSnapshot.collected_at, PeerSnapshot.id))  # fmt: skip
    snapshots = [Snapshot(s.peer_id, s.collected_at, s.followers, s.following, s.posts_total)
                 for s in session.scalars(query)]  # fmt: skip
    rows = session.scalars(select(PeerPostRecord).where(
        PeerPostRecord.published_at >= start, PeerPostRecord.published_at < end)
        .order_by(PeerPostRecord.peer_id, PeerPostRecord.published_at, PeerPostRecord.id))  # fmt: skip
    posts: dict[int, list[PeerPost]] = {}
    for row in rows:
        posts.setdefault(row.peer_id, []).append(PeerPost(
            row.external_id, row.url, row.published_at, row.reactions, row.comments,
            row.shares))  # fmt: skip
    return Facts(accounts, snapshots, {k: tuple(v) for k, v in posts.items()})
