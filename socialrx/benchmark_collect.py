"""Collecting the competitor benchmark: each peer's public figures and latest posts, read by
``socialrx.channels.public`` and kept by ``socialrx.store.peers.record``.

The worker plans one ``benchmark`` job per peer (``plan``) and runs it daily (``run``): a peer
that fails — an unknown handle, a 429, a platform that is down, an X peer without a token — is
tried again later (at the time a 429 names, else with back-off, or in an hour for a setting that
is missing) without holding up the others. ``socialrx peers collect`` collects every peer at once
(``collect_all``). Nothing collected is text: only counts, URLs and times.

X needs a token: the peer's ``bearer_token`` (an app-only token, kept in the peer's encrypted
credentials), else the user token of the connected X channel named by its
``channel`` setting, or of the only X channel connected (refreshed and stored like the worker's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from socialrx.channels import public
from socialrx.errors import ChannelError, ConfigError, NotFoundError
from socialrx.store import channels, jobs, peers
from socialrx.store.models import Job, Peer

if TYPE_CHECKING:
    import httpx

    from socialrx.store.database import Database, Session
    from socialrx.worker import Worker

EVERY = timedelta(days=1)
MISSING_SETTING_WAIT = timedelta(hours=1)


@dataclass(frozen=True)
class Target:
    """What collecting one peer needs, read in a transaction (``channel``: the X channel
    account whose token is used — name, settings, credentials)."""

    peer_id: int
    name: str
    platform: str
    handle: str
    settings: Mapping[str, Any]
    channel: tuple[str, dict[str, Any], dict[str, Any]] | None = field(default=None, repr=False)
    bearer_token: str | None = field(default=None, repr=False)


def target(session: Session, peer: Peer) -> Target:
    channel = None
    token = peer.credentials.get("bearer_token")
    if peer.platform == "x" and not token:
        named = peer.settings.get("channel")
        found = ([channels.account(session, str(named))] if named else
                 [a for a in channels.accounts(session) if a.platform == "x"])  # fmt: skip
        if len(found) != 1 or found[0].platform != "x":
            raise ConfigError("an x peer needs a token: its bearer_token setting, or a connected x "
                              "channel (its channel setting names one when there are several)")  # fmt: skip
        account = found[0]
        channel = (account.name, dict(account.settings), dict(account.credentials))
    token = token if isinstance(token, str) and token else None
    return Target(peer.id, peer.name, peer.platform, peer.handle, dict(peer.settings), channel,
                  token)  # fmt: skip


def fetch(target: Target, database: Database, client: httpx.Client) -> public.PeerProfile:
    """The peer's public profile, read from its platform."""
    base = target.settings.get("base_url")
    if base is not None and not (isinstance(base, str) and base.startswith(("https://",
                                                                            "http://"))):  # fmt: skip
        raise ConfigError(f"the peer {target.name}'s base_url must be an https:// URL")
    if target.platform == "mastodon":
        return public.mastodon(target.handle, client, base)
    if target.platform == "bluesky":
        return public.bluesky(target.handle, client, base)
    return public.x(target.handle, _requester(target, database, client), base)


def _requester(target: Target, database: Database, client: httpx.Client) -> public.Requester:
    if target.bearer_token is not None:
        return public.Bearer(target.bearer_token, client)
    if target.channel is None:
        raise ConfigError(f"the x peer {target.name} has no token")
    from socialrx.channels.x import X
    from socialrx.worker import AccountTokens

    name, settings, credentials = target.channel
    return X.of(settings, credentials, client, store=AccountTokens(database, name, "x")).oauth


def plan(session: Session, now: datetime) -> None:
    """One ``benchmark`` job per peer (a new peer's runs at once), except the synthetic peers
    ``socialrx demo`` seeds (setting ``demo``): there is nothing to read for them."""
    planned = jobs.keys(session, "benchmark")
    for found in peers.peers(session):
        if f"benchmark:{found.id}" not in planned and not found.settings.get("demo"):
            jobs.ensure(session, "benchmark", f"benchmark:{found.id}", now, {"peer_id": found.id})


def run(worker: Worker, job_id: int, peer_id: int) -> None:
    """Collect one peer for the worker's job; then again in a day, or later after a failure."""
    now = worker.clock()
    with worker.database.transaction() as session:
        job = session.get(Job, job_id)
        if job is None or not jobs.holds(job, worker.owner):
            return
        found = session.get(Peer, peer_id)
        if found is None:  # removed
            jobs.done(session, job, now)
            return
        try:
            aim: Target | None = target(session, found)
        except (ConfigError, NotFoundError) as why:
            jobs.again(session, job, now + MISSING_SETTING_WAIT, now, str(why))
            aim = None
    if aim is None:
        return
    try:
        profile = fetch(aim, worker.database, worker.client)
    except (ChannelError, ConfigError) as error:
        with worker.database.transaction() as session:
            job = session.get(Job, job_id)
            if job is not None:
                when = (worker._when(error, job.attempts, now) if isinstance(error, ChannelError)
                        else now + MISSING_SETTING_WAIT)  # fmt: skip
                jobs.again(session, job, when, now, str(error))
        return
    with worker.database.transaction() as session:
        found = session.get(Peer, peer_id)
        if found is not None:
            peers.record(session, found, profile, now)
        job = session.get(Job, job_id)
        if job is not None:
            jobs.again(session, job, now + EVERY, now, reset=True)


def collect_all(database: Database, client: httpx.Client,
                now: datetime) -> list[tuple[str, str | None]]:  # fmt: skip
    """Collect every peer now: (name, ``None`` or why it failed), one per peer."""
    outcome: list[tuple[str, str | None]] = []
    with database.transaction() as session:
        names = [p.name for p in peers.peers(session)]
    for name in names:
        try:
            with database.transaction() as session:
                aim = target(session, peers.peer(session, name))
            profile = fetch(aim, database, client)
            with database.transaction() as session:
                peers.record(session, peers.peer(session, name), profile, now)
        except (ChannelError, ConfigError, NotFoundError) as error:
            outcome.append((name, str(error)))
            continue
        outcome.append((name, None))
    return outcome
