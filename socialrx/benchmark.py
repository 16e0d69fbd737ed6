"""Competitor benchmark: public figures of peer organisations' accounts side by side with the
organisation's own (pure: no database, no clock; ``socialrx.store.peers.facts`` reads the facts).

Definitions, for a period [start, end) (aware UTC datetimes):

- **followers**: at the latest snapshot at or before ``end`` (``None`` without one).
- **growth**: followers at that snapshot minus followers at the latest snapshot at or before
  ``start`` — or, when there is none before, the earliest snapshot in the period. ``None``
  when fewer than two snapshots are there to compare (or either lacks a follower count).
  **growth rate** = growth ÷ the earlier follower count (``None`` when that is 0 or unknown).
- **posts**: the peer's posts published in [start, end) among those collected (each collection
  reads only an account's latest 40 Mastodon, 50 Bluesky or 100 X posts, so a daily collection
  sees every post of an account that posts fewer than that a day); **posts per day** = posts ÷
  the period's length in days.
- **engagement** of a post = reactions + comments + shares, over the kinds the platform reports
  (``None`` when it reports none); **engagement per post** = the mean over the posts that report
  it (``None`` when none does). Counts are the latest collected, so a post's engagement grows
  until it drops out of the latest posts.
- **top posts**: the ``top`` posts with the most engagement (ties: the later post first).

Accounts come out with the organisation's own first, then by name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from socialrx.channels.public import PeerPost
from socialrx.errors import InputError

DAY_SECONDS = 86_400


@dataclass(frozen=True)
class Account:
    """A benchmarked public account (``own``: the organisation's)."""

    peer_id: int
    name: str
    platform: str
    handle: str
    own: bool


@dataclass(frozen=True)
class Snapshot:
    peer_id: int
    collected_at: datetime
    followers: int | None
    following: int | None = None
    posts_total: int | None = None


@dataclass(frozen=True)
class Facts:
    """What ``benchmark`` needs of a period: the accounts, their snapshots from the latest at or
    before the start up to the end, and their posts published in the period (by peer id)."""

    peers: Sequence[Account]
    snapshots: Sequence[Snapshot]
    posts: Mapping[int, Sequence[PeerPost]]


@dataclass(frozen=True)
class PeerFigures:
    peer_id: int
    name: str
    platform: str
    handle: str
    own: bool
    followers: int | None
    growth: int | None
    growth_rate: float | None
    posts: int
    posts_per_day: float
    engagement_per_post: float | None
    top: tuple[PeerPost, ...]


def engagement(post: PeerPost) -> int | None:
    """reactions + comments + shares, over the kinds reported (``None``: none is)."""
    counts = [c for c in (post.reactions, post.comments, post.shares) if c is not None]
    return sum(counts) if counts else None


def growth(snapshots: Sequence[Snapshot], start: datetime,
           end: datetime) -> tuple[int | None, int | None, float | None]:  # fmt: skip
    """(followers at the end, growth, growth rate) of one account's snapshots."""
    known = sorted((s for s in snapshots if s.collected_at <= end), key=lambda s: s.collected_at)
    if not known:
        return None, None, None
    last = known[-1]
    before = [s for s in known if s.collected_at <= start]
    first = before[-1] if before else known[0]
    if first is last or first.followers is None or last.followers is None:
        return last.followers, None, None
    grown = last.followers - first.followers
    return last.followers, grown, (grown / first.followers if first.followers else None)


def figures(account: Account, snapshots: Sequence[Snapshot], posts: Sequence[PeerPost],
            start: datetime, end: datetime, top: int = 3) -> PeerFigures:  # fmt: skip
    """One account's figures for [start, end)."""
    followers, grown, rate = growth(snapshots, start, end)
    inside = [p for p in posts if start <= p.published_at < end]
    engaged = [(e, p) for p in inside if (e := engagement(p)) is not None]
    best = sorted(engaged, key=lambda ep: (ep[0], ep[1].published_at), reverse=True)[:top]
    return PeerFigures(
        account.peer_id, account.name, account.platform, account.handle, account.own,
        followers, grown, rate, len(inside),
        len(inside) / ((end - start).total_seconds() / DAY_SECONDS),
        sum(e for e, _ in engaged) / len(engaged) if engaged else None,
        tuple(p for _, p in best),
    )  # fmt: skip


def benchmark(peers: Sequence[Account], snapshots: Sequence[Snapshot],
              posts: Mapping[int, Sequence[PeerPost]], start: datetime, end: datetime,
              top: int = 3) -> list[PeerFigures]:  # fmt: skip
    """Every account's figures for [start, end): the organisation's own first, then by name."""
    if start.tzinfo is None or end.tzinfo is None:
        raise InputError("a period is given in aware (UTC) datetimes")
    if end <= start:
        raise InputError("a period must end after it starts")
    if top < 0:
        raise InputError("the number of top posts is 0 or more")
    by_peer: dict[int, list[Snapshot]] = {}
    for snapshot in snapshots:
        by_peer.setdefault(snapshot.peer_id, []).append(snapshot)
    ordered = sorted(peers, key=lambda a: (not a.own, a.name.casefold(), a.peer_id))
    return [figures(a, by_peer.get(a.peer_id, []), posts.get(a.peer_id, ()), start, end, top)
            for a in ordered]  # fmt: skip
