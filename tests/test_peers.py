"""Competitor benchmark: public-profile fetchers against a loopback fake speaking the real wire
formats, the figures against a period computed by hand, the store on SQLite (and PostgreSQL),
``socialrx peers …`` as the real console script, the worker's daily collection with a failing
peer, and the demo seed."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import sqlite_database
from fake_public import TOKEN, Public, running
from sqlalchemy import text
from test_store_cli import env_of, run
from test_worker import Clock, drain

from socialrx import benchmark_collect
from socialrx.benchmark import Account, PeerFigures, Snapshot, benchmark
from socialrx.channels import public
from socialrx.channels.public import PeerPost, PeerProfile
from socialrx.demo_peers import seed_peers
from socialrx.errors import (
    ChannelAuthError,
    ChannelError,
    ChannelRejected,
    ChannelUnavailable,
    ConfigError,
    ConflictError,
    InputError,
    NotFoundError,
    RateLimitedError,
)
from socialrx.store import channels, peers
from socialrx.store.database import Database
from socialrx.store.models import Job
from socialrx.worker import Worker

T = datetime(2026, 3, 1, tzinfo=UTC)
START, END = T, T + timedelta(days=10)


def day(n: float) -> datetime:
    return T + timedelta(days=n)


@pytest.fixture
def fake() -> Iterator[Public]:
    with running() as server:
        server.slow_seconds = 1.0
        server.add_mastodon("riverside", 6800, [("3", day(2), 10, 2, 3), ("2", day(1), 5, 0, 1),
                                                ("1", day(0), 0, 0, 0)])  # fmt: skip
        server.add_bluesky("stbrigid.example.org", 3100,
                           [("3kb", day(2), 7, 1, 2, 1), ("3ka", day(1), 1, 0, 0, 0)],
                           repost=True)  # fmt: skip
        server.add_x("HillcrestKids", 11500, [("1900", day(3), 40, 4, 6, 2)])
        yield server


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=0.5) as c:
        yield c


Fetch = Callable[[Public, httpx.Client], PeerProfile]
MASTODON: Fetch = lambda f, c: public.mastodon("@riverside@mastodon.example", c, f.url)  # noqa: E731
BLUESKY: Fetch = lambda f, c: public.bluesky("stbrigid.example.org", c, f.url)  # noqa: E731
X: Fetch = lambda f, c: public.x("@HillcrestKids", public.Bearer(TOKEN, c), f.url)  # noqa: E731


@pytest.mark.parametrize(("fetch", "expected"), [
    (MASTODON, PeerProfile(6800, 12, 403, (
        PeerPost("3", "https://mastodon.example/@riverside/3", day(2), 10, 2, 3),
        PeerPost("2", "https://mastodon.example/@riverside/2", day(1), 5, 0, 1),
        PeerPost("1", "https://mastodon.example/@riverside/1", day(0), 0, 0, 0)))),
    (BLUESKY, PeerProfile(3100, 30, 900, (  # the repost of someone else's post is skipped
        PeerPost("at://did:plc:stbrigid/app.bsky.feed.post/3kb",
                 "https://bsky.app/profile/stbrigid.example.org/post/3kb", day(2), 7, 1, 3),
        PeerPost("at://did:plc:stbrigid/app.bsky.feed.post/3ka",
                 "https://bsky.app/profile/stbrigid.example.org/post/3ka", day(1), 1, 0, 0)))),
    (X, PeerProfile(11500, 80, 5000, (
        PeerPost("1900", "https://x.com/i/web/status/1900", day(3), 40, 4, 8),))),
], ids=["mastodon", "bluesky", "x"])  # fmt: skip
def test_public_profiles(fake: Public, client: httpx.Client, fetch: Fetch,
                         expected: PeerProfile) -> None:  # fmt: skip
    assert fetch(fake, client) == expected
    assert all(p.published_at.tzinfo is not None for p in expected.posts)
    paths = [path for _, path, _, _ in fake.requests]
    assert len(paths) == 2
    assert any(f"limit={n}" in paths[1] or f"max_results={n}" in paths[1] for n in (40, 50, 100))


@pytest.mark.parametrize("fetch", [
    lambda f, c: public.mastodon("@nobody@mastodon.example", c, f.url),
    lambda f, c: public.bluesky("nobody.example.org", c, f.url),
    lambda f, c: public.x("nobody", public.Bearer(TOKEN, c), f.url),
], ids=["mastodon", "bluesky", "x"])  # fmt: skip
def test_an_unknown_handle_is_a_clear_error(fake: Public, client: httpx.Client,
                                            fetch: Fetch) -> None:  # fmt: skip
    with pytest.raises(ChannelRejected, match=r"has no public account .*nobody") as caught:
        fetch(fake, client)
    assert caught.value.status == 404


@pytest.mark.parametrize("fetch", [MASTODON, BLUESKY, X], ids=["mastodon", "bluesky", "x"])
@pytest.mark.parametrize(("fault", "error"), [
    ("429", RateLimitedError), ("500", ChannelUnavailable), ("drop", ChannelUnavailable),
])  # fmt: skip
def test_faults(fake: Public, client: httpx.Client, fetch: Fetch, fault: str,
                error: type[ChannelError]) -> None:  # fmt: skip
    fake.faults.append(fault)
    before = datetime.now(UTC)
    with pytest.raises(error) as caught:
        fetch(fake, client)
    if isinstance(caught.value, RateLimitedError):  # the platform's reset time, ~30 s ahead
        assert (
            before + timedelta(seconds=20) < caught.value.retry_at < before + timedelta(minutes=1)
        )
    assert fetch(fake, client).followers  # the next call goes through


def test_x_needs_a_token_it_accepts(fake: Public, client: httpx.Client) -> None:
    with pytest.raises(ChannelAuthError):
        public.x("HillcrestKids", public.Bearer("wrong", client), fake.url)


@pytest.mark.parametrize("handle", ["riverside", "@", ""])
def test_a_mastodon_handle_names_its_instance(client: httpx.Client, handle: str) -> None:
    with pytest.raises(ChannelRejected, match="@user@domain"):
        public.mastodon(handle, client)


# ------------------------------------------------------------------------------- the figures


def p(name: str, at: datetime, r: int | None, c: int | None, s: int | None) -> PeerPost:
    return PeerPost(name, None, at, r, c, s)


OWN = Account(1, "Zed (own)", "mastodon", "@zed@m.example", True)
ALPHA = Account(2, "alpha", "bluesky", "alpha.example.org", False)
BETA = Account(3, "Beta", "x", "@beta", False)
GAMMA = Account(4, "Gamma", "x", "@gamma", False)
SNAPSHOTS = [
    Snapshot(1, day(-4), 1000), Snapshot(1, day(0), 1010), Snapshot(1, day(4), 1050),
    Snapshot(1, day(10), 1100), Snapshot(1, day(11), 1200),  # after the end: not counted
    Snapshot(2, day(2), 500), Snapshot(2, day(8), 530),  # none before the start
    Snapshot(3, day(3), 200),  # a single snapshot: no growth
]  # fmt: skip
P1, P2, P3, P6 = (p("p1", day(0), 10, 2, 3), p("p2", day(1), 5, None, None),
                  p("p3", day(10) - timedelta(seconds=1), 20, 5, 5), p("p6", day(5), None, None, None))  # fmt: skip
Q1, Q2 = p("q1", day(1), 4, 0, 0), p("q2", day(2), 2, 1, 1)
POSTS = {1: [P1, P2, P3, P6, p("p4", day(10), 100, 0, 0), p("p5", day(-1), 100, 0, 0)],
         2: [Q1, Q2]}  # fmt: skip
EXPECTED = [
    # growth 1100 − 1010 (the latest at or before the start); 4 posts in 10 days; (15+5+30)/3
    PeerFigures(1, "Zed (own)", "mastodon", "@zed@m.example", True, 1100, 90, 90 / 1010, 4, 0.4,
                50 / 3, (P3, P1, P2)),
    # no snapshot before the start: from the earliest in the period; a tie: the later post first
    PeerFigures(2, "alpha", "bluesky", "alpha.example.org", False, 530, 30, 0.06, 2, 0.2, 4.0,
                (Q2, Q1)),
    PeerFigures(3, "Beta", "x", "@beta", False, 200, None, None, 0, 0.0, None, ()),
    PeerFigures(4, "Gamma", "x", "@gamma", False, None, None, None, 0, 0.0, None, ()),
]  # fmt: skip


def test_benchmark_by_hand() -> None:
    found = benchmark([GAMMA, BETA, ALPHA, OWN], SNAPSHOTS, POSTS, START, END)
    assert _close(found, EXPECTED)
    assert [f.top for f in benchmark([OWN], SNAPSHOTS, POSTS, START, END, top=1)] == [(P3,)]


def _close(found: list[PeerFigures], expected: list[PeerFigures]) -> bool:
    for f, e in zip(found, expected, strict=True):
        assert f.growth_rate == pytest.approx(e.growth_rate)
        assert f.engagement_per_post == pytest.approx(e.engagement_per_post)
        assert (f.peer_id, f.name, f.followers, f.growth, f.posts, f.top) == (
            e.peer_id,
            e.name,
            e.followers,
            e.growth,
            e.posts,
            e.top,
        )
        assert f.posts_per_day == pytest.approx(e.posts_per_day)
    return True


@pytest.mark.parametrize(("start", "end", "top"), [
    (END, START, 3), (START, START, 3), (START.replace(tzinfo=None), END, 3), (START, END, -1),
])  # fmt: skip
def test_a_benchmark_needs_a_period(start: datetime, end: datetime, top: int) -> None:
    with pytest.raises(InputError):
        benchmark([OWN], SNAPSHOTS, POSTS, start, end, top)


# ------------------------------------------------------------------------------- the store


def test_store_round_trip(database: Database) -> None:
    with database.transaction() as s:
        own = peers.add(s, "Zed (own)", "mastodon", "@zed@m.example", own=True)
        alpha = peers.add(s, "alpha", "bluesky", "alpha.example.org", settings={"base_url": "x"})
        beta = peers.add(s, "Beta", "x", "@beta")
        peers.add(s, "Gamma", "x", "@gamma")
        ids = {"own": own.id, "alpha": alpha.id, "beta": beta.id}
    for bad, error in [(("alpha", "x", "@other"), ConflictError),
                       (("Other", "bluesky", "alpha.example.org"), ConflictError),
                       (("Other", "facebook", "page"), InputError),
                       (("", "x", "@e"), InputError), (("Other", "x", "two words"), InputError)]:  # fmt: skip
        with database.transaction() as s, pytest.raises(error):
            peers.add(s, *bad)
    with database.transaction() as s:
        assert [a.name for a in peers.peers(s)] == ["Zed (own)", "alpha", "Beta", "Gamma"]
        by_id = {1: ids["own"], 2: ids["alpha"], 3: ids["beta"]}
        for snap in SNAPSHOTS:
            target = s.get_one(type(own), by_id[snap.peer_id])
            others = [q for pid, qs in POSTS.items() if by_id[pid] == target.id for q in qs]
            peers.record(s, target, PeerProfile(snap.followers, 5, 9, tuple(others)),
                         snap.collected_at)  # fmt: skip
        # a later collection updates a post's counts in place
        updated = PeerPost("p1", "https://m.example/p1", day(0), 11, 2, 3)
        peers.record(s, s.get_one(type(own), ids["own"]), PeerProfile(1200, 5, 9, (updated,)),
                     day(11))  # fmt: skip
        facts = peers.facts(s, START, END)
        assert peers.latest(s, s.get_one(type(own), ids["own"]))["followers"] == 1200
    assert [(x.peer_id, x.collected_at) for x in facts.snapshots] == [
        (ids["own"], day(0)), (ids["own"], day(4)), (ids["own"], day(10)),
        (ids["alpha"], day(2)), (ids["alpha"], day(8)), (by_id[3], day(3))]  # fmt: skip
    assert [q.external_id for q in facts.posts[ids["own"]]] == ["p1", "p2", "p6", "p3"]
    assert facts.posts[ids["own"]][0] == PeerPost("p1", "https://m.example/p1", day(0), 11, 2, 3)
    figures = benchmark(facts.peers, facts.snapshots, facts.posts, START, END)
    assert [(f.name, f.followers, f.growth, f.posts) for f in figures] == [
        ("Zed (own)", 1100, 90, 4), ("alpha", 530, 30, 2), ("Beta", 200, None, 0),
        ("Gamma", None, None, 0)]  # fmt: skip
    assert figures[0].engagement_per_post == pytest.approx((16 + 5 + 30) / 3)
    with database.transaction() as s:
        peers.remove(s, "Zed (own)")
        with pytest.raises(NotFoundError, match="no peer called Zed"):
            peers.remove(s, "Zed (own)")
    with database.engine.connect() as connection:
        for table in ("peer_snapshots", "peer_posts"):
            left = connection.execute(text(f"SELECT count(*) FROM {table} WHERE peer_id = "
                                           f"{ids['own']}")).scalar_one()  # fmt: skip
            assert left == 0


def test_the_period_of_facts_is_checked(database: Database) -> None:
    with database.transaction() as s, pytest.raises(InputError):
        peers.facts(s, END, START)


def test_migration_down_and_up(database: Database) -> None:
    database.downgrade("0009")
    with database.engine.connect() as connection:
        with pytest.raises(Exception, match="peer"):
            connection.execute(text("SELECT count(*) FROM peers"))
        connection.rollback()
    database.upgrade()
    with database.transaction() as s:
        assert peers.peers(s) == []


def test_a_token_is_encrypted_at_rest(database: Database) -> None:
    with database.transaction() as s:
        peers.add(s, "Us", "x", "@us", settings={"base_url": "https://x.example",
                                                 "bearer_token": TOKEN})  # fmt: skip
        found = peers.peer(s, "Us")
        assert found.settings == {"base_url": "https://x.example"}
        assert found.credentials == {"bearer_token": TOKEN}
        made = benchmark_collect.target(s, found)
        assert made.bearer_token == TOKEN and TOKEN not in repr(made)
    with database.engine.connect() as connection:
        settings, credentials = connection.execute(
            text("SELECT settings, credentials FROM peers")
        ).one()
    assert TOKEN not in str(settings) and TOKEN.encode() not in bytes(credentials)


def test_the_migration_moves_a_plain_token_into_the_credentials(database: Database) -> None:
    with database.transaction() as s:
        peers.add(s, "Us", "x", "@us", settings={"bearer_token": TOKEN, "channel": "x"})
        peers.add(s, "Them", "mastodon", "@them@mastodon.example")
    database.downgrade("0011")  # the token back in the plain settings, as 0011 kept it
    with database.engine.connect() as connection:
        rows: dict[str, Any] = dict(
            connection.execute(text("SELECT name, settings FROM peers")).all()
        )
    assert {k: json.loads(v) if isinstance(v, str) else v for k, v in rows.items()} == {
        "Us": {"channel": "x", "bearer_token": TOKEN},
        "Them": {},
    }
    database.upgrade()
    with database.transaction() as s:
        found = {p.name: (p.settings, p.credentials) for p in peers.peers(s)}
    assert found == {"Us": ({"channel": "x"}, {"bearer_token": TOKEN}), "Them": ({}, {})}


# --------------------------------------------------------------------------------- the worker


def add_peers(database: Database, url: str) -> None:
    with database.transaction() as s:
        peers.add(s, "Riverside", "mastodon", "@riverside@mastodon.example",
                  settings={"base_url": url})  # fmt: skip
        peers.add(s, "Nobody", "bluesky", "nobody.example.org", settings={"base_url": url})
        peers.add(s, "St. Brigid", "bluesky", "stbrigid.example.org", own=True,
                  settings={"base_url": url})  # fmt: skip
        peers.add(s, "Hillcrest", "x", "@HillcrestKids", settings={"base_url": url})


def test_the_worker_collects_daily_and_a_failing_peer_waits(database: Database, fake: Public,
                                                             client: httpx.Client) -> None:  # fmt: skip
    add_peers(database, fake.url)
    with database.transaction() as s:  # the X peer uses the connected X channel's token
        channels.add_account(s, "x", "x", {"client_id": "c", "base_url": fake.url},
                             {"access_token": TOKEN}, "test")  # fmt: skip
    clock = Clock()
    worker = Worker(database, client, clock=clock)
    drain(worker)
    with database.transaction() as s:
        figures = {p.name: peers.latest(s, p)["followers"] for p in peers.peers(s)}
        held = {j.key: j for j in s.query(Job).filter(Job.kind == "benchmark")}
        by_name = {p.name: p.id for p in peers.peers(s)}
        state = {n: (held[f"benchmark:{i}"].state, held[f"benchmark:{i}"].run_at,
                     held[f"benchmark:{i}"].last_error) for n, i in by_name.items()}  # fmt: skip
    assert figures == {"St. Brigid": 3100, "Hillcrest": 11500, "Nobody": None, "Riverside": 6800}
    assert state["Riverside"] == ("queued", clock.now + timedelta(days=1), None)
    failed = state["Nobody"]
    assert failed[0] == "queued" and "no public account" in str(failed[2])
    assert clock.now < failed[1] < clock.now + timedelta(hours=1)  # tried again, with back-off
    # a 429 on the next day's run waits for the reset the platform names; the others go on
    with database.transaction() as s:
        peers.remove(s, "Nobody")
    clock.advance(days=1, minutes=1)
    fake.limited.append("/xrpc/")
    drain(worker)
    with database.transaction() as s:
        waits = [j for j in s.query(Job).filter(Job.kind == "benchmark")
                 if j.last_error and "rate limited" in j.last_error]  # fmt: skip
        snapshots = s.execute(text("SELECT count(*) FROM peer_snapshots")).scalar_one()
        assert [(j.key, j.state) for j in waits] == [(f"benchmark:{by_name['St. Brigid']}",
                                                      "queued")]  # fmt: skip
    assert snapshots == 3 + 2


def test_an_x_peer_without_a_token_waits_for_one(database: Database, fake: Public,
                                                 client: httpx.Client) -> None:  # fmt: skip
    with database.transaction() as s:
        peers.add(s, "Hillcrest", "x", "@HillcrestKids", settings={"base_url": fake.url})
    clock = Clock()
    drain(Worker(database, client, clock=clock))
    with database.transaction() as s:
        job = s.query(Job).filter(Job.kind == "benchmark").one()
        assert job.state == "queued" and job.run_at == clock.now + timedelta(hours=1)
        assert "bearer_token" in str(job.last_error)
        with pytest.raises(ConfigError):
            benchmark_collect.target(s, peers.peer(s, "Hillcrest"))
        peers.remove(s, "Hillcrest")  # its job goes too
        assert s.query(Job).filter(Job.kind == "benchmark").count() == 0


# ------------------------------------------------------------------------------------ the CLI


def test_cli(database: Database, fake: Public) -> None:
    env = env_of(database)
    riverside = ["peers", "add", "Riverside General", "--platform", "mastodon", "--handle",
                 "@riverside@mastodon.example", "--setting", f"base_url={fake.url}"]  # fmt: skip
    assert run(riverside, env).returncode == 0
    twice = run(riverside, env)
    assert (twice.returncode, twice.stderr) == (
        2,
        "socialrx: error: a peer called Riverside General is already there\n",
    )
    us = ["peers", "add", "Us", "--platform", "x", "--handle", "@us", "--own", "--setting",
          f"base_url={fake.url}"]  # fmt: skip
    on_the_line = run([*us, "--setting", f"bearer_token={TOKEN}"], env)
    assert on_the_line.returncode == 2 and "--token-stdin" in on_the_line.stderr
    assert TOKEN not in on_the_line.stderr
    empty = run([*us, "--token-stdin"], env, stdin="\n")
    assert empty.returncode == 2 and "stdin's first line" in empty.stderr
    own = run([*us, "--token-stdin"], env, stdin=TOKEN + "\n")
    assert own.returncode == 0, own.stderr
    assert TOKEN not in own.stderr + own.stdout
    bad = run(["peers", "add", "Page", "--platform", "facebook", "--handle", "p"], env)
    assert bad.returncode == 2 and "expected one of mastodon, bluesky, x" in bad.stderr
    collected = run(["peers", "collect"], env)
    assert collected.returncode == 1
    assert collected.stdout.splitlines() == [
        "Us\terror: x has no public account @us; check the handle",
        "Riverside General\tok",
    ]
    listed = run(["peers", "list"], env)
    assert listed.returncode == 0 and "Riverside General" in listed.stdout
    assert "6800" in listed.stdout
    rows = [json.loads(line) for line in run(["peers", "list", "--json"], env).stdout.splitlines()]
    assert [(r["name"], r["own"], r["followers"]) for r in rows] == [
        ("Us", True, None),
        ("Riverside General", False, 6800),
    ]
    assert run(["peers", "remove", "Us"], env).returncode == 0
    gone = run(["peers", "remove", "Us"], env)
    assert gone.returncode == 2 and "no peer called Us" in gone.stderr
    assert "Us" not in run(["peers", "list"], env).stdout


# ----------------------------------------------------------------------------------- the demo


def demo(database: Database, seed: int) -> list[PeerFigures]:
    start, end = day(0), day(30)
    with database.transaction() as s:
        assert len(seed_peers(s, start, end, random.Random(seed))) == 4
        found = peers.facts(s, start, end)
    return benchmark(found.peers, found.snapshots, found.posts, start, end)


def test_demo_peers(database: Database, tmp_path: Path) -> None:
    figures = demo(database, 7)
    assert [f.own for f in figures] == [True, False, False, False]
    assert len({f.platform for f in figures}) == 3
    for f in figures:
        assert f.followers and f.growth is not None and f.growth > 0
        assert 0.4 <= f.posts_per_day <= 3.2 and f.engagement_per_post and len(f.top) == 3
    other = sqlite_database(tmp_path / "again.db")
    try:
        assert demo(other, 7) == figures  # deterministic from the seed
    finally:
        other.dispose()
