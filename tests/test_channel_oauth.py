"""OAuth 2.0 tokens (socialrx/channels/oauth.py) against X's loopback token endpoint
(tests/fake_x.py, which spends each refresh token on its first use): two workers racing to
refresh, a token endpoint that is down while the token still works, a stale store, and expiry
times given as text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fake_x import CLIENT_ID, CLIENT_SECRET, XApi, running

from socialrx.channels.oauth import OAuth2, Tokens
from socialrx.errors import ChannelAuthError, ChannelUnavailable


class Shared:
    """The channel account both workers read and write; ``stale_reads`` loads answer what was
    there before (the other worker read before this one saved)."""

    def __init__(self, tokens: Tokens, stale_reads: int = 0) -> None:
        self.tokens, self.first, self.stale_reads = tokens, tokens, stale_reads

    def load(self) -> Tokens | None:
        if self.stale_reads:
            self.stale_reads -= 1
            return self.first
        return self.tokens

    def save(self, tokens: Tokens) -> None:
        self.tokens = tokens


@pytest.fixture
def api() -> Iterator[XApi]:
    with running() as server:
        yield server


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=0.5) as c:
        yield c


def issued(api: XApi, seconds: int) -> Tokens:
    answer = api.issue(expires_in=seconds)
    return Tokens(answer["access_token"], answer["refresh_token"],
                  datetime.now(UTC) + timedelta(seconds=seconds))  # fmt: skip


def oauth(api: XApi, client: httpx.Client, tokens: Tokens, store: Shared | None) -> OAuth2:
    return OAuth2("x", f"{api.url}/2/oauth2/token", CLIENT_ID, CLIENT_SECRET, tokens, client,
                  store=store)  # fmt: skip


def test_the_worker_that_loses_the_refresh_race_uses_the_winners_token(
    api: XApi, client: httpx.Client
) -> None:
    start = issued(api, 60)
    shared = Shared(start, stale_reads=1)
    first, second = oauth(api, client, start, shared), oauth(api, client, start, Shared(start))
    second.store = shared
    first.refresh()  # reads (stale), refreshes, saves
    won = shared.tokens
    assert won.refresh_token != start.refresh_token
    second.refresh()  # reads the saved tokens: nothing to refresh
    assert second.tokens == won and len(api.token_requests) == 1
    late = oauth(api, client, start, Shared(start, stale_reads=1))
    late.store.tokens = won  # type: ignore[union-attr]
    late.refresh()  # read before the save, spends the used token, then adopts the saved one
    assert late.tokens == won and len(api.token_requests) == 2


def test_a_refresh_refused_with_nothing_newer_stored_is_an_auth_error(
    api: XApi, client: httpx.Client
) -> None:
    start = issued(api, 60)
    api.refresh.clear()  # revoked
    with pytest.raises(ChannelAuthError, match="refused to refresh") as caught:
        oauth(api, client, start, Shared(start)).refresh()
    assert (start.refresh_token or "?") not in str(caught.value)


def test_a_token_endpoint_that_is_down_does_not_stop_a_token_that_still_works(
    api: XApi, client: httpx.Client
) -> None:
    start = issued(api, 120)  # inside the margin: due for a refresh
    tokens = oauth(api, client, start, None)
    api.faults.append("500")
    assert tokens.headers() == {"Authorization": f"Bearer {start.access_token}"}
    tokens.clock = lambda: datetime.now(UTC) + timedelta(minutes=3)  # now it has expired
    api.faults.append("500")
    with pytest.raises(ChannelUnavailable):
        tokens.headers()
    assert tokens.headers() != {"Authorization": f"Bearer {start.access_token}"}  # refreshed


def test_a_stale_store_never_hands_back_an_older_token(api: XApi, client: httpx.Client) -> None:
    old, held = issued(api, 30), issued(api, 90)
    tokens = oauth(api, client, held, Shared(old))
    tokens.refresh()
    assert tokens.tokens not in (old, held) and len(api.token_requests) == 1


@pytest.mark.parametrize(("given", "lasts"), [(3600, 3600), ("3600", 3600), ("", None),
                                              (None, None), (-5, None), ("soon", None)])  # fmt: skip
def test_expiry_is_read_from_a_number_or_its_text(given: object, lasts: int | None) -> None:
    now = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    with httpx.Client() as client:
        tokens = OAuth2("x", "http://127.0.0.1:9/token", "c", None, Tokens("a"), client,
                        clock=lambda: now)  # fmt: skip
        body = {"access_token": "b", "expires_in": given}
        made = tokens._tokens(httpx.Response(200, json=body), "r")
    assert made.expires_at == (now + timedelta(seconds=lasts) if lasts else None)
    assert made.refresh_token == "r"  # not rotated: the old one stays
