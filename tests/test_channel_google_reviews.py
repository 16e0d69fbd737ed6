"""The Google Business Profile reviews connector against a loopback server speaking the My
Business API v4 review shapes and Google's OAuth 2.0 token endpoint (tests/fake_google.py):
replies to reviews (and nothing else), reviews read page by page from a cursor without gaps or
repeats (edits come again), a lost answer settled by ``find``, tokens refreshed before they
expire and after a 401, and every failure as the right ChannelError. All text is synthetic."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fake_google import (
    ACCOUNT,
    CLIENT_ID,
    CLIENT_SECRET,
    LOCATION,
    LOCATION_NAME,
    Google,
    running,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialrx.channels.base import DEFAULT_WAIT, Outgoing
from socialrx.channels.connect import connector as connector_of
from socialrx.channels.google_reviews import EPOCH, ONLY_REPLIES, PAGE, GoogleReviews
from socialrx.channels.oauth import OAuth2, Tokens
from socialrx.errors import (
    ChannelAuthError,
    ChannelError,
    ChannelRejected,
    ChannelUnavailable,
    ConfigError,
    RateLimitedError,
)

TEXT = "Thank you for the kind words about our (synthetic) Main Street clinic team."
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


class Store:
    """A TokenStore as the worker keeps one (here in memory): what ``save`` got, what
    ``load`` answers (another process may have stored newer tokens)."""

    def __init__(self, tokens: Tokens | None = None) -> None:
        self.tokens = tokens
        self.saved: list[Tokens] = []
        self.loads = 0

    def load(self) -> Tokens | None:
        self.loads += 1
        return self.tokens

    def save(self, tokens: Tokens) -> None:
        self.saved.append(tokens)
        self.tokens = tokens


@pytest.fixture
def google() -> Iterator[Google]:
    with running(slow_seconds=1.0) as server:
        yield server


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=0.5) as c:
        yield c


def connector(google: Google, client: httpx.Client, expires_in: timedelta = timedelta(hours=1),
              store: Store | None = None, tokens: Tokens | None = None) -> GoogleReviews:  # fmt: skip
    if tokens is None:
        access, refresh = google.issue()
        tokens = Tokens(access, refresh, NOW + expires_in)
    oauth = OAuth2("google_reviews", f"{google.url}/token", CLIENT_ID, CLIENT_SECRET, tokens,
                   client, store=store, basic=False, clock=lambda: NOW)  # fmt: skip
    return GoogleReviews(ACCOUNT, LOCATION, oauth, client, base_url=google.url)


def reply(review: str | None, text: str = TEXT, key: str = "srx-1-google-abc") -> Outgoing:
    return Outgoing(1, "google_reviews", text, "h", key, in_reply_to=review, at=NOW)


def api_requests(google: Google) -> list[tuple[str, str, dict[str, str], bytes]]:
    return [r for r in google.requests if r[1].startswith("/v4/")]


# ---------------------------------------------------------------------------- publish


def test_a_reply_is_put_on_the_review(google: Google, client: httpx.Client) -> None:
    review = google.review("Friendly staff and short wait (synthetic).")
    published = connector(google, client).publish(reply(review["name"]))
    assert published.external_id == f"{review['name']}/reply" and published.url is None
    assert google.reply(review["name"]) == TEXT
    method, path, headers, body = api_requests(google)[-1]
    assert (method, path) == ("PUT", f"/v4/{review['name']}/reply")
    assert headers["Authorization"].startswith("Bearer ya29.")
    assert json.loads(body) == {"comment": TEXT}


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (None, ONLY_REPLIES),
        ("", ONLY_REPLIES),
        ("accounts/1/locations/2/reviews/abc", "not a review of this location"),
        (f"{LOCATION_NAME}/reviews/../../../locations/9", "not a review of this location"),
        (f"{LOCATION_NAME}/reviews/", "not a review of this location"),
        (f"{LOCATION_NAME}/reviews/abc?x=1", "not a review of this location"),
        ("at://did:plc:x/app.bsky.feed.post/3k", "not a review of this location"),
    ],
)
def test_only_replies_to_this_locations_reviews_are_published(
        google: Google, client: httpx.Client, target: str | None, message: str) -> None:  # fmt: skip
    with pytest.raises(ChannelRejected, match=message) as caught:
        connector(google, client).publish(reply(target))
    assert TEXT not in str(caught.value)
    assert api_requests(google) == []  # refused before any call


def test_replying_again_replaces_the_one_reply(google: Google, client: httpx.Client) -> None:
    review = google.review("Parking was hard to find (synthetic).")
    reviews = connector(google, client)
    first = reviews.publish(reply(review["name"]))
    again = reviews.publish(reply(review["name"]))  # a retried call: still one reply
    assert first == again and google.reply(review["name"]) == TEXT and google.reply_puts == 2
    assert reviews.idempotent_for is not None and reviews.idempotent_for >= timedelta(days=3650)


@pytest.mark.parametrize(
    ("text", "status"),
    [("", "INVALID_ARGUMENT"), ("x" * 4097, "INVALID_ARGUMENT"), ("é" * 2049, "INVALID_ARGUMENT")],
)
def test_a_bad_reply_is_refused_with_googles_status(google: Google, client: httpx.Client,
                                                    text: str, status: str) -> None:  # fmt: skip
    review = google.review("Synthetic review text.")
    with pytest.raises(ChannelRejected) as caught:
        connector(google, client).publish(reply(review["name"], text=text))
    assert str(caught.value).startswith("google_reviews answered HTTP 400: the platform refused")
    assert status in str(caught.value) and caught.value.status == 400
    assert "invalid argument" not in str(caught.value)  # Google's free text is not repeated
    assert google.reply(review["name"]) is None


def test_a_reply_to_a_review_that_is_gone_is_refused(google: Google, client: httpx.Client) -> None:
    with pytest.raises(ChannelRejected, match=r"HTTP 404.*NOT_FOUND") as caught:
        connector(google, client).publish(reply(f"{LOCATION_NAME}/reviews/deleted123"))
    assert TEXT not in str(caught.value)


# ---------------------------------------------------------------------------- find


@pytest.mark.parametrize("fault", ["after", "delay"])
def test_a_lost_answer_is_found(google: Google, client: httpx.Client, fault: str) -> None:
    review = google.review("Synthetic: the nurse explained everything clearly.")
    reviews = connector(google, client)
    if fault == "delay":
        google.post_delay = 1.0  # the reply is set, the answer comes after the client gave up
    else:
        google.faults.append("after")  # the reply is set, then the connection drops
    with pytest.raises(ChannelUnavailable) as caught:
        reviews.publish(reply(review["name"]))
    assert TEXT not in str(caught.value)
    google.post_delay = 0.0
    found = reviews.find(reply(review["name"], key="another-key"))
    assert found is not None and found.external_id == f"{review['name']}/reply"


@pytest.mark.parametrize("fault", ["500", "drop", "timeout"])
def test_a_reply_that_did_not_go_out_is_not_found(google: Google, client: httpx.Client,
                                                  fault: str) -> None:  # fmt: skip
    review = google.review("Synthetic: long queue at reception.")
    reviews = connector(google, client)
    google.faults.append(fault)
    with pytest.raises(ChannelUnavailable):
        reviews.publish(reply(review["name"]))
    assert reviews.find(reply(review["name"])) is None
    assert google.reply(review["name"]) is None


def test_find_compares_the_text_exactly(google: Google, client: httpx.Client) -> None:
    review = google.review("Synthetic review.")
    reviews = connector(google, client)
    reviews.publish(reply(review["name"], text="A person's reply written in Google."))
    assert reviews.find(reply(review["name"])) is None  # another reply: not ours
    assert reviews.find(reply(review["name"], text="a person's reply written in google.")) is None
    assert reviews.find(reply(review["name"], text="A person's reply written in Google.")) \
        is not None  # fmt: skip
    assert reviews.find(reply(f"{LOCATION_NAME}/reviews/gone123")) is None  # 404: not posted
    assert reviews.find(reply(None)) is None  # publish refuses these: never posted


def test_find_raises_when_it_cannot_tell(google: Google, client: httpx.Client) -> None:
    review = google.review("Synthetic review.")
    google.faults.append("500")
    with pytest.raises(ChannelUnavailable):
        connector(google, client).find(reply(review["name"]))


# ---------------------------------------------------------------------------- fetch


def test_reviews_become_incoming_items(google: Google, client: httpx.Client) -> None:
    named = google.review("Synthetic: clean rooms & kind <staff>.", stars="FIVE",
                          reviewer="Alex Sample")  # fmt: skip
    anonymous = google.review("Synthetic: could not get through by phone.", stars="TWO",
                              anonymous=True)  # fmt: skip
    rating_only = google.review(None, stars="THREE")
    fetched = connector(google, client).fetch(None)
    by_id = {i.external_id: i for i in fetched.items}
    assert [i.external_id for i in fetched.items] == [
        named["name"], anonymous["name"], rating_only["name"]]  # fmt: skip
    item = by_id[named["name"]]
    assert (item.platform, item.kind, item.author_handle) == ("google_reviews", "review",
                                                              "Alex Sample")  # fmt: skip
    assert item.text == "Synthetic: clean rooms & kind <staff>." and item.edited_at is None
    assert item.created_at == datetime.fromisoformat(named["createTime"][:26] + "+00:00")
    assert by_id[anonymous["name"]].author_handle == "anonymous"
    assert by_id[rating_only["name"]].text == ""  # no text invented for a rating alone
    assert [i.rating for i in fetched.items] == [5, 2, 3]  # the stars, kept apart from text
    assert fetched.extra == {"average_rating": "3.3", "total_reviews": "3"}
    assert fetched.cursor == rating_only["updateTime"]
    _, path, _, _ = api_requests(google)[-1]
    query = parse_qs(urlsplit(path).query)
    assert urlsplit(path).path == f"/v4/{LOCATION_NAME}/reviews"
    assert query == {"pageSize": [str(PAGE)], "orderBy": ["updateTime desc"]}


def test_reviews_are_read_page_by_page_without_gaps_or_repeats(google: Google,
                                                               client: httpx.Client) -> None:  # fmt: skip
    reviews = connector(google, client)
    old = [google.review(f"Synthetic old review {n}.") for n in range(PAGE + 10)]
    first = reviews.fetch(None)  # first run: the newest page only
    assert [i.text for i in first.items] == [f"Synthetic old review {n}." for n in range(10, 60)]
    for n in range(PAGE * 2 + 7):  # more than two pages arrive
        google.review(f"Synthetic new review {n} about visiting hours.")
        if n % 40 == 0:
            google.edit(old[n // 40]["name"], f"Synthetic edited review {n}.")
    got = reviews.fetch(first.cursor)
    assert first.cursor is not None and got.cursor is not None and got.cursor > first.cursor
    texts = [i.text for i in got.items]
    assert [t for t in texts if "new review" in t] == [
        f"Synthetic new review {n} about visiting hours." for n in range(PAGE * 2 + 7)]  # fmt: skip
    edited = [i for i in got.items if "edited" in i.text]
    assert [i.external_id for i in edited] == [old[0]["name"], old[1]["name"], old[2]["name"]]
    assert all(i.edited_at is not None and i.edited_at > i.created_at for i in edited)
    assert all(i.edited_at is None for i in got.items if "new review" in i.text)
    assert len({i.external_id for i in got.items}) == len(got.items)  # no repeats
    again = reviews.fetch(got.cursor)  # only the review at the cursor's own time may come again
    assert {i.external_id for i in again.items} <= {got.items[-1].external_id}
    assert again.cursor == got.cursor


def test_an_empty_location_reads_every_later_review(google: Google, client: httpx.Client) -> None:
    reviews = connector(google, client)
    empty = reviews.fetch(None)
    assert (list(empty.items), empty.cursor) == ([], EPOCH)
    assert empty.extra == {"average_rating": "0", "total_reviews": "0"}
    for n in range(PAGE + 5):
        google.review(f"Synthetic review {n} after connecting.")
    assert len(reviews.fetch(empty.cursor).items) == PAGE + 5


def test_a_failed_page_raises_and_the_cursor_is_not_moved(google: Google,
                                                          client: httpx.Client) -> None:  # fmt: skip
    reviews = connector(google, client)
    google.review("Synthetic first review.")
    cursor = reviews.fetch(None).cursor
    for n in range(PAGE + 3):
        google.review(f"Synthetic review {n} that must not be lost.")
    google.faults.extend(["none", "500"])  # the second page fails
    with pytest.raises(ChannelUnavailable):
        reviews.fetch(cursor)
    got = reviews.fetch(cursor)
    assert [i.text for i in got.items if "lost" in i.text] == [
        f"Synthetic review {n} that must not be lost." for n in range(PAGE + 3)]  # fmt: skip


# ---------------------------------------------------------------------------- OAuth 2.0


def test_a_token_near_expiry_is_refreshed_before_the_call(google: Google,
                                                          client: httpx.Client) -> None:  # fmt: skip
    store = Store()
    reviews = connector(google, client, expires_in=timedelta(minutes=4), store=store)
    stale = reviews.oauth.tokens
    reviews.fetch(None)
    [form] = google.token_requests
    assert form == {"grant_type": ["refresh_token"], "refresh_token": [str(stale.refresh_token)],
                    "client_id": [CLIENT_ID], "client_secret": [CLIENT_SECRET]}  # fmt: skip
    token_call = next(r for r in google.requests if r[1] == "/token")
    assert "authorization" not in {k.lower() for k in token_call[2]}  # secret in the form only
    [saved] = store.saved
    assert saved.access_token != stale.access_token
    assert saved.refresh_token == stale.refresh_token  # Google does not rotate refresh tokens
    assert saved.expires_at == NOW + timedelta(seconds=3599)
    [(_, _, headers, _)] = api_requests(google)
    assert headers["Authorization"] == f"Bearer {saved.access_token}"  # never the stale one


def test_a_token_with_time_left_is_not_refreshed(google: Google, client: httpx.Client) -> None:
    reviews = connector(google, client, expires_in=timedelta(minutes=6))
    reviews.fetch(None)
    assert google.token_requests == [] and reviews.oauth.refreshes == 0


def test_a_rotated_refresh_token_is_stored(google: Google, client: httpx.Client) -> None:
    google.rotate = True
    store = Store()
    reviews = connector(google, client, expires_in=timedelta(seconds=-5), store=store)
    stale = reviews.oauth.tokens.refresh_token
    reviews.fetch(None)
    [saved] = store.saved
    assert saved.refresh_token not in (None, stale) and saved.refresh_token in google.refresh_tokens


def test_a_401_is_refreshed_once_and_the_call_made_again(google: Google,
                                                         client: httpx.Client) -> None:  # fmt: skip
    review = google.review("Synthetic review.")
    reviews = connector(google, client)  # an hour left, but Google expired it early
    google.expire_access()
    reviews.publish(reply(review["name"]))
    assert google.reply(review["name"]) == TEXT
    assert (len(google.token_requests), reviews.oauth.refreshes) == (1, 1)
    assert [r[0] for r in api_requests(google)] == ["PUT", "PUT"]


def test_a_second_401_is_an_auth_error(google: Google, client: httpx.Client) -> None:
    review = google.review("Synthetic review.")
    google.faults.extend(["401", "401"])
    with pytest.raises(ChannelAuthError, match=r"HTTP 401.*UNAUTHENTICATED") as caught:
        connector(google, client).publish(reply(review["name"]))
    assert TEXT not in str(caught.value) and len(google.token_requests) == 1


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("revoked", "refused to refresh the access token (HTTP 400, invalid_grant)"),
        ("client", "refused to refresh the access token (HTTP 401, invalid_client)"),
        ("no refresh token", "no refresh token; connect the account again"),
    ],
)
def test_a_refused_refresh_is_an_auth_error(google: Google, client: httpx.Client, setup: str,
                                            message: str) -> None:  # fmt: skip
    review = google.review("Synthetic review.")
    access, refresh = google.issue()
    tokens = Tokens(access, None if setup == "no refresh token" else refresh, NOW)  # expired
    reviews = connector(google, client, tokens=tokens)
    if setup == "revoked":
        google.revoke()
    if setup == "client":
        reviews.oauth.client_secret = "a-wrong-secret"
    with pytest.raises(ChannelAuthError, match=re.escape(message)) as caught:
        reviews.publish(reply(review["name"]))
    assert TEXT not in str(caught.value) and "expired or revoked" not in str(caught.value)
    assert google.reply(review["name"]) is None


def test_a_401_with_a_revoked_refresh_token_is_an_auth_error(google: Google,
                                                             client: httpx.Client) -> None:  # fmt: skip
    reviews = connector(google, client)
    google.revoke()
    with pytest.raises(ChannelAuthError, match="invalid_grant"):
        reviews.fetch(None)
    assert len(google.token_requests) == 1


def test_a_token_another_process_refreshed_is_used(google: Google, client: httpx.Client) -> None:
    access, refresh = google.issue()
    newer = Tokens(access, refresh, NOW + timedelta(minutes=59))
    store = Store(newer)
    reviews = connector(google, client, expires_in=timedelta(minutes=1), store=store)
    reviews.fetch(None)
    assert google.token_requests == [] and store.loads == 1 and store.saved == []
    assert reviews.oauth.tokens == newer
    [(_, _, headers, _)] = api_requests(google)
    assert headers["Authorization"] == f"Bearer {access}"


def test_a_stored_token_as_stale_as_ours_is_refreshed(google: Google,
                                                      client: httpx.Client) -> None:  # fmt: skip
    store = Store()
    reviews = connector(google, client, expires_in=timedelta(minutes=1), store=store)
    store.tokens = reviews.oauth.tokens  # the store has nothing newer
    reviews.fetch(None)
    assert len(google.token_requests) == 1 and len(store.saved) == 1


# ---------------------------------------------------------------------------- failures


@pytest.mark.parametrize(
    ("fault", "error", "message"),
    [
        ("401", ChannelAuthError, "google_reviews answered HTTP 401: the credentials are not"),
        ("403", ChannelAuthError, "google_reviews answered HTTP 403: the credentials are not"),
        ("429", RateLimitedError, "google_reviews answered HTTP 429: rate limited until"),
        ("500", ChannelUnavailable, "google_reviews answered HTTP 500: the platform failed"),
        ("timeout", ChannelUnavailable, "google_reviews did not answer in time"),
        ("drop", ChannelUnavailable, "google_reviews could not be reached"),
    ],
)
def test_failures_are_the_right_channel_errors(google: Google, client: httpx.Client, fault: str,
                                               error: type[ChannelError],
                                               message: str) -> None:  # fmt: skip
    review = google.review("Synthetic review.")
    google.faults.extend([fault, fault])  # a 401 is refreshed once: it must come twice
    with pytest.raises(error) as caught:
        connector(google, client).publish(reply(review["name"]))
    assert str(caught.value).startswith(message)
    assert "Main Street" not in str(caught.value) and "Quota" not in str(caught.value)
    assert google.reply(review["name"]) is None


@pytest.mark.parametrize(("retry_after", "wait"), [(None, DEFAULT_WAIT),
                                                   ("30", timedelta(seconds=30))])  # fmt: skip
def test_a_429_waits_as_long_as_google_says(google: Google, client: httpx.Client,
                                            retry_after: str | None, wait: timedelta) -> None:  # fmt: skip
    google.retry_after = retry_after  # RESOURCE_EXHAUSTED usually names no time
    google.faults.append("429")
    with pytest.raises(RateLimitedError) as caught:
        connector(google, client).fetch(None)
    left = caught.value.retry_at - datetime.now(UTC)
    assert wait - timedelta(seconds=5) < left <= wait + timedelta(seconds=1)


def test_another_location_is_not_found(google: Google, client: httpx.Client) -> None:
    reviews = connector(google, client)
    reviews.account_id = "999"  # not this account's location
    with pytest.raises(ChannelRejected, match=r"HTTP 404.*NOT_FOUND"):
        reviews.fetch(None)


def test_a_channel_account_makes_the_connector(google: Google, client: httpx.Client) -> None:
    access, refresh = google.issue()
    settings_ = {"account_id": ACCOUNT, "location_id": LOCATION, "client_id": CLIENT_ID,
                 "base_url": google.url, "token_url": f"{google.url}/token"}  # fmt: skip
    credentials = {"access_token": access, "refresh_token": refresh,
                   "expires_at": "2000-01-01T00:00:00+00:00", "client_secret": CLIENT_SECRET}  # fmt: skip
    made = connector_of("google_reviews", settings_, credentials, client)
    assert isinstance(made, GoogleReviews) and made.name == "google_reviews"
    assert made.oauth.basic is False  # client_id and client_secret go in the form
    google.review("Synthetic review.")
    assert len(made.fetch(None).items) == 1 and len(google.token_requests) == 1  # expired
    with pytest.raises(ConfigError, match="location_id"):
        connector_of("google_reviews", {**settings_, "location_id": ""}, credentials, client)
    with pytest.raises(ConfigError, match="access_token"):
        connector_of("google_reviews", settings_, {"client_secret": CLIENT_SECRET}, client)
    defaults = connector_of("google_reviews", {"account_id": "1", "location_id": "2",
                                               "client_id": CLIENT_ID}, credentials, client)  # fmt: skip
    assert isinstance(defaults, GoogleReviews)
    assert defaults.base_url == "https://mybusiness.googleapis.com"
    assert defaults.oauth.token_url == "https://oauth2.googleapis.com/token"


# ---------------------------------------------------------------------------- property


@pytest.fixture(scope="module")
def shared() -> Iterator[tuple[Google, httpx.Client]]:
    with running(slow_seconds=1.0) as server, httpx.Client(timeout=2.0) as c:
        yield server, c


TEXTS = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=200)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(comment=TEXTS, answer=TEXTS)
def test_any_text_arrives_byte_for_byte(shared: tuple[Google, httpx.Client], comment: str,
                                        answer: str) -> None:  # fmt: skip
    google, client = shared
    review = google.review(comment)
    reviews = connector(google, client)
    [item] = [i for i in reviews.fetch(None).items if i.external_id == review["name"]]
    assert item.text == comment
    reviews.publish(reply(review["name"], text=answer))
    assert google.reply(review["name"]) == answer
    found = reviews.find(reply(review["name"], text=answer))
    assert found is not None and found.external_id == f"{review['name']}/reply"
