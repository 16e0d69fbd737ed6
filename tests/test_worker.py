"""``socialrx worker`` against a loopback Mastodon (tests/fake_mastodon.py) on the real store:
approved posts go out once per channel, at their time, byte-for-byte as approved; what is no
longer approved does not; 429s wait for the time the platform names; lost answers and crashes
are reconciled (found on the platform, or sent again under the same idempotency key while the
platform honours it, else "needs a human check"); credentials that stop working show in the
channel's status and the audit trail; mentions are ingested from a cursor, once each."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from conftest import Maker
from fake_mastodon import TOKEN, Instance, running

from socialrx.store import audit_log, channels, consents, inbound, posts, reviews, users
from socialrx.store.database import Database
from socialrx.store.models import Job, User
from socialrx.worker import Worker

TEXT = "Our flu clinic is open 8 to 6 this Saturday.\nNo appointment needed (synthetic)."


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)  # real time: the fake server names real times (429 reset)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def instance() -> Iterator[Instance]:
    with running(slow_seconds=1.0) as server:
        yield server


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def worker(database: Database, people: dict[str, User], instance: Instance,
           clock: Clock) -> Iterator[Worker]:  # fmt: skip
    with database.transaction() as s:
        channels.add_account(s, "mastodon", "mastodon", {"base_url": instance.url},
                             {"token": TOKEN}, "test")  # fmt: skip
    with httpx.Client(timeout=0.4) as client:
        yield Worker(database, client, lease=timedelta(seconds=30), clock=clock)


def approved(database: Database, people: dict[str, User], make: Maker, text: str = TEXT,
             at: datetime | None = None, channel: str = "mastodon") -> int:  # fmt: skip
    with database.transaction() as s:
        author = users.by_id(s, people["author"].id)
        post = posts.create_post(s, author, text, make(text), [channel], scheduled_at=at)
        posts.submit_post(s, post, author)
        assert post.state == "approved"
        return post.id


def drain(worker: Worker, limit: int = 50) -> None:
    for _ in range(limit):
        if not worker.run_once():
            return


def publication(database: Database, post_id: int) -> tuple[str, str | None, int]:
    with database.transaction() as s:
        found = channels.publication(s, post_id, "mastodon")
        assert found is not None
        return found.state, found.external_id, found.attempts


def actions(database: Database, prefix: str) -> list[str]:
    with database.transaction() as s:
        return [e.body.action for e in audit_log.events(s) if e.body.action.startswith(prefix)]


def test_an_approved_post_goes_out_once_exactly_as_approved(
    database: Database, people: dict[str, User], analysis_of: Maker, worker: Worker,
    instance: Instance,
) -> None:  # fmt: skip
    post_id = approved(database, people, analysis_of)
    drain(worker)
    drain(worker)  # planning again changes nothing
    [status] = instance.statuses
    assert (
        status["content"]
        == "<p>Our flu clinic is open 8 to 6 this Saturday.<br>No appointment needed (synthetic).</p>"
    )
    assert publication(database, post_id) == ("published", status["id"], 1)
    assert actions(database, "post.published") == ["post.published"]
    [(_, _, headers, _)] = [r for r in instance.requests if r[0] == "POST"]
    assert headers["Idempotency-Key"].startswith(f"srx-{post_id}-mastodon-")


def test_a_scheduled_post_waits_for_its_time(database: Database, people: dict[str, User],
                                             analysis_of: Maker, worker: Worker,
                                             instance: Instance, clock: Clock) -> None:  # fmt: skip
    approved(database, people, analysis_of, at=clock.now + timedelta(hours=2))
    drain(worker)
    assert instance.statuses == []
    clock.advance(hours=2)
    drain(worker)
    assert len(instance.statuses) == 1


def test_a_post_whose_consent_was_revoked_before_its_time_is_not_published(
    database: Database, people: dict[str, User], analysis_of: Maker, worker: Worker,
    instance: Instance, clock: Clock,
) -> None:  # fmt: skip
    story = "Shared with her permission: she is home and thriving (synthetic)."
    with database.transaction() as s:
        keeper, author = (
            users.by_id(s, people["compliance"].id),
            users.by_id(s, people["author"].id),
        )
        consent = consents.create_consent(s, keeper, "patient-9", "story", ["mastodon"], "DMS-1",
                                          clock.now - timedelta(days=1))  # fmt: skip
        analysis = analysis_of(story, "review", (consents.CONSENT_CODE,))
        post = posts.create_post(s, author, story, analysis, ["mastodon"],
                                 scheduled_at=clock.now + timedelta(hours=1))  # fmt: skip
        consents.link(s, post, consent, author)
        posts.submit_post(s, post, author)
        reviews.decide(s, reviews.queue(s)[0].id, users.by_id(s, people["reviewer"].id),
                       "approved")  # fmt: skip
        assert post.state == "approved"
        consent_id = consent.id
    drain(worker)  # planned, not yet due
    with database.transaction() as s:
        consents.revoke(s, consents.get_consent(s, consent_id), "compliance@example.org")
    clock.advance(hours=1)
    drain(worker)
    assert instance.statuses == []
    assert actions(database, "publication.") == ["publication.cancelled"]


def test_a_429_waits_until_the_time_the_platform_names(
    database: Database, people: dict[str, User], analysis_of: Maker, worker: Worker,
    instance: Instance, clock: Clock,
) -> None:  # fmt: skip
    post_id = approved(database, people, analysis_of)
    instance.faults.append("429")
    drain(worker)
    with database.transaction() as s:
        job = s.query(Job).filter_by(kind="publish").one()
        assert job.state == "queued" and job.run_at > clock.now + timedelta(seconds=20)
        assert "rate limited" in (job.last_error or "")
    assert publication(database, post_id)[0] == "attempting"
    clock.advance(seconds=31)
    drain(worker)
    assert len(instance.statuses) == 1 and publication(database, post_id)[0] == "published"


def test_a_lost_answer_is_reconciled_without_a_second_post(
    database: Database, people: dict[str, User], analysis_of: Maker, worker: Worker,
    instance: Instance, clock: Clock,
) -> None:  # fmt: skip
    post_id = approved(database, people, analysis_of)
    instance.faults.append("after")  # posted, but the worker never hears of it
    drain(worker)
    assert publication(database, post_id)[0] == "attempting"
    clock.advance(minutes=5)
    drain(worker)
    [status] = instance.statuses
    assert publication(database, post_id) == ("published", status["id"], 1)


def test_an_unknown_outcome_is_sent_again_under_the_same_key(
    database: Database, people: dict[str, User], analysis_of: Maker, worker: Worker,
    instance: Instance, clock: Clock,
) -> None:  # fmt: skip
    post_id = approved(database, people, analysis_of)
    instance.faults.append("timeout")  # no answer in time, and nothing was posted
    drain(worker)
    clock.advance(minutes=5)
    drain(worker)
    keys = {r[2]["Idempotency-Key"] for r in instance.requests if r[0] == "POST"}
    assert len(keys) == 1 and len(instance.statuses) == 1
    assert publication(database, post_id)[:1] == ("published",)


def test_an_unknown_outcome_too_old_to_resend_needs_a_human(
    database: Database, people: dict[str, User], analysis_of: Maker, worker: Worker,
    instance: Instance, clock: Clock,
) -> None:  # fmt: skip
    post_id = approved(database, people, analysis_of)
    instance.faults.append("timeout")
    drain(worker)
    clock.advance(hours=2)  # past the hour Mastodon keeps idempotency keys
    drain(worker)
    assert instance.statuses == []
    assert publication(database, post_id)[0] == "needs_check"
    assert actions(database, "publication.") == ["publication.needs_check"]


def test_credentials_that_stop_working_show_in_the_status_and_the_audit(
    database: Database, people: dict[str, User], analysis_of: Maker, worker: Worker,
    instance: Instance, clock: Clock,
) -> None:  # fmt: skip
    post_id = approved(database, people, analysis_of)
    with database.transaction() as s:  # the platform revoked the token
        channels.reconnect(s, "mastodon", {"token": "revoked"}, "test")
    drain(worker)
    with database.transaction() as s:
        account = channels.account(s, "mastodon")
        assert account.status == "auth_failed"
        assert "credentials are not accepted" in (account.status_detail or "")
    assert publication(database, post_id)[0] == "attempting" and instance.statuses == []
    with database.transaction() as s:  # someone connects the account again
        channels.reconnect(s, "mastodon", {"token": TOKEN}, "test")
    clock.advance(minutes=16)
    drain(worker)
    assert publication(database, post_id)[0] == "published"
    assert actions(database, "channel.") == ["channel.connected", "channel.reconnected",
                                             "channel.auth_failed", "channel.reconnected"]  # fmt: skip


def test_mentions_are_ingested_once_from_a_cursor(
    database: Database, people: dict[str, User], worker: Worker, instance: Instance,
    clock: Clock,
) -> None:  # fmt: skip
    instance.mention("before we connected")
    drain(worker)  # the first run reads the newest page and sets the cursor
    for n in range(95):
        instance.mention(f"is the clinic open on holiday number {n}? (synthetic)")
    instance.faults.append("500")  # the first try fails: nothing lost, nothing doubled
    clock.advance(seconds=61)
    drain(worker)
    clock.advance(seconds=120)
    drain(worker)
    clock.advance(seconds=61)
    drain(worker)
    with database.transaction() as s:
        stored = inbound.items(s, limit=1000)
        texts = sorted(i.text for i in stored)
        assert channels.cursor(s, "mastodon") is not None
    assert len(texts) == 96 == len(set(texts))
    assert "before we connected" in texts


def test_a_catch_up_that_fails_part_way_keeps_its_pages_and_goes_on_soon(
    database: Database, people: dict[str, User], worker: Worker, instance: Instance,
    clock: Clock,
) -> None:  # fmt: skip
    """Pages read before a failed request are stored and the cursor moved past them; the
    account shows the failure and the job runs again after the first back-off step (not the
    back-off of a job that keeps failing), then reads the rest."""
    from socialrx.channels.mastodon import PAGE

    drain(worker)  # sets the cursor
    texts = [f"synthetic mention {n}: when is the flu clinic?" for n in range(PAGE * 3)]
    for text in texts:
        instance.mention(text)
    instance.faults.extend(["", "500"])
    clock.advance(seconds=61)
    drain(worker)
    with database.transaction() as s:
        assert sorted(i.text for i in inbound.items(s, limit=1000)) == sorted(texts[:PAGE])
        assert channels.account(s, "mastodon").status == "failing"
        job = s.query(Job).filter_by(kind="ingest").one()
        assert job.attempts == 0 and job.last_error is not None
        assert job.run_at - clock.now <= timedelta(seconds=5)
    clock.advance(seconds=6)
    drain(worker)
    with database.transaction() as s:
        assert sorted(i.text for i in inbound.items(s, limit=1000)) == sorted(texts)
        assert channels.account(s, "mastodon").status == "ok"


def test_bluesky_posts_go_out_once_even_when_the_answer_is_lost(
    database: Database, people: dict[str, User], analysis_of: Maker, clock: Clock
) -> None:
    from fake_bluesky import HANDLE, PASSWORD
    from fake_bluesky import running as pds_running

    with pds_running(slow_seconds=1.0) as pds, httpx.Client(timeout=0.4) as client:
        with database.transaction() as s:
            channels.add_account(s, "bluesky", "bluesky",
                                 {"base_url": pds.url, "identifier": HANDLE},
                                 {"password": PASSWORD}, "test")  # fmt: skip
        worker = Worker(database, client, clock=clock)
        first = approved(database, people, analysis_of, channel="bluesky")
        second = approved(database, people, analysis_of, text="Synthetic: blood drive Friday.",
                          channel="bluesky")  # fmt: skip
        pds.faults.extend(["", "after"])  # the log-in passes; the first post's answer is lost
        drain(worker)
        clock.advance(minutes=5)
        drain(worker)
        assert len(pds.records) == 2
        with database.transaction() as s:
            done = [channels.publication(s, p, "bluesky") for p in (first, second)]
            assert [d.state for d in done if d] == ["published", "published"]
            assert all(d and d.url and d.url.startswith("https://bsky.app/profile/") for d in done)


def test_a_schedule_in_the_organisations_zone_goes_out_at_its_utc_time_across_dst(
    database: Database, people: dict[str, User], worker: Worker, instance: Instance,
    clock: Clock,
) -> None:  # fmt: skip
    """New York springs forward on 2026-03-08: 03:30 that morning is 07:30 UTC, not 08:30."""
    from fastapi.testclient import TestClient

    from socialrx.settings import Settings
    from socialrx.web import create_app

    with database.transaction() as s:
        token = users.create_token(s, users.by_id(s, people["author"].id), "test").token
    app = create_app(Settings(database_url="sqlite://", timezone="America/New_York"),
                     database=database)  # fmt: skip
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as c:
        base = {"text": TEXT, "channels": ["mastodon"]}
        gap = c.post("/api/v1/posts", json={**base, "scheduled_local": "2026-03-08T02:30"},
                     headers=headers)  # fmt: skip
        assert gap.status_code == 422
        assert (
            "2026-03-08 02:30 in America/New_York does not exist" in gap.json()["error"]["message"]
        )
        both = c.post("/api/v1/posts", headers=headers, json={
            **base, "scheduled_local": "2026-03-08T03:30", "scheduled_at": "2026-03-08T07:30:00Z"})  # fmt: skip
        assert both.status_code == 422
        made = c.post("/api/v1/posts", json={**base, "scheduled_local": "2026-03-08T03:30"},
                      headers=headers).json()  # fmt: skip
        assert made["scheduled_at"] == "2026-03-08T07:30:00Z"
        assert c.post(f"/api/v1/posts/{made['id']}/submit", headers=headers).json()["state"] == (
            "approved")  # fmt: skip
    clock.now = datetime(2026, 3, 8, 7, 29, tzinfo=UTC)
    drain(worker)
    assert instance.statuses == []
    clock.now = datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    drain(worker)
    assert len(instance.statuses) == 1


def test_ingestion_follows_a_newly_saved_policy(
    database: Database, people: dict[str, User], worker: Worker, instance: Instance,
    clock: Clock,
) -> None:  # fmt: skip
    from socialrx.policy_edit import Lists, edit, lists_of
    from socialrx.store import policies

    drain(worker)  # connected; the built-in policy is in force
    assert worker.pipeline().policy.ref == "default@1"
    builtin = policies.builtin()
    source, _ = edit(builtin.source, Lists(allow=lists_of(builtin.policy).allow,
                                           phrases={"competitors": ("SuperClinic",)}))  # fmt: skip
    with database.transaction() as s:
        policies.save(s, source, "compliance@example.org", "flag competitors", 1)
    assert worker.pipeline().policy.ref == "default@2"


def test_news_mentions_come_in_from_a_feed(database: Database, people: dict[str, User],
                                           clock: Clock) -> None:  # fmt: skip
    from fake_feed import running as site_running

    with site_running() as site, httpx.Client(timeout=0.4) as client:
        site.add("n-1", "Mercy General opens a stroke unit", "Synthetic story",
                 clock.now - timedelta(hours=1))  # fmt: skip
        site.add("n-2", "Weather", "Rain all week", clock.now - timedelta(hours=1))
        with database.transaction() as s:
            channels.add_account(s, "news", "rss", {"url": f"{site.url}/feed.xml",
                                                    "keywords": ["Mercy General"]}, {}, "test")  # fmt: skip
        worker = Worker(database, client, clock=clock)
        drain(worker)
        clock.advance(seconds=61)
        drain(worker)  # an unchanged feed: nothing new
        with database.transaction() as s:
            stored = [(i.channel, i.external_id) for i in inbound.items(s)]
    assert stored == [("news", "n-1")]
    assert site.not_modified == 1
