"""Fault runs of ``socialrx worker`` (issue 6): kill -9 one of two worker processes 50 times
while they publish 50 approved posts to a loopback Mastodon, on SQLite and on PostgreSQL →
exactly one status per post, none lost;
ingest 10,000 mentions while a tenth of the platform's answers fail (500, 429, dropped
connections, time-outs; the same faults in every run) → every mention stored once, and the
catch-up keeps going (a fetch of 25 pages almost never passes whole at that rate, so it
keeps the pages read before a failure)."""

from __future__ import annotations

import base64
import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from conftest import KEY, Maker, sqlite_database
from fake_mastodon import TOKEN, running

from socialrx.store import channels, inbound, posts, users
from socialrx.store.database import Database
from socialrx.store.models import User
from socialrx.worker import Worker

SCRIPT = Path(sys.executable).with_name("socialrx")
POSTS = 50
KILLS = 50


def test_kill_9_while_publishing_gives_one_post_per_approved_item(
    database: Database, people: dict[str, User], analysis_of: Maker
) -> None:
    """Two worker processes at once (on PostgreSQL they take jobs with SKIP LOCKED; on SQLite
    one writes at a time), one of them killed 50 times at random moments."""
    rng = random.Random(20261121)
    with running() as instance:
        instance.post_delay = 0.08  # the status exists before the worker hears of it
        with database.transaction() as s:
            channels.add_account(s, "mastodon", "mastodon", {"base_url": instance.url},
                                 {"token": TOKEN}, "test")  # fmt: skip
            author = users.by_id(s, people["author"].id)
            for n in range(POSTS):
                text = f"Synthetic announcement {n}: the clinic opens at 8 on Saturday."
                post = posts.create_post(s, author, text, analysis_of(text), ["mastodon"])
                posts.submit_post(s, post, author)
        env = {**os.environ, "SOCIALRX_DATABASE_URL": database.settings.database_url,
               "SOCIALRX_SECRET_KEY": base64.urlsafe_b64encode(KEY).decode()}  # fmt: skip
        command = [str(SCRIPT), "worker", "--lease", "1", "--idle", "0.05"]

        def start() -> subprocess.Popen[bytes]:
            return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)  # fmt: skip

        workers = [start(), start()]
        try:
            for _ in range(KILLS):
                time.sleep(rng.uniform(0.4, 1.2))
                victim = rng.randrange(len(workers))
                os.kill(workers[victim].pid, signal.SIGKILL)
                workers[victim].wait()
                workers[victim] = start()
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and _published(database) < POSTS:
                time.sleep(0.25)
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait(timeout=30)
        texts = [status["content"] for status in instance.statuses]
    assert _published(database) == POSTS
    assert len(texts) == POSTS == len(set(texts))  # one status per post, none twice
    with database.transaction() as s:
        states = {p.state for i in range(1, POSTS + 1) for p in channels.publications(s, i)}
    assert states == {"published"}


def _published(database: Database) -> int:
    from sqlalchemy import func, select

    from socialrx.store.models import Publication

    with database.transaction() as s:
        found = s.scalar(select(func.count()).select_from(Publication)
                         .where(Publication.state == "published"))  # fmt: skip
        return int(found or 0)


def test_10000_mentions_with_faults_are_stored_once_each(tmp_path: Path) -> None:
    database = sqlite_database(tmp_path / "ingest.db")
    now = {"t": datetime.now(UTC)}
    with running(slow_seconds=0.3) as instance, httpx.Client(timeout=0.2) as client:
        with database.transaction() as s:
            channels.add_account(s, "mastodon", "mastodon", {"base_url": instance.url},
                                 {"token": TOKEN}, "test")  # fmt: skip
        worker = Worker(database, client, lease=timedelta(seconds=30),
                        poll=timedelta(seconds=1), clock=lambda: now["t"])  # fmt: skip
        worker.run_once()  # the first fetch sets the cursor
        for n in range(10_000):
            instance.mention(f"synthetic mention {n}: is the pharmacy open late?",
                             acct=f"user{n % 97}@example.social")  # fmt: skip
        instance.fault_rate = 0.1
        instance.random_faults = ("500", "429", "drop", "timeout")
        for _ in range(500):  # a failed page keeps the pages before it: ~50 rounds suffice
            if not worker.run_once():
                now["t"] += timedelta(seconds=61)  # waits (back-off, 429 reset) pass quickly
            with database.transaction() as s:
                if channels.cursor(s, "mastodon") == instance.notifications[-1]["id"]:
                    break
        with database.transaction() as s:
            texts = [i.text for i in inbound.items(s, limit=20_000)]
    assert len(texts) == 10_000 == len(set(texts))
    database.dispose()
