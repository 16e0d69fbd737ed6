"""Facebook Pages and Instagram professional accounts through the Meta Graph API
(``https://graph.facebook.com/{version}/…``; the token goes as the documented ``access_token``
parameter: in the query of a GET, in the form body of a POST).

Facebook Page (a Page access token with ``pages_manage_posts``, ``pages_read_engagement``,
``pages_read_user_content``, ``pages_manage_engagement``, ``read_insights``):

- publish: ``POST /{page-id}/feed`` with ``message`` answers ``{"id": "{page-id}_{post-id}"}``; a
  reply to a comment (``Outgoing.in_reply_to`` is the comment's id) is ``POST
  /{comment-id}/comments`` with ``message`` (developers.facebook.com/docs/pages-api/posts,
  /docs/graph-api/reference/object/comments).
- fetch: the Page's recent posts (``GET /{page-id}/feed?fields=id,created_time``), then each
  post's ``GET /{post-id}/comments?filter=stream&order=chronological&since=…&fields=id,message,
  from,created_time,parent{id},permalink_url`` (``filter``, ``order`` and ``since`` as in
  /docs/graph-api/reference/page-post/comments), paged with ``paging.cursors.after`` while a
  ``paging.next`` is given. The Page's own comments are left out.
- find: ``GET /{page-id}/published_posts?fields=id,message,created_time,permalink_url`` (the
  newest 50), or the comment's replies for a reply.
- metrics: ``GET /{post-id}?fields=shares,comments.summary(true).limit(0),reactions.summary(true)
  .limit(0)`` and ``GET /{post-id}/insights?metric=post_media_view,post_total_media_view_unique,
  post_clicks``. ``post_impressions`` and ``post_impressions_unique`` are deprecated for every
  version (developers.facebook.com/documentation/pages-api/platforminsights/page/deprecated-metrics
  and developers.facebook.com/blog/post/2025/08/15/page-insights-api-updates: "impressions" is
  replaced by "views"); ``post_media_view`` counts views, ``post_total_media_view_unique`` reach.

Instagram professional account via Facebook Login (the Page token of the linked Page, with
``instagram_basic``, ``instagram_content_publish``, ``instagram_manage_comments``,
``instagram_manage_insights``):

- publish: two steps (developers.facebook.com/docs/instagram-platform/content-publishing):
  ``POST /{ig-user-id}/media`` with ``image_url`` and ``caption`` answers a container
  ``{"id"}``, then ``POST /{ig-user-id}/media_publish`` with ``creation_id`` answers the media
  ``{"id"}``. Instagram has no text-only posts: the connector's ``image_url`` (public, https) is
  the image. A reply is ``POST /{ig-comment-id}/replies`` with ``message``
  (…/instagram-graph-api/reference/ig-comment/replies).
- fetch: ``GET /{ig-user-id}/media?fields=id,timestamp``, then ``GET /{ig-media-id}/comments?
  fields=id,text,username,timestamp,replies{id,text,username,timestamp}`` (the edge has no
  ``since``: times are compared here). The account's own comments are left out.
- find: ``GET /{ig-user-id}/media?fields=id,caption,timestamp,permalink`` (the newest 50).
- metrics: ``GET /{ig-media-id}?fields=like_count,comments_count`` and ``GET
  /{ig-media-id}/insights?metric=views,reach,shares`` (``impressions`` is deprecated from v22.0:
  …/instagram-platform/reference/instagram-media/insights).

Cursor of ``fetch``: the newest comment time seen (epoch seconds) and the ids seen at that very
second, ``"1763712000:123_456,123_789"``; the next fetch asks for comments since a second before
and skips only those ids, so nothing is lost and nothing read twice. Without a cursor only the
newest page of comments per post is read (no back-fill); with none yet the cursor is ``"0"``.

Errors (developers.facebook.com/docs/graph-api/guides/error-handling) come as ``{"error":
{"message", "type", "code", "error_subcode", "fbtrace_id"}}``, mostly with HTTP 400, so the
code decides: 190 (and 102) an invalid or expired token and 10 or 200–299 a missing permission:
``ChannelAuthError``; 4, 17, 32, 613 and the Business Use Case codes 80000–80014 throttling
(/docs/graph-api/overview/rate-limiting): ``RateLimitedError`` until the largest
``estimated_time_to_regain_access`` (minutes) of the ``X-Business-Use-Case-Usage`` /
``X-App-Usage`` headers, else ``Retry-After``, else a minute; 1, 2 or ``is_transient``:
``ChannelUnavailable``; a post that is gone is 100 with subcode 33 (or HTTP 404). Messages name
the platform, the status and the Graph code, never Graph's own message (which can quote input)
nor the text. Graph has no idempotency keys (``idempotent_for`` is ``None``): a publish whose
answer was lost is settled by ``find``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from socialrx.channels.base import (
    DEFAULT_WAIT,
    MAX_WAIT,
    Fetched,
    Incoming,
    Metrics,
    Outgoing,
    Published,
    parse_time,
    retry_at,
    transport,
)
from socialrx.errors import (
    ChannelAuthError,
    ChannelError,
    ChannelRejected,
    ChannelUnavailable,
    ConfigError,
    RateLimitedError,
)

if TYPE_CHECKING:
    import httpx

GRAPH = "https://graph.facebook.com"
VERSION = "v24.0"
POSTS = 25  # recent posts (media) whose comments are read
PAGE = 100  # comments per request
MAX_PAGES = 20  # per post and fetch; the cursor lets the next fetch go on
RECENT = 50  # posts searched by ``find``
MARGIN = timedelta(minutes=5)  # clock skew allowed between ``Outgoing.at`` and the post's time
AUTH_CODES = frozenset({102, 190})
RATE_CODES = frozenset({4, 17, 32, 613}) | frozenset(range(80000, 80015))
GONE_SUBCODE = 33  # code 100: "Object with ID … does not exist"


# ----------------------------------------------------------------------------- errors


def graph_error(response: httpx.Response) -> dict[str, Any]:
    """The ``error`` object of a Graph answer (empty when there is none)."""
    try:
        body = response.json()
    except ValueError:
        return {}
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def gone(response: httpx.Response) -> bool:
    """The object asked for does not exist (deleted, or never was)."""
    if response.status_code == 404:
        return True
    error = graph_error(response)
    return _int(error.get("code")) == 100 and _int(error.get("error_subcode")) == GONE_SUBCODE


def regain_at(headers: Mapping[str, str], now: datetime) -> datetime | None:
    """When Graph allows calls again: the largest ``estimated_time_to_regain_access`` (minutes)
    in the ``X-Business-Use-Case-Usage`` or ``X-App-Usage`` header, capped at a day."""
    lower = {k.lower(): v for k, v in headers.items()}
    minutes = 0.0
    for name in ("x-business-use-case-usage", "x-app-usage", "x-page-usage"):
        try:
            usage = json.loads(lower.get(name) or "null")
        except ValueError:
            continue
        for value in _regain_values(usage):
            minutes = max(minutes, value)
    if minutes <= 0:
        return None
    return now + min(timedelta(minutes=minutes), MAX_WAIT)


def _regain_values(usage: Any) -> Iterator[float]:
    if isinstance(usage, dict):
        for key, value in usage.items():
            if key == "estimated_time_to_regain_access" and isinstance(value, int | float):
                yield float(value)
            else:
                yield from _regain_values(value)
    elif isinstance(usage, list):
        for value in usage:
            yield from _regain_values(value)


def check_graph(platform: str, response: httpx.Response, now: datetime | None = None) -> None:
    """Raise the ``ChannelError`` a Graph answer means (nothing for a success): by the Graph
    error code first (Graph answers most errors with HTTP 400), then by the HTTP status."""
    status = response.status_code
    if status < 400:
        return
    now = now or datetime.now(UTC)
    error = graph_error(response)
    code, sub = _int(error.get("code")), _int(error.get("error_subcode"))
    what = f"{platform} answered HTTP {status}"
    if code is not None:
        what += f" (Graph error {code}{f'/{sub}' if sub else ''})"
    if code in AUTH_CODES:
        raise ChannelAuthError(f"{what}: the access token is invalid or expired; connect the "
                               "account again", status)  # fmt: skip
    if code == 10 or (code is not None and 200 <= code <= 299):
        raise ChannelAuthError(f"{what}: the access token lacks a permission this needs; "
                               "connect the account again and grant it", status)  # fmt: skip
    if status in (401, 403):
        raise ChannelAuthError(f"{what}: the credentials are not accepted; connect the "
                               "account again", status)  # fmt: skip
    retry = regain_at(response.headers, now) or retry_at(response.headers, now)
    if code in RATE_CODES or status == 429 or (status == 503 and retry is not None):
        when = retry or now + DEFAULT_WAIT
        raise RateLimitedError(f"{what}: rate limited until {when.isoformat()}", when, status)
    if status >= 500 or code in (1, 2) or error.get("is_transient") is True:
        raise ChannelUnavailable(f"{what}: the platform failed; it will be tried again", status)
    raise ChannelRejected(f"{what}: the platform refused the request", status)


def _json(platform: str, response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise ChannelRejected(f"{platform} answered with something that is not JSON") from None


# ----------------------------------------------------------------------------- cursor


@dataclass(frozen=True)
class Mark:
    """Where a fetch stopped: the newest comment time (epoch seconds) and the ids seen at it."""

    epoch: int | None = None
    ids: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, cursor: str | None) -> Mark:
        if not cursor:
            return cls()
        head, _, tail = cursor.partition(":")
        epoch = _int(head.strip())
        if epoch is None:
            return cls()
        return cls(max(epoch, 0), frozenset(i for i in tail.split(",") if i))

    def text(self) -> str:
        epoch = self.epoch or 0
        return f"{epoch}:{','.join(sorted(self.ids))}" if self.ids else str(epoch)

    def new(self, item: Incoming) -> bool:
        if self.epoch is None:
            return True
        second = _epoch(item.created_at)
        return second > self.epoch or (second == self.epoch and item.external_id not in self.ids)

    def after(self, items: Sequence[Incoming]) -> Mark:
        if not items:
            return self if self.epoch is not None else Mark(0)
        newest = max(_epoch(i.created_at) for i in items)
        ids = {i.external_id for i in items if _epoch(i.created_at) == newest}
        if newest == self.epoch:
            ids |= self.ids
        elif self.epoch is not None and newest < self.epoch:
            return self
        return Mark(newest, frozenset(ids))


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def _same(a: str, b: str) -> bool:
    """The same text, but for the whitespace a platform may trim or fold."""
    return " ".join(a.split()) == " ".join(b.split())


# ----------------------------------------------------------------------------- the connectors


class _Graph:
    """What both connectors share: URLs, the token, JSON answers, paging, error mapping."""

    name: str
    token: str
    client: httpx.Client
    base_url: str
    version: str

    def _url(self, path: str) -> str:
        return f"{self.base_url.rstrip('/')}/{self.version.strip('/')}/{path.lstrip('/')}"

    def _send(self, verb: str, path: str, params: Mapping[str, Any]) -> httpx.Response:
        values = {**params, "access_token": self.token}
        if verb == "GET":
            send = partial(self.client.get, self._url(path), params=values)
        else:
            send = partial(self.client.post, self._url(path), data=values)
        return transport(self.name, send)

    def _call(self, verb: str, path: str, **params: Any) -> Any:
        response = self._send(verb, path, params)
        check_graph(self.name, response)
        answer = _json(self.name, response)
        if not isinstance(answer, dict):
            raise ChannelRejected(f"{self.name}: the answer was not a JSON object")
        return answer

    def _made(self, answer: Mapping[str, Any]) -> str:
        made = answer.get("id")
        if not isinstance(made, str | int) or not str(made):
            raise ChannelRejected(f"{self.name}: the answer names no id")
        return str(made)

    def _edge(self, path: str, params: Mapping[str, Any], pages: int = MAX_PAGES
              ) -> Iterator[dict[str, Any]]:  # fmt: skip
        """The items of an edge, page after page (``paging.cursors.after``)."""
        after: str | None = None
        for _ in range(pages):
            answer = self._call("GET", path, **params, **({"after": after} if after else {}))
            data = answer.get("data")
            if not isinstance(data, list):
                raise ChannelRejected(f"{self.name}: a list answer lacks its data")
            yield from (d for d in data if isinstance(d, dict) and d.get("id"))
            paging = answer.get("paging") or {}
            after = (paging.get("cursors") or {}).get("after")
            if not data or not paging.get("next") or not after:
                return

    def _insights(self, object_id: str, metrics: str) -> dict[str, int]:
        """The insights of one object by metric name; empty where Graph withholds them (a missing
        permission, too few viewers, a metric the object does not have)."""
        response = self._send("GET", f"{object_id}/insights", {"metric": metrics})
        if response.status_code >= 400:
            code = _int(graph_error(response).get("code"))
            if (response.status_code < 500 and code not in AUTH_CODES
                    and code not in RATE_CODES and response.status_code != 429):  # fmt: skip
                return {}
            check_graph(self.name, response)
        found: dict[str, int] = {}
        for entry in _json(self.name, response).get("data") or []:
            value = _metric_value(entry)
            if isinstance(entry, dict) and value is not None:
                found[str(entry.get("name"))] = value
        return found

    def _object(self, object_id: str, fields: str) -> dict[str, Any] | None:
        """One object's fields; ``None`` when the platform no longer has it."""
        response = self._send("GET", object_id, {"fields": fields})
        if gone(response):
            return None
        check_graph(self.name, response)
        answer = _json(self.name, response)
        return answer if isinstance(answer, dict) else None


def _metric_value(entry: Any) -> int | None:
    if not isinstance(entry, dict):
        return None
    total = entry.get("total_value")
    if isinstance(total, dict):
        return _int(total.get("value"))
    values = entry.get("values")
    if isinstance(values, list) and values and isinstance(values[-1], dict):
        return _int(values[-1].get("value"))
    return None


def _count(value: Any, key: str = "count") -> int | None:
    return _int(value.get(key)) if isinstance(value, dict) else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _total(edge: Any) -> int | None:
    """``total_count`` of an edge asked for with ``.summary(true)``."""
    return _count(edge.get("summary"), "total_count") if isinstance(edge, dict) else None


@dataclass
class Facebook(_Graph):
    """A Facebook Page: ``page_id`` and a Page access token (``token``)."""

    page_id: str
    token: str
    client: httpx.Client
    base_url: str = GRAPH
    version: str = VERSION
    posts: int = POSTS
    name: str = "facebook"
    idempotent_for: timedelta | None = None

    def publish(self, post: Outgoing) -> Published:
        if post.in_reply_to:
            answer = self._call("POST", f"{post.in_reply_to}/comments", message=post.text)
            return Published(self._made(answer))
        made = self._made(self._call("POST", f"{self.page_id}/feed", message=post.text))
        return Published(made, f"https://www.facebook.com/{made}")

    def fetch(self, since: str | None) -> Fetched:
        mark = Mark.parse(since)
        recent = self._call("GET", f"{self.page_id}/feed", fields="id,created_time",
                            limit=self.posts).get("data") or []  # fmt: skip
        items: list[Incoming] = []
        params: dict[str, Any] = {
            "fields": "id,message,from,created_time,parent{id},permalink_url",
            "filter": "stream", "limit": PAGE,
            "order": "chronological" if mark.epoch is not None else "reverse_chronological",
        }  # fmt: skip
        if mark.epoch is not None:
            params["since"] = max(mark.epoch - 1, 0)  # inclusive or not, that second comes back
        for post in recent:
            if not isinstance(post, dict) or not post.get("id"):
                continue
            pages = MAX_PAGES if mark.epoch is not None else 1
            for comment in self._edge(f"{post['id']}/comments", params, pages):
                item = self._incoming(comment, str(post["id"]))
                if item is not None and mark.new(item):
                    items.append(item)
        items = _unique(items)
        return Fetched(items, mark.after(items).text())

    def _incoming(self, comment: dict[str, Any], post_id: str) -> Incoming | None:
        author = _dict(comment.get("from"))
        created = parse_time(comment.get("created_time"))
        text = str(comment.get("message") or "")
        if created is None or not text.strip() or str(author.get("id")) == self.page_id:
            return None  # a sticker or photo only, or the Page's own
        parent = _dict(comment.get("parent"))
        return Incoming(
            platform=self.name, external_id=str(comment["id"]), text=text,
            author_handle=str(author.get("name") or author.get("id") or "unknown"),
            created_at=created, kind="comment", url=comment.get("permalink_url"),
            in_reply_to=str(parent.get("id") or post_id),
        )  # fmt: skip

    def find(self, post: Outgoing) -> Published | None:
        """The post (or reply) already published with exactly ``post.text``, if any among the
        newest 50 and not older than ``post.at`` (less a margin for clock skew)."""
        if post.in_reply_to:
            edge = self._edge(f"{post.in_reply_to}/comments",
                              {"fields": "id,message,from,created_time", "filter": "stream",
                               "order": "reverse_chronological", "limit": RECENT}, 1)  # fmt: skip
            for reply in edge:
                mine = str(_dict(reply.get("from")).get("id") or self.page_id) == self.page_id
                text = str(reply.get("message") or "")
                if mine and _same(text, post.text) and _recent(post, reply.get("created_time")):
                    return Published(str(reply["id"]))
            return None
        edge = self._edge(f"{self.page_id}/published_posts",
                          {"fields": "id,message,created_time,permalink_url", "limit": RECENT}, 1)  # fmt: skip
        for found in edge:
            if _same(str(found.get("message") or ""), post.text) and _recent(
                    post, found.get("created_time")):  # fmt: skip
                made = str(found["id"])
                return Published(made, found.get("permalink_url")
                                 or f"https://www.facebook.com/{made}")  # fmt: skip
        return None

    def metrics(self, external_ids: Sequence[str]) -> Mapping[str, Metrics]:
        found: dict[str, Metrics] = {}
        for external_id in external_ids:
            post = self._object(external_id, "shares,comments.summary(true).limit(0),"
                                             "reactions.summary(true).limit(0)")  # fmt: skip
            if post is None:
                continue
            insights = self._insights(external_id,
                                      "post_media_view,post_total_media_view_unique,post_clicks")  # fmt: skip
            found[external_id] = Metrics(
                impressions=insights.get("post_media_view"),
                reach=insights.get("post_total_media_view_unique"),
                reactions=_total(post.get("reactions")), comments=_total(post.get("comments")),
                shares=_count(post.get("shares")) or 0,  # Graph leaves ``shares`` out at none
                clicks=insights.get("post_clicks"),
            )  # fmt: skip
        return found


@dataclass
class Instagram(_Graph):
    """An Instagram professional account: ``user_id`` (the IG User id), the token of the
    linked Page, and ``image_url``: the public https image every new post carries (Instagram
    has no text-only posts; replies and reading need none)."""

    user_id: str
    token: str
    client: httpx.Client
    image_url: str | None = None
    base_url: str = GRAPH
    version: str = VERSION
    posts: int = POSTS
    name: str = "instagram"
    idempotent_for: timedelta | None = None
    _username: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.image_url is not None and not self.image_url.startswith(("https://", "http://")):
            raise ConfigError("an instagram channel's image_url must be a public https:// "
                              "address of the image its posts carry")  # fmt: skip

    def publish(self, post: Outgoing) -> Published:
        if post.in_reply_to:
            answer = self._call("POST", f"{post.in_reply_to}/replies", message=post.text)
            return Published(self._made(answer))
        if not self.image_url:
            raise ChannelRejected("instagram: a post needs an image; set image_url (a public "
                                  "https:// address) in the channel's settings")  # fmt: skip
        container = self._made(self._call("POST", f"{self.user_id}/media",
                                          image_url=self.image_url, caption=post.text))  # fmt: skip
        made = self._made(self._call("POST", f"{self.user_id}/media_publish",
                                     creation_id=container))  # fmt: skip
        return Published(made, self._permalink(made))

    def _permalink(self, media_id: str) -> str | None:
        """The post's address, best effort: the post is made whatever this answers."""
        try:
            found = self._object(media_id, "permalink")
        except ChannelError:
            return None
        link = (found or {}).get("permalink")
        return link if isinstance(link, str) else None

    def fetch(self, since: str | None) -> Fetched:
        mark = Mark.parse(since)
        own = self._own_username()
        recent = self._call("GET", f"{self.user_id}/media", fields="id,timestamp",
                            limit=self.posts).get("data") or []  # fmt: skip
        fields = "id,text,username,timestamp,replies{id,text,username,timestamp}"
        items: list[Incoming] = []
        for media in recent:
            if not isinstance(media, dict) or not media.get("id"):
                continue
            pages = MAX_PAGES if mark.epoch is not None else 1
            for comment in self._edge(f"{media['id']}/comments",
                                      {"fields": fields, "limit": PAGE}, pages):  # fmt: skip
                replies = _dict(comment.get("replies")).get("data") or []
                for one, parent in [(comment, str(media["id"]))] + [
                        (r, str(comment["id"])) for r in replies if isinstance(r, dict)]:  # fmt: skip
                    item = self._incoming(one, parent, own)
                    if item is not None and mark.new(item):
                        items.append(item)
        items = _unique(items)
        return Fetched(items, mark.after(items).text())

    def _own_username(self) -> str:
        if self._username is None:
            self._username = str(self._call("GET", self.user_id, fields="username")
                                 .get("username") or "")  # fmt: skip
        return self._username

    def _incoming(self, comment: dict[str, Any], parent: str, own: str) -> Incoming | None:
        created = parse_time(comment.get("timestamp"))
        text, username = str(comment.get("text") or ""), str(comment.get("username") or "")
        if (
            created is None
            or not comment.get("id")
            or not text.strip()
            or (own and username == own)
        ):
            return None
        return Incoming(
            platform=self.name, external_id=str(comment["id"]), text=text,
            author_handle="@" + (username or "unknown"), created_at=created, kind="comment",
            in_reply_to=parent,
        )  # fmt: skip

    def find(self, post: Outgoing) -> Published | None:
        """The media (or reply) already published with exactly ``post.text``, if any among the
        newest 50 and not older than ``post.at`` (less a margin for clock skew)."""
        if post.in_reply_to:
            edge = self._edge(f"{post.in_reply_to}/replies",
                              {"fields": "id,text,username,timestamp", "limit": RECENT}, 1)  # fmt: skip
            for reply in edge:
                if _same(str(reply.get("text") or ""), post.text) and _recent(
                        post, reply.get("timestamp")):  # fmt: skip
                    return Published(str(reply["id"]))
            return None
        edge = self._edge(
            f"{self.user_id}/media",
            {"fields": "id,caption,timestamp,permalink", "limit": RECENT},
            1,
        )
        for media in edge:
            if _same(str(media.get("caption") or ""), post.text) and _recent(
                    post, media.get("timestamp")):  # fmt: skip
                link = media.get("permalink")
                return Published(str(media["id"]), link if isinstance(link, str) else None)
        return None

    def metrics(self, external_ids: Sequence[str]) -> Mapping[str, Metrics]:
        found: dict[str, Metrics] = {}
        for external_id in external_ids:
            media = self._object(external_id, "like_count,comments_count")
            if media is None:
                continue
            insights = self._insights(external_id, "views,reach,shares")
            found[external_id] = Metrics(
                impressions=insights.get("views"), reach=insights.get("reach"),
                reactions=_int(media.get("like_count")), comments=_int(media.get("comments_count")),
                shares=insights.get("shares"),
            )  # fmt: skip
        return found


def _recent(post: Outgoing, created: Any) -> bool:
    """A post made at ``created`` can be ``post``'s publication (not made before it existed)."""
    if post.at is None:
        return True
    moment = parse_time(created if isinstance(created, str) else None)
    return moment is not None and moment >= post.at - MARGIN


def _unique(items: Sequence[Incoming]) -> list[Incoming]:
    """Oldest first, each comment once (a reply may come both alone and under its parent)."""
    seen: dict[str, Incoming] = {}
    for item in items:
        seen.setdefault(item.external_id, item)
    return sorted(seen.values(), key=lambda i: (i.created_at, i.external_id))
