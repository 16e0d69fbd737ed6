"""``socialrx worker``: publishes approved posts on schedule, exactly once per channel, and
ingests mentions from every connected channel, from durable jobs (``socialrx.store.jobs``).

Publishing one post on one channel:

1. The planner makes one job per approved post and channel (at its schedule, in UTC).
2. The worker takes the job (a lease), checks that the post is still approved and that its text
   still hashes to what the approval pinned (``posts.pinned_text``), and writes the
   publication — its idempotency key and ``attempted_at`` — *before* calling the platform.
3. A publication that already has an attempt whose outcome is unknown (a crash, a time-out, a
   5xx) is reconciled first: found on the platform → published; else, while the platform still
   honours the idempotency key, sent again with the same key; else ``needs_check``, for a human
   — never a silent double post, never a silent loss.
4. 429s wait until the time the platform names; other failures back off exponentially with
   jitter; a refused request (4xx) fails; credentials that stop working mark the channel
   ``auth_failed`` in the audit trail and the channels list.

Ingesting: each connected channel's ingest job fetches from its stored cursor, analyses every
item, stores them idempotently on (channel, external id) and moves the cursor in the same
transaction, then runs again after ``poll`` seconds.

Collecting: on channels whose platform reports metrics, a ``collect`` job reads the counts of
every post published there in the last ``METRICS_DAYS`` days, every ``collect`` seconds, and
keeps each reading (a time series in ``post_metrics``). A daily ``benchmark`` job per peer
account reads its public figures (``socialrx.benchmark_collect``).

OAuth 2.0 channels refresh their tokens before they expire; a refreshed (possibly rotated)
token is written back to the channel account at once, encrypted (``AccountTokens``).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from socialrx import benchmark_collect
from socialrx.channels.base import Connector, Fetched, Measured, Outgoing, Published
from socialrx.channels.oauth import Tokens
from socialrx.errors import (
    ChannelAuthError,
    ChannelError,
    ChannelRejected,
    ChannelUnavailable,
    ConfigError,
    ConflictError,
    NotFoundError,
    RateLimitedError,
)
from socialrx.store import channels, jobs, links
from socialrx.store.database import Database, Session
from socialrx.store.models import InboundItem, Job, Post, Publication

if TYPE_CHECKING:
    import httpx

    from socialrx.pipeline import Pipeline

log = logging.getLogger("socialrx.worker")
ACTOR = "worker"
MAX_ATTEMPTS = 12  # then the job fails, audited, for a human to look at
PLAN_EVERY = timedelta(seconds=5)  # how often a worker looks for newly approved posts
METRICS_DAYS = 30  # metrics are collected for posts published this many days ago or less
METRICS_BATCH = 100  # external ids per metrics request


def publication_key(post_id: int, channel: str, content_hash: str) -> str:
    return f"srx-{post_id}-{channel}-{content_hash[:16]}"


@dataclass
class Worker:
    database: Database
    client: httpx.Client
    lease: timedelta = timedelta(seconds=120)
    poll: timedelta = timedelta(seconds=60)  # between two ingests of one channel
    collect: timedelta = timedelta(hours=1)  # between two metric collections of one channel
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    owner: str = field(
        default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
    )
    _pipeline: Pipeline | None = None
    _policy_number: int | None = None
    _planned_at: datetime | None = None
    _connectors: dict[str, tuple[str, Connector]] = field(default_factory=dict)

    # ------------------------------------------------------------------------ the loop

    def run(self, idle: float = 1.0, stop: Callable[[], bool] = lambda: False) -> None:
        """Work until ``stop()``; sleep ``idle`` seconds whenever nothing is due."""
        while not stop():
            if not self.run_once():
                time.sleep(idle)

    def run_once(self) -> bool:
        """Plan, then take and run one due job; False when none was due."""
        now = self.clock()
        with self.database.transaction() as session:
            self.plan(session, now)
            job = jobs.claim(session, self.owner, now, self.lease)
            taken = (job.id, job.kind, dict(job.payload)) if job else None
        if taken is None:
            return False
        job_id, kind, payload = taken
        if kind == "publish":
            self.publish(job_id, int(payload["post_id"]), str(payload["channel"]))
        elif kind == "collect":
            self.collect_metrics(job_id, str(payload["channel"]))
        elif kind == "benchmark":
            benchmark_collect.run(self, job_id, int(payload["peer_id"]))
        else:
            self.ingest(job_id, str(payload["channel"]))
        return True

    def plan(self, session: Session, now: datetime) -> None:
        """One publish job per approved post and channel, one ingest job per polled channel,
        one collect job per channel whose platform reports metrics."""
        from socialrx.store import posts

        if self._planned_at is not None and now - self._planned_at < PLAN_EVERY:
            return
        self._planned_at = now
        links.forget_salts(session, now)  # yesterday's click salt: visitor hashes go cold
        planned = jobs.keys(session, "publish")
        for post in posts.approved(session):
            for channel in post.channels:
                key = f"publish:{post.id}:{channel}"
                if key not in planned:
                    jobs.ensure(session, "publish", key, post.scheduled_at or now,
                                {"post_id": post.id, "channel": channel})  # fmt: skip
        for account in channels.accounts(session):
            if not channels.polled(account.platform, account.credentials):
                continue  # it delivers to our webhooks, or has nothing to read
            jobs.ensure(session, "ingest", f"ingest:{account.name}", now,
                        {"channel": account.name})  # fmt: skip
            if account.platform in channels.MEASURED:
                jobs.ensure(session, "collect", f"collect:{account.name}", now,
                            {"channel": account.name})  # fmt: skip
        benchmark_collect.plan(session, now)  # one daily job per peer account

    # ---------------------------------------------------------------------- publishing

    def publish(self, job_id: int, post_id: int, channel: str) -> None:
        step = self._prepare(job_id, post_id, channel)
        if step is None:
            return
        connector, outgoing, unknown, approved = step
        try:
            if unknown is not None:
                found = connector.find(outgoing)
                if found is not None:
                    self._published(job_id, post_id, channel, found)
                    return
                if not approved:  # it did not go out, and may no longer
                    self._cancel(job_id, post_id, channel, "the post is no longer approved")
                    return
                if connector.idempotent_for is None or self.clock() - unknown > (
                        connector.idempotent_for):  # fmt: skip
                    self._needs_check(job_id, post_id, channel)
                    return
                self._attempt(post_id, channel)  # resend under the same key
            published = connector.publish(outgoing)
        except ChannelError as error:
            self._failed(job_id, post_id, channel, error)
            return
        self._published(job_id, post_id, channel, published)

    def _prepare(self, job_id: int, post_id: int, channel: str,
                 ) -> tuple[Connector, Outgoing, datetime | None, bool] | None:  # fmt: skip
        """Check the post and the channel; record the attempt before any call. Returns the
        connector, what to send, when an earlier attempt's outcome is unknown its time, and
        whether the post may still go out."""
        from socialrx.store import posts

        now = self.clock()
        with self.database.transaction() as session:
            job = session.get(Job, job_id)
            if job is None or not jobs.holds(job, self.owner):
                return None
            existing = channels.publication(session, post_id, channel)
            if existing is not None and existing.state != "attempting":
                jobs.done(session, job, now)  # published, failed or waiting for a human
                return None
            post = session.get(Post, post_id)
            if post is None:
                jobs.done(session, job, now)
                return None
            try:
                text, approved = posts.pinned_text(session, post), True
            except ConflictError as why:
                if existing is None or existing.attempted_at is None:
                    self._cancelled(session, job, existing, post_id, channel, str(why), now)
                    return None
                text, approved = posts.current(session, post).text, False  # reconcile only
            try:
                account = channels.account(session, channel)
                connector = self._connector(account.name, account.platform, account.settings,
                                            account.credentials)  # fmt: skip
            except (NotFoundError, ConfigError) as why:
                jobs.again(session, job, now + timedelta(minutes=15), now, str(why))
                return None
            version = posts.current(session, post)
            answers: str | None = None
            if post.in_reply_to is not None:
                item = session.get(InboundItem, post.in_reply_to)
                if item is None or version.analysis.get("channel") != "reply":
                    self._cancelled(session, job, existing, post_id, channel,
                                    "a reply must answer a stored item and be checked as a "
                                    "reply", now)  # fmt: skip
                    return None
                answers = item.external_id
            if existing is None:
                existing = Publication(post_id=post_id, channel=channel, state="attempting",
                                       key=publication_key(post_id, channel, version.content_hash),
                                       content_hash=version.content_hash, attempts=0)  # fmt: skip
                session.add(existing)
            unknown = existing.attempted_at
            if unknown is None and approved:
                existing.attempted_at, existing.attempts = now, existing.attempts + 1
            session.flush()
            outgoing = Outgoing(post_id, channel, text, version.content_hash, existing.key,
                                in_reply_to=answers, at=version.created_at)  # fmt: skip
        return connector, outgoing, unknown, approved

    def _cancel(self, job_id: int, post_id: int, channel: str, why: str) -> None:
        with self.database.transaction() as session:
            job = session.get(Job, job_id)
            if job is not None:
                found = channels.publication(session, post_id, channel)
                self._cancelled(session, job, found, post_id, channel, why, self.clock())

    def _cancelled(self, session: Session, job: Job, found: Publication | None, post_id: int,
                   channel: str, why: str, now: datetime) -> None:  # fmt: skip
        """Not published, and it will not be: the post is no longer approved as it was."""
        from socialrx.store import audit_log

        if found is not None:
            found.state, found.detail = "cancelled", why[:500]
        audit_log.append(session, ACTOR, "publication.cancelled", ("post", post_id),
                         codes=[f"channel.{channel}"])  # fmt: skip
        jobs.done(session, job, now)

    def _attempt(self, post_id: int, channel: str) -> None:
        now = self.clock()
        with self.database.transaction() as session:
            found = channels.publication(session, post_id, channel)
            if found is not None:
                found.attempted_at, found.attempts = now, found.attempts + 1

    def _published(self, job_id: int, post_id: int, channel: str, published: Published) -> None:
        from socialrx.store import audit_log

        now = self.clock()
        with self.database.transaction() as session:
            found = channels.publication(session, post_id, channel)
            if found is not None and found.state != "published":
                found.state, found.external_id, found.url = "published", published.external_id, (
                    published.url)  # fmt: skip
                found.published_at, found.detail = now, None
                audit_log.append(session, ACTOR, "post.published", ("post", post_id),
                                 content_hash=found.content_hash,
                                 codes=[f"channel.{channel}"])  # fmt: skip
            self._account_ok(session, channel, now)
            job = session.get(Job, job_id)
            if job is not None:
                jobs.done(session, job, now)

    def _needs_check(self, job_id: int, post_id: int, channel: str) -> None:
        from socialrx.store import audit_log

        now = self.clock()
        with self.database.transaction() as session:
            found = channels.publication(session, post_id, channel)
            if found is not None:
                found.state = "needs_check"
                found.detail = ("an attempt's outcome is unknown and the platform cannot tell "
                                "whether it was posted: check the channel by hand")  # fmt: skip
            audit_log.append(session, ACTOR, "publication.needs_check", ("post", post_id),
                             codes=[f"channel.{channel}"])  # fmt: skip
            job = session.get(Job, job_id)
            if job is not None:
                jobs.done(session, job, now)

    def _failed(self, job_id: int, post_id: int, channel: str, error: ChannelError) -> None:
        """Settle a failed call: known not posted (429, 401, 4xx, no connection) clears the
        attempt; an unknown outcome (time-out, 5xx) keeps it, to be reconciled on the next
        run."""
        from socialrx.store import audit_log

        now = self.clock()
        definite = isinstance(error, (RateLimitedError, ChannelAuthError, ChannelRejected)) or (
            isinstance(error, ChannelUnavailable) and error.sent is False)  # fmt: skip
        with self.database.transaction() as session:
            job = session.get(Job, job_id)
            found = channels.publication(session, post_id, channel)
            if found is not None:
                found.detail = str(error)[:500]
                if definite:
                    found.attempted_at = None
            self._account_status(session, channel, error, now)
            if job is None:
                return
            if isinstance(error, ChannelRejected) or job.attempts >= MAX_ATTEMPTS:
                if found is not None:
                    found.state = "failed" if definite else "needs_check"
                audit_log.append(session, ACTOR, "publication.failed", ("post", post_id),
                                 codes=[f"channel.{channel}"])  # fmt: skip
                jobs.fail(session, job, str(error), now)
            else:
                jobs.again(session, job, self._when(error, job.attempts, now), now, str(error))

    # ------------------------------------------------------------------------ ingesting

    def ingest(self, job_id: int, channel: str) -> None:
        now = self.clock()
        with self.database.transaction() as session:
            connector = self._job_connector(session, job_id, channel, now)
            if connector is None:
                return
            since = channels.cursor(session, channel)
        try:
            fetched = connector.fetch(since)
        except ChannelError as error:
            self._later(job_id, channel, error, now)
            return
        self._store(job_id, channel, since, fetched)

    def _job_connector(self, session: Session, job_id: int, channel: str,
                       now: datetime) -> Connector | None:  # fmt: skip
        """The channel's connector, when this worker still holds the job; a channel that is
        gone or cannot have a connector fails the job."""
        job = session.get(Job, job_id)
        if job is None or not jobs.holds(job, self.owner):
            return None
        try:
            account = channels.account(session, channel)
            return self._connector(account.name, account.platform, account.settings,
                                   account.credentials)  # fmt: skip
        except (NotFoundError, ConfigError) as why:
            jobs.fail(session, job, str(why), now)
            return None

    def _later(self, job_id: int, channel: str, error: ChannelError, now: datetime) -> None:
        """A read that failed: note the channel's status, run the job again later."""
        with self.database.transaction() as session:
            self._account_status(session, channel, error, now)
            job = session.get(Job, job_id)
            if job is not None:
                jobs.again(session, job, self._when(error, job.attempts, now), now, str(error))

    def _store(self, job_id: int, channel: str, since: str | None, fetched: Fetched) -> None:
        """Store what was read and move the cursor, in one transaction. A read that stopped
        part-way (``fetched.stopped``) keeps its pages and runs again as after its error, with
        the attempt count afresh: it made progress."""
        from socialrx.pipeline import make_document
        from socialrx.store import inbound

        items, stopped = fetched.items, fetched.stopped
        pipeline = self.pipeline()
        analysed = [(i, pipeline.analyze(make_document(i.text, "inbound")))
                    for i in items if i.text.strip()]  # fmt: skip
        now = self.clock()
        with self.database.transaction() as session:
            if channels.cursor(session, channel) != since:  # another worker moved it: redo
                return
            for item, analysis in analysed:
                inbound.ingest(session, channel, item.external_id, item.author_handle, analysis,
                               ACTOR)  # fmt: skip
            for item in items:  # ratings of reviews with no text too
                if item.rating is not None:
                    inbound.record_rating(session, channel, item.external_id, item.rating,
                                          item.edited_at or item.created_at)  # fmt: skip
            channels.move_cursor(session, channel, fetched.cursor)
            if stopped is None:
                self._account_ok(session, channel, now)
            else:
                self._account_status(session, channel, stopped, now)
            job = session.get(Job, job_id)
            if job is not None:
                at = now + self.poll if stopped is None else self._when(stopped, 1, now)
                jobs.again(session, job, at, now, None if stopped is None else str(stopped),
                           reset=True)  # fmt: skip

    # ---------------------------------------------------------------------- collecting

    def collect_metrics(self, job_id: int, channel: str) -> None:
        """Read the metrics of the channel's recent publications and keep them."""
        now = self.clock()
        with self.database.transaction() as session:
            connector = self._job_connector(session, job_id, channel, now)
            if connector is None:
                return
            if not isinstance(connector, Measured):
                jobs.fail(session, session.get_one(Job, job_id), f"{connector.name} reports no "
                          "metrics", now)  # fmt: skip
                return
            ids = {p.external_id: p.id for p in channels.published_since(
                session, channel, now - timedelta(days=METRICS_DAYS)) if p.external_id}  # fmt: skip
        readings: dict[int, dict[str, int | None]] = {}
        try:
            batch = list(ids)
            for start in range(0, len(batch), METRICS_BATCH):
                found = connector.metrics(batch[start : start + METRICS_BATCH])
                for external_id, reading in found.items():
                    if external_id in ids:
                        readings[ids[external_id]] = dataclasses.asdict(reading)
        except ChannelError as error:
            self._later(job_id, channel, error, now)
            return
        with self.database.transaction() as session:
            for publication_id, counts in readings.items():
                channels.record_metrics(session, publication_id, now, counts)
            if ids:  # the platform answered (with no call, nothing is known of the account)
                self._account_ok(session, channel, now)
            job = session.get(Job, job_id)
            if job is not None:
                jobs.again(session, job, now + self.collect, now, reset=True)

    # ------------------------------------------------------------------------- helpers

    def pipeline(self) -> Pipeline:
        """The pipeline of the policy in force, rebuilt when a newer version has been saved
        (one ``max()`` query per ingest)."""
        from socialrx.pipeline import Pipeline
        from socialrx.store import policies

        with self.database.transaction() as session:
            number = policies.latest_number(session)
            if self._pipeline is None or number != self._policy_number:
                self._pipeline = Pipeline(policies.current(session).policy)
                self._policy_number = number
        return self._pipeline

    def _connector(self, name: str, platform: str, settings: dict[str, object],
                   credentials: dict[str, object]) -> Connector:  # fmt: skip
        """The account's connector, kept while its settings and credentials stay the same (so a
        platform session is not opened again for every job)."""
        import json

        from socialrx.channels.connect import connector

        key = json.dumps([platform, settings, credentials], sort_keys=True, default=str)
        found = self._connectors.get(name)
        if found is None or found[0] != key:
            store = AccountTokens(self.database, name, platform)
            found = self._connectors[name] = (key, connector(platform, settings, credentials,
                                                             self.client, store))  # fmt: skip
        return found[1]

    def _when(self, error: ChannelError, attempts: int, now: datetime) -> datetime:
        if isinstance(error, RateLimitedError):
            return max(error.retry_at, now + timedelta(seconds=1))
        if isinstance(error, ChannelAuthError):
            return now + timedelta(minutes=15)  # a person has to reconnect the account
        return now + jobs.backoff(attempts)

    def _account_status(self, session: Session, channel: str, error: ChannelError,
                        now: datetime) -> None:  # fmt: skip
        try:
            account = channels.account(session, channel)
        except NotFoundError:
            return
        status = "auth_failed" if isinstance(error, ChannelAuthError) else "failing"
        if isinstance(error, RateLimitedError | ChannelRejected):
            return  # the account works; this request was refused or must wait
        channels.set_status(session, account, status, str(error)[:500], ACTOR, now)

    def _account_ok(self, session: Session, channel: str, now: datetime) -> None:
        try:
            account = channels.account(session, channel)
        except NotFoundError:
            return
        if account.status != "ok":
            channels.set_status(session, account, "ok", None, ACTOR, now)


@dataclass
class AccountTokens:
    """A channel account's OAuth 2.0 tokens, read and written in their own transactions (a
    refreshed token must be kept even if the call it was refreshed for then fails)."""

    database: Database
    channel: str
    platform: str

    def load(self) -> Tokens | None:
        with self.database.transaction() as session:
            try:
                return Tokens.of(self.platform, channels.account(session, self.channel).credentials)
            except (NotFoundError, ConfigError):
                return None

    def save(self, tokens: Tokens) -> None:
        with self.database.transaction() as session:
            channels.save_tokens(session, self.channel, tokens.credentials())
