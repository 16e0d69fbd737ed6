"""RSS and Atom feeds against a loopback news site (tests/fake_feed.py): entries newer than the
last read come once each, oldest first, as plain text; an unchanged feed is a 304 that reads
nothing; keywords keep only entries that name the organisation; the first read looks back a
week; a feed cannot be posted to; a page that is not a feed is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fake_feed import Site, running

from socialrx.channels.base import Outgoing
from socialrx.channels.feeds import Feed
from socialrx.errors import ChannelRejected, ChannelUnavailable

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["rss", "atom"])
def site(request: pytest.FixtureRequest) -> Iterator[Site]:
    with running(atom=request.param == "atom") as served:
        yield served


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=0.5) as c:
        yield c


def feed(site: Site, client: httpx.Client, *keywords: str) -> Feed:
    return Feed(f"{site.url}/feed.xml", client, keywords=keywords, clock=lambda: NOW)


def test_new_entries_come_once_oldest_first(site: Site, client: httpx.Client) -> None:
    site.add("old-1", "Old story", "Last month", NOW - timedelta(days=30))
    site.add("a-1", "Mercy General opens a new wing", "<p>The <b>wing</b> opens &amp; "
             "welcomes patients</p>", NOW - timedelta(hours=5))  # fmt: skip
    site.add("a-2", "Blood drive at Mercy General", "Saturday", NOW - timedelta(hours=2))
    reader = feed(site, client)
    first = reader.fetch(None)
    assert [i.external_id for i in first.items] == ["a-1", "a-2"]  # the last week, oldest first
    item = first.items[0]
    assert item.text == "Mercy General opens a new wing\n\nThe wing opens & welcomes patients"
    assert (item.kind, item.author_handle) == ("article", "Metro Desk")
    assert item.url == "https://news.example/a-1" and item.created_at == NOW - timedelta(hours=5)
    unchanged = reader.fetch(first.cursor)
    assert (unchanged.items, unchanged.cursor, site.not_modified) == ([], first.cursor, 1)
    site.add("a-3", "Mercy General nurses honoured", "Award", NOW - timedelta(hours=1))
    later = reader.fetch(first.cursor)
    assert [i.external_id for i in later.items] == ["a-3"]


def test_keywords_keep_only_entries_that_name_the_organisation(site: Site,
                                                               client: httpx.Client) -> None:  # fmt: skip
    site.add("a-1", "MERCY GENERAL in the news", "", NOW - timedelta(hours=3))
    site.add("a-2", "City council meets", "Budget talks", NOW - timedelta(hours=2))
    site.add("a-3", "Flu season", "Doctors at Mercy General advise shots", NOW - timedelta(hours=1))
    got = feed(site, client, "Mercy General").fetch(None)
    assert [i.external_id for i in got.items] == ["a-1", "a-3"]


def test_a_feed_cannot_be_posted_to(site: Site, client: httpx.Client) -> None:
    with pytest.raises(ChannelRejected, match="read-only"):
        feed(site, client).publish(Outgoing(1, "news", "text", "h", "k"))
    assert feed(site, client).find(Outgoing(1, "news", "text", "h", "k")) is None


def test_failures_keep_the_cursor(site: Site, client: httpx.Client) -> None:
    site.add("a-1", "Mercy General", "story", NOW - timedelta(hours=1))
    site.faults.append("500")
    with pytest.raises(ChannelUnavailable):
        feed(site, client).fetch(None)
    assert [i.external_id for i in feed(site, client).fetch(None).items] == ["a-1"]


def test_a_page_that_is_not_a_feed_is_refused(client: httpx.Client) -> None:
    transport = httpx.MockTransport(lambda _request: httpx.Response(200, text="<html>hi"))
    with httpx.Client(transport=transport) as other, pytest.raises(ChannelRejected,
                                                                   match="not RSS or Atom"):  # fmt: skip
        Feed("http://127.0.0.1:9/feed", other, clock=lambda: NOW).fetch(None)
