"""The X API v2 on loopback, speaking the documented shapes the connector uses (docs.x.com):
``POST /2/oauth2/token`` (refresh_token grant; HTTP Basic for a confidential client, else
``client_id`` in the form; refresh tokens rotate and work once: a spent one is 400
``{"error": "invalid_request", "error_description": "Value passed for the token was
invalid."}``; access tokens live ``expires_in: 7200`` seconds), ``GET /2/users/me``,
``POST /2/tweets`` (201 ``{"data": {"id", "text"}}``; the same text twice is 403 "duplicate
content"), ``GET /2/users/{id}/tweets`` and ``/mentions`` (newest first, ``since_id``,
``max_results`` 5–100, ``pagination_token``/``meta.next_token``, only the requested
``tweet.fields``, ``includes.users`` with ``expansions=author_id``) and ``GET /2/tweets?ids=``
(``errors`` with "Not Found Error" for ids it lacks). Stored text is shown as X shows it: links
become ``https://t.co/…`` and ``&<>`` HTML entities. Errors are problem JSON; 429s carry
``x-rate-limit-limit/-remaining/-reset`` (epoch seconds). Faults: "429", "500", "timeout",
"drop" (fake_platform), "401" (the token is refused once), "after" (the post is made, then
the connection closes).
"""

from __future__ import annotations

import base64
import html
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fake_platform import Handler, Platform, serving

USER_ID, USERNAME = "1500000000000000001", "synthetic_clinic"
CLIENT_ID, CLIENT_SECRET = "synthetic-client-id", "synthetic-client-secret"
TWEPOCH_MS = 1288834974657
DEFAULT_FIELDS = ("id", "text", "edit_history_tweet_ids")
URL = re.compile(r"https?://\S+")
INVALID_TOKEN = {"error": "invalid_request",
                 "error_description": "Value passed for the token was invalid."}  # fmt: skip
DUPLICATE = {"detail": "You are not allowed to create a Tweet with duplicate content.",
             "type": "about:blank", "title": "Forbidden", "status": 403}  # fmt: skip
UNAUTHORIZED = {"title": "Unauthorized", "type": "about:blank", "status": 401,
                "detail": "Unauthorized"}  # fmt: skip


def problem(parameter: str, value: str, message: str) -> dict[str, Any]:
    """X's 400 for an invalid parameter (problem JSON with an ``errors`` list)."""
    return {"errors": [{"parameters": {parameter: [value]}, "message": message}],
            "title": "Invalid Request", "detail": "One or more parameters to your request was "
            "invalid.", "type": "https://api.twitter.com/2/problems/invalid-request"}  # fmt: skip


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class XApi(Platform):
    def __init__(self, confidential: bool = True) -> None:
        super().__init__()
        self.confidential = confidential
        self.access: dict[str, float] = {}  # access token → expiry (epoch seconds)
        self.refresh: set[str] = set()  # refresh tokens not spent yet
        self.refusal: dict[str, str] | None = None  # the token endpoint's refusal, if set
        self.token_requests: list[tuple[dict[str, str], dict[str, list[str]]]] = []
        self.tweets: list[dict[str, Any]] = []  # every post, oldest first
        self.media: dict[str, dict[str, Any]] = {}
        self.last_id = 0

    # ------------------------------------------------------------------------ state

    def rate_limited(self) -> tuple[dict[str, str], Any]:
        reset = str(int(time.time()) + 30)
        return ({"x-rate-limit-limit": "100", "x-rate-limit-remaining": "0",
                 "x-rate-limit-reset": reset},
                {"title": "Too Many Requests", "detail": "Too Many Requests",
                 "type": "about:blank", "status": 429})  # fmt: skip

    def failed(self) -> Any:
        return {"title": "Internal Server Error", "detail": "Internal Server Error",
                "type": "about:blank", "status": 500}  # fmt: skip

    def issue(self, expires_in: int = 7200) -> dict[str, Any]:
        """A new token pair, as the token endpoint answers it."""
        access, refresh = "at-" + secrets.token_hex(8), "rt-" + secrets.token_hex(8)
        with self.lock:
            self.access[access] = time.time() + expires_in
            self.refresh.add(refresh)
        return {"token_type": "bearer", "expires_in": expires_in, "access_token": access,
                "scope": "tweet.read tweet.write users.read offline.access",
                "refresh_token": refresh}  # fmt: skip

    def expire_access(self) -> None:
        with self.lock:
            self.access.clear()

    def new_id(self, at: datetime | None = None) -> str:
        """A snowflake: time-ordered, and unique."""
        moment = at or datetime.now(UTC)
        made = (int(moment.timestamp() * 1000) - TWEPOCH_MS) << 22
        self.last_id = max(self.last_id + 1, made)
        return str(self.last_id)

    def add(self, text: str, author_id: str = USER_ID, username: str = USERNAME,
            at: datetime | None = None, **more: Any) -> dict[str, Any]:  # fmt: skip
        with self.lock:
            tweet_id = self.new_id(at)
            tweet = {"id": tweet_id, "sent": text, "text": shown(text),
                     "edit_history_tweet_ids": [tweet_id], "author_id": author_id,
                     "username": username, "created_at": iso(at or datetime.now(UTC)),
                     "conversation_id": tweet_id,
                     "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": 0,
                                        "quote_count": 0, "bookmark_count": 0,
                                        "impression_count": 0},
                     **more}  # fmt: skip
            self.tweets.append(tweet)
            return tweet

    def mention(self, text: str, username: str = "patient_visitor",
                reply_to: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
        """A post by someone else naming the account (or replying to ``reply_to``)."""
        author = str(abs(hash(username)) % 10**12 + 10**12)
        more: dict[str, Any] = {"mentions": True}
        if reply_to is not None:
            more |= {"referenced_tweets": [{"type": "replied_to", "id": reply_to["id"]}],
                     "in_reply_to_user_id": reply_to["author_id"],
                     "conversation_id": reply_to["conversation_id"]}  # fmt: skip
        return self.add(f"@{USERNAME} {text}", author_id=author, username=username, **more)

    def edit(self, tweet: dict[str, Any], text: str) -> dict[str, Any]:
        """An edit: a new post with a new id, whose history starts with the original."""
        edited = self.add(text, author_id=tweet["author_id"], username=tweet["username"],
                          mentions=tweet.get("mentions", False))  # fmt: skip
        with self.lock:
            edited["edit_history_tweet_ids"] = [*tweet["edit_history_tweet_ids"], edited["id"]]
            self.tweets.remove(tweet)  # the API shows the latest version
        return edited


def shown(text: str) -> str:
    """The text as X answers it: links wrapped as t.co, ``&<>`` as entities."""
    wrapped = URL.sub(lambda _m: "https://t.co/" + secrets.token_hex(5), text)
    return html.escape(wrapped, quote=False)


class XHandler(Handler):
    @property
    def x(self) -> XApi:
        platform = self.server.platform
        assert isinstance(platform, XApi)
        return platform

    def _authorised(self, fault: str | None) -> bool:
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        expiry = self.x.access.get(token)
        if fault == "401" or expiry is None or expiry < time.time():
            self.answer(401, UNAUTHORIZED)
            return False
        return True

    def _query(self) -> tuple[str, dict[str, list[str]]]:
        parts = urlsplit(self.path)
        return parts.path, parse_qs(parts.query)

    # ------------------------------------------------------------------------ POST

    def do_POST(self) -> None:
        done, fault = self.begin()
        if done:
            return
        path, _ = self._query()
        if path == "/2/oauth2/token":
            self._token()
        elif path == "/2/tweets":
            if self._authorised(fault):
                self._create(fault)
        else:
            self.answer(404, {"title": "Not Found Error", "type": "about:blank", "status": 404,
                              "detail": "Not Found"})  # fmt: skip

    def _token(self) -> None:
        x = self.x
        form = parse_qs(self.body.decode())
        with x.lock:
            x.token_requests.append((dict(self.headers), form))
        basic = (self.headers.get("Authorization") or "").removeprefix("Basic ")
        if x.confidential:
            expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            client_ok = basic == expected
        else:
            client_ok = form.get("client_id") == [CLIENT_ID] and not basic
        if not client_ok:
            self.answer(401, {"error": "unauthorized_client",
                              "error_description": "Missing valid authorization header"})  # fmt: skip
            return
        if form.get("grant_type") != ["refresh_token"]:
            self.answer(400, {"error": "unsupported_grant_type",
                              "error_description": "Unsupported grant type"})  # fmt: skip
            return
        if x.refusal is not None:
            self.answer(400, x.refusal)
            return
        refresh = (form.get("refresh_token") or [""])[0]
        with x.lock:
            valid = refresh in x.refresh
            x.refresh.discard(refresh)  # each refresh token works once
        if not valid:
            self.answer(400, INVALID_TOKEN)
            return
        self.answer(200, x.issue())

    def _create(self, fault: str | None) -> None:
        x, body = self.x, self.json_body()
        text = body.get("text")
        if not isinstance(text, str) or not text.strip():
            self.answer(400, problem("text", str(text), "text must not be empty"))
            return
        reply = body.get("reply") or {}
        parent = None
        if reply:
            parent = next((t for t in x.tweets if t["id"] == reply.get("in_reply_to_tweet_id")),
                          None)  # fmt: skip
            if parent is None:
                self.answer(400, problem("reply.in_reply_to_tweet_id",
                                         str(reply.get("in_reply_to_tweet_id")),
                                         "The tweet you are replying to does not exist"))  # fmt: skip
                return
            if parent.get("restricted"):  # the author limited who may reply
                self.answer(403, {"detail": "Reply to this conversation is not allowed because "
                                  "you have not been mentioned or otherwise engaged by the author "
                                  "of the post you are replying to.", "type": "about:blank",
                                  "title": "Forbidden", "status": 403})  # fmt: skip
                return
        with x.lock:
            duplicate = any(t["author_id"] == USER_ID and t["sent"] == text for t in x.tweets)
        if duplicate:
            self.answer(403, DUPLICATE)
            return
        more: dict[str, Any] = {}
        if parent is not None:
            more = {"referenced_tweets": [{"type": "replied_to", "id": parent["id"]}],
                    "in_reply_to_user_id": parent["author_id"],
                    "conversation_id": parent["conversation_id"]}  # fmt: skip
        tweet = x.add(text, **more)
        if fault == "after":
            self.close_connection = True
            return
        if x.post_delay:
            time.sleep(x.post_delay)
        self.answer(201, {"data": {"id": tweet["id"], "text": tweet["text"]}})

    # ------------------------------------------------------------------------ GET

    def do_GET(self) -> None:
        done, fault = self.begin()
        if done or not self._authorised(fault):
            return
        path, query = self._query()
        parts = path.strip("/").split("/")
        if path == "/2/users/me":
            self.answer(200, {"data": {"id": USER_ID, "name": "Synthetic Clinic",
                                       "username": USERNAME}})  # fmt: skip
        elif path == "/2/tweets":
            self._lookup(query)
        elif len(parts) == 4 and parts[:2] == ["2", "users"] and parts[3] in ("tweets",
                                                                              "mentions"):  # fmt: skip
            if parts[2] != USER_ID:
                self.answer(404, {"title": "Not Found Error", "type": "about:blank",
                                  "status": 404, "detail": "Not Found"})  # fmt: skip
                return
            self._timeline(parts[3], query)
        else:
            self.answer(404, {"title": "Not Found Error", "type": "about:blank", "status": 404,
                              "detail": "Not Found"})  # fmt: skip

    def _timeline(self, which: str, query: dict[str, list[str]]) -> None:
        x = self.x
        size = (query.get("max_results") or ["10"])[0]
        if not size.isdigit() or not 5 <= int(size) <= 100:
            self.answer(400, problem("max_results", size, f"The `max_results` query parameter "
                                     f"value [{size}] is not between 5 and 100"))  # fmt: skip
            return
        since = int((query.get("since_id") or ["0"])[0])
        start = int((query.get("pagination_token") or ["0"])[0] or 0)
        with x.lock:
            chosen = [t for t in reversed(x.tweets) if int(t["id"]) > since and (
                t.get("mentions") if which == "mentions" else t["author_id"] == USER_ID)]  # fmt: skip
        page = chosen[start : start + int(size)]
        fields = set(",".join(query.get("tweet.fields") or []).split(","))
        meta: dict[str, Any] = {"result_count": len(page)}
        answer: dict[str, Any] = {}
        if page:
            answer["data"] = [self._fields(t, fields) for t in page]
            meta |= {"newest_id": page[0]["id"], "oldest_id": page[-1]["id"]}
            if "author_id" in ",".join(query.get("expansions") or []).split(","):
                seen = {t["author_id"]: t["username"] for t in page}
                answer["includes"] = {"users": [{"id": i, "name": u, "username": u}
                                                for i, u in seen.items()]}  # fmt: skip
        if start + int(size) < len(chosen):
            meta["next_token"] = str(start + int(size))
        answer["meta"] = meta
        self.answer(200, answer)

    def _lookup(self, query: dict[str, list[str]]) -> None:
        x = self.x
        ids = [i for i in ",".join(query.get("ids") or []).split(",") if i]
        if not 1 <= len(ids) <= 100:
            self.answer(400, problem("ids", ",".join(ids), "ids must name 1 to 100 posts"))
            return
        fields = set(",".join(query.get("tweet.fields") or []).split(","))
        expansions = ",".join(query.get("expansions") or []).split(",")
        found = {t["id"]: t for t in x.tweets}
        answer: dict[str, Any] = {}
        if "attachments.media_keys" in expansions:
            fields.add("attachments")  # the expansion brings the keys along
        data = [self._fields(found[i], fields) for i in ids if i in found]
        if data:
            answer["data"] = data
        media_keys = [k for i in ids if i in found
                      for k in (found[i].get("attachments") or {}).get("media_keys", [])]  # fmt: skip
        if media_keys and "attachments.media_keys" in expansions:
            answer["includes"] = {"media": [x.media[k] for k in media_keys]}
        missing = [i for i in ids if i not in found]
        if missing:
            answer["errors"] = [{"value": i, "detail": f"Could not find tweet with ids: [{i}].",
                                 "title": "Not Found Error", "resource_type": "tweet",
                                 "parameter": "ids", "resource_id": i,
                                 "type": "https://api.twitter.com/2/problems/resource-not-found"}
                                for i in missing]  # fmt: skip
        self.answer(200, answer)

    @staticmethod
    def _fields(tweet: dict[str, Any], fields: set[str]) -> dict[str, Any]:
        return {k: v for k, v in tweet.items() if k in DEFAULT_FIELDS or k in fields}


@contextmanager
def running(confidential: bool = True, slow_seconds: float = 1.0) -> Iterator[XApi]:
    """A fake X API on a free loopback port; ``api.url`` is its base URL."""
    api = XApi(confidential)
    api.slow_seconds = slow_seconds
    with serving(api, XHandler) as served:
        yield served
