"""The Bluesky connector against a loopback PDS speaking AT Protocol's XRPC shapes
(tests/fake_bluesky.py): log-in with an app password, refresh of an expired access token, posts
with a record key that makes retries harmless and lookups exact, mentions read from
notifications without gaps or repeats, and failures as the right ChannelError."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fake_bluesky import DID, HANDLE, PASSWORD, TID, Pds, running
from hypothesis import given
from hypothesis import strategies as st

from socialrx.channels.base import Outgoing
from socialrx.channels.bluesky import Bluesky, record_key
from socialrx.errors import ChannelAuthError, ChannelUnavailable, RateLimitedError

TEXT = "Flu shots are free at our Main Street clinic this week (synthetic)."
AT = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


@pytest.fixture
def pds() -> Iterator[Pds]:
    with running(slow_seconds=1.0) as server:
        yield server


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=0.5) as c:
        yield c


def bluesky(pds: Pds, client: httpx.Client, password: str = PASSWORD) -> Bluesky:
    return Bluesky(pds.url, HANDLE, password, client)


def outgoing(key: str = "srx-1-bluesky-abc", text: str = TEXT) -> Outgoing:
    return Outgoing(1, "bluesky", text, "h", key, at=AT)


def test_publish_creates_one_record_under_a_stable_key(pds: Pds, client: httpx.Client) -> None:
    made = bluesky(pds, client).publish(outgoing())
    [(rkey, record)] = pds.records.items()
    assert made.external_id == f"at://{DID}/app.bsky.feed.post/{rkey}"
    assert made.url == f"https://bsky.app/profile/{HANDLE}/post/{rkey}"
    assert record["value"]["text"] == TEXT and record["value"]["$type"] == "app.bsky.feed.post"
    assert rkey == record_key("srx-1-bluesky-abc", AT) and TID.match(rkey)
    posted = json.loads(next(r for r in pds.requests if "createRecord" in r[1])[3])
    assert (posted["repo"], posted["collection"]) == (DID, "app.bsky.feed.post")
    assert pds.logins == 1


def test_a_lost_answer_is_found_and_never_posted_twice(pds: Pds, client: httpx.Client) -> None:
    connector = bluesky(pds, client)
    assert connector.find(outgoing()) is None  # (also logs in)
    pds.faults.append("after")
    with pytest.raises(ChannelUnavailable):
        connector.publish(outgoing())
    found = connector.find(outgoing())
    assert found is not None and len(pds.records) == 1
    assert connector.find(outgoing(key="srx-2-bluesky-abc")) is None  # exact: by its key


def test_an_expired_access_token_is_refreshed_once(pds: Pds, client: httpx.Client) -> None:
    connector = bluesky(pds, client)
    connector.publish(outgoing())
    pds.expire_access()
    connector.publish(outgoing(key="srx-2-bluesky-abc"))
    assert (pds.logins, pds.refreshes, len(pds.records)) == (1, 1, 2)


def test_a_wrong_app_password_is_an_auth_error(pds: Pds, client: httpx.Client) -> None:
    with pytest.raises(ChannelAuthError, match="bluesky refused the log-in"):
        bluesky(pds, client, password="wrong").publish(outgoing())
    assert pds.records == {}


def test_a_429_names_the_reset_time(pds: Pds, client: httpx.Client) -> None:
    connector = bluesky(pds, client)
    connector.fetch(None)  # logged in
    pds.faults.append("429")
    with pytest.raises(RateLimitedError) as caught:
        connector.publish(outgoing())
    wait = caught.value.retry_at - datetime.now(UTC)
    assert timedelta(seconds=25) < wait <= timedelta(seconds=31)


def test_mentions_replies_and_quotes_are_read_once(pds: Pds, client: httpx.Client) -> None:
    connector = bluesky(pds, client)
    pds.mention("before connecting")
    first = connector.fetch(None)
    assert [i.text for i in first.items] == ["before connecting"]
    for n in range(130):
        pds.mention(f"question {n} about parking (synthetic)", reason="mention")
        if n % 20 == 0:
            pds.mention("liked your post", reason="like")
            pds.mention(f"reply {n}", reason="reply")
    got = connector.fetch(first.cursor)
    texts = [i.text for i in got.items]
    assert [t for t in texts if t.startswith("question")] == [
        f"question {n} about parking (synthetic)" for n in range(130)]  # fmt: skip
    assert sum(t.startswith("reply") for t in texts) == 7 and "liked your post" not in texts
    again = connector.fetch(got.cursor)  # items at the cursor's own time may come again
    assert {i.external_id for i in again.items} <= {i.external_id for i in got.items}
    item = got.items[0]
    assert item.external_id.startswith("at://") and item.author_handle == "@someone.bsky.social"
    assert item.url is not None and item.url.startswith("https://bsky.app/profile/")


@given(key=st.text(min_size=1, max_size=60),
       at=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                       timezones=st.just(UTC)))  # fmt: skip
def test_record_keys_are_valid_tids_and_stable(key: str, at: datetime) -> None:
    made = record_key(key, at)
    assert TID.match(made) and made == record_key(key, at)
