"""A Mastodon instance on loopback that speaks the documented REST shapes the connector uses
(docs.joinmastodon.org: POST /api/v1/statuses with Idempotency-Key, GET /api/v1/notifications
with types[]/min_id/max_id/limit and a Link header, GET /api/v1/accounts/verify_credentials and
/api/v1/accounts/:id/statuses; errors as ``{"error": "..."}``; 429 with X-RateLimit-Limit,
-Remaining and -Reset as an ISO 8601 time), with faults a test can queue: "429", "500",
"401", "timeout" (answers after the client gave up), "drop" (closes without answering) and
"after" (creates the status, then drops the connection: the outcome is unknown to the client).
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fake_platform import Handler, Platform, now_iso, serving

TOKEN = "fake-mastodon-token"
ME = {"id": "109000000000000001", "username": "hospital", "acct": "hospital",
      "url": "https://mastodon.example/@hospital"}  # fmt: skip


class Instance(Platform):
    """The server's state: statuses posted, notifications to read, faults to inject."""

    def __init__(self) -> None:
        super().__init__()
        self.statuses: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []
        self.keys: dict[str, dict[str, Any]] = {}
        self.next_id = 110_000_000_000_000_000

    def rate_limited(self) -> tuple[dict[str, str], Any]:
        reset = (datetime.now(UTC) + timedelta(seconds=30)).isoformat().replace("+00:00", "Z")
        return ({"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
                 "X-RateLimit-Reset": reset}, {"error": "Too many requests"})  # fmt: skip

    def failed(self) -> Any:
        return {"error": "We're sorry, but something went wrong on our end."}

    def new_id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def mention(self, text: str, acct: str = "someone@example.social", kind: str = "mention",
                edited: bool = False) -> dict[str, Any]:  # fmt: skip
        """A notification (``kind``) with a status from ``acct`` whose content is ``text``."""
        with self.lock:
            status_id = self.new_id()
            status = {"id": status_id, "created_at": now_iso(), "content": f"<p>{html.escape(text)}</p>",
                      "url": f"https://example.social/@x/{status_id}", "uri": f"https://example.social/s/{status_id}",
                      "visibility": "public", "in_reply_to_id": None,
                      "edited_at": now_iso() if edited else None,
                      "account": {"id": "2", "acct": acct, "username": acct.split("@", maxsplit=1)[0]}}  # fmt: skip
            note = {"id": self.new_id(), "type": kind, "created_at": now_iso(),
                    "account": status["account"], "status": status}  # fmt: skip
            self.notifications.append(note)
            return note


class MastodonHandler(Handler):
    def _authorised(self, fault: str | None) -> bool:
        if fault == "401" or self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self.answer(401, {"error": "The access token is invalid"})
            return False
        return True

    @property
    def instance(self) -> Instance:
        platform = self.server.platform
        assert isinstance(platform, Instance)
        return platform

    def do_POST(self) -> None:
        done, fault = self.begin()
        if done or not self._authorised(fault):
            return
        path = urlsplit(self.path).path
        if path != "/api/v1/statuses":
            self.answer(404, {"error": "Record not found"})
            return
        body = self.json_body()
        text = str(body.get("status") or "")
        if not text.strip():
            self.answer(422, {"error": "Validation failed: Text can't be blank"})
            return
        instance = self.instance
        key = self.headers.get("Idempotency-Key")
        with instance.lock:
            status = instance.keys.get(key) if key else None
            if status is None:
                status_id = instance.new_id()
                status = {"id": status_id, "created_at": now_iso(),
                          "content": "<p>" + html.escape(text).replace("\n", "<br>") + "</p>",
                          "url": f"https://mastodon.example/@hospital/{status_id}",
                          "uri": f"https://mastodon.example/users/hospital/statuses/{status_id}",
                          "visibility": body.get("visibility", "public"),
                          "in_reply_to_id": body.get("in_reply_to_id"), "edited_at": None,
                          "account": ME}  # fmt: skip
                instance.statuses.append(status)
                if key:
                    instance.keys[key] = status
        if fault == "after":  # posted, but the client never hears of it
            self.close_connection = True
            return
        if instance.post_delay:
            time.sleep(instance.post_delay)
        self.answer(200, status)

    def do_GET(self) -> None:
        done, fault = self.begin()
        if done or not self._authorised(fault):
            return
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        instance = self.instance
        if parts.path == "/api/v1/accounts/verify_credentials":
            self.answer(200, ME)
        elif parts.path == f"/api/v1/accounts/{ME['id']}/statuses":
            limit = int(query.get("limit", ["20"])[0])
            self.answer(200, list(reversed(instance.statuses))[:limit])
        elif parts.path == "/api/v1/notifications":
            self._notifications(query)
        elif parts.path.startswith("/api/v1/statuses/"):
            wanted = parts.path.rsplit("/", 1)[1]
            with instance.lock:
                found = next((s for s in instance.statuses if s["id"] == wanted), None)
            if found is None:
                self.answer(404, {"error": "Record not found"})
            else:
                self.answer(200, {"favourites_count": 0, "reblogs_count": 0,
                                  "replies_count": 0, **found})  # fmt: skip
        else:
            self.answer(404, {"error": "Record not found"})

    def _notifications(self, query: dict[str, list[str]]) -> None:
        instance = self.instance
        types = set(query.get("types[]", []))
        limit = min(int(query.get("limit", ["40"])[0]), 80)
        with instance.lock:
            found = [n for n in instance.notifications if not types or n["type"] in types]
        if "min_id" in query:  # the page immediately newer than min_id
            after = int(query["min_id"][0])
            page = sorted((n for n in found if key(n) > after), key=key)[:limit]
        else:
            below = int(query["max_id"][0]) if "max_id" in query else None
            page = sorted((n for n in found if below is None or key(n) < below), key=key,
                          reverse=True)[:limit]  # fmt: skip
        page.sort(key=key, reverse=True)  # answered newest first, as Mastodon does
        headers = {}
        if page:
            base = f"{instance.url}/api/v1/notifications"
            headers["Link"] = (f'<{base}?max_id={page[-1]["id"]}>; rel="next", '
                               f'<{base}?min_id={page[0]["id"]}>; rel="prev"')  # fmt: skip
        self.answer(200, page, headers)


@contextmanager
def running(slow_seconds: float = 1.5) -> Iterator[Instance]:
    """A fake instance on a free loopback port; ``instance.url`` is its base URL."""
    instance = Instance()
    instance.slow_seconds = slow_seconds
    with serving(instance, MastodonHandler) as served:
        yield served


def key(note: dict[str, Any]) -> int:
    return int(note["id"])
