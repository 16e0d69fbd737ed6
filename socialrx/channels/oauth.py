"""OAuth 2.0 user tokens for connectors (X, LinkedIn, Google): bearer headers, refreshed
*before* they expire (RFC 6749 §6, the ``refresh_token`` grant), and kept.

- A token within ``margin`` of its expiry is refreshed before the call, so a scheduled post does
  not fail on a token that lapsed a second earlier. A 401 answer (the platform revoked it early)
  is refreshed once and the call is made again: a 401 means the request was not carried out.
- Platforms that rotate refresh tokens (X: each refresh token works once) answer a new one;
  ``save`` persists it at once (the worker writes it, encrypted, to the channel account). Before
  refreshing, ``load`` reads the stored tokens: when another worker has refreshed already, its
  token is used instead of spending the (now void) refresh token.
- A refresh the platform refuses (``invalid_grant``: revoked, expired or already used) is
  ``ChannelAuthError``: the channel shows "auth_failed" and the audit trail says so, until
  someone connects the account again.

Client authentication at the token endpoint is HTTP Basic (RFC 6749 §2.3.1; X confidential
clients) or the ``client_id``/``client_secret`` form fields (Google, LinkedIn), per platform.
Stored credentials: ``access_token``, ``refresh_token``, ``expires_at`` (ISO 8601 UTC) and
``client_secret``; the ``client_id`` is a setting.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from socialrx.channels.base import check, parse_time, transport
from socialrx.errors import ChannelAuthError, ChannelRejected, ChannelUnavailable, ConfigError

if TYPE_CHECKING:
    import httpx

MARGIN = timedelta(minutes=5)
CODES = frozenset({"invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
                   "unsupported_grant_type", "invalid_scope"})  # fmt: skip


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str | None = None
    expires_at: datetime | None = None

    @classmethod
    def of(cls, platform: str, credentials: Mapping[str, Any]) -> Tokens:
        """The tokens in a channel account's credentials; ``ConfigError`` when there are none."""
        access = credentials.get("access_token")
        if not isinstance(access, str) or not access:
            raise ConfigError(f"a {platform} channel needs an OAuth 2.0 access_token")
        refresh = credentials.get("refresh_token")
        expires = credentials.get("expires_at")
        return cls(access, refresh if isinstance(refresh, str) and refresh else None,
                   parse_time(expires) if isinstance(expires, str) else None)  # fmt: skip

    def credentials(self) -> dict[str, str]:
        """The stored form (merged into the account's other credentials)."""
        stored = {"access_token": self.access_token}
        if self.refresh_token:
            stored["refresh_token"] = self.refresh_token
        if self.expires_at:
            stored["expires_at"] = self.expires_at.isoformat()
        return stored


class TokenStore(Protocol):
    """Where a channel's tokens live between processes (the worker: its channel account)."""

    def load(self) -> Tokens | None: ...

    def save(self, tokens: Tokens) -> None: ...


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class OAuth2:
    platform: str
    token_url: str
    client_id: str
    client_secret: str | None
    tokens: Tokens
    client: httpx.Client
    store: TokenStore | None = None
    basic: bool = True  # client authentication by HTTP Basic; else in the form
    margin: timedelta = MARGIN
    clock: Callable[[], datetime] = field(default=_now)
    refreshes: int = 0

    def due(self) -> bool:
        expires = self.tokens.expires_at
        return expires is not None and self.clock() >= expires - self.margin

    def headers(self) -> dict[str, str]:
        if self.due():
            try:
                self.refresh()
            except ChannelUnavailable:  # the token endpoint is down: use the token while it lasts
                expires = self.tokens.expires_at
                if expires is None or self.clock() >= expires:
                    raise
        return {"Authorization": f"Bearer {self.tokens.access_token}"}

    def request(self, verb: str, url: str, **kwargs: Any) -> httpx.Response:
        """One authorised call, answered as it came (the caller ``check``s it). A 401 is
        refreshed once and the call made again."""
        extra = dict(kwargs.pop("headers", None) or {})
        for attempt in (1, 2):
            headers = {**extra, **self.headers()}
            answer = transport(self.platform, partial(self.client.request, verb, url,
                                                      headers=headers, **kwargs))  # fmt: skip
            if answer.status_code == 401 and attempt == 1 and self.tokens.refresh_token:
                self.refresh()
                continue
            return answer
        raise AssertionError("unreachable")  # pragma: no cover

    def refresh(self) -> None:
        """A new access token: the one another process stored, if it is newer and fresh, else
        from the token endpoint (and stored)."""
        if self.store is not None:
            stored = self.store.load()
            if stored is not None and _newer(stored, self.tokens):
                self.tokens = stored
                if not self.due():
                    return
        refresh = self.tokens.refresh_token
        if not refresh:
            raise ChannelAuthError(f"{self.platform}: the access token expired and there is no "
                                   "refresh token; connect the account again")  # fmt: skip
        form = {"grant_type": "refresh_token", "refresh_token": refresh}
        auth: dict[str, Any] = {}
        if self.basic and self.client_secret:
            auth["auth"] = (self.client_id, self.client_secret)
        else:
            form["client_id"] = self.client_id
            if self.client_secret:
                form["client_secret"] = self.client_secret
        answer = transport(self.platform, partial(self.client.post, self.token_url, data=form,
                                                  **auth))  # fmt: skip
        if answer.status_code in (400, 401):  # invalid_grant: revoked, expired or used already
            if self._adopt_stored(refresh):  # another process refreshed first and spent it
                return
            raise ChannelAuthError(f"{self.platform} refused to refresh the access token "
                                   f"(HTTP {answer.status_code}, {_error(answer) or 'no reason'}"
                                   "): connect the account again", answer.status_code)  # fmt: skip
        check(self.platform, answer)
        self.tokens = self._tokens(answer, refresh)
        self.refreshes += 1
        if self.store is not None:
            self.store.save(self.tokens)

    def _adopt_stored(self, spent: str) -> bool:
        """After a refused refresh: use the stored tokens if another process has refreshed
        meanwhile (X spends a refresh token on its first use)."""
        stored = self.store.load() if self.store is not None else None
        if stored is None or stored.refresh_token == spent or not _newer(stored, self.tokens):
            return False
        before, self.tokens = self.tokens, stored
        if self.due():
            self.tokens = before
            return False
        return True

    def _tokens(self, answer: httpx.Response, refresh: str) -> Tokens:
        try:
            data = answer.json()
        except ValueError:
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("access_token"), str):
            raise ChannelRejected(f"{self.platform}: the token answer lacks an access_token")
        expires_in = str(data.get("expires_in") or "").split(".")[0]  # a number, or its text
        expires = (self.clock() + timedelta(seconds=int(expires_in))
                   if expires_in.isascii() and expires_in.isdigit() and int(expires_in) > 0
                   else None)  # fmt: skip
        rotated = data.get("refresh_token")
        return Tokens(data["access_token"], rotated if isinstance(rotated, str) and rotated
                      else refresh, expires)  # fmt: skip


def _newer(stored: Tokens, held: Tokens) -> bool:
    """``stored`` was issued after ``held`` (a different token that lasts longer); a stale
    store never hands back an older, perhaps revoked, token."""
    if stored.access_token == held.access_token:
        return False
    if held.expires_at is None or stored.expires_at is None:
        return stored.refresh_token != held.refresh_token
    return stored.expires_at > held.expires_at


def _error(answer: httpx.Response) -> str | None:
    """The OAuth error code (``invalid_grant`` …) when it is one of RFC 6749's: a platform's
    free text is not repeated."""
    try:
        data = answer.json()
    except ValueError:
        return None
    error = data.get("error") if isinstance(data, dict) else None
    return error if error in CODES else None
