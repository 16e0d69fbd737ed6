"""Public profile figures of peer organisations' accounts (the competitor benchmark): followers,
following, posts in total, and the counts of their latest posts. Only public numbers are read;
no post text is kept or analysed. Every answer goes through ``check`` (``socialrx.channels.base``),
so a 429 is ``RateLimitedError`` with the platform's reset time, a 5xx ``ChannelUnavailable``; an
account the platform does not know is ``ChannelRejected`` (status 404) naming the handle.

- Mastodon (no auth): ``GET {base}/api/v1/accounts/lookup?acct={user}`` (``id``,
  ``followers_count``, ``following_count``, ``statuses_count``), then ``GET
  {base}/api/v1/accounts/{id}/statuses?exclude_replies=true&exclude_reblogs=true&limit=40``:
  ``favourites_count`` (reactions), ``replies_count`` (comments), ``reblogs_count`` (shares),
  ``created_at``, ``url``. ``base`` is ``https://{domain}`` of ``@user@domain`` unless given.
  The latest 40 posts only.
- Bluesky (public AppView, no auth; ``base`` defaults to ``https://public.api.bsky.app``):
  ``GET {base}/xrpc/app.bsky.actor.getProfile?actor={handle}`` (``followersCount``,
  ``followsCount``, ``postsCount``), then ``GET
  {base}/xrpc/app.bsky.feed.getAuthorFeed?actor={handle}&limit=50&filter=posts_no_replies``:
  ``post.uri``, ``post.record.createdAt``, ``likeCount`` (reactions), ``replyCount``
  (comments), ``repostCount`` + ``quoteCount`` (shares). Items with a ``reason`` (reposts of
  others' posts) are skipped. The URL is ``https://bsky.app/profile/{handle}/post/{rkey}``. The
  latest 50 feed items only. An unknown handle is answered 400 ``Profile not found``.
- X API v2 (a bearer token: an app-only token, or the user token of a connected X channel —
  anything with ``request(verb, url, **kwargs)``, such as ``OAuth2``): ``GET
  {base}/2/users/by/username/{username}?user.fields=public_metrics`` (``followers_count``,
  ``following_count``, ``tweet_count``; an unknown user is a 200 with ``errors`` and no
  ``data``), then ``GET {base}/2/users/{id}/tweets?exclude=replies,retweets&max_results=100&
  tweet.fields=created_at,public_metrics``: ``like_count`` (reactions), ``reply_count``
  (comments), ``retweet_count`` + ``quote_count`` (shares). The latest 100 posts only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from socialrx.channels.base import check, parse_time, transport
from socialrx.channels.bluesky import _web_url as bluesky_url
from socialrx.channels.mastodon import _count, _json
from socialrx.channels.x import BASE_URL as X_BASE_URL
from socialrx.channels.x import _web_url as x_url
from socialrx.errors import ChannelRejected

if TYPE_CHECKING:
    import httpx

BLUESKY_BASE_URL = "https://public.api.bsky.app"
MASTODON_LIMIT = 40  # statuses per request (Mastodon's maximum)
BLUESKY_LIMIT = 50
X_LIMIT = 100


@dataclass(frozen=True)
class PeerPost:
    """One public post of a peer account and its counts (``None``: not reported)."""

    external_id: str
    url: str | None
    published_at: datetime  # UTC, aware
    reactions: int | None
    comments: int | None
    shares: int | None


@dataclass(frozen=True)
class PeerProfile:
    followers: int | None
    following: int | None
    posts_total: int | None
    posts: tuple[PeerPost, ...]


class Requester(Protocol):
    """An authorised HTTP call answered as it came (``OAuth2`` is one; ``Bearer`` another)."""

    def request(self, verb: str, url: str, **kwargs: Any) -> httpx.Response: ...


@dataclass(frozen=True)
class Bearer:
    """Calls with ``Authorization: Bearer {token}`` (an X app-only bearer token)."""

    token: str
    client: httpx.Client
    platform: str = "x"

    def request(self, verb: str, url: str, **kwargs: Any) -> httpx.Response:
        headers = {**(kwargs.pop("headers", None) or {}), "Authorization": f"Bearer {self.token}"}
        return transport(self.platform, partial(self.client.request, verb, url, headers=headers,
                                                **kwargs))  # fmt: skip


def _unknown(platform: str, handle: str) -> ChannelRejected:
    return ChannelRejected(f"{platform} has no public account {handle}; check the handle", 404)


def _get(platform: str, handle: str, client: httpx.Client, url: str, params: Any,
         unknown: tuple[int, ...] = (404,)) -> Any:  # fmt: skip
    """One unauthenticated GET as JSON; the statuses in ``unknown`` mean no such account."""
    answer = transport(platform, partial(client.get, url, params=params,
                                         headers={"Accept": "application/json"}))  # fmt: skip
    if answer.status_code in unknown:
        raise _unknown(platform, handle)
    check(platform, answer)
    return _json(platform, answer)


def _post(external_id: object, url: object, created: object, reactions: int | None,
          comments: int | None, shares: int | None) -> PeerPost | None:  # fmt: skip
    published = parse_time(created if isinstance(created, str) else None)
    if published is None or not external_id:
        return None
    return PeerPost(str(external_id), url if isinstance(url, str) else None, published,
                    reactions, comments, shares)  # fmt: skip


def _sum(*counts: int | None) -> int | None:
    return None if all(c is None for c in counts) else sum(c or 0 for c in counts)


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def mastodon(handle: str, client: httpx.Client, base: str | None = None) -> PeerProfile:
    """``@user@domain``'s public figures and its latest 40 posts (no replies, no boosts)."""
    user, _, domain = handle.strip().lstrip("@").partition("@")
    if not user or not (domain or base):
        raise ChannelRejected(f"a mastodon handle is @user@domain, not {handle!r}")
    root = (base or f"https://{domain}").rstrip("/")
    account = _dict(_get("mastodon", handle, client, f"{root}/api/v1/accounts/lookup",
                         {"acct": user}))  # fmt: skip
    if not account.get("id"):
        raise _unknown("mastodon", handle)
    params = {"exclude_replies": "true", "exclude_reblogs": "true", "limit": MASTODON_LIMIT}
    statuses = _get("mastodon", handle, client,
                    f"{root}/api/v1/accounts/{account['id']}/statuses", params)  # fmt: skip
    posts = (_post(s.get("id"), s.get("url") or s.get("uri"), s.get("created_at"),
                   _count(s, "favourites_count"), _count(s, "replies_count"),
                   _count(s, "reblogs_count"))
             for s in statuses if isinstance(s, dict)) if isinstance(statuses, list) else ()  # fmt: skip
    return PeerProfile(_count(account, "followers_count"), _count(account, "following_count"),
                       _count(account, "statuses_count"),
                       tuple(p for p in posts if p is not None))  # fmt: skip


def bluesky(handle: str, client: httpx.Client, base: str | None = None) -> PeerProfile:
    """``handle``'s public figures and its latest 50 posts (no replies, no reposts)."""
    actor = handle.strip().lstrip("@")
    root = (base or BLUESKY_BASE_URL).rstrip("/") + "/xrpc/"
    profile = _dict(_get("bluesky", handle, client, root + "app.bsky.actor.getProfile",
                         {"actor": actor}, unknown=(400, 404)))  # fmt: skip
    feed = _dict(_get("bluesky", handle, client, root + "app.bsky.feed.getAuthorFeed",
                      {"actor": actor, "limit": BLUESKY_LIMIT, "filter": "posts_no_replies"},
                      unknown=(400, 404)))  # fmt: skip
    shown = str(profile.get("handle") or actor)
    posts: dict[str, PeerPost] = {}
    for item in feed.get("feed") or []:
        view = _dict(_dict(item).get("post"))
        if not view or _dict(item).get("reason"):
            continue  # a repost of someone's post
        uri = str(view.get("uri") or "")
        found = _post(uri, bluesky_url(uri, shown), _dict(view.get("record")).get("createdAt"),
                      _count(view, "likeCount"), _count(view, "replyCount"),
                      _sum(_count(view, "repostCount"), _count(view, "quoteCount")))  # fmt: skip
        if found is not None:
            posts.setdefault(uri, found)
    return PeerProfile(_count(profile, "followersCount"), _count(profile, "followsCount"),
                       _count(profile, "postsCount"), tuple(posts.values()))  # fmt: skip


def x(username: str, requester: Requester, base: str | None = None) -> PeerProfile:
    """``@username``'s public metrics and its latest 100 posts (no replies, no reposts)."""
    name = username.strip().lstrip("@")
    if not name:
        raise ChannelRejected("an x handle is the account's @username")
    root = (base or X_BASE_URL).rstrip("/")

    def get(path: str, params: dict[str, Any]) -> dict[str, Any]:
        answer = requester.request("GET", root + path, params=params)
        check("x", answer)
        return _dict(_json("x", answer))

    user = _dict(get(f"/2/users/by/username/{name}", {"user.fields": "public_metrics"})
                 .get("data"))  # fmt: skip
    if not str(user.get("id") or "").isdigit():
        raise _unknown("x", "@" + name)
    page = get(f"/2/users/{user['id']}/tweets", {
        "exclude": "replies,retweets", "max_results": X_LIMIT,
        "tweet.fields": "created_at,public_metrics"})  # fmt: skip
    posts = []
    for tweet in page.get("data") or []:
        counts = _dict(_dict(tweet).get("public_metrics"))
        found = _post(_dict(tweet).get("id"), x_url(str(_dict(tweet).get("id"))),
                      _dict(tweet).get("created_at"), _count(counts, "like_count"),
                      _count(counts, "reply_count"),
                      _sum(_count(counts, "retweet_count"), _count(counts, "quote_count")))  # fmt: skip
        if found is not None:
            posts.append(found)
    metrics = _dict(user.get("public_metrics"))
    return PeerProfile(_count(metrics, "followers_count"), _count(metrics, "following_count"),
                       _count(metrics, "tweet_count"), tuple(posts))  # fmt: skip
