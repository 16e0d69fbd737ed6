"""Google Business Profile (My Business API v4 reviews) and Google's OAuth 2.0 token endpoint
on loopback, speaking the documented shapes the connector uses
(developers.google.com/my-business/reference/rest/v4/accounts.locations.reviews):

- ``GET /v4/accounts/{a}/locations/{l}/reviews?pageSize&pageToken&orderBy`` → ``{"reviews",
  "averageRating", "totalReviewCount", "nextPageToken"}``, newest ``updateTime`` first, at most
  50 a page (an opaque page token);
- ``GET /v4/{review name}`` → the Review; ``PUT /v4/{review name}/reply`` with a ReviewReply
  ``{"comment"}`` → ``{"comment", "updateTime"}`` (creates or replaces the one reply; an empty or
  over-4096-byte comment is 400 ``INVALID_ARGUMENT``);
- ``POST /token`` (``grant_type=refresh_token``, ``client_id``/``client_secret`` in the form) →
  ``{"access_token", "expires_in": 3599, "scope", "token_type": "Bearer"}`` (no new refresh
  token unless ``rotate``); a revoked refresh token is 400 ``{"error": "invalid_grant",
  "error_description": "Token has been expired or revoked."}``.

Errors are ``{"error": {"code", "message", "status"}}``; an unknown or expired access token is
401 ``UNAUTHENTICATED``; a 429 is ``RESOURCE_EXHAUSTED`` without a reset header (unless
``retry_after`` is set). Faults: "429", "500", "timeout", "drop" (fake_platform), "401" (the
next API call answers 401, as for a token revoked early), "403" (``PERMISSION_DENIED``: the
account lost access to the location), "after" (the reply is set, then the
connection dropped); ``post_delay`` delays the answer to a reply after setting it.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from fake_platform import Handler, Platform, serving

ACCOUNT, LOCATION = "1029384756", "5647382910"
LOCATION_NAME = f"accounts/{ACCOUNT}/locations/{LOCATION}"
CLIENT_ID = "1234567890-fakeclient.apps.googleusercontent.com"
CLIENT_SECRET = "fake-google-client-secret"
SCOPE = "https://www.googleapis.com/auth/business.manage"
STARS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}


def error(code: int, status: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "status": status}}


class Google(Platform):
    def __init__(self) -> None:
        super().__init__()
        self.reviews: dict[str, dict[str, Any]] = {}  # name → Review
        self.access: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.rotate = False
        self.token_requests: list[dict[str, list[str]]] = []
        self.token_faults: list[str] = []
        self.retry_after: str | None = None
        self.clock = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
        self.reply_puts = 0

    # ------------------------------------------------------------------------ platform state

    def rate_limited(self) -> tuple[dict[str, str], Any]:
        headers = {"Retry-After": self.retry_after} if self.retry_after else {}
        return headers, error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric "
                              "'Requests' and limit 'Requests per minute'.")  # fmt: skip

    def failed(self) -> Any:
        return error(500, "INTERNAL", "Internal error encountered.")

    def tick(self) -> str:
        """The next moment (one second later), written as Google does: nine fractional digits."""
        self.clock += timedelta(seconds=1, microseconds=1)
        return self.clock.strftime("%Y-%m-%dT%H:%M:%S.%f") + "789Z"

    def issue(self) -> tuple[str, str]:
        """A fresh (access token, refresh token) pair, as after the OAuth consent."""
        with self.lock:
            access, refresh = "ya29." + secrets.token_hex(8), "1//" + secrets.token_hex(8)
            self.access.add(access)
            self.refresh_tokens.add(refresh)
            return access, refresh

    def expire_access(self) -> None:
        with self.lock:
            self.access.clear()

    def revoke(self) -> None:
        with self.lock:
            self.access.clear()
            self.refresh_tokens.clear()

    def review(self, comment: str | None, stars: str = "FOUR", reviewer: str = "Sam Example",
               anonymous: bool = False) -> dict[str, Any]:  # fmt: skip
        with self.lock:
            review_id = "AbFvOq" + secrets.token_hex(6)
            now = self.tick()
            made: dict[str, Any] = {
                "name": f"{LOCATION_NAME}/reviews/{review_id}", "reviewId": review_id,
                "reviewer": ({"displayName": "A Google user", "isAnonymous": True} if anonymous
                             else {"displayName": reviewer, "isAnonymous": False,
                                   "profilePhotoUrl": "https://lh3.example/photo.jpg"}),
                "starRating": stars, "createTime": now, "updateTime": now,
            }  # fmt: skip
            if comment is not None:
                made["comment"] = comment
            self.reviews[made["name"]] = made
            return made

    def edit(self, name: str, comment: str) -> None:
        with self.lock:
            self.reviews[name]["comment"] = comment
            self.reviews[name]["updateTime"] = self.tick()

    def reply(self, name: str) -> str | None:
        return (self.reviews[name].get("reviewReply") or {}).get("comment")


class GoogleHandler(Handler):
    @property
    def google(self) -> Google:
        platform = self.server.platform
        assert isinstance(platform, Google)
        return platform

    def _authorised(self, fault: str | None) -> bool:
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        if fault == "403":
            self.answer(403, error(403, "PERMISSION_DENIED", "The caller does not have "
                                   "permission"))  # fmt: skip
            return False
        if fault == "401" or token not in self.google.access:
            self.answer(401, error(401, "UNAUTHENTICATED", "Request had invalid authentication "
                                   "credentials. Expected OAuth 2 access token."),
                        {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'})  # fmt: skip
            return False
        return True

    def _review(self, path: str) -> dict[str, Any] | None:
        found = self.google.reviews.get(path)
        if found is None:
            self.answer(404, error(404, "NOT_FOUND", "Requested entity was not found."))
        return found

    def do_GET(self) -> None:
        done, fault = self.begin()
        if done or not self._authorised(fault):
            return
        parts = urlsplit(self.path)
        path, query = unquote(parts.path).removeprefix("/v4/"), parse_qs(parts.query)
        if path == f"{LOCATION_NAME}/reviews":
            self._list(query)
        elif path.startswith(f"{LOCATION_NAME}/reviews/"):
            with self.google.lock:
                found = self._review(path)
                if found is not None:
                    self.answer(200, found)
        else:
            self.answer(404, error(404, "NOT_FOUND", "Requested entity was not found."))

    def _list(self, query: dict[str, list[str]]) -> None:
        google = self.google
        size = int(query.get("pageSize", ["50"])[0])
        order = query.get("orderBy", ["updateTime desc"])[0]
        if not 0 < size <= 50 or order not in ("updateTime desc", "rating", "rating desc"):
            self.answer(400, error(400, "INVALID_ARGUMENT", "Request contains an invalid "
                                   "argument."))  # fmt: skip
            return
        start = int(query.get("pageToken", ["0"])[0].removeprefix("page-") or 0)
        with google.lock:
            ordered = sorted(google.reviews.values(), key=lambda r: r["updateTime"], reverse=True)
            total = len(ordered)
            average = (round(sum(STARS[r["starRating"]] for r in ordered) / total, 1)
                       if total else 0)  # fmt: skip
            page = ordered[start : start + size]
        body: dict[str, Any] = {"reviews": page, "averageRating": average,
                                "totalReviewCount": total}  # fmt: skip
        if start + size < total:
            body["nextPageToken"] = f"page-{start + size}"
        if not page:
            del body["reviews"]  # Google leaves out empty lists
        self.answer(200, body)

    def do_PUT(self) -> None:
        done, fault = self.begin()
        if done or not self._authorised(fault):
            return
        path = unquote(urlsplit(self.path).path).removeprefix("/v4/")
        google = self.google
        if not path.startswith(f"{LOCATION_NAME}/reviews/") or not path.endswith("/reply"):
            self.answer(404, error(404, "NOT_FOUND", "Requested entity was not found."))
            return
        comment = self.json_body().get("comment")
        if not isinstance(comment, str) or not comment or len(comment.encode()) > 4096:
            self.answer(400, error(400, "INVALID_ARGUMENT", "Request contains an invalid "
                                   "argument."))  # fmt: skip
            return
        with google.lock:
            found = self._review(path.removesuffix("/reply"))
            if found is None:
                return
            reply = {"comment": comment, "updateTime": google.tick()}
            found["reviewReply"] = reply
            google.reply_puts += 1
        if fault == "after":
            self.close_connection = True
            return
        if google.post_delay:
            time.sleep(google.post_delay)
        self.answer(200, reply)

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/token":
            self.answer(404, error(404, "NOT_FOUND", "Not found."))
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        google = self.google
        form = parse_qs(body.decode())
        with google.lock:
            google.requests.append((self.command, self.path, dict(self.headers), body))
            google.token_requests.append(form)
            fault = google.token_faults.pop(0) if google.token_faults else None
        if fault == "500":
            self.answer(500, {"error": "internal_failure"})
            return
        one = {k: v[0] for k, v in form.items()}
        if one.get("client_id") != CLIENT_ID or one.get("client_secret") != CLIENT_SECRET:
            self.answer(401, {"error": "invalid_client", "error_description": "Unauthorized"})
            return
        if one.get("grant_type") != "refresh_token":
            self.answer(400, {"error": "unsupported_grant_type",
                              "error_description": "Invalid grant_type: "})  # fmt: skip
            return
        with google.lock:
            refresh = one.get("refresh_token", "")
            made: dict[str, Any] | None
            if refresh not in google.refresh_tokens:
                made = None
            else:
                access = "ya29." + secrets.token_hex(8)
                made = {"access_token": access, "expires_in": 3599, "scope": SCOPE,
                        "token_type": "Bearer"}  # fmt: skip
                google.access.add(access)
                if google.rotate:
                    google.refresh_tokens.discard(refresh)
                    rotated = "1//" + secrets.token_hex(8)
                    made["refresh_token"] = rotated
                    google.refresh_tokens.add(rotated)
        if made is None:
            self.answer(400, {"error": "invalid_grant",
                              "error_description": "Token has been expired or revoked."})  # fmt: skip
        else:
            self.answer(200, made)


@contextmanager
def running(slow_seconds: float = 1.0) -> Iterator[Google]:
    """A fake Business Profile API on a free loopback port; ``google.url`` is its base URL."""
    google = Google()
    google.slow_seconds = slow_seconds
    with serving(google, GoogleHandler) as served:
        yield served
