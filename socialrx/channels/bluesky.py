"""Bluesky (AT Protocol XRPC): publish ``app.bsky.feed.post`` records, read mentions, replies
and quotes from notifications.

- session: ``com.atproto.server.createSession`` with the handle and an app password, then
  ``com.atproto.server.refreshSession`` (with the refresh token) when the access token expires
  (``ExpiredToken``); a session that cannot be created or refreshed is ``ChannelAuthError``.
- publish: ``com.atproto.repo.createRecord`` with a record key (``rkey``) derived from the
  publication's idempotency key and the approved version's time, so a retried call cannot make a
  second post: the repository holds one record per key.
- find: ``com.atproto.repo.getRecord`` with that key — exact, so an unknown outcome is settled
  for good (not found means not posted).
- fetch: ``app.bsky.notification.listNotifications`` pages newest first; the cursor is the
  newest ``indexedAt`` seen, and pages are read until one reaches it (items at that very time are
  read again; ingestion is idempotent on the post's ``at://`` URI).
- metrics: ``app.bsky.feed.getPosts`` (25 URIs a call): ``likeCount`` (reactions),
  ``replyCount`` (comments), ``repostCount`` + ``quoteCount`` (shares); Bluesky reports no
  impressions. A deleted post is simply absent from the answer.

Errors come as ``{"error": "...", "message": "..."}``; rate limits as 429 with
``RateLimit-Reset`` (epoch seconds).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from socialrx.channels.base import (
    Fetched,
    Incoming,
    Kind,
    Metrics,
    Outgoing,
    Published,
    check,
    parse_time,
    transport,
)
from socialrx.errors import ChannelAuthError, ChannelRejected

if TYPE_CHECKING:
    import httpx

POST = "app.bsky.feed.post"
KINDS: dict[str, Kind] = {"mention": "mention", "reply": "reply", "quote": "mention"}
PAGE = 50
MAX_PAGES = 20
EPOCH = "1970-01-01T00:00:00.000Z"
_TID = "234567abcdefghijklmnopqrstuvwxyz"  # base32-sortable, as AT Protocol TIDs are written


def record_key(key: str, at: datetime) -> str:
    """A TID (13 characters) for the publication ``key``: ``at`` in microseconds, and ten bits
    of the key's hash as the clock id. The same publication always gets the same key."""
    micros = int(at.timestamp() * 1_000_000) & ((1 << 53) - 1)
    clock = int.from_bytes(hashlib.sha256(key.encode()).digest()[:2], "big") & 0x3FF
    value = (micros << 10) | clock
    return "".join(_TID[(value >> (5 * (12 - i))) & 31] for i in range(13))


@dataclass
class Bluesky:
    """``base_url`` is the PDS (``https://bsky.social``); ``identifier`` the handle; ``password``
    an app password."""

    base_url: str
    identifier: str
    password: str
    client: httpx.Client
    name: str = "bluesky"
    idempotent_for: timedelta | None = timedelta(days=3650)  # the record key never expires
    _session: dict[str, str] = field(default_factory=dict)

    def _url(self, method: str) -> str:
        return f"{self.base_url.rstrip('/')}/xrpc/{method}"

    # ------------------------------------------------------------------------ session

    def _login(self) -> None:
        body = {"identifier": self.identifier, "password": self.password}
        answer = transport(self.name, partial(
            self.client.post, self._url("com.atproto.server.createSession"), json=body))  # fmt: skip
        if answer.status_code in (400, 401):
            raise ChannelAuthError(f"{self.name} refused the log-in (HTTP {answer.status_code}): "
                                   "check the handle and app password", answer.status_code)  # fmt: skip
        check(self.name, answer)
        self._session = _tokens(self.name, answer)

    def _refresh(self) -> None:
        refresh = self._session.get("refreshJwt")
        if not refresh:
            self._login()
            return
        answer = transport(self.name, partial(
            self.client.post, self._url("com.atproto.server.refreshSession"),
            headers={"Authorization": f"Bearer {refresh}"}))  # fmt: skip
        if answer.status_code in (400, 401):  # the refresh token expired too: log in again
            self._login()
            return
        check(self.name, answer)
        self._session = _tokens(self.name, answer)

    def _xrpc(self, verb: str, method: str, **kwargs: Any) -> Any:
        """One authenticated call; an expired access token is refreshed once and retried."""
        if not self._session:
            self._login()
        for attempt in (1, 2):
            headers = {"Authorization": f"Bearer {self._session['accessJwt']}"}
            answer = transport(self.name, partial(self.client.request, verb, self._url(method),
                                                  headers=headers, **kwargs))  # fmt: skip
            if attempt == 1 and _expired(answer):
                self._refresh()
                continue
            check(self.name, answer)
            return _json(self.name, answer)
        raise ChannelAuthError(f"{self.name}: the session expired again right after a refresh")

    # ------------------------------------------------------------------------ the seam

    def publish(self, post: Outgoing) -> Published:
        record: dict[str, Any] = {"$type": POST, "text": post.text,
                                  "createdAt": datetime.now(UTC).isoformat(timespec="milliseconds")
                                  .replace("+00:00", "Z")}  # fmt: skip
        if post.in_reply_to:
            parent = self._xrpc("GET", "com.atproto.repo.getRecord", params=_at(post.in_reply_to))
            ref = {"uri": parent["uri"], "cid": parent["cid"]}
            root = (parent.get("value") or {}).get("reply", {}).get("root") or ref
            record["reply"] = {"root": root, "parent": ref}
        body = {"repo": self._did(), "collection": POST, "rkey": self._rkey(post),
                "record": record}  # fmt: skip
        made = self._xrpc("POST", "com.atproto.repo.createRecord", json=body)
        return Published(str(made["uri"]), _web_url(str(made["uri"]), self._handle()))

    def find(self, post: Outgoing) -> Published | None:
        params = {"repo": self._did(), "collection": POST, "rkey": self._rkey(post)}
        try:
            found = self._xrpc("GET", "com.atproto.repo.getRecord", params=params)
        except ChannelRejected as error:
            if error.status == 400:  # RecordNotFound: it was never created
                return None
            raise
        return Published(str(found["uri"]), _web_url(str(found["uri"]), self._handle()))

    def fetch(self, since: str | None) -> Fetched:
        items: list[Incoming] = []
        newest = since
        page_cursor: str | None = None
        for _ in range(MAX_PAGES):
            params: dict[str, Any] = {"limit": PAGE}
            if page_cursor:
                params["cursor"] = page_cursor
            answer = self._xrpc("GET", "app.bsky.notification.listNotifications", params=params)
            notes = answer.get("notifications") or []
            reached = False
            for note in notes:
                indexed = str(note.get("indexedAt") or EPOCH)
                if since is not None and _before(indexed, since):
                    reached = True
                    continue
                newest = indexed if newest is None or _before(newest, indexed) else newest
                item = self._incoming(note)
                if item is not None:
                    items.append(item)
            page_cursor = answer.get("cursor")
            if since is None or reached or not page_cursor or not notes:
                break  # the first run reads the newest page only
        items.reverse()  # pages come newest first; hand them on oldest first
        return Fetched(items, newest or EPOCH)

    def metrics(self, external_ids: Sequence[str]) -> dict[str, Metrics]:
        found: dict[str, Metrics] = {}
        for start in range(0, len(external_ids), 25):
            uris = list(external_ids[start : start + 25])
            answer = self._xrpc("GET", "app.bsky.feed.getPosts", params={"uris": uris})
            for view in answer.get("posts") or []:
                if not isinstance(view, dict) or view.get("uri") not in uris:
                    continue
                shares = [_count(view, "repostCount"), _count(view, "quoteCount")]
                found[str(view["uri"])] = Metrics(
                    reactions=_count(view, "likeCount"), comments=_count(view, "replyCount"),
                    shares=None if shares[0] is None else shares[0] + (shares[1] or 0))  # fmt: skip
        return found

    def _incoming(self, note: dict[str, Any]) -> Incoming | None:
        kind = KINDS.get(str(note.get("reason")))
        record = note.get("record") or {}
        if kind is None or not isinstance(record, dict) or not record.get("text"):
            return None
        author = note.get("author") or {}
        uri = str(note["uri"])
        reply = record.get("reply") or {}
        return Incoming(
            platform=self.name, external_id=uri, text=str(record["text"]),
            author_handle="@" + str(author.get("handle") or author.get("did") or "unknown"),
            created_at=parse_time(record.get("createdAt")) or parse_time(note.get("indexedAt"))
            or datetime.now(UTC), kind=kind, url=_web_url(uri, str(author.get("handle") or "")),
            in_reply_to=(reply.get("parent") or {}).get("uri"),
        )  # fmt: skip

    def _did(self) -> str:
        if not self._session:
            self._login()
        return self._session["did"]

    def _handle(self) -> str:
        if not self._session:
            self._login()
        return self._session.get("handle", "")

    def _rkey(self, post: Outgoing) -> str:
        return record_key(post.key, post.at or datetime(2026, 1, 1, tzinfo=UTC))


def _tokens(platform: str, answer: httpx.Response) -> dict[str, str]:
    data = _json(platform, answer)
    if not all(isinstance(data.get(k), str) for k in ("accessJwt", "refreshJwt", "did")):
        raise ChannelRejected(f"{platform}: the session answer lacks its tokens")
    return {k: str(data[k]) for k in ("accessJwt", "refreshJwt", "did", "handle") if k in data}


def _count(data: dict[str, Any], name: str) -> int | None:
    value = data.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _expired(answer: httpx.Response) -> bool:
    if answer.status_code not in (400, 401):
        return False
    try:
        error = answer.json().get("error")
    except ValueError:
        return False
    return error in ("ExpiredToken", "InvalidToken")


def _json(platform: str, answer: httpx.Response) -> Any:
    try:
        return answer.json()
    except ValueError:
        raise ChannelRejected(f"{platform} answered with something that is not JSON") from None


def _at(uri: str) -> dict[str, str]:
    """``at://did/collection/rkey`` as getRecord's parameters."""
    parts = uri.removeprefix("at://").split("/")
    if len(parts) != 3:
        raise ChannelRejected("bluesky: a reply target must be an at:// record URI")
    return {"repo": parts[0], "collection": parts[1], "rkey": parts[2]}


def _web_url(uri: str, handle: str) -> str | None:
    parts = uri.removeprefix("at://").split("/")
    if len(parts) != 3 or parts[1] != POST:
        return None
    return f"https://bsky.app/profile/{handle or parts[0]}/post/{parts[2]}"


def _before(a: str, b: str) -> bool:
    """``a`` is strictly earlier than ``b`` (ISO 8601 times; unparseable ones count as old)."""
    ta, tb = parse_time(a), parse_time(b)
    if ta is None or tb is None:
        return ta is None and tb is not None
    return ta < tb
