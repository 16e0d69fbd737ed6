"""A Bluesky PDS on loopback speaking the documented XRPC shapes the connector uses
(docs.bsky.app): com.atproto.server.createSession / refreshSession, com.atproto.repo.createRecord
(``rkey`` must be a TID; a taken key is refused) and getRecord (400 ``RecordNotFound``),
app.bsky.notification.listNotifications (newest first, an opaque ``cursor`` to older pages).
Errors are ``{"error": ..., "message": ...}``; an expired access token is 400 ``ExpiredToken``;
429s carry ``RateLimit-Limit/-Remaining/-Reset`` (epoch seconds) and ``RateLimit-Policy``.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fake_platform import Handler, Platform, now_iso, serving

HANDLE, PASSWORD, DID = "hospital.example.org", "abcd-efgh-ijkl-mnop", "did:plc:hospital123"
TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")


class Pds(Platform):
    def __init__(self) -> None:
        super().__init__()
        self.records: dict[str, dict[str, Any]] = {}  # rkey → record (app.bsky.feed.post)
        self.notifications: list[dict[str, Any]] = []  # oldest first
        self.access: set[str] = set()
        self.refresh: set[str] = set()
        self.logins = 0
        self.refreshes = 0
        self.password = PASSWORD

    def rate_limited(self) -> tuple[dict[str, str], Any]:
        reset = str(int(time.time()) + 30)
        return ({"RateLimit-Limit": "3000", "RateLimit-Remaining": "0",
                 "RateLimit-Reset": reset, "RateLimit-Policy": "3000;w=300"},
                {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"})  # fmt: skip

    def failed(self) -> Any:
        return {"error": "InternalServerError", "message": "Internal Server Error"}

    def expire_access(self) -> None:
        """Every access token given out so far expires (refresh tokens still work)."""
        with self.lock:
            self.access.clear()

    def mention(self, text: str, handle: str = "someone.bsky.social",
                reason: str = "mention") -> dict[str, Any]:  # fmt: skip
        with self.lock:
            rkey = f"3k{len(self.notifications):011d}"
            note = {"uri": f"at://did:plc:{handle.split('.', 1)[0]}/app.bsky.feed.post/{rkey}",
                    "cid": "bafyrei" + secrets.token_hex(8), "reason": reason, "isRead": False,
                    "author": {"did": f"did:plc:{handle.split('.', 1)[0]}", "handle": handle},
                    "record": {"$type": "app.bsky.feed.post", "text": text,
                               "createdAt": now_iso()},
                    "indexedAt": now_iso(), "labels": []}  # fmt: skip
            self.notifications.append(note)
            return note

    def session(self) -> dict[str, str]:
        access, refresh = secrets.token_hex(8), secrets.token_hex(8)
        self.access.add(access)
        self.refresh.add(refresh)
        return {"accessJwt": access, "refreshJwt": refresh, "handle": HANDLE, "did": DID}


class PdsHandler(Handler):
    @property
    def pds(self) -> Pds:
        platform = self.server.platform
        assert isinstance(platform, Pds)
        return platform

    def _bearer(self) -> str:
        return (self.headers.get("Authorization") or "").removeprefix("Bearer ")

    def _authorised(self) -> bool:
        token = self._bearer()
        if not token:
            self.answer(401, {"error": "AuthMissing", "message": "Authentication Required"})
            return False
        if token not in self.pds.access:
            self.answer(400, {"error": "ExpiredToken", "message": "Token has expired"})
            return False
        return True

    def do_POST(self) -> None:
        done, fault = self.begin()
        if done:
            return
        method = urlsplit(self.path).path.removeprefix("/xrpc/")
        pds = self.pds
        if method == "com.atproto.server.createSession":
            body = self.json_body()
            with pds.lock:
                pds.logins += 1
                ok = body.get("identifier") == HANDLE and body.get("password") == pds.password
                made = pds.session() if ok else None
            if made is None:
                self.answer(401, {"error": "AuthenticationRequired",
                                  "message": "Invalid identifier or password"})  # fmt: skip
            else:
                self.answer(200, made)
        elif method == "com.atproto.server.refreshSession":
            with pds.lock:
                pds.refreshes += 1
                ok = self._bearer() in pds.refresh
                if ok:
                    pds.refresh.discard(self._bearer())
                made = pds.session() if ok else None
            if made is None:
                self.answer(400, {"error": "ExpiredToken", "message": "Token has expired"})
            else:
                self.answer(200, made)
        elif method == "com.atproto.repo.createRecord":
            if self._authorised():
                self._create(fault)
        else:
            self.answer(400, {"error": "MethodNotImplemented", "message": "Method Not Implemented"})

    def _create(self, fault: str | None) -> None:
        body, pds = self.json_body(), self.pds
        rkey, record = str(body.get("rkey") or ""), body.get("record") or {}
        if body.get("repo") != DID or body.get("collection") != "app.bsky.feed.post":
            self.answer(400, {"error": "InvalidRequest", "message": "Invalid repo or collection"})
            return
        if not TID.match(rkey) or not str(record.get("text") or "").strip():
            self.answer(400, {"error": "InvalidRequest", "message": "Invalid record"})
            return
        with pds.lock:
            if rkey in pds.records:
                taken = True
            else:
                taken = False
                pds.records[rkey] = {"uri": f"at://{DID}/app.bsky.feed.post/{rkey}",
                                     "cid": "bafyrei" + secrets.token_hex(8), "value": record}  # fmt: skip
        if taken:
            self.answer(400, {"error": "InvalidRequest", "message": "Record already exists"})
            return
        if fault == "after":
            self.close_connection = True
            return
        made = pds.records[rkey]
        self.answer(200, {"uri": made["uri"], "cid": made["cid"],
                          "validationStatus": "valid"})  # fmt: skip

    def do_GET(self) -> None:
        done, _fault = self.begin()
        if done or not self._authorised():
            return
        parts = urlsplit(self.path)
        method, query = parts.path.removeprefix("/xrpc/"), parse_qs(parts.query)
        pds = self.pds
        if method == "com.atproto.repo.getRecord":
            found = pds.records.get(query.get("rkey", [""])[0])
            if found is None or query.get("repo", [""])[0] != DID:
                self.answer(400, {"error": "RecordNotFound", "message": "Could not locate record"})
            else:
                self.answer(200, found)
        elif method == "app.bsky.notification.listNotifications":
            limit = min(int(query.get("limit", ["50"])[0]), 100)
            start = int(query.get("cursor", ["0"])[0])
            with pds.lock:
                newest_first = list(reversed(pds.notifications))
            page = newest_first[start : start + limit]
            more = start + limit < len(newest_first)
            self.answer(200, {"notifications": page, "seenAt": now_iso(),
                              **({"cursor": str(start + limit)} if more else {})})  # fmt: skip
        else:
            self.answer(400, {"error": "MethodNotImplemented", "message": "Method Not Implemented"})


@contextmanager
def running(slow_seconds: float = 1.5) -> Iterator[Pds]:
    pds = Pds()
    pds.slow_seconds = slow_seconds
    with serving(pds, PdsHandler) as served:
        yield served
