"""LinkedIn's versioned REST API on loopback, speaking the documented shapes the connector uses
(learn.microsoft.com/linkedin: Posts API, Comments API, little text format, Organization Share
Statistics, error handling, rate limits, programmatic refresh tokens):

- every /rest call needs ``LinkedIn-Version: YYYYMM`` and ``X-Restli-Protocol-Version: 2.0.0``
  and a live bearer token (else 401 ``EXPIRED_ACCESS_TOKEN`` / ``REVOKED_ACCESS_TOKEN``);
- ``POST /rest/posts`` → 201, the URN in ``x-restli-id``; the commentary is read as little text:
  an unescaped reserved character cuts the text there (as LinkedIn does, answering 201 anyway);
- ``GET /rest/posts?q=author`` (newest change first), ``GET/POST
  /rest/socialActions/{urn}/comments`` (paged with start/count, oldest first),
  ``GET /rest/organizationalEntityShareStatistics`` with ``shares=List(…)``/``ugcPosts=List(…)``;
- ``POST /oauth/v2/accessToken`` (``grant_type=refresh_token``, client id and secret in the form;
  400 ``invalid_grant`` for an unknown refresh token).

Errors are ``{"status", "serviceErrorCode", "code", "message"}``; a 429 carries no reset header
(limits reset at midnight UTC) unless ``retry_after`` is set. Faults: "429", "500", "timeout",
"drop", "401" (the token is refused once), "after" (the post or comment is made, then the
connection is dropped).
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from fake_platform import Handler, Platform, serving

ORG_ID = "1234567"
ORG = f"urn:li:organization:{ORG_ID}"
CLIENT_ID, CLIENT_SECRET = "fake-client-id", "fake-client-secret"
RESERVED = set("|{}@[]()<>#\\*_~")
VERSION = re.compile(r"^20\d{4}$")


def little(commentary: str) -> str:
    """What LinkedIn shows for little-format ``commentary``: escapes resolved, and the text cut at
    the first unescaped reserved character."""
    out: list[str] = []
    chars = iter(commentary)
    for c in chars:
        if c == "\\":
            out.append(next(chars, "\\"))
        elif c in RESERVED:
            break
        else:
            out.append(c)
    return "".join(out)


def error(status: int, code: str, message: str, service: int = 100) -> dict[str, Any]:
    return {"status": status, "serviceErrorCode": service, "code": code, "message": message}


class Api(Platform):
    def __init__(self) -> None:
        super().__init__()
        self.posts: list[dict[str, Any]] = []  # oldest first
        self.shown: dict[str, str] = {}  # post URN → the text members see
        self.comments: dict[str, list[dict[str, Any]]] = {}  # target URN → comments, oldest first
        self.stats: dict[str, dict[str, int]] = {}
        self.access: set[str] = set()
        self.expired: set[str] = set()
        self.refresh: set[str] = set()
        self.refreshes = 0
        self.rotate = False  # answer a new refresh token with each refresh
        self.retry_after: str | None = None
        self.next_id = 7_000_000_000_000_000_000
        self.clock_ms = int(time.time() * 1000)

    def rate_limited(self) -> tuple[dict[str, str], Any]:
        headers = {"Retry-After": self.retry_after} if self.retry_after else {}
        return headers, error(429, "TOO_MANY_REQUESTS", "Resource level throttle APPLICATION DAY "
                              "limit for calls to this resource is reached.", 101)  # fmt: skip

    def failed(self) -> Any:
        return error(500, "INTERNAL_SERVER_ERROR", "Internal Server Error", 0)

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def now_ms(self) -> int:
        """Strictly increasing epoch ms (so order is well defined)."""
        self.clock_ms = max(self.clock_ms + 1, int(time.time() * 1000))
        return self.clock_ms

    def token(self) -> str:
        made = "AQV" + secrets.token_hex(12)
        self.access.add(made)
        return made

    def refresh_token(self) -> str:
        made = "AQX" + secrets.token_hex(12)
        self.refresh.add(made)
        return made

    def expire_access(self) -> None:
        with self.lock:
            self.expired |= self.access
            self.access.clear()

    def post(self, text: str, kind: str = "share") -> str:
        """A post by the organisation made elsewhere (the text as members see it)."""
        with self.lock:
            return self._make_post(text.replace("\\", "\\\\"), kind)

    def _make_post(self, commentary: str, kind: str = "share") -> str:
        urn = f"urn:li:{kind}:{self.new_id()}"
        now = self.now_ms()
        self.posts.append({"id": urn, "author": ORG, "commentary": commentary,
                           "visibility": "PUBLIC", "lifecycleState": "PUBLISHED",
                           "createdAt": now, "publishedAt": now, "lastModifiedAt": now,
                           "distribution": {"feedDistribution": "MAIN_FEED"}})  # fmt: skip
        self.shown[urn] = little(commentary)
        self.comments.setdefault(urn, [])
        return urn

    def comment(self, post: str, text: str, actor: str = "urn:li:person:abc123",
                parent: str | None = None) -> dict[str, Any]:  # fmt: skip
        with self.lock:
            return self._make_comment(post, text, actor, parent)

    def _make_comment(self, target: str, text: str, actor: str,
                      parent: str | None) -> dict[str, Any]:  # fmt: skip
        ident = str(self.new_id())
        activity = "urn:li:activity:" + target.rsplit(":", 1)[-1].strip(")").split(",")[0]
        if parent:
            activity = parent.removeprefix("urn:li:comment:(").split(",", 1)[0]
        urn = f"urn:li:comment:({activity},{ident})"
        now = self.now_ms()
        made = {"id": ident, "$URN": urn, "commentUrn": urn, "actor": actor,
                "object": activity if parent else target, "message": {"text": text},
                "created": {"actor": actor, "time": now},
                "lastModified": {"actor": actor, "time": now}}  # fmt: skip
        if parent:
            made["parentComment"] = parent
        self.comments.setdefault(target, []).append(made)
        return made

    def edit(self, comment: dict[str, Any], text: str) -> None:
        with self.lock:
            comment["message"] = {"text": text}
            comment["lastModified"] = {"actor": comment["actor"], "time": self.now_ms()}


class ApiHandler(Handler):
    @property
    def api(self) -> Api:
        platform = self.server.platform
        assert isinstance(platform, Api)
        return platform

    def _authorised(self, fault: str | None) -> bool:
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        api = self.api
        if fault == "401" or token in api.expired:
            self.answer(401, error(401, "EXPIRED_ACCESS_TOKEN",
                                   "The token used in the request has expired", 65601))  # fmt: skip
            return False
        if token not in api.access:
            self.answer(401, error(401, "REVOKED_ACCESS_TOKEN",
                                   "The token used in the request has been revoked by the user",
                                   65602))  # fmt: skip
            return False
        if not VERSION.match(self.headers.get("LinkedIn-Version") or ""):
            self.answer(400, error(400, "VERSION_MISSING", "A version must be present. Please "
                                   "specify a version by adding the LinkedIn-Version header."))  # fmt: skip
            return False
        if self.headers.get("X-Restli-Protocol-Version") != "2.0.0":
            self.answer(400, error(400, "ILLEGAL_ARGUMENT", "Rest.li 2.0.0 is required"))
            return False
        return True

    def _raw(self) -> tuple[str, str]:
        parts = urlsplit(self.path)
        return parts.path, parts.query

    def do_POST(self) -> None:
        done, fault = self.begin()
        if done:
            return
        path, _query = self._raw()
        if path == "/oauth/v2/accessToken":
            self._token()
        elif not self._authorised(fault):
            return
        elif path == "/rest/posts":
            self._create_post(fault)
        elif path.startswith("/rest/socialActions/") and path.endswith("/comments"):
            self._create_comment(unquote(path.split("/")[3]), fault)
        else:
            self.answer(404, error(404, "NOT_FOUND", "No virtual resource found", 0))

    def _token(self) -> None:
        form = {k: v[0] for k, v in parse_qs(self.body.decode()).items()}
        api = self.api
        with api.lock:
            api.refreshes += 1
            if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
                body: Any = {"error": "invalid_client", "error_description": "Client "
                             "authentication failed"}  # fmt: skip
                status = 401
            elif form.get("grant_type") != "refresh_token" or form.get(
                    "refresh_token") not in api.refresh:  # fmt: skip
                body = {"error": "invalid_grant", "error_description": "The provided "
                        "authorization grant or refresh token is invalid, expired or revoked"}  # fmt: skip
                status = 400
            else:
                refresh = form["refresh_token"]
                if api.rotate:
                    api.refresh.discard(refresh)
                    refresh = api.refresh_token()
                body = {"access_token": api.token(), "expires_in": 5_184_000,
                        "refresh_token": refresh, "refresh_token_expires_in": 31_536_000}  # fmt: skip
                status = 200
        self.answer(status, body)

    def _create_post(self, fault: str | None) -> None:
        body, api = self.json_body(), self.api
        distribution = body.get("distribution") or {}
        commentary = body.get("commentary")
        if (body.get("author") != ORG or body.get("visibility") != "PUBLIC"
                or body.get("lifecycleState") != "PUBLISHED"
                or distribution.get("feedDistribution") != "MAIN_FEED"
                or not isinstance(commentary, str)):  # fmt: skip
            self.answer(422, error(422, "UNPROCESSABLE_ENTITY", "Field validation failed"))
            return
        if len(commentary) > 3000:
            self.answer(400, error(400, "ILLEGAL_ARGUMENT", "/commentary :: length of "
                                   f"{len(commentary)} exceeds the maximum of 3000"))  # fmt: skip
            return
        with api.lock:
            urn = api._make_post(commentary)
        if api.post_delay:
            time.sleep(api.post_delay)
        if fault == "after":
            self.close_connection = True
            return
        self.send_response(201)
        self.send_header("x-restli-id", urn)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _create_comment(self, target: str, fault: str | None) -> None:
        body, api = self.json_body(), self.api
        text = (body.get("message") or {}).get("text")
        parent = body.get("parentComment")
        if target.startswith("urn:li:comment:") and parent != target:
            self.answer(400, error(400, "ILLEGAL_ARGUMENT", "parentComment must be the target"))
            return
        with api.lock:
            known = target in api.comments or any(
                c.get("$URN") == target for cs in api.comments.values() for c in cs
            )
        if not known or not isinstance(text, str) or body.get("actor") != ORG:
            self.answer(400, error(400, "ILLEGAL_ARGUMENT", "Invalid comment"))
            return
        made = api.comment(target, text, actor=ORG, parent=parent)
        if fault == "after":
            self.close_connection = True
            return
        self.answer(201, made, {"x-restli-id": made["id"]})

    def do_GET(self) -> None:
        done, fault = self.begin()
        if done or not self._authorised(fault):
            return
        path, raw = self._raw()
        query = {k: v[0] for k, v in parse_qs(raw).items()}
        api = self.api
        if path == "/rest/posts" and query.get("q") == "author":
            if query.get("author") != ORG or "urn%3Ali%3Aorganization" not in raw:
                self.answer(403, error(403, "ACCESS_DENIED", "Not enough permissions"))
                return
            count = min(int(query.get("count", "10")), 100)
            with api.lock:
                ordered = sorted(api.posts, key=lambda p: -p["lastModifiedAt"])
            self.answer(200, {"elements": ordered[:count],
                              "paging": {"start": 0, "count": count, "total": len(ordered)}})  # fmt: skip
        elif path.startswith("/rest/socialActions/") and path.endswith("/comments"):
            target = unquote(path.split("/")[3])
            start, count = int(query.get("start", "0")), min(int(query.get("count", "10")), 100)
            with api.lock:
                found = list(api.comments.get(target, []))
            self.answer(200, {"elements": found[start : start + count],
                              "paging": {"start": start, "count": count, "total": len(found)}})  # fmt: skip
        elif path == "/rest/organizationalEntityShareStatistics":
            self._statistics(raw)
        else:
            self.answer(404, error(404, "NOT_FOUND", "No virtual resource found", 0))

    def _statistics(self, raw: str) -> None:
        api = self.api
        elements = []
        for param, key in (("shares", "share"), ("ugcPosts", "ugcPost")):
            listed = re.search(rf"(?:^|&){param}=List\(([^)]*)\)", raw)
            for urn in [unquote(u) for u in listed.group(1).split(",")] if listed else []:
                if urn in api.stats:
                    elements.append({"organizationalEntity": ORG, key: urn,
                                     "totalShareStatistics": api.stats[urn]})  # fmt: skip
        if "organizationalEntity=urn%3Ali%3Aorganization%3A" not in raw:
            self.answer(400, error(400, "ILLEGAL_ARGUMENT", "organizationalEntity is required"))
            return
        self.answer(200, {"elements": elements, "paging": {"start": 0, "count": 10}})


@contextmanager
def running(slow_seconds: float = 1.0) -> Iterator[Api]:
    """A fake LinkedIn API on a free loopback port; ``api.url`` is its base URL."""
    api = Api()
    api.slow_seconds = slow_seconds
    with serving(api, ApiHandler) as served:
        yield served
