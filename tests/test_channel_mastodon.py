"""The Mastodon connector against a loopback server that speaks Mastodon's documented shapes
(tests/fake_mastodon.py): what goes on the wire, idempotent publishing, reading mentions page by
page from a cursor without gaps or repeats, and every failure as the right ChannelError."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fake_mastodon import TOKEN, Instance, running

from socialrx.channels.base import Outgoing
from socialrx.channels.mastodon import PAGE, Mastodon
from socialrx.errors import (
    ChannelAuthError,
    ChannelError,
    ChannelRejected,
    ChannelUnavailable,
    RateLimitedError,
)

TEXT = "Flu shots are free at our Main Street clinic this week.\nNo appointment needed."


@pytest.fixture
def instance() -> Iterator[Instance]:
    with running(slow_seconds=1.5) as server:
        yield server


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=0.5) as c:
        yield c


def connector(instance: Instance, client: httpx.Client, token: str = TOKEN) -> Mastodon:
    return Mastodon(instance.url, token, client)


def outgoing(key: str = "post-1-mastodon-v1", text: str = TEXT) -> Outgoing:
    return Outgoing(post_id=1, channel="mastodon", text=text, content_hash="h", key=key)


def test_publish_sends_the_text_with_an_idempotency_key(instance: Instance,
                                                         client: httpx.Client) -> None:  # fmt: skip
    published = connector(instance, client).publish(outgoing())
    [status] = instance.statuses
    assert published.external_id == status["id"]
    assert published.url == status["url"]
    method, path, headers, body = instance.requests[-1]
    assert (method, path) == ("POST", "/api/v1/statuses")
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert headers["Idempotency-Key"] == "post-1-mastodon-v1"
    assert json.loads(body) == {"status": TEXT, "visibility": "public"}


def test_a_retried_publish_does_not_post_twice(instance: Instance, client: httpx.Client) -> None:
    mastodon = connector(instance, client)
    instance.faults.append("after")  # posted, but the answer is lost
    with pytest.raises(ChannelUnavailable, match=r"could not be reached|did not answer"):
        mastodon.publish(outgoing())
    again = mastodon.publish(outgoing())  # the same key: Mastodon answers the first status
    assert len(instance.statuses) == 1 and again.external_id == instance.statuses[0]["id"]
    other = mastodon.publish(outgoing(key="post-2-mastodon-v1"))
    assert len(instance.statuses) == 2 and other.external_id != again.external_id


def test_find_tells_posted_from_not_posted(instance: Instance, client: httpx.Client) -> None:
    mastodon = connector(instance, client)
    assert mastodon.find(outgoing()) is None
    published = mastodon.publish(outgoing())
    found = mastodon.find(outgoing(key="another-key"))
    assert found is not None and found.external_id == published.external_id
    assert mastodon.find(outgoing(text="A different text entirely.")) is None


@pytest.mark.parametrize(
    ("fault", "error", "message"),
    [
        ("401", ChannelAuthError, "mastodon answered HTTP 401: the credentials are not accepted"),
        ("429", RateLimitedError, "mastodon answered HTTP 429: rate limited until"),
        ("500", ChannelUnavailable, "mastodon answered HTTP 500: the platform failed"),
        ("timeout", ChannelUnavailable, "mastodon did not answer in time"),
        ("drop", ChannelUnavailable, "mastodon could not be reached"),
    ],
)
def test_failures_are_the_right_channel_errors(instance: Instance, client: httpx.Client,
                                               fault: str, error: type[ChannelError],
                                               message: str) -> None:  # fmt: skip
    instance.faults.append(fault)
    with pytest.raises(error) as caught:
        connector(instance, client).publish(outgoing())
    assert str(caught.value).startswith(message)
    assert "Flu shots" not in str(caught.value)  # never the text
    if isinstance(caught.value, RateLimitedError):  # the time the server named (about 30 s)
        wait = caught.value.retry_at - datetime.now(UTC)
        assert timedelta(seconds=20) < wait <= timedelta(seconds=31)
    assert instance.statuses == []


def test_a_wrong_token_and_a_blank_text_are_refused(instance: Instance,
                                                    client: httpx.Client) -> None:  # fmt: skip
    with pytest.raises(ChannelAuthError):
        connector(instance, client, token="expired").publish(outgoing())
    with pytest.raises(ChannelRejected, match="HTTP 422"):
        connector(instance, client).publish(outgoing(text="   "))


def test_mentions_are_read_page_by_page_without_gaps_or_repeats(instance: Instance,
                                                                client: httpx.Client) -> None:  # fmt: skip
    mastodon = connector(instance, client)
    instance.mention("old mention before connecting")
    first = mastodon.fetch(None)  # first run: the newest page only, and a cursor
    assert [i.text for i in first.items] == ["old mention before connecting"]
    for n in range(PAGE * 2 + 7):  # more than two pages arrive
        instance.mention(f"question number {n} about visiting hours")
        if n % 10 == 0:
            instance.mention("someone favourited a post", kind="favourite")
    got = mastodon.fetch(first.cursor)
    assert [i.text for i in got.items] == [
        f"question number {n} about visiting hours" for n in range(PAGE * 2 + 7)]  # fmt: skip
    assert len({i.external_id for i in got.items}) == PAGE * 2 + 7
    nothing = mastodon.fetch(got.cursor)
    assert (nothing.items, nothing.cursor) == ([], got.cursor)  # resumes where it stopped


def test_a_mention_becomes_an_incoming_item(instance: Instance, client: httpx.Client) -> None:
    note = instance.mention("Is the <ER> open on Sunday? Asking for my mum & dad",
                            acct="pat@example.social", edited=True)  # fmt: skip
    [item] = connector(instance, client).fetch(None).items
    status = note["status"]
    assert item.text == "Is the <ER> open on Sunday? Asking for my mum & dad"  # entities decoded
    assert (item.platform, item.external_id, item.author_handle, item.kind) == (
        "mastodon", status["id"], "@pat@example.social", "mention")  # fmt: skip
    assert item.url == status["url"] and item.edited_at is not None
    assert item.created_at.tzinfo is not None


def test_an_account_without_mentions_reads_every_later_one(instance: Instance,
                                                           client: httpx.Client) -> None:  # fmt: skip
    mastodon = connector(instance, client)
    empty = mastodon.fetch(None)
    assert (empty.items, empty.cursor) == ([], "0")
    for n in range(PAGE + 5):
        instance.mention(f"mention {n} after connecting")
    assert len(mastodon.fetch(empty.cursor).items) == PAGE + 5


def test_a_failed_page_raises_and_the_cursor_is_not_moved(instance: Instance,
                                                          client: httpx.Client) -> None:  # fmt: skip
    mastodon = connector(instance, client)
    cursor = mastodon.fetch(None).cursor
    instance.mention("a mention that must not be lost")
    instance.faults.append("500")
    with pytest.raises(ChannelUnavailable):
        mastodon.fetch(cursor)
    assert [i.text for i in mastodon.fetch(cursor).items] == ["a mention that must not be lost"]


@pytest.mark.parametrize(("fault", "error"), [("500", ChannelUnavailable),
                                               ("429", RateLimitedError),
                                               ("drop", ChannelUnavailable),
                                               ("401", ChannelAuthError)])  # fmt: skip
def test_a_page_failing_part_way_keeps_the_pages_before_it(
    instance: Instance, client: httpx.Client, fault: str, error: type[Exception]
) -> None:
    """Two pages read, the third fails: the fetch returns those two pages, a cursor covering
    exactly them and the error; the next fetch reads the rest, nothing lost or read twice."""
    mastodon = connector(instance, client)
    cursor = mastodon.fetch(None).cursor
    texts = [f"synthetic question {n} about parking" for n in range(PAGE * 3 + 4)]
    notes = [instance.mention(text) for text in texts]
    instance.faults.extend(["", "", fault])
    part = mastodon.fetch(cursor)
    assert [i.text for i in part.items] == texts[: PAGE * 2]
    assert isinstance(part.stopped, error)
    assert part.cursor == notes[PAGE * 2 - 1]["id"]
    rest = mastodon.fetch(part.cursor)
    assert rest.stopped is None
    assert [i.text for i in rest.items] == texts[PAGE * 2 :]
