"""Mastodon (REST API v1): publish statuses, read mentions from notifications.

- ``publish``: ``POST /api/v1/statuses`` (JSON ``status``, ``visibility``, ``in_reply_to_id``)
  with the ``Idempotency-Key`` header, which Mastodon honours for an hour: a retried call
  answers the status the first one created instead of posting twice.
- ``fetch``: ``GET /api/v1/notifications?types[]=mention`` paged forward with ``min_id`` (each
  page comes newest first); the cursor is the newest notification id seen. With no cursor only
  the newest page is read (no back-fill of an account's whole history); an account with no
  mentions yet gets the cursor ``0``, so every later mention is read. A page that fails after
  others were read ends the fetch with what was read (``Fetched.stopped``), so one failed
  request in a long catch-up does not throw away the pages before it.
- ``find``: after a crash, the account's recent statuses (``GET
  /api/v1/accounts/verify_credentials``, then ``GET /api/v1/accounts/{id}/statuses``) are
  searched for the exact text, so the worker can tell "posted" from "not posted".
- ``metrics``: ``GET /api/v1/statuses/{id}`` per published status: ``favourites_count``
  (reactions), ``replies_count`` (comments), ``reblogs_count`` (shares); Mastodon reports no
  impressions. A deleted status (404) is left out.

Mastodon sends no notification when a mention is edited (``update`` notifications are for
statuses one boosted), so a mention's edits are not read again.

The access token is sent as ``Authorization: Bearer``; status text arrives as HTML and is turned
into plain text for analysis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

from socialrx.channels.base import (
    Fetched,
    Incoming,
    Metrics,
    Outgoing,
    Published,
    call,
    html_text,
)
from socialrx.channels.base import parse_time as _time
from socialrx.errors import ChannelError, ChannelRejected

if TYPE_CHECKING:
    import httpx

Visibility = Literal["public", "unlisted", "private", "direct"]
IDEMPOTENT_FOR = timedelta(minutes=55)  # Mastodon keeps Idempotency-Keys for an hour
PAGE = 40  # notifications per request (Mastodon allows up to 80)
MAX_PAGES = 25  # per fetch; the cursor lets the next fetch go on


@dataclass
class Mastodon:
    """``base_url`` is the instance (``https://mastodon.example``); ``token`` an access token
    with ``read:notifications``, ``read:statuses`` and ``write:statuses``."""

    base_url: str
    token: str
    client: httpx.Client
    visibility: Visibility = "public"
    name: str = "mastodon"
    idempotent_for: timedelta | None = IDEMPOTENT_FOR

    def _url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def _headers(self, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Accept": "application/json", **extra}

    def publish(self, post: Outgoing) -> Published:
        body: dict[str, Any] = {"status": post.text, "visibility": self.visibility}
        if post.in_reply_to:
            body["in_reply_to_id"] = post.in_reply_to
        response = call(self.name, lambda: self.client.post(
            self._url("/api/v1/statuses"), json=body,
            headers=self._headers(**{"Idempotency-Key": post.key})))  # fmt: skip
        status = _json(self.name, response)
        return Published(str(status["id"]), status.get("url") or status.get("uri"))

    def fetch(self, since: str | None) -> Fetched:
        items: list[Incoming] = []
        cursor = since
        for _ in range(MAX_PAGES):
            params: list[tuple[str, str | int | float | bool | None]] = [
                ("types[]", "mention"),
                ("limit", PAGE),
            ]
            if cursor is not None:
                params.append(("min_id", cursor))
            try:
                page = self._page(params)
            except ChannelError as error:
                if since is None or cursor == since:
                    raise
                return Fetched(items, cursor, stopped=error)  # keep the pages already read
            if not page:
                if cursor is None:
                    cursor = "0"  # nothing yet: everything from now on is new
                break
            ordered = sorted(page, key=lambda n: _order(str(n["id"])))
            items.extend(i for i in (self._incoming(n) for n in ordered) if i is not None)
            cursor = str(ordered[-1]["id"])
            if since is None or len(page) < PAGE:
                break  # first run reads only the newest page; a short page is the last one
        return Fetched(items, cursor)

    def _page(self, params: list[tuple[str, str | int | float | bool | None]]) -> list[Any]:
        response = call(self.name, partial(self.client.get, self._url("/api/v1/notifications"),
                                           params=params, headers=self._headers()))  # fmt: skip
        page = _json(self.name, response)
        if not isinstance(page, list):
            raise ChannelRejected(f"{self.name}: notifications were not a list")
        return page

    def _incoming(self, note: dict[str, Any]) -> Incoming | None:
        status = note.get("status")
        if note.get("type") != "mention" or not isinstance(status, dict):
            return None
        account = status.get("account") or note.get("account") or {}
        created = _time(status.get("created_at")) or _time(note.get("created_at"))
        return Incoming(
            platform=self.name, external_id=str(status["id"]),
            text=html_text(str(status.get("content") or "")),
            author_handle="@" + str(account.get("acct") or "unknown"),
            created_at=created or datetime.now(UTC), kind="mention",
            url=status.get("url") or status.get("uri"),
            in_reply_to=status.get("in_reply_to_id"), edited_at=_time(status.get("edited_at")),
        )  # fmt: skip

    def find(self, post: Outgoing) -> Published | None:
        """The status this account already posted with exactly ``post.text``, if any among its
        40 most recent."""
        me = _json(self.name, call(self.name, lambda: self.client.get(
            self._url("/api/v1/accounts/verify_credentials"), headers=self._headers())))  # fmt: skip
        recent = _json(self.name, call(self.name, lambda: self.client.get(
            self._url(f"/api/v1/accounts/{me['id']}/statuses"), params={"limit": 40},
            headers=self._headers())))  # fmt: skip
        wanted = " ".join(post.text.split())
        for status in recent if isinstance(recent, list) else []:
            if " ".join(html_text(str(status.get("content") or "")).split()) == wanted:
                return Published(str(status["id"]), status.get("url") or status.get("uri"))
        return None

    def metrics(self, external_ids: Sequence[str]) -> dict[str, Metrics]:
        found: dict[str, Metrics] = {}
        for status_id in external_ids:
            try:
                status = _json(self.name, call(self.name, partial(
                    self.client.get, self._url(f"/api/v1/statuses/{status_id}"),
                    headers=self._headers())))  # fmt: skip
            except ChannelRejected as error:
                if error.status in (404, 410):  # deleted
                    continue
                raise
            found[status_id] = Metrics(reactions=_count(status, "favourites_count"),
                                       comments=_count(status, "replies_count"),
                                       shares=_count(status, "reblogs_count"))  # fmt: skip
        return found


def _count(data: Any, name: str) -> int | None:
    value = data.get(name) if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _order(identifier: str) -> tuple[int, str]:
    """Mastodon ids are numeric strings (snowflakes): order by value, not by text."""
    return (len(identifier), identifier)


def _json(platform: str, response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise ChannelRejected(f"{platform} answered with something that is not JSON") from None
