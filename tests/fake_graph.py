"""The Meta Graph API on loopback, for one Facebook Page and one Instagram professional account,
speaking the documented shapes the connectors use (developers.facebook.com/docs/graph-api,
/docs/pages-api, /docs/instagram-platform): paths ``/{version}/{id}`` and ``/{version}/{id}/{edge}``,
the token as the ``access_token`` parameter (query or form body), lists as ``{"data": [...],
"paging": {"cursors": {"before", "after"}, "next"}}``, times as ``2026-11-21T09:00:00+0000``, and
errors as ``{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}`` with HTTP 400
(an unknown object is code 100 / subcode 33, a bad token code 190 / subcode 463).

Faults a test can queue: "429" (HTTP 429, code 4, ``X-App-Usage`` at 100 %), "throttle" (HTTP 400,
code 32, ``X-Business-Use-Case-Usage`` with ``estimated_time_to_regain_access``, as Pages answer),
"500", "timeout", "drop", "401" (HTTP 400 with code 190: Graph's expired token) and "after" (the
post is made, then the connection dropped: the outcome is unknown to the client).
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from fake_platform import Handler, Platform, serving

TOKEN = "fake-graph-page-token"
PAGE_ID = "104000000000001"
IG_USER_ID = "17841400000000001"
IG_USERNAME = "hospital.example"
VERSION = "v24.0"
REGAIN_MINUTES = 3
FB_METRICS = frozenset({"post_media_view", "post_total_media_view_unique", "post_clicks"})
IG_METRICS = frozenset({"views", "reach", "shares", "saved", "total_interactions"})


def graph_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def error(code: int, message: str, subcode: int | None = None,
          kind: str = "OAuthException") -> dict[str, Any]:  # fmt: skip
    body: dict[str, Any] = {"message": message, "type": kind, "code": code,
                            "fbtrace_id": "A" + secrets.token_hex(5)}  # fmt: skip
    if subcode is not None:
        body["error_subcode"] = subcode
    return {"error": body}


GONE = error(100, "Unsupported get request. Object with ID does not exist, cannot be loaded due "
             "to missing permissions, or does not support this operation.", 33,
             "GraphMethodException")  # fmt: skip
EXPIRED = error(190, "Error validating access token: Session has expired.", 463)


class Graph(Platform):
    """One Page (posts, comments) and one Instagram account (containers, media, comments)."""

    def __init__(self) -> None:
        super().__init__()
        self.token = TOKEN
        self.next_id = 1000
        self.clock: datetime | None = None  # fixed "now" for new objects (None: real time)
        self.posts: list[dict[str, Any]] = []  # Page posts, oldest first
        self.comments: dict[str, dict[str, Any]] = {}  # Facebook comments by id (insertion order)
        self.containers: dict[str, dict[str, Any]] = {}
        self.media: list[dict[str, Any]] = []  # Instagram media, oldest first
        self.ig_comments: dict[str, dict[str, Any]] = {}
        self.insights: dict[str, dict[str, int]] = {}
        self.no_insights: set[str] = set()  # objects whose insights need a missing permission

    def rate_limited(self) -> tuple[dict[str, str], Any]:
        usage = {"call_count": 100, "total_cputime": 12, "total_time": 20}
        return ({"X-App-Usage": json.dumps(usage)},
                error(4, "(#4) Application request limit reached", None, "OAuthException"))  # fmt: skip

    def throttled(self) -> tuple[dict[str, str], Any]:
        usage = {PAGE_ID: [{"type": "pages", "call_count": 100, "total_cputime": 20,
                            "total_time": 30, "estimated_time_to_regain_access": REGAIN_MINUTES}]}  # fmt: skip
        return ({"X-Business-Use-Case-Usage": json.dumps(usage)},
                error(32, "(#32) Page request limit reached", None, "OAuthException"))  # fmt: skip

    def failed(self) -> Any:
        return error(2, "An unexpected error has occurred. Please retry your request later.",
                     None, "OAuthException")  # fmt: skip

    def now(self) -> datetime:
        return self.clock or datetime.now(UTC)

    def new_id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    # ------------------------------------------------------------------------ test set-up

    def post(self, message: str, at: datetime | None = None) -> dict[str, Any]:
        """A Page post (as if published some other way)."""
        with self.lock:
            return self._post(message, at)

    def _post(self, message: str, at: datetime | None = None) -> dict[str, Any]:
        post_id = f"{PAGE_ID}_{self.new_id()}"
        made = {"id": post_id, "message": message, "created_time": graph_time(at or self.now()),
                "permalink_url": f"https://www.facebook.com/{PAGE_ID}/posts/{post_id}",
                "shares": 0, "reactions": 0}  # fmt: skip
        self.posts.append(made)
        return made

    def comment(self, target: str, message: str, at: datetime | None = None,
                name: str = "Sam Visitor", user: str = "900001") -> dict[str, Any]:  # fmt: skip
        """A comment on a Page post or on a comment (a reply) by someone (``user``)."""
        with self.lock:
            return self._comment(target, message, at, name, user)

    def _comment(self, target: str, message: str, at: datetime | None, name: str,
                 user: str) -> dict[str, Any]:  # fmt: skip
        parent = self.comments.get(target)
        post_id = parent["post_id"] if parent else target
        if not any(p["id"] == post_id for p in self.posts):
            raise KeyError(target)
        comment_id = f"{post_id.split('_')[1]}_{self.new_id()}"
        made = {"id": comment_id, "message": message, "created_time": graph_time(at or self.now()),
                "from": {"name": name, "id": user}, "post_id": post_id,
                "parent": {"id": target} if parent else None,
                "permalink_url": f"https://www.facebook.com/{post_id}?comment_id={comment_id}"}  # fmt: skip
        self.comments[comment_id] = made
        return made

    def media_item(self, caption: str, at: datetime | None = None) -> dict[str, Any]:
        with self.lock:
            return self._media(caption, "https://img.example/x.jpg", at)

    def _media(self, caption: str, image_url: str, at: datetime | None = None) -> dict[str, Any]:
        media_id = "179" + self.new_id()
        made = {"id": media_id, "caption": caption, "media_type": "IMAGE", "media_url": image_url,
                "timestamp": graph_time(at or self.now()), "like_count": 0,
                "permalink": f"https://www.instagram.com/p/Fake{media_id}/"}  # fmt: skip
        self.media.append(made)
        return made

    def ig_comment(self, target: str, text: str, at: datetime | None = None,
                   username: str = "visitor.one") -> dict[str, Any]:  # fmt: skip
        with self.lock:
            return self._ig_comment(target, text, at, username)

    def _ig_comment(self, target: str, text: str, at: datetime | None,
                    username: str) -> dict[str, Any]:  # fmt: skip
        parent = self.ig_comments.get(target)
        media_id = parent["media_id"] if parent else target
        if not any(m["id"] == media_id for m in self.media):
            raise KeyError(target)
        if parent and parent.get("parent_id"):  # replies to a reply go to the top-level comment
            target = parent["parent_id"]
        made: dict[str, Any] = {"id": "178" + self.new_id(), "text": text, "username": username,
                "timestamp": graph_time(at or self.now()), "media_id": media_id,
                "parent_id": target if parent else None}  # fmt: skip
        self.ig_comments[str(made["id"])] = made
        return made

    def delete(self, object_id: str) -> None:
        with self.lock:
            self.posts = [p for p in self.posts if p["id"] != object_id]
            self.media = [m for m in self.media if m["id"] != object_id]


class GraphHandler(Handler):
    @property
    def graph(self) -> Graph:
        platform = self.server.platform
        assert isinstance(platform, Graph)
        return platform

    def _params(self) -> dict[str, str]:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        if self.command == "POST":
            kind = self.headers.get("Content-Type") or ""
            if kind.startswith("application/json"):
                body = self.json_body()
                query.update({k: [str(v)] for k, v in body.items()})
            else:
                form = parse_qs(self.body.decode(), keep_blank_values=True)
                query.update(form)
        return {k: v[-1] for k, v in query.items()}

    def _route(self) -> tuple[str, str | None] | None:
        parts = [p for p in urlsplit(self.path).path.split("/") if p]
        if len(parts) not in (2, 3) or parts[0] != VERSION:
            self.answer(400, error(2500, "Unknown path components", None, "OAuthException"))
            return None
        return parts[1], (parts[2] if len(parts) == 3 else None)

    def _authorised(self, fault: str | None, params: dict[str, str]) -> bool:
        bearer = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        token = params.get("access_token") or bearer
        if not token:
            self.answer(400, error(2500, "An active access token must be used to query "
                                   "information about the current user."))  # fmt: skip
            return False
        if fault == "401" or token != self.graph.token:
            self.answer(400, EXPIRED, {"WWW-Authenticate": 'OAuth "Facebook Platform" '
                                       '"invalid_token" "Session has expired"'})  # fmt: skip
            return False
        return True

    def _start(self) -> tuple[str, str | None, dict[str, str], str | None] | None:
        done, fault = self.begin()
        if done:
            return None
        if fault == "throttle":
            headers, body = self.graph.throttled()
            self.answer(400, body, headers)
            return None
        params = self._params()
        if not self._authorised(fault, params):
            return None
        route = self._route()
        if route is None:
            return None
        return route[0], route[1], params, fault

    # ------------------------------------------------------------------------ POST

    def do_POST(self) -> None:
        started = self._start()
        if started is None:
            return
        node, edge, params, fault = started
        graph = self.graph
        with graph.lock:
            made = self._create(node, edge, params)
        if made is None:
            return
        if fault == "after":  # made, but the client never hears of it
            self.close_connection = True
            return
        if graph.post_delay:
            time.sleep(graph.post_delay)
        self.answer(200, made)

    def _create(self, node: str, edge: str | None, params: dict[str, str]) -> dict[str, Any] | None:
        graph = self.graph
        if edge in ("feed", "comments", "replies") and not params.get("message", "").strip():
            self.answer(400, error(100, "(#100) The parameter message is required",
                                   None, "OAuthException"))  # fmt: skip
            return None
        if node == PAGE_ID and edge == "feed":
            return {"id": graph._post(params["message"])["id"]}
        if edge == "comments" and (
            node in graph.comments or any(p["id"] == node for p in graph.posts)
        ):
            made = graph._comment(node, params["message"], None, "Hospital Page", PAGE_ID)
            return {"id": made["id"]}
        if edge == "replies" and node in graph.ig_comments:
            return {"id": graph._ig_comment(node, params["message"], None, IG_USERNAME)["id"]}
        if node == IG_USER_ID and edge == "media":
            if not params.get("image_url"):
                self.answer(400, error(9004, "Only photo or video can be accepted as media type.",
                                       2207052, "OAuthException"))  # fmt: skip
                return None
            container = "1790" + graph.new_id()
            graph.containers[container] = {"caption": params.get("caption", ""),
                                           "image_url": params["image_url"], "published": None}  # fmt: skip
            return {"id": container}
        if node == IG_USER_ID and edge == "media_publish":
            box = graph.containers.get(params.get("creation_id", ""))
            if box is None:
                self.answer(400, error(100, "Invalid parameter", 2207006, "OAuthException"))
                return None
            if box["published"] is None:  # publishing a container twice gives one post
                box["published"] = graph._media(box["caption"], box["image_url"])["id"]
            return {"id": box["published"]}
        self.answer(400, GONE)
        return None

    # ------------------------------------------------------------------------ GET

    def do_GET(self) -> None:
        started = self._start()
        if started is None:
            return
        node, edge, params, _fault = started
        with self.graph.lock:
            status, body = self._read(node, edge, params)
        self.answer(status, body)

    def _read(self, node: str, edge: str | None, params: dict[str, str]) -> tuple[int, Any]:
        graph = self.graph
        fields = params.get("fields", "")
        if edge is None:
            return self._node(node, fields)
        if edge == "insights":
            return self._insights(node, params.get("metric", ""))
        if node == PAGE_ID and edge in ("feed", "published_posts"):
            rows = [_pick(p, fields) for p in reversed(graph.posts)]
            return 200, self._page(rows, params)
        if node == IG_USER_ID and edge == "media":
            rows = [_pick(m, fields) for m in reversed(graph.media)]
            return 200, self._page(rows, params)
        if edge == "comments" and (
            node in graph.comments or any(p["id"] == node for p in graph.posts)
        ):
            return 200, self._page(self._fb_comments(node, params), params)
        if edge == "comments" and any(m["id"] == node for m in graph.media):
            rows = [self._ig_row(c, fields) for c in graph.ig_comments.values()
                    if c["media_id"] == node and c["parent_id"] is None]  # fmt: skip
            return 200, self._page(list(reversed(rows)), params)  # newest first
        if edge == "replies" and node in graph.ig_comments:
            rows = [_pick(c, fields) for c in graph.ig_comments.values() if c["parent_id"] == node]
            return 200, self._page(rows, params)
        return 400, GONE

    def _node(self, node: str, fields: str) -> tuple[int, Any]:
        graph = self.graph
        if node == IG_USER_ID:
            return 200, {"id": IG_USER_ID, "username": IG_USERNAME}
        post = next((p for p in graph.posts if p["id"] == node), None)
        if post is not None:
            count = sum(1 for c in graph.comments.values() if c["post_id"] == node)
            answer: dict[str, Any] = {"id": node}
            if "shares" in fields and post["shares"]:  # Graph leaves shares out at none
                answer["shares"] = {"count": post["shares"]}
            if "comments.summary(true)" in fields:
                answer["comments"] = {"data": [], "summary": {"order": "ranked",
                                      "total_count": count, "can_comment": True}}  # fmt: skip
            if "reactions.summary(true)" in fields:
                answer["reactions"] = {"data": [], "summary": {"total_count": post["reactions"],
                                                               "viewer_reaction": "NONE"}}  # fmt: skip
            return 200, answer
        media = next((m for m in graph.media if m["id"] == node), None)
        if media is not None:
            count = sum(1 for c in graph.ig_comments.values() if c["media_id"] == node)
            return 200, _pick({**media, "comments_count": count}, fields)
        return 400, GONE

    def _insights(self, node: str, metrics: str) -> tuple[int, Any]:
        graph = self.graph
        is_post = any(p["id"] == node for p in graph.posts)
        if not is_post and not any(m["id"] == node for m in graph.media):
            return 400, GONE
        if node in graph.no_insights:
            return 403, error(10, "(#10) Application does not have permission for this action",
                              None, "OAuthException")  # fmt: skip
        names = [m for m in metrics.split(",") if m]
        known = FB_METRICS if is_post else IG_METRICS
        if not names or any(n not in known for n in names):
            return 400, error(100, "(#100) The value must be a valid insights metric", None,
                              "OAuthException")  # fmt: skip
        values = graph.insights.get(node, {})
        data = [{"name": n, "period": "lifetime", "values": [{"value": values.get(n, 0)}],
                 "title": n, "description": n, "id": f"{node}/insights/{n}/lifetime"}
                for n in names]  # fmt: skip
        return 200, {"data": data}

    def _fb_comments(self, node: str, params: dict[str, str]) -> list[dict[str, Any]]:
        graph = self.graph
        stream = params.get("filter") == "stream"
        if node in graph.comments:  # a comment's replies
            found = [c for c in graph.comments.values() if (c["parent"] or {}).get("id") == node]
        else:
            found = [c for c in graph.comments.values()
                     if c["post_id"] == node and (stream or c["parent"] is None)]  # fmt: skip
        if "since" in params:
            since = int(params["since"])
            found = [c for c in found if _when(c["created_time"]) >= since]  # inclusive
        found.sort(key=lambda c: (_when(c["created_time"]), int(c["id"].split("_")[1])),
                   reverse=params.get("order") == "reverse_chronological")  # fmt: skip
        fields = params.get("fields", "")
        return [_pick(c, fields) for c in found]

    def _ig_row(self, comment: dict[str, Any], fields: str) -> dict[str, Any]:
        row = _pick(comment, fields)
        if "replies{" in fields:
            inner = fields.split("replies{", 1)[1].split("}", 1)[0]
            replies = [_pick(r, inner) for r in self.graph.ig_comments.values()
                       if r["parent_id"] == comment["id"]]  # fmt: skip
            if replies:
                row["replies"] = {"data": replies}
        return row

    def _page(self, rows: list[dict[str, Any]], params: dict[str, str]) -> dict[str, Any]:
        limit = min(int(params.get("limit") or 25), 100)
        start = _offset(params.get("after"))
        page = rows[start : start + limit]
        answer: dict[str, Any] = {"data": page}
        if page:
            cursors = {"before": _cursor(start), "after": _cursor(start + len(page))}
            answer["paging"] = {"cursors": cursors}
            if start + len(page) < len(rows):
                query = {**params, "after": cursors["after"]}
                answer["paging"]["next"] = (f"{self.graph.url}{urlsplit(self.path).path}?"
                                            + urlencode(query))  # fmt: skip
        return answer


def _pick(row: dict[str, Any], fields: str) -> dict[str, Any]:
    """``row`` with the requested fields only (``id`` always; ``parent{id}`` as ``parent``)."""
    names = {f.split("{", 1)[0].split(".", 1)[0] for f in _top_level(fields)} | {"id"}
    return {k: v for k, v in row.items() if k in names and v is not None}


def _top_level(fields: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in fields:
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += (char == "{") - (char == "}")
        current += char
    return [*parts, current] if current else parts


def _when(value: str) -> int:
    return int(datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z").timestamp())


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    return int(base64.urlsafe_b64decode(cursor.encode()).decode().removeprefix("offset:"))


@contextmanager
def running(slow_seconds: float = 1.0) -> Iterator[Graph]:
    """A fake Graph API on a free loopback port; ``graph.url`` is its base URL."""
    graph = Graph()
    graph.slow_seconds = slow_seconds
    with serving(graph, GraphHandler) as served:
        yield served


def ago(seconds: float) -> datetime:
    return datetime.now(UTC) - timedelta(seconds=seconds)
