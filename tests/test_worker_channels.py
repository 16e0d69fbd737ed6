"""``socialrx worker`` with the OAuth 2.0 platforms and what came with them, on the real store
against loopback fakes: X tokens refreshed before they expire and the rotated refresh token kept
(encrypted) for the next worker; a refused refresh marked in the channel's status and the audit
trail; a reply to a Google review ingested by the worker goes out on that review, checked as a
reply; metrics of published posts collected as a time series."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import fake_google
import fake_x
import httpx
import pytest
from conftest import Maker
from fake_mastodon import TOKEN, Instance
from fake_mastodon import running as mastodon_running
from sqlalchemy import select, text
from test_worker import Clock, actions, drain

from socialrx.errors import InputError
from socialrx.store import channels, inbound, posts, users
from socialrx.store.database import Database
from socialrx.store.models import Rating, User
from socialrx.worker import Worker

POST = "Walk-in flu shots at the Main Street clinic today until 6 pm (synthetic)."
REPLY = "Thank you for the kind words; we will pass them on to the team (synthetic)."


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=0.5) as c:
        yield c


def approve(database: Database, people: dict[str, User], make: Maker, body: str, channel: str,
            in_reply_to: int | None = None) -> int:  # fmt: skip
    kind = "reply" if in_reply_to is not None else "outbound"
    with database.transaction() as s:
        author = users.by_id(s, people["author"].id)
        post = posts.create_post(s, author, body, make(body, channel=kind), [channel],
                                 in_reply_to=in_reply_to)  # fmt: skip
        posts.submit_post(s, post, author)
        assert post.state == "approved"
        return post.id


def published(database: Database, post_id: int, channel: str) -> tuple[str, str | None]:
    with database.transaction() as s:
        found = channels.publication(s, post_id, channel)
        assert found is not None
        return found.state, found.external_id


# ------------------------------------------------------------------------------------ X


@pytest.fixture
def api() -> Iterator[fake_x.XApi]:
    with fake_x.running() as server:
        yield server


def connect_x(database: Database, api: fake_x.XApi, expires_in: int) -> dict[str, str]:
    issued = api.issue(expires_in=expires_in)
    expires = datetime.now(UTC) + timedelta(seconds=expires_in)
    credentials = {"access_token": issued["access_token"], "client_secret": fake_x.CLIENT_SECRET,
                   "refresh_token": issued["refresh_token"], "expires_at": expires.isoformat()}  # fmt: skip
    with database.transaction() as s:
        channels.add_account(s, "x", "x", {"client_id": fake_x.CLIENT_ID, "base_url": api.url,
                                           "user_id": fake_x.USER_ID}, credentials, "test")  # fmt: skip
    return credentials


def stored(database: Database, channel: str) -> dict[str, str]:
    with database.transaction() as s:
        return dict(channels.account(s, channel).credentials)


def test_a_token_about_to_expire_is_refreshed_first_and_kept_for_the_next_worker(
    database: Database, people: dict[str, User], analysis_of: Maker, api: fake_x.XApi,
    client: httpx.Client, clock: Clock,
) -> None:  # fmt: skip
    first = connect_x(database, api, expires_in=120)  # inside the five-minute margin
    post_id = approve(database, people, analysis_of, POST, "x")
    drain(Worker(database, client, clock=clock))
    assert [t["sent"] for t in api.tweets] == [POST]
    assert published(database, post_id, "x") == ("published", api.tweets[0]["id"])
    kept = stored(database, "x")
    assert kept["refresh_token"] != first["refresh_token"]  # X rotated it; the old one is spent
    assert kept["access_token"] != first["access_token"] and kept["client_secret"]
    assert len(api.token_requests) == 1
    with database.engine.connect() as connection:  # at rest the tokens are ciphertext
        raw = connection.execute(text("SELECT credentials FROM channel_accounts")).scalar_one()
    assert kept["refresh_token"].encode() not in bytes(raw)
    # a new worker (another process) starts from the stored tokens: no refresh, no failure
    second = approve(database, people, analysis_of, POST.replace("today", "tomorrow"), "x")
    drain(Worker(database, client, clock=clock))
    assert published(database, second, "x")[0] == "published"
    assert len(api.token_requests) == 1 and len(api.tweets) == 2


def test_a_refused_refresh_marks_the_channel_and_the_audit_trail(
    database: Database, people: dict[str, User], analysis_of: Maker, api: fake_x.XApi,
    client: httpx.Client, clock: Clock,
) -> None:  # fmt: skip
    connect_x(database, api, expires_in=60)
    api.refresh.clear()  # the user revoked the app: the refresh token is void
    post_id = approve(database, people, analysis_of, POST, "x")
    drain(Worker(database, client, clock=clock))
    assert api.tweets == []
    with database.transaction() as s:
        account = channels.account(s, "x")
        assert account.status == "auth_failed"
        assert "refused to refresh" in (account.status_detail or "")
        assert POST not in (account.status_detail or "")
    assert published(database, post_id, "x")[0] == "attempting"  # waits for a reconnect
    assert "channel.auth_failed" in actions(database, "channel.")


# ------------------------------------------------------------------------ Google reviews


@pytest.fixture
def google() -> Iterator[fake_google.Google]:
    with fake_google.running() as server:
        yield server


def test_a_reply_to_an_ingested_review_goes_out_on_that_review(
    database: Database, people: dict[str, User], analysis_of: Maker, google: fake_google.Google,
    client: httpx.Client, clock: Clock,
) -> None:  # fmt: skip
    access, refresh = google.issue()
    with database.transaction() as s:
        channels.add_account(s, "reviews", "google_reviews", {
            "account_id": fake_google.ACCOUNT, "location_id": fake_google.LOCATION,
            "client_id": fake_google.CLIENT_ID, "base_url": google.url,
            "token_url": f"{google.url}/token"}, {
            "access_token": access, "refresh_token": refresh,
            "client_secret": fake_google.CLIENT_SECRET}, "test")  # fmt: skip
    worker = Worker(database, client, clock=clock)
    drain(worker)  # the first read takes the cursor
    review = google.review("The night nurses were wonderful to my mother (synthetic).")
    stars_only = google.review(None, stars="TWO")
    clock.advance(minutes=2)
    drain(worker)
    with database.transaction() as s:
        [item] = inbound.items(s)  # the rating alone has no text to triage …
        assert (item.channel, item.external_id) == ("reviews", review["name"])
        ratings = {r.external_id: r.stars for r in s.scalars(select(Rating))}
        assert ratings == {review["name"]: 4, stars_only["name"]: 2}  # … but counts in trends
        item_id = item.id
        author = users.by_id(s, people["author"].id)
        with pytest.raises(InputError, match="checked as a reply"):
            posts.create_post(s, author, REPLY, analysis_of(REPLY), ["reviews"],
                              in_reply_to=item_id)  # fmt: skip
        with pytest.raises(InputError, match="channel of what it answers"):
            posts.create_post(s, author, REPLY, analysis_of(REPLY, channel="reply"), ["x"],
                              in_reply_to=item_id)  # fmt: skip
    post_id = approve(database, people, analysis_of, REPLY, "reviews", in_reply_to=item_id)
    clock.advance(seconds=10)  # the worker looks for newly approved posts every 5 s
    drain(worker)
    assert google.reply(review["name"]) == REPLY
    assert published(database, post_id, "reviews") == ("published", f"{review['name']}/reply")


# ------------------------------------------------------------------------------ metrics


@pytest.fixture
def instance() -> Iterator[Instance]:
    with mastodon_running(slow_seconds=1.0) as server:
        yield server


def test_metrics_of_published_posts_are_collected_as_a_time_series(
    database: Database, people: dict[str, User], analysis_of: Maker, instance: Instance,
    client: httpx.Client, clock: Clock,
) -> None:  # fmt: skip
    with database.transaction() as s:
        channels.add_account(s, "mastodon", "mastodon", {"base_url": instance.url},
                             {"token": TOKEN}, "test")  # fmt: skip
    worker = Worker(database, client, clock=clock, collect=timedelta(hours=1))
    kept = approve(database, people, analysis_of, POST, "mastodon")
    gone = approve(database, people, analysis_of, POST + " Second.", "mastodon")
    drain(worker)
    [first, second] = instance.statuses
    first.update(favourites_count=7, reblogs_count=2, replies_count=1)
    instance.statuses.remove(second)  # deleted on the platform
    clock.advance(hours=1, seconds=1)
    drain(worker)
    first["favourites_count"] = 9
    clock.advance(hours=1, seconds=1)
    drain(worker)
    with database.transaction() as s:
        [publication] = channels.publications(s, kept)
        series = [(m.reactions, m.shares, m.comments, m.impressions)
                  for m in channels.metrics(s, publication.id)]  # fmt: skip
        [removed] = channels.publications(s, gone)
        assert len(channels.metrics(s, removed.id)) == 1  # read once, before it was deleted
    # the first reading was taken right after publishing, before anyone reacted
    assert series == [(0, 0, 0, None), (7, 2, 1, None), (9, 2, 1, None)]


@pytest.mark.parametrize(
    ("counts", "problem"),
    [({"likes": 1}, "unknown metrics"), ({"reach": -1}, "negative")],
)
def test_a_reading_must_be_counts_the_store_knows(
    database: Database, people: dict[str, User], analysis_of: Maker, counts: dict[str, int],
    problem: str,
) -> None:  # fmt: skip
    with database.transaction() as s, pytest.raises(InputError, match=problem):
        channels.record_metrics(s, 1, datetime.now(UTC), counts)  # type: ignore[arg-type]
