"""Public profile endpoints of Mastodon, Bluesky's AppView and X API v2 on one loopback server,
in their documented wire formats (what ``socialrx.channels.public`` reads):

- Mastodon: ``GET /api/v1/accounts/lookup?acct=`` (404 ``{"error": "Record not found"}`` for an
  unknown account), ``GET /api/v1/accounts/:id/statuses`` (newest first, ``limit``,
  ``exclude_replies``, ``exclude_reblogs``).
- Bluesky: ``GET /xrpc/app.bsky.actor.getProfile?actor=`` (400 ``{"error": "InvalidRequest",
  "message": "Profile not found"}``), ``GET /xrpc/app.bsky.feed.getAuthorFeed`` (``feed`` of
  ``{post, reason?}``, a repost with ``reason.$type`` ``app.bsky.feed.defs#reasonRepost``).
- X: ``GET /2/users/by/username/:username?user.fields=public_metrics`` (an unknown user is a 200
  with ``errors``), ``GET /2/users/:id/tweets`` (``data``, ``meta``); both need
  ``Authorization: Bearer`` with ``TOKEN``.

Faults as in ``fake_platform``: "429" (with ``x-rate-limit-reset`` and ``RateLimit-Reset``),
"500", "drop", "timeout".
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fake_platform import Handler, Platform, serving

TOKEN = "fake-x-app-token"
RESET_SECONDS = 30


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Public(Platform):
    """Accounts by platform and handle: (profile, posts newest first), native shapes."""

    def __init__(self) -> None:
        super().__init__()
        self.mastodon: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
        self.bluesky: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
        self.x: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
        self.limited: list[str] = []  # path prefixes whose next request is answered 429

    def rate_limited(self) -> tuple[dict[str, str], Any]:
        reset = str(int(time.time()) + RESET_SECONDS)
        return ({"x-rate-limit-reset": reset, "RateLimit-Reset": reset},
                {"error": "RateLimitExceeded", "title": "Too Many Requests"})  # fmt: skip

    def failed(self) -> Any:
        return {"error": "InternalServerError"}

    def add_mastodon(self, user: str, followers: int, posts: list[tuple[str, datetime, int, int, int]],
                     ) -> None:  # fmt: skip
        """``posts``: (id, created, favourites, replies, reblogs), newest first."""
        account = {"id": f"10{len(self.mastodon)}", "username": user, "acct": user,
                   "followers_count": followers, "following_count": 12,
                   "statuses_count": 400 + len(posts)}  # fmt: skip
        statuses = [{"id": i, "created_at": iso(at), "url": f"https://mastodon.example/@{user}/{i}",
                     "uri": f"https://mastodon.example/users/{user}/statuses/{i}",
                     "content": "<p>synthetic</p>", "favourites_count": f, "replies_count": r,
                     "reblogs_count": b, "in_reply_to_id": None, "reblog": None}
                    for i, at, f, r, b in posts]  # fmt: skip
        self.mastodon[user] = (account, statuses)

    def add_bluesky(self, handle: str, followers: int,
                    posts: list[tuple[str, datetime, int, int, int, int]],
                    repost: bool = False) -> None:  # fmt: skip
        """``posts``: (rkey, created, likes, replies, reposts, quotes), newest first; with
        ``repost`` a repost of someone else's post comes first in the feed."""
        did = f"did:plc:{handle.split('.', maxsplit=1)[0]}"
        profile = {"did": did, "handle": handle, "followersCount": followers,
                   "followsCount": 30, "postsCount": 900}  # fmt: skip
        feed: list[dict[str, Any]] = [{"post": {
            "uri": f"at://{did}/app.bsky.feed.post/{rkey}", "cid": f"cid{rkey}",
            "author": {"did": did, "handle": handle},
            "record": {"$type": "app.bsky.feed.post", "text": "synthetic", "createdAt": iso(at)},
            "likeCount": likes, "replyCount": replies, "repostCount": reposts,
            "quoteCount": quotes, "indexedAt": iso(at)}}
            for rkey, at, likes, replies, reposts, quotes in posts]  # fmt: skip
        if repost:
            other = "did:plc:someoneelse"
            feed.insert(0, {"post": {"uri": f"at://{other}/app.bsky.feed.post/3other",
                                     "author": {"did": other, "handle": "else.example"},
                                     "record": {"text": "x", "createdAt": iso(datetime.now(UTC))},
                                     "likeCount": 999, "replyCount": 9, "repostCount": 9},
                            "reason": {"$type": "app.bsky.feed.defs#reasonRepost",
                                       "by": {"did": did}}})  # fmt: skip
        self.bluesky[handle] = (profile, feed)

    def add_x(self, username: str, followers: int,
              posts: list[tuple[str, datetime, int, int, int, int]]) -> None:  # fmt: skip
        """``posts``: (id, created, likes, replies, retweets, quotes), newest first."""
        user = {"id": str(2_000 + len(self.x)), "name": username, "username": username,
                "public_metrics": {"followers_count": followers, "following_count": 80,
                                   "tweet_count": 5_000, "listed_count": 3}}  # fmt: skip
        tweets = [{"id": i, "text": "synthetic", "created_at": iso(at),
                   "edit_history_tweet_ids": [i],
                   "public_metrics": {"like_count": lk, "reply_count": rp, "retweet_count": rt,
                                      "quote_count": q, "bookmark_count": 0,
                                      "impression_count": 1000}}
                  for i, at, lk, rp, rt, q in posts]  # fmt: skip
        self.x[username.lower()] = (user, tweets)


class PublicHandler(Handler):
    @property
    def public(self) -> Public:
        platform = self.server.platform
        assert isinstance(platform, Public)
        return platform

    def do_GET(self) -> None:
        done, _ = self.begin()
        if done:
            return
        split = urlsplit(self.path)
        with self.public.lock:
            hit = next((p for p in self.public.limited if split.path.startswith(p)), None)
            if hit is not None:
                self.public.limited.remove(hit)
        if hit is not None:
            headers, body = self.public.rate_limited()
            self.answer(429, body, headers)
            return
        query = {k: v[-1] for k, v in parse_qs(split.query).items()}
        path = split.path
        if path.startswith("/api/v1/"):
            self._mastodon(path, query)
        elif path.startswith("/xrpc/"):
            self._bluesky(path, query)
        elif path.startswith("/2/"):
            self._x(path, query)
        else:
            self.answer(404, {"error": "Not found"})

    def _mastodon(self, path: str, query: dict[str, str]) -> None:
        if path == "/api/v1/accounts/lookup":
            found = self.public.mastodon.get(query.get("acct", ""))
            if found is None:
                self.answer(404, {"error": "Record not found"})
            else:
                self.answer(200, found[0])
            return
        for account, statuses in self.public.mastodon.values():
            if path == f"/api/v1/accounts/{account['id']}/statuses":
                if query.get("exclude_replies") != "true" or query.get("exclude_reblogs") != "true":
                    self.answer(
                        400, {"error": "the fake wants exclude_replies and exclude_reblogs"}
                    )
                    return
                self.answer(200, statuses[: int(query.get("limit", "20"))])
                return
        self.answer(404, {"error": "Record not found"})

    def _bluesky(self, path: str, query: dict[str, str]) -> None:
        found = self.public.bluesky.get(query.get("actor", ""))
        if found is None:
            self.answer(400, {"error": "InvalidRequest", "message": "Profile not found"})
        elif path == "/xrpc/app.bsky.actor.getProfile":
            self.answer(200, found[0])
        elif path == "/xrpc/app.bsky.feed.getAuthorFeed" and query.get("filter") == (
                "posts_no_replies"):  # fmt: skip
            self.answer(200, {"feed": found[1][: int(query.get("limit", "50"))]})
        else:
            self.answer(501, {"error": "MethodNotImplemented"})

    def _x(self, path: str, query: dict[str, str]) -> None:
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self.answer(401, {"title": "Unauthorized", "type": "about:blank", "status": 401,
                              "detail": "Unauthorized"})  # fmt: skip
            return
        if path.startswith("/2/users/by/username/"):
            name = path.rsplit("/", 1)[-1]
            found = self.public.x.get(name.lower())
            if found is None:
                self.answer(200, {"errors": [{"value": name, "detail": "Could not find user",
                                              "title": "Not Found Error", "parameter": "username",
                                              "resource_type": "user"}]})  # fmt: skip
            else:
                self.answer(200, {"data": found[0]})
            return
        for user, tweets in self.public.x.values():
            if path == f"/2/users/{user['id']}/tweets":
                page = tweets[: int(query.get("max_results", "10"))]
                self.answer(200, {"data": page, "meta": {"result_count": len(page)}})
                return
        self.answer(404, {"title": "Not Found Error"})


@contextmanager
def running() -> Iterator[Public]:
    with serving(Public(), PublicHandler) as public:
        yield public
