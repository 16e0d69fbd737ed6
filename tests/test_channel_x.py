"""The X connector against a loopback server speaking the X API v2 shapes (tests/fake_x.py):
exact text on the wire, replies, the duplicate-content answer as evidence of an earlier post,
``find`` after a lost answer, mentions read page by page from a cursor without gaps or
repeats, edits, OAuth 2.0 refresh before expiry with rotating refresh tokens, metrics, and every
failure as the right ChannelError (never with the post's text). All text is synthetic."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fake_x import CLIENT_ID, CLIENT_SECRET, USER_ID, XApi, running
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialrx.channels.base import Metrics, Outgoing
from socialrx.channels.oauth import Tokens
from socialrx.channels.x import PAGE, X, same_text, snowflake
from socialrx.errors import (
    ChannelAuthError,
    ChannelError,
    ChannelRejected,
    ChannelUnavailable,
    ConfigError,
    RateLimitedError,
)

TEXT = "Flu shots are free at our Main Street clinic this week (synthetic) & walk-ins welcome."


class Store:
    """A TokenStore as the worker keeps one (the channel account), shared between processes."""

    def __init__(self, tokens: Tokens | None = None) -> None:
        self.tokens = tokens
        self.saved: list[Tokens] = []
        self.loads = 0

    def load(self) -> Tokens | None:
        self.loads += 1
        return self.tokens

    def save(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.saved.append(tokens)


@pytest.fixture(scope="module")
def shared() -> Iterator[XApi]:
    """One server for the property tests' many examples (each example starts afresh)."""
    with running(slow_seconds=1.0) as server:
        yield server


@pytest.fixture
def api() -> Iterator[XApi]:
    with running(slow_seconds=1.0) as server:
        yield server


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=0.5) as c:
        yield c


def credentials(api: XApi, expires_in: timedelta = timedelta(hours=1),
                secret: bool = True) -> dict[str, str]:  # fmt: skip
    issued = api.issue(int(expires_in.total_seconds()) + 600)  # the server's own clock is kinder
    found = {"access_token": issued["access_token"], "refresh_token": issued["refresh_token"],
             "expires_at": (datetime.now(UTC) + expires_in).isoformat()}  # fmt: skip
    return found | ({"client_secret": CLIENT_SECRET} if secret else {})


def connector(api: XApi, client: httpx.Client, store: Store | None = None,
              expires_in: timedelta = timedelta(hours=1), secret: bool = True,
              user_id: str | None = USER_ID) -> X:  # fmt: skip
    settings = {"client_id": CLIENT_ID, "base_url": api.url,
                **({"user_id": user_id} if user_id else {})}  # fmt: skip
    return X.of(settings, credentials(api, expires_in, secret), client, store=store)


def outgoing(text: str = TEXT, key: str = "srx-1-x-abc", reply_to: str | None = None,
             at: datetime | None = None) -> Outgoing:  # fmt: skip
    return Outgoing(1, "x", text, "h", key, in_reply_to=reply_to,
                    at=at or datetime.now(UTC) - timedelta(seconds=5))  # fmt: skip


def posted(api: XApi) -> list[dict[str, Any]]:
    return [t for t in api.tweets if t["author_id"] == USER_ID]


def requests_to(api: XApi, path: str) -> list[tuple[str, str, dict[str, str], bytes]]:
    return [r for r in api.requests if r[1].split("?")[0] == path]


# ----------------------------------------------------------------------------- publishing


def test_publish_sends_the_exact_text(api: XApi, client: httpx.Client) -> None:
    made = connector(api, client).publish(outgoing())
    [tweet] = posted(api)
    assert made.external_id == tweet["id"] and tweet["sent"] == TEXT
    assert made.url == f"https://x.com/i/web/status/{tweet['id']}"
    [(method, _path, headers, body)] = requests_to(api, "/2/tweets")
    assert method == "POST" and json.loads(body) == {"text": TEXT}
    assert headers["Authorization"].startswith("Bearer at-")


def test_a_reply_names_the_post_it_answers(api: XApi, client: httpx.Client) -> None:
    question = api.mention("Are you open on the public holiday?")
    connector(api, client).publish(outgoing("Yes, 9 to 5 (synthetic).", reply_to=question["id"]))
    body = json.loads(requests_to(api, "/2/tweets")[-1][3])
    assert body == {"text": "Yes, 9 to 5 (synthetic).",
                    "reply": {"in_reply_to_tweet_id": question["id"]}}  # fmt: skip
    assert posted(api)[-1]["referenced_tweets"] == [{"type": "replied_to", "id": question["id"]}]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=140)
       .filter(lambda t: t.strip()))  # fmt: skip
def test_any_text_arrives_byte_for_byte_and_is_found(shared: XApi, client: httpx.Client,
                                                     text: str) -> None:  # fmt: skip
    api = shared
    with api.lock:
        api.tweets.clear()
    x = connector(api, client)
    if True:
        made = x.publish(outgoing(text))
        [tweet] = [t for t in api.tweets if t["id"] == made.external_id]
        assert tweet["sent"] == text
        found = x.find(outgoing(text, key="another-key"))
        assert found is not None and found.external_id == made.external_id


def test_a_lost_answer_is_found_after_the_fact(api: XApi, client: httpx.Client) -> None:
    x = connector(api, client)
    api.faults.append("after")  # posted, then the connection closes
    with pytest.raises(ChannelUnavailable):
        x.publish(outgoing())
    api.post_delay = 1.0  # posted, but the answer comes after the client gave up
    text = "Visiting hours change on Monday, see https://example.org/visiting (synthetic)"
    with pytest.raises(ChannelUnavailable, match="did not answer in time"):
        x.publish(outgoing(text, key="srx-2-x"))
    api.post_delay = 0.0
    assert [t["sent"] for t in posted(api)] == [TEXT, text]
    first, second = x.find(outgoing()), x.find(outgoing(text))  # the link came back as t.co
    assert first is not None and first.external_id == posted(api)[0]["id"]
    assert second is not None and second.external_id == posted(api)[1]["id"]


def test_a_post_that_never_went_out_is_not_found(api: XApi, client: httpx.Client) -> None:
    x = connector(api, client)
    api.faults.append("500")
    with pytest.raises(ChannelUnavailable, match="x answered HTTP 500"):
        x.publish(outgoing())
    assert posted(api) == [] and x.find(outgoing()) is None
    api.add("A similar but different text (synthetic).")
    assert x.find(outgoing()) is None


def test_posts_before_the_approved_version_do_not_count(api: XApi, client: httpx.Client) -> None:
    api.add(TEXT, at=datetime.now(UTC) - timedelta(days=2))
    x = connector(api, client)
    assert x.find(outgoing()) is None
    assert x.find(outgoing(at=datetime.now(UTC) - timedelta(days=3))) is not None


def test_duplicate_content_returns_the_earlier_post(api: XApi, client: httpx.Client) -> None:
    x = connector(api, client)
    first = x.publish(outgoing())
    again = x.publish(outgoing(key="srx-1-x-retry"))  # 403 duplicate content → find
    assert again == first and len(posted(api)) == 1


def test_a_duplicate_of_an_old_post_is_rejected(api: XApi, client: httpx.Client) -> None:
    api.add(TEXT, at=datetime.now(UTC) - timedelta(days=2))
    with pytest.raises(ChannelRejected, match="posted before") as caught:
        connector(api, client).publish(outgoing())
    assert caught.value.status == 403 and "Flu shots" not in str(caught.value)


def test_a_reply_x_does_not_allow_is_rejected_not_an_auth_failure(
    api: XApi, client: httpx.Client
) -> None:
    parent = api.mention("a synthetic question", username="someone")
    parent["restricted"] = True
    with pytest.raises(ChannelRejected, match="does not allow") as caught:
        connector(api, client).publish(outgoing(reply_to=parent["id"]))
    assert caught.value.status == 403 and "Flu shots" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "shown", "same"),
    [
        ("See https://example.org/a for details", "See https://t.co/AbC123xyz9 for details", True),
        ("Bare example.org works too", "Bare https://t.co/Zz9 works too", True),
        ("Fish & chips <today>", "Fish &amp; chips &lt;today&gt;", True),
        ("Literal &amp; stays", "Literal &amp;amp; stays", True),
        ("  padded text  ", "padded text", True),
        ("See https://example.org/a for details", "See https://t.co/AbC123 for detail", False),
        ("Clinic opens at 9", "Clinic opens at 10", False),
        ("two links a.org b.org", "two links https://t.co/x", False),
        ("", "anything", False),
    ],
)
def test_same_text_undoes_what_x_rewrites(text: str, shown: str, same: bool) -> None:
    assert same_text(text, shown) is same


# ----------------------------------------------------------------------------- failures


@pytest.mark.parametrize(
    ("fault", "error", "message"),
    [
        ("429", RateLimitedError, "x answered HTTP 429: rate limited until"),
        ("500", ChannelUnavailable, "x answered HTTP 500: the platform failed"),
        ("timeout", ChannelUnavailable, "x did not answer in time"),
        ("drop", ChannelUnavailable, "x could not be reached"),
    ],
)
def test_failures_are_the_right_channel_errors(api: XApi, client: httpx.Client, fault: str,
                                               error: type[ChannelError],
                                               message: str) -> None:  # fmt: skip
    api.faults.append(fault)
    with pytest.raises(error) as caught:
        connector(api, client).publish(outgoing())
    assert str(caught.value).startswith(message)
    assert "Flu shots" not in str(caught.value)
    if isinstance(caught.value, RateLimitedError):  # x-rate-limit-reset: about 30 s ahead
        wait = caught.value.retry_at - datetime.now(UTC)
        assert timedelta(seconds=25) < wait <= timedelta(seconds=31)
    assert posted(api) == []


def test_a_bad_request_is_rejected_with_x_problem_body(api: XApi, client: httpx.Client) -> None:
    x = connector(api, client)
    with pytest.raises(ChannelRejected, match="x answered HTTP 400") as caught:
        x.publish(outgoing("   "))
    assert caught.value.status == 400
    with pytest.raises(ChannelRejected, match="HTTP 400"):
        x.publish(outgoing("A reply to nothing (synthetic).", reply_to="1"))
    assert posted(api) == []
    raw = client.post(f"{api.url}/2/tweets", json={"text": ""},  # what the connector saw
                      headers={"Authorization": f"Bearer {x.oauth.tokens.access_token}"})  # fmt: skip
    assert raw.status_code == 400 and raw.json()["title"] == "Invalid Request"
    assert raw.json()["type"] == "https://api.twitter.com/2/problems/invalid-request"
    assert raw.json()["errors"][0]["parameters"] == {"text": [""]}


def test_a_refused_token_is_an_auth_error(api: XApi, client: httpx.Client) -> None:
    x = X.of(
        {"client_id": CLIENT_ID, "base_url": api.url, "user_id": USER_ID},
        {"access_token": "unknown"},
        client,
    )  # no refresh token: nothing to try
    with pytest.raises(ChannelAuthError, match="x answered HTTP 401") as caught:
        x.publish(outgoing())
    assert "Flu shots" not in str(caught.value)


@pytest.mark.parametrize(
    ("settings", "creds", "message"),
    [
        ({}, {"access_token": "a"}, "needs client_id"),
        ({"client_id": "c", "base_url": "ftp://x"}, {"access_token": "a"}, "base_url"),
        ({"client_id": "c", "user_id": "@clinic"}, {"access_token": "a"}, "numeric id"),
        ({"client_id": "c"}, {}, "access_token"),
    ],
)
def test_settings_and_credentials_are_checked(client: httpx.Client, settings: dict[str, str],
                                              creds: dict[str, str], message: str) -> None:  # fmt: skip
    with pytest.raises(ConfigError, match=message):
        X.of(settings, creds, client)


# ----------------------------------------------------------------------------- OAuth 2.0


@pytest.mark.parametrize("confidential", [True, False])
def test_a_token_near_expiry_is_refreshed_first_and_the_new_one_stored(client: httpx.Client,
                                                                       confidential: bool) -> None:  # fmt: skip
    with running(confidential=confidential) as api:
        store = Store()
        x = connector(api, client, store, expires_in=timedelta(minutes=4), secret=confidential)
        old = x.oauth.tokens
        x.publish(outgoing())
        [(headers, form)] = api.token_requests
        assert form["grant_type"] == ["refresh_token"]
        assert form["refresh_token"] == [old.refresh_token]
        if confidential:
            assert headers["Authorization"].startswith("Basic ") and "client_id" not in form
        else:
            assert "Authorization" not in headers and form["client_id"] == [CLIENT_ID]
        [saved] = store.saved
        assert saved.refresh_token != old.refresh_token  # rotated
        assert saved.access_token != old.access_token and saved.expires_at is not None
        lifetime = saved.expires_at - datetime.now(UTC)
        assert timedelta(minutes=119) < lifetime <= timedelta(hours=2)
        used = requests_to(api, "/2/tweets")[-1][2]["Authorization"]
        assert used == f"Bearer {saved.access_token}"
        assert old.refresh_token not in api.refresh  # spent: it works once


def test_a_fresh_token_is_not_refreshed(api: XApi, client: httpx.Client) -> None:
    store = Store()
    x = connector(api, client, store, expires_in=timedelta(minutes=6))
    x.publish(outgoing())
    assert api.token_requests == [] and store.saved == [] and x.oauth.refreshes == 0


def test_a_401_is_refreshed_once_and_the_call_made_again(api: XApi, client: httpx.Client) -> None:
    store = Store()
    x = connector(api, client, store)
    api.expire_access()  # revoked early, though the stored expiry is an hour away
    made = x.publish(outgoing())
    assert made.external_id == posted(api)[0]["id"] and len(api.token_requests) == 1
    assert len(requests_to(api, "/2/tweets")) == 2 and len(store.saved) == 1


def test_a_401_again_after_the_refresh_is_an_auth_error(api: XApi, client: httpx.Client) -> None:
    x = connector(api, client)
    api.faults.extend(["401", "", "401"])  # the post, the token request, the post again
    with pytest.raises(ChannelAuthError, match="HTTP 401"):
        x.publish(outgoing())
    assert len(api.token_requests) == 1 and posted(api) == []


@pytest.mark.parametrize(
    ("refusal", "code"),
    [
        (None, "invalid_request"),  # the refresh token was spent already (rotation)
        ({"error": "invalid_grant", "error_description": "Token revoked"}, "invalid_grant"),
        ({"error": "something_else", "error_description": "Free text"}, "no reason"),
    ],
)
def test_a_refused_refresh_is_an_auth_error(api: XApi, client: httpx.Client,
                                            refusal: dict[str, str] | None, code: str) -> None:  # fmt: skip
    x = connector(api, client, expires_in=timedelta(minutes=1))
    api.refusal = refusal
    if refusal is None:
        api.refresh.clear()  # another process used it
    with pytest.raises(ChannelAuthError, match="x refused to refresh") as caught:
        x.publish(outgoing())
    assert code in str(caught.value) and "Free text" not in str(caught.value)
    assert posted(api) == []


def test_a_reused_refresh_token_is_refused_by_the_fake(api: XApi, client: httpx.Client) -> None:
    x = connector(api, client, expires_in=timedelta(minutes=1))
    spent = x.oauth.tokens.refresh_token
    x.publish(outgoing())  # refreshed once
    answer = client.post(f"{api.url}/2/oauth2/token", auth=(CLIENT_ID, CLIENT_SECRET),
                         data={"grant_type": "refresh_token", "refresh_token": spent})  # fmt: skip
    assert answer.status_code == 400
    assert answer.json() == {"error": "invalid_request",
                             "error_description": "Value passed for the token was invalid."}  # fmt: skip


def test_a_token_another_process_refreshed_is_used(api: XApi, client: httpx.Client) -> None:
    ours = Tokens.of("x", credentials(api, timedelta(minutes=2)))
    theirs = api.issue()  # the other worker refreshed and stored its tokens
    store = Store(Tokens(theirs["access_token"], theirs["refresh_token"],
                         datetime.now(UTC) + timedelta(hours=2)))  # fmt: skip
    x = connector(api, client, store)
    x.oauth.tokens = ours
    x.publish(outgoing())
    assert api.token_requests == [] and store.loads == 1 and store.saved == []
    assert requests_to(api, "/2/tweets")[-1][2]["Authorization"] == (
        f"Bearer {theirs['access_token']}")  # fmt: skip


# ----------------------------------------------------------------------------- mentions


def test_mentions_are_read_page_by_page_without_gaps_or_repeats(api: XApi,
                                                                client: httpx.Client) -> None:  # fmt: skip
    x = connector(api, client)
    for n in range(PAGE + 20):
        api.mention(f"old question {n} (synthetic)")
    first = x.fetch(None)  # the newest page only
    assert [i.text for i in first.items] == [
        f"@synthetic_clinic old question {n} (synthetic)" for n in range(20, PAGE + 20)]  # fmt: skip
    for n in range(PAGE * 2 + 37):
        api.mention(f"question {n} about parking (synthetic)")
        if n % 50 == 0:
            api.add("our own post, not a mention (synthetic)")
    got = x.fetch(first.cursor)
    assert [i.text for i in got.items] == [
        f"@synthetic_clinic question {n} about parking (synthetic)" for n in range(PAGE * 2 + 37)]  # fmt: skip
    assert len({i.external_id for i in got.items}) == PAGE * 2 + 37 and got.extra == {}
    assert int(got.cursor or 0) == max(int(i.external_id) for i in got.items)
    nothing = x.fetch(got.cursor)
    assert (list(nothing.items), nothing.cursor) == ([], got.cursor)
    since = [r for r in requests_to(api, f"/2/users/{USER_ID}/mentions") if "since_id" in r[1]]
    assert len(since) == 4  # three pages, then an empty one


def test_an_account_without_mentions_reads_every_later_one(api: XApi,
                                                           client: httpx.Client) -> None:  # fmt: skip
    x = connector(api, client)
    empty = x.fetch(None)
    assert list(empty.items) == [] and empty.cursor is not None
    assert int(empty.cursor) <= int(snowflake(datetime.now(UTC)))
    for n in range(7):
        api.mention(f"mention {n} after connecting (synthetic)")
    assert len(x.fetch(empty.cursor).items) == 7


def test_a_failed_page_raises_and_the_cursor_is_kept(api: XApi, client: httpx.Client) -> None:
    x = connector(api, client)
    cursor = x.fetch(None).cursor
    for n in range(PAGE + 5):
        api.mention(f"must not be lost {n} (synthetic)")
    api.faults.extend(["", "500"])  # the second page fails
    with pytest.raises(ChannelUnavailable):
        x.fetch(cursor)
    assert len(x.fetch(cursor).items) == PAGE + 5


def test_a_mention_a_reply_and_an_edit_become_items(api: XApi, client: httpx.Client) -> None:
    x = connector(api, client, user_id=None)  # the id is read from /2/users/me, once
    cursor = x.fetch(None).cursor
    ours = api.add("Our clinic opens at 9 (synthetic).")
    mention = api.mention("Is there parking? Fish & chips <nearby>?", username="pat_example")
    reply = api.mention("Thanks, that helps!", reply_to=ours)
    got = x.fetch(cursor)
    assert [i.kind for i in got.items] == ["mention", "reply"]
    first, second = got.items
    assert first.text == "@synthetic_clinic Is there parking? Fish & chips <nearby>?"
    assert (first.external_id, first.author_handle, first.platform) == (
        mention["id"], "@pat_example", "x")  # fmt: skip
    assert first.url == f"https://x.com/i/web/status/{mention['id']}" and first.edited_at is None
    assert first.created_at.tzinfo is not None
    assert (second.external_id, second.in_reply_to) == (reply["id"], ours["id"])
    edited = api.edit(mention, "@synthetic_clinic Is there parking? (edited, synthetic)")
    again = x.fetch(got.cursor)
    [item] = again.items
    assert item.external_id == mention["id"] and item.edited_at is not None
    assert item.url == f"https://x.com/i/web/status/{edited['id']}"
    assert len(requests_to(api, "/2/users/me")) == 1


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batches=st.lists(st.integers(0, 130), min_size=1, max_size=4))
def test_every_mention_is_read_exactly_once(shared: XApi, client: httpx.Client,
                                            batches: list[int]) -> None:  # fmt: skip
    api = shared
    x = connector(api, client)
    if True:
        cursor = x.fetch(None).cursor
        for size in batches:
            made = [api.mention(f"batch question {n} (synthetic)")["id"] for n in range(size)]
            got = x.fetch(cursor)
            assert [i.external_id for i in got.items] == made
            cursor = got.cursor


# ----------------------------------------------------------------------------- metrics


def test_metrics_map_public_and_private_counts(api: XApi, client: httpx.Client) -> None:
    plain = api.add("A post with counts (synthetic).")
    plain["public_metrics"] |= {"impression_count": 900, "like_count": 12, "reply_count": 3,
                                "retweet_count": 4, "quote_count": 1}  # fmt: skip
    plain["non_public_metrics"] = {"impression_count": 900, "user_profile_clicks": 2,
                                   "url_link_clicks": 7}  # fmt: skip
    video = api.add("A post with a video (synthetic).", attachments={"media_keys": ["7_1"]})
    api.media["7_1"] = {"media_key": "7_1", "type": "video",
                        "public_metrics": {"view_count": 250}}  # fmt: skip
    video["public_metrics"] |= {"impression_count": 40}
    found = connector(api, client).metrics([plain["id"], video["id"], "1234567890123"])
    assert found == {
        plain["id"]: Metrics(impressions=900, reactions=12, comments=3, shares=5, clicks=7),
        video["id"]: Metrics(impressions=40, reactions=0, comments=0, shares=0,
                             video_views=250),
    }  # fmt: skip
    [(_m, path, _h, _b)] = requests_to(api, "/2/tweets")
    assert "non_public_metrics" in path and "public_metrics" in path


def test_metrics_are_asked_for_a_hundred_ids_at_a_time(api: XApi, client: httpx.Client) -> None:
    ids = [api.add(f"post {n} (synthetic)")["id"] for n in range(130)]
    assert len(connector(api, client).metrics(ids)) == 130
    assert len(requests_to(api, "/2/tweets")) == 2
    assert connector(api, client).metrics([]) == {}
