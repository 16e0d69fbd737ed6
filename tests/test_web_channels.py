"""The channels page: every role sees each connected channel's status; a channel whose
credentials stopped working is announced as an alert; recent publications show their state and
link to the platform only with a web URL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from conftest import Maker
from fastapi.testclient import TestClient
from test_web_consents import sign_in

from socialrx.settings import Settings
from socialrx.store import channels, posts, users
from socialrx.store.database import Database
from socialrx.store.models import Publication, User
from socialrx.web import create_app

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


@pytest.fixture
def browser(database: Database, people: dict[str, User]) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url="sqlite://"), database=database)) as c:
        yield c


def test_strangers_are_sent_to_the_login(browser: TestClient) -> None:
    assert browser.get("/channels", follow_redirects=False).headers["location"] == "/login"


def test_nothing_connected(browser: TestClient, database: Database,
                           people: dict[str, User]) -> None:  # fmt: skip
    sign_in(browser, database, people, "author")
    page = browser.get("/channels").text
    assert "No channel is connected yet." in page and 'role="alert"' not in page


def test_status_problems_and_publications_are_shown(
    browser: TestClient, database: Database, people: dict[str, User], analysis_of: Maker
) -> None:
    text = "Synthetic: the clinic opens at 8."
    with database.transaction() as s:
        for name in ("mastodon", "backup"):
            channels.add_account(s, name, "mastodon", {"base_url": "http://127.0.0.1:9"},
                                 {"token": "t"}, "test")  # fmt: skip
        channels.set_status(s, channels.account(s, "mastodon"), "auth_failed",
                            "mastodon answered HTTP 401: the credentials are not accepted",
                            "worker", NOW)  # fmt: skip
        author = users.by_id(s, people["author"].id)
        post = posts.create_post(s, author, text, analysis_of(text), ["mastodon", "backup"])
        for channel, state, url in (("mastodon", "published", "https://m.example/@h/1"),
                                    ("backup", "needs_check", "javascript:alert(1)")):  # fmt: skip
            s.add(Publication(post_id=post.id, channel=channel, key=f"k-{channel}",
                              content_hash="h", state=state, url=url, attempts=1,
                              attempted_at=NOW, published_at=NOW))  # fmt: skip
    sign_in(browser, database, people, "author")
    page = browser.get("/channels").text
    assert (
        'role="alert"' in page
        and "mastodon (the platform no longer accepts its credentials" in page
    )
    assert "credentials are not accepted" in page and "auth failed" in page
    assert '<a href="https://m.example/@h/1"' in page and "needs check" in page
    assert "javascript:" not in page
    assert 'href="/channels" aria-current="page"' in page


def test_compose_offers_the_connected_channels(browser: TestClient, database: Database,
                                               people: dict[str, User]) -> None:  # fmt: skip
    sign_in(browser, database, people, "author")
    before = browser.get("/compose").text
    assert 'value="mastodon"' in before  # nothing connected yet: the usual names
    with database.transaction() as s:
        channels.add_account(s, "clinic", "mastodon", {"base_url": "http://127.0.0.1:9"},
                             {"token": "t"}, "test")  # fmt: skip
        channels.add_account(s, "news", "rss", {"url": "http://127.0.0.1:9/feed"}, {}, "test")
    after = browser.get("/compose").text
    assert 'value="clinic"' in after and 'value="mastodon"' not in after
    assert 'value="news"' not in after  # a feed is read, never posted to
