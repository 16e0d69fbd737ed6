"""The LinkedIn connector against a loopback server speaking LinkedIn's versioned REST shapes
(tests/fake_linkedin.py): posts whose little-format commentary reads exactly as approved, replies
to posts and comments, comments read from a cursor without gaps or repeats, ``find`` after a
lost answer, OAuth 2.0 refresh (before expiry, after a 401, refused, or done by another
process), every failure as the right ChannelError, and share statistics as Metrics. All text is
synthetic."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from fake_linkedin import CLIENT_ID, CLIENT_SECRET, ORG, ORG_ID, Api, little, running
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialrx.channels.base import Metrics, Outgoing
from socialrx.channels.linkedin import (
    PAGE,
    LinkedIn,
    escape,
    linkedin,
    next_midnight,
    unescape,
)
from socialrx.channels.oauth import OAuth2, Tokens
from socialrx.errors import (
    ChannelAuthError,
    ChannelError,
    ChannelRejected,
    ChannelUnavailable,
    ConfigError,
    RateLimitedError,
)

TEXT = "Flu shots are free at our Main Street clinic (walk-in) #flu @reception [synthetic]"


@pytest.fixture
def api() -> Iterator[Api]:
    with running(slow_seconds=1.0) as server:
        yield server


@pytest.fixture(scope="module")
def shared() -> Iterator[Api]:
    with running(slow_seconds=1.0) as server:
        yield server


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=0.5) as c:
        yield c


class Store:
    """A TokenStore in memory: what another process saved, and what this one saves."""

    def __init__(self, stored: Tokens | None = None) -> None:
        self.stored = stored
        self.saved: list[Tokens] = []

    def load(self) -> Tokens | None:
        return self.stored

    def save(self, tokens: Tokens) -> None:
        self.saved.append(tokens)
        self.stored = tokens


def connect(api: Api, client: httpx.Client, *, expires_in: timedelta = timedelta(days=50),
            refresh: bool = True, store: Store | None = None,
            version: str = "202410") -> LinkedIn:  # fmt: skip
    with api.lock:
        tokens = Tokens(api.token(), api.refresh_token() if refresh else None,
                        datetime.now(UTC) + expires_in)  # fmt: skip
    oauth = OAuth2("linkedin", f"{api.url}/oauth/v2/accessToken", CLIENT_ID, CLIENT_SECRET,
                   tokens, client, store=store, basic=False)  # fmt: skip
    return LinkedIn(ORG_ID, oauth, client, base_url=api.url, version=version)


def outgoing(text: str = TEXT, reply: str | None = None, at: datetime | None = None) -> Outgoing:
    return Outgoing(1, "linkedin", text, "h", "srx-1-linkedin-abc", in_reply_to=reply,
                    at=at or datetime.now(UTC))  # fmt: skip


def api_requests(api: Api) -> list[tuple[str, str, dict[str, str], bytes]]:
    return [r for r in api.requests if not r[1].startswith("/oauth/")]


# ----------------------------------------------------------------------------- publishing


@pytest.mark.parametrize(
    "text",
    [
        TEXT,
        "Plain text without reserved characters.",
        "a_b*c~d|e{f}g<h>i\\j and a trailing backslash \\",
        "Line one\nLine two\n\n  indented — ünïcödé and 🩺 emoji",
        "\\(already looks escaped\\) #not-a-hashtag",
    ],
)
def test_publish_posts_as_the_organisation_and_the_text_reads_exactly(
        api: Api, client: httpx.Client, text: str) -> None:  # fmt: skip
    made = connect(api, client, version="202501").publish(outgoing(text))
    [post] = api.posts
    assert made.external_id == post["id"] and made.external_id.startswith("urn:li:share:")
    assert made.url == f"https://www.linkedin.com/feed/update/{post['id']}/"
    assert api.shown[post["id"]] == text  # what members see is exactly the approved text
    method, path, headers, body = api_requests(api)[-1]
    assert (method, path) == ("POST", "/rest/posts")
    assert headers["LinkedIn-Version"] == "202501"
    assert headers["X-Restli-Protocol-Version"] == "2.0.0"
    assert headers["Authorization"].startswith("Bearer AQV")
    sent = json.loads(body)
    assert sent == {"author": ORG, "commentary": escape(text), "visibility": "PUBLIC",
                    "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                                     "thirdPartyDistributionChannels": []},
                    "lifecycleState": "PUBLISHED", "isReshareDisabledByAuthor": False}  # fmt: skip


def test_unescaped_commentary_would_be_cut_by_linkedin() -> None:
    """Why escaping matters: the fake reads little text as LinkedIn does."""
    assert little("Clinic (walk-in) open") == "Clinic "
    assert little(escape("Clinic (walk-in) open")) == "Clinic (walk-in) open"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("", ""),
        ("plain", "plain"),
        ("#tag @name", "\\#tag \\@name"),
        ("a\\b", "a\\\\b"),
        ("|{}@[]()<>#\\*_~", "\\|\\{\\}\\@\\[\\]\\(\\)\\<\\>\\#\\\\\\*\\_\\~"),
        ("no ! $ % & ' \" + , - . / : ; = ? ^ `", "no ! $ % & ' \" + , - . / : ; = ? ^ `"),
    ],
)
def test_escape_marks_exactly_the_reserved_characters(text: str, escaped: str) -> None:
    assert escape(text) == escaped and unescape(escaped) == text


@given(st.text())
def test_escape_and_unescape_round_trip_any_text(text: str) -> None:
    assert unescape(escape(text)) == text
    assert little(escape(text)) == text  # and LinkedIn reads it as written


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=300))
def test_any_text_arrives_byte_for_byte(shared: Api, text: str) -> None:
    with httpx.Client(timeout=2.0) as c:
        made = connect(shared, c).publish(outgoing(text))
    assert shared.shown[made.external_id] == text


# ----------------------------------------------------------------------------- replies


def test_a_reply_to_a_post_is_a_comment_by_the_organisation(api: Api,
                                                            client: httpx.Client) -> None:  # fmt: skip
    post = api.post("Our visiting hours change next week (synthetic).")
    made = connect(api, client).publish(outgoing("Thanks (really)! #care", reply=post))
    [comment] = api.comments[post]
    assert made.external_id == comment["$URN"]
    assert made.url is not None and made.url.startswith(
        f"https://www.linkedin.com/feed/update/{post}/"
    )
    method, path, _headers, body = api_requests(api)[-1]
    assert method == "POST" and unquote(path) == f"/rest/socialActions/{post}/comments"
    assert "urn%3Ali%3Ashare%3A" in path  # the URN is encoded in the path
    assert json.loads(body) == {"actor": ORG, "object": post,
                                "message": {"text": "Thanks (really)! #care"}}  # fmt: skip


def test_a_reply_to_a_comment_names_its_parent(api: Api, client: httpx.Client) -> None:
    post = api.post("Flu clinic dates (synthetic).")
    question = api.comment(post, "Is parking free?")
    made = connect(api, client).publish(outgoing("Yes, for two hours.", reply=question["$URN"]))
    [reply] = api.comments[question["$URN"]]
    assert made.external_id == reply["$URN"] != question["$URN"]
    sent = json.loads(api_requests(api)[-1][3])
    assert sent["parentComment"] == question["$URN"]
    assert sent["object"] == question["$URN"].removeprefix("urn:li:comment:(").split(",")[0]


@pytest.mark.parametrize("target", ["12345", "urn:li:comment:broken", "https://linkedin.com/x"])
def test_a_reply_to_something_that_is_no_urn_is_refused(api: Api, client: httpx.Client,
                                                        target: str) -> None:  # fmt: skip
    with pytest.raises(ChannelRejected, match="reply target"):
        connect(api, client).publish(outgoing("A reply", reply=target))
    assert api_requests(api) == []


# ----------------------------------------------------------------------------- find


def test_find_after_a_lost_answer_tells_posted_from_not_posted(api: Api,
                                                               client: httpx.Client) -> None:  # fmt: skip
    linked = connect(api, client)
    assert linked.find(outgoing()) is None
    api.faults.append("500")  # refused before anything was made
    with pytest.raises(ChannelUnavailable):
        linked.publish(outgoing())
    assert api.posts == [] and linked.find(outgoing()) is None
    api.faults.append("after")  # made, but the answer is lost
    with pytest.raises(ChannelUnavailable, match="could not be reached"):
        linked.publish(outgoing())
    found = linked.find(outgoing())
    assert found is not None and found.external_id == api.posts[0]["id"]
    assert linked.find(outgoing("A different text (synthetic).")) is None


def test_find_after_a_time_out_in_the_crash_window(api: Api, client: httpx.Client) -> None:
    linked = connect(api, client)
    api.post_delay = 0.8  # the post is made, the answer comes after the client gave up
    with pytest.raises(ChannelUnavailable, match="did not answer in time"):
        linked.publish(outgoing())
    api.post_delay = 0.0
    found = linked.find(outgoing())
    assert found is not None and len(api.posts) == 1


def test_find_ignores_the_same_text_posted_long_before(api: Api, client: httpx.Client) -> None:
    api.post(TEXT)  # an older post with the same words
    later = datetime.now(UTC) + timedelta(hours=1)
    assert connect(api, client).find(outgoing(at=later)) is None
    assert connect(api, client).find(outgoing(at=datetime.now(UTC))) is not None


def test_find_a_reply_whose_answer_was_lost(api: Api, client: httpx.Client) -> None:
    post = api.post("Vaccination week (synthetic).")
    api.comment(post, "Thanks for asking!", actor="urn:li:person:someone")  # not ours
    linked = connect(api, client)
    assert linked.find(outgoing("Thanks for asking!", reply=post)) is None
    api.faults.append("after")
    with pytest.raises(ChannelUnavailable):
        linked.publish(outgoing("Thanks for asking!", reply=post))
    found = linked.find(outgoing("Thanks for asking!", reply=post))
    assert found is not None and found.external_id == api.comments[post][-1]["$URN"]


# ----------------------------------------------------------------------------- fetch


def test_comments_are_read_from_a_cursor_without_gaps_or_repeats(api: Api,
                                                                 client: httpx.Client) -> None:  # fmt: skip
    linked = connect(api, client)
    first_post = api.post("Open day (synthetic).")
    api.comment(first_post, "old comment before connecting")
    first = linked.fetch(None)
    assert [i.text for i in first.items] == ["old comment before connecting"]
    second_post = api.post("Blood drive (synthetic).")
    for n in range(PAGE * 2 + 7):  # more than two pages on one post
        api.comment(second_post if n % 3 else first_post, f"question {n} about parking")
        if n % 25 == 0:
            api.comment(first_post, "our own answer", actor=ORG)
    got = linked.fetch(first.cursor)
    fresh = [i for i in got.items if i.text.startswith("question")]
    assert [i.text for i in fresh] == [f"question {n} about parking" for n in range(PAGE * 2 + 7)]
    assert len({i.external_id for i in fresh}) == PAGE * 2 + 7
    assert "our own answer" not in {i.text for i in got.items}
    assert {i.text for i in got.items} - {i.text for i in fresh} <= {
        "old comment before connecting"
    }
    again = linked.fetch(got.cursor)  # only what sits at the cursor's own time may come again
    assert {i.external_id for i in again.items} <= {got.items[-1].external_id}
    assert again.cursor == got.cursor


def test_a_comment_becomes_an_incoming_item_and_an_edit_comes_again(api: Api,
                                                                    client: httpx.Client) -> None:  # fmt: skip
    linked = connect(api, client)
    post = api.post("Maternity ward tour (synthetic).")
    comment = api.comment(post, "Can my partner stay (overnight)?", actor="urn:li:person:p1")
    [item] = linked.fetch(None).items
    assert (item.platform, item.external_id, item.kind, item.author_handle, item.in_reply_to) == (
        "linkedin", comment["$URN"], "comment", "urn:li:person:p1", post)  # fmt: skip
    assert item.text == "Can my partner stay (overnight)?" and item.edited_at is None
    assert item.created_at == datetime.fromtimestamp(comment["created"]["time"] / 1000, UTC)
    assert item.url is not None and item.url.startswith(
        f"https://www.linkedin.com/feed/update/{post}/"
    )
    cursor = linked.fetch(None).cursor
    api.edit(comment, "Can my partner stay overnight? (edited)")
    edited = [i for i in linked.fetch(cursor).items if i.external_id == comment["$URN"]]
    assert [i.text for i in edited] == ["Can my partner stay overnight? (edited)"]
    assert edited[0].edited_at is not None and edited[0].edited_at > edited[0].created_at


def test_no_posts_yet_gives_a_cursor_that_reads_everything_later(api: Api,
                                                                 client: httpx.Client) -> None:  # fmt: skip
    linked = connect(api, client)
    empty = linked.fetch(None)
    assert (list(empty.items), empty.cursor) == ([], "0")
    post = api.post("First post (synthetic).")
    api.comment(post, "first comment")
    assert [i.text for i in linked.fetch(empty.cursor).items] == ["first comment"]


def test_a_failed_page_raises_and_the_cursor_is_not_moved(api: Api, client: httpx.Client) -> None:
    linked = connect(api, client)
    post = api.post("Clinic news (synthetic).")
    cursor = linked.fetch(None).cursor
    api.comment(post, "a comment that must not be lost")
    api.faults.append("500")
    with pytest.raises(ChannelUnavailable):
        linked.fetch(cursor)
    assert [i.text for i in linked.fetch(cursor).items] == ["a comment that must not be lost"]


# ----------------------------------------------------------------------------- OAuth 2.0


def test_a_token_about_to_expire_is_refreshed_before_the_call(api: Api,
                                                              client: httpx.Client) -> None:  # fmt: skip
    api.rotate = True
    store = Store()
    linked = connect(api, client, expires_in=timedelta(minutes=4), store=store)
    old = linked.oauth.tokens
    linked.publish(outgoing())
    assert [r[1] for r in api.requests] == ["/oauth/v2/accessToken", "/rest/posts"]
    form = dict(pair.split("=", 1) for pair in api.requests[0][3].decode().split("&"))
    assert form["grant_type"] == "refresh_token" and form["client_id"] == CLIENT_ID
    assert form["client_secret"] == CLIENT_SECRET and "Authorization" not in api.requests[0][2]
    [saved] = store.saved
    assert saved.refresh_token not in (None, old.refresh_token)  # the rotated one, kept
    assert saved.access_token != old.access_token
    assert api.requests[1][2]["Authorization"] == f"Bearer {saved.access_token}"
    assert saved.expires_at is not None and saved.expires_at > datetime.now(UTC) + timedelta(
        days=59
    )


def test_a_401_with_an_expired_token_is_refreshed_once_and_retried(api: Api,
                                                                   client: httpx.Client) -> None:  # fmt: skip
    linked = connect(api, client)
    api.expire_access()
    linked.publish(outgoing())
    assert api.refreshes == 1 and len(api.posts) == 1
    assert [r[1] for r in api.requests] == ["/rest/posts", "/oauth/v2/accessToken", "/rest/posts"]


def test_another_process_refreshed_already_its_token_is_used(api: Api,
                                                             client: httpx.Client) -> None:  # fmt: skip
    with api.lock:
        theirs = Tokens(api.token(), api.refresh_token(), datetime.now(UTC) + timedelta(days=60))
    store = Store(theirs)
    linked = connect(api, client, expires_in=timedelta(minutes=1), store=store)
    linked.publish(outgoing())
    assert api.refreshes == 0 and store.saved == []
    assert api.requests[-1][2]["Authorization"] == f"Bearer {theirs.access_token}"


@pytest.mark.parametrize("when", ["before the call", "after a 401"])
def test_a_refused_refresh_is_an_auth_error(api: Api, client: httpx.Client, when: str) -> None:
    linked = connect(api, client, expires_in=timedelta(minutes=2 if when == "before the call"
                                                       else 600))  # fmt: skip
    with api.lock:
        api.refresh.clear()  # revoked (invalid_grant)
    if when == "after a 401":
        api.expire_access()
    with pytest.raises(ChannelAuthError, match=r"refused to refresh.*invalid_grant") as caught:
        linked.publish(outgoing())
    assert "Flu shots" not in str(caught.value) and api.posts == []


def test_a_401_without_a_refresh_token_is_an_auth_error(api: Api, client: httpx.Client) -> None:
    linked = connect(api, client, refresh=False)
    api.expire_access()
    with pytest.raises(ChannelAuthError, match=r"HTTP 401.*\(EXPIRED_ACCESS_TOKEN\)"):
        linked.publish(outgoing())
    assert api.refreshes == 0


# ----------------------------------------------------------------------------- failures


@pytest.mark.parametrize(
    ("fault", "error", "message"),
    [
        ("429", RateLimitedError, "linkedin answered HTTP 429: rate limited until"),
        ("500", ChannelUnavailable, "linkedin answered HTTP 500: the platform failed"),
        ("timeout", ChannelUnavailable, "linkedin did not answer in time"),
        ("drop", ChannelUnavailable, "linkedin could not be reached"),
    ],
)
def test_failures_are_the_right_channel_errors(api: Api, client: httpx.Client, fault: str,
                                               error: type[ChannelError], message: str) -> None:  # fmt: skip
    api.faults.append(fault)
    with pytest.raises(error) as caught:
        connect(api, client).publish(outgoing())
    assert str(caught.value).startswith(message)
    assert "Flu shots" not in str(caught.value) and "clinic" not in str(caught.value)
    assert api.posts == []


def test_a_429_waits_for_midnight_utc_unless_linkedin_names_a_time(api: Api,
                                                                   client: httpx.Client) -> None:  # fmt: skip
    linked = connect(api, client)
    api.faults.append("429")
    before = datetime.now(UTC)
    with pytest.raises(RateLimitedError) as caught:
        linked.publish(outgoing())
    assert caught.value.retry_at == next_midnight(before) or (
        caught.value.retry_at == next_midnight(datetime.now(UTC)))  # fmt: skip
    api.retry_after = "120"
    api.faults.append("429")
    with pytest.raises(RateLimitedError) as named:
        linked.publish(outgoing())
    wait = named.value.retry_at - datetime.now(UTC)
    assert timedelta(seconds=110) < wait <= timedelta(seconds=121)


def test_a_bad_request_is_rejected_with_linkedins_code_not_the_text(api: Api,
                                                                    client: httpx.Client) -> None:  # fmt: skip
    too_long = "Flu shots are free this week (synthetic). " * 80
    with pytest.raises(ChannelRejected, match=r"HTTP 400.*\(ILLEGAL_ARGUMENT\)") as caught:
        connect(api, client).publish(outgoing(too_long))
    assert "Flu shots" not in str(caught.value) and "commentary" not in str(caught.value)
    assert caught.value.status == 400 and api.posts == []


def test_a_queued_401_is_refreshed_and_the_post_made_once(api: Api, client: httpx.Client) -> None:
    api.faults.append("401")
    connect(api, client).publish(outgoing())
    assert api.refreshes == 1 and len(api.posts) == 1


@pytest.mark.parametrize(
    ("when", "midnight"),
    [
        (datetime(2026, 11, 21, 7, 4, tzinfo=UTC), datetime(2026, 11, 22, tzinfo=UTC)),
        (datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)),
        (datetime(2026, 3, 1, 0, 0, tzinfo=UTC), datetime(2026, 3, 2, tzinfo=UTC)),
    ],
)
def test_next_midnight_utc(when: datetime, midnight: datetime) -> None:
    assert next_midnight(when) == midnight


# ----------------------------------------------------------------------------- metrics


def test_share_statistics_become_metrics(api: Api, client: httpx.Client) -> None:
    share, ugc = api.post("Share (synthetic)."), api.post("UGC (synthetic).", kind="ugcPost")
    api.stats[share] = {"impressionCount": 1200, "uniqueImpressionsCount": 900, "clickCount": 40,
                        "likeCount": 31, "commentCount": 5, "shareCount": 2}  # fmt: skip
    api.stats[ugc] = {"impressionCount": 10, "uniqueImpressionsCount": 8, "clickCount": 0,
                      "likeCount": 1, "commentCount": 0, "shareCount": 0}  # fmt: skip
    gone = "urn:li:share:1"
    comment = "urn:li:comment:(urn:li:activity:1,2)"
    got = connect(api, client).metrics([share, ugc, gone, comment])
    assert got == {
        share: Metrics(impressions=1200, reach=900, reactions=31, comments=5, shares=2, clicks=40),
        ugc: Metrics(impressions=10, reach=8, reactions=1, comments=0, shares=0, clicks=0),
    }
    paths = [r[1] for r in api_requests(api)]
    assert any(f"shares=List(urn%3Ali%3Ashare%3A{share.rsplit(':', 1)[1]},urn%3Ali%3Ashare%3A1)"
               in p for p in paths)  # fmt: skip
    assert any("ugcPosts=List(urn%3Ali%3AugcPost%3A" in p for p in paths)
    assert all("organizationalEntity=urn%3Ali%3Aorganization%3A" + ORG_ID in p for p in paths)


def test_no_posts_no_metrics_requests(api: Api, client: httpx.Client) -> None:
    assert connect(api, client).metrics(["urn:li:comment:(urn:li:activity:1,2)"]) == {}
    assert api_requests(api) == []


# ----------------------------------------------------------------------------- construction


GOOD_SETTINGS: dict[str, Any] = {"organization_id": ORG_ID, "client_id": CLIENT_ID}
GOOD_CREDENTIALS: dict[str, Any] = {"access_token": "AQVtoken", "refresh_token": "AQXtoken",
                                    "expires_at": "2027-01-01T00:00:00+00:00",
                                    "client_secret": CLIENT_SECRET}  # fmt: skip


def test_a_channel_account_becomes_a_connector(client: httpx.Client) -> None:
    made = linkedin({**GOOD_SETTINGS, "organization_id": ORG, "version": "202501",
                     "token_url": "http://127.0.0.1:9/oauth/v2/accessToken"},
                    GOOD_CREDENTIALS, client)  # fmt: skip
    assert (made.organization_id, made.version, made.base_url) == (
        ORG_ID, "202501", "https://api.linkedin.com")  # fmt: skip
    assert made.oauth.token_url == "http://127.0.0.1:9/oauth/v2/accessToken"
    assert (made.oauth.basic, made.oauth.client_secret) == (False, CLIENT_SECRET)
    assert made.oauth.tokens.refresh_token == "AQXtoken" and made.idempotent_for is None
    default = linkedin(GOOD_SETTINGS, GOOD_CREDENTIALS, client)
    assert default.oauth.token_url == "https://www.linkedin.com/oauth/v2/accessToken"


@pytest.mark.parametrize(
    ("settings_", "credentials", "message"),
    [
        ({"client_id": CLIENT_ID}, GOOD_CREDENTIALS, "organization_id"),
        ({**GOOD_SETTINGS, "organization_id": "acme"}, GOOD_CREDENTIALS, "organization_id"),
        ({"organization_id": ORG_ID}, GOOD_CREDENTIALS, "client_id"),
        ({**GOOD_SETTINGS, "base_url": "ftp://x"}, GOOD_CREDENTIALS, "https://"),
        ({**GOOD_SETTINGS, "version": "2024-10"}, GOOD_CREDENTIALS, "YYYYMM"),
        (GOOD_SETTINGS, {"client_secret": CLIENT_SECRET}, "access_token"),
    ],
)
def test_a_channel_account_missing_something_is_a_config_error(
        client: httpx.Client, settings_: dict[str, Any], credentials: dict[str, Any],
        message: str) -> None:  # fmt: skip
    with pytest.raises(ConfigError, match=message):
        linkedin(settings_, credentials, client)
