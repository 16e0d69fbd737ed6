"""The demo organisation's competitor benchmark, all synthetic: three fictional peer hospitals
and the organisation's own account, each with a daily snapshot of its public figures and its
posts' counts over a period (what the worker's daily ``benchmark`` jobs would have collected).
Handles use the reserved ``.example`` domains. Deterministic: the same ``rng`` seed gives the
same figures.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from socialrx.channels.public import PeerPost, PeerProfile
from socialrx.errors import InputError
from socialrx.store import peers
from socialrx.store.database import Session

COLLECTED_AT = timedelta(hours=23)  # each day's collection, from the day's start (UTC)


@dataclass(frozen=True)
class DemoPeer:
    name: str
    platform: str
    handle: str
    own: bool
    followers: int  # at the start of the period
    daily_growth: float  # mean share of followers gained a day
    posts_per_day: float  # mean, 0.5 to 3
    engagement: float  # mean engagements per post per 1,000 followers


PEERS = (
    DemoPeer("Lakeside Community Health", "mastodon", "@lakeside@mastodon.example", True,
             4_200, 0.0016, 1.2, 9.0),
    DemoPeer("Riverside General", "mastodon", "@riverside@health.example", False,
             6_800, 0.0009, 2.4, 5.5),
    DemoPeer("St. Brigid Medical Center", "bluesky", "stbrigid.example.org", False,
             3_100, 0.0024, 0.7, 12.0),
    DemoPeer("Hillcrest Children's", "x", "@HillcrestKids", False,
             11_500, 0.0006, 2.8, 3.5),
)  # fmt: skip
SHARES = {"reactions": 0.72, "comments": 0.1, "shares": 0.18}


def _posts(peer: DemoPeer, index: int, day: datetime, followers: int,
           rng: random.Random) -> list[PeerPost]:  # fmt: skip
    count = int(peer.posts_per_day) + (rng.random() < peer.posts_per_day % 1)
    made = []
    for n in range(count):
        at = day + timedelta(hours=rng.uniform(7, 21))
        engaged = max(0.0, rng.lognormvariate(0, 0.6) * peer.engagement * followers / 1000)
        counts = {k: round(engaged * share * rng.uniform(0.7, 1.3))
                  for k, share in SHARES.items()}  # fmt: skip
        external_id = f"demo-{index}-{day:%Y%m%d}-{n}"
        made.append(PeerPost(external_id, f"https://{peer.platform}.example/{external_id}",
                             at.replace(microsecond=0), counts["reactions"], counts["comments"],
                             counts["shares"]))  # fmt: skip
    return made


def seed_peers(session: Session, start: datetime, end: datetime,
               rng: random.Random) -> list[int]:  # fmt: skip
    """Add the demo peers with a daily collection for each day in [start, end) (aware; days
    from ``start``); their ids, the organisation's own first."""
    if start.tzinfo is None or end.tzinfo is None or end <= start:
        raise InputError("the demo benchmark's period is aware and ends after it starts")
    ids = []
    for index, spec in enumerate(PEERS):
        peer = peers.add(session, spec.name, spec.platform, spec.handle, own=spec.own,
                         settings={"demo": True}, actor="demo")  # fmt: skip
        ids.append(peer.id)
        followers, total = float(spec.followers), rng.randint(800, 6000)
        following = rng.randint(150, 900)
        day = start
        while day < end:
            followers += followers * rng.gauss(spec.daily_growth, spec.daily_growth * 0.8)
            made = _posts(spec, index, day, int(followers), rng)
            total += len(made)
            at = min(day + COLLECTED_AT, end - timedelta(seconds=1))
            following += rng.random() < 0.1
            shown = tuple(p for p in made if p.published_at <= at)
            peers.record(session, peer, PeerProfile(int(followers), following, total, shown), at)
            day += timedelta(days=1)
    return ids
