"""X (Twitter) API v2: publish posts, read mentions and replies, report metrics.

Documented at docs.x.com (x-api/posts, x-api/fundamentals, fundamentals/authentication):

- auth: OAuth 2.0 Authorization Code with PKCE, user context (scopes ``tweet.read
  tweet.write users.read offline.access``). Access tokens live two hours (``expires_in:
  7200``); ``OAuth2`` refreshes them at ``POST {base}/2/oauth2/token`` (``grant_type=
  refresh_token``; confidential clients authenticate with HTTP Basic ``client_id:
  client_secret``, public clients send ``client_id`` in the form). X rotates refresh tokens:
  each works once, and the new one is stored at once (``TokenStore.save``).
- publish: ``POST /2/tweets`` with JSON ``{"text": ..., "reply": {"in_reply_to_tweet_id":
  ...}}`` → 201 ``{"data": {"id", "text"}}``; the post's address is
  ``https://x.com/i/web/status/{id}``. X takes no idempotency key (``idempotent_for =
  None``), but refuses the same text twice in a row: 403 ``{"detail": "You are not allowed to
  create a Tweet with duplicate content.", ...}``. That answer is evidence that the text went
  out already (a retry after a lost answer): the earlier post is looked up with ``find`` and
  returned; if it is not found (an older post with the same text), ``ChannelRejected``.
- find: ``GET /2/users/{id}/tweets?max_results=20&tweet.fields=created_at,text,note_tweet``
  (newest first) searched for the text; see ``same_text`` for how X's rewriting of the text
  is undone. Posts created before the approved version (``Outgoing.at``, less a two-minute
  margin for clock skew) do not count.
- fetch: ``GET /2/users/{id}/mentions`` with ``since_id`` (exclusive), ``max_results=100``,
  ``pagination_token``, ``tweet.fields=created_at,author_id,conversation_id,
  in_reply_to_user_id,referenced_tweets,edit_history_tweet_ids``, ``expansions=author_id``,
  ``user.fields=username`` → ``{"data": [...] (newest first), "includes": {"users": [...]},
  "meta": {"newest_id", "oldest_id", "result_count", "next_token"}}``. With a cursor, pages
  are followed through ``next_token`` (at most 20, more than the 800 most recent mentions X
  keeps); without one only the newest page is read. The cursor is the newest id seen (ids
  are numeric strings, compared as integers). An account with no mentions yet gets a cursor
  made from the current time (a snowflake id, five minutes back), so every later mention is
  read. An edited post has a new id and ``edit_history_tweet_ids`` (oldest first): it is
  reported under the original id with ``edited_at``, so ingestion updates the same item.
- metrics: ``GET /2/tweets?ids=...`` (at most 100) with ``tweet.fields=public_metrics,
  non_public_metrics``, ``expansions=attachments.media_keys``, ``media.fields=public_metrics``
  (``view_count`` of videos). Ids X no longer has come back in ``errors`` ("Not Found Error")
  and are left out. Non-public metrics exist only for posts of the last 30 days.

Errors are problem JSON ``{"title", "detail", "type", "status"}`` or ``{"errors": [...]}``; a
429 carries ``x-rate-limit-limit``, ``x-rate-limit-remaining`` and ``x-rate-limit-reset``
(epoch seconds). Everything goes through ``check``; messages never contain post text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
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
)
from socialrx.channels.oauth import OAuth2, Tokens, TokenStore
from socialrx.errors import ChannelRejected, ConfigError

if TYPE_CHECKING:
    import httpx

BASE_URL = "https://api.x.com"
PAGE = 100  # mentions per request (X allows 5–100)
MAX_PAGES = 20  # per fetch
FIND_LAST = 20  # the account's most recent posts searched by ``find``
FIND_MARGIN = timedelta(minutes=2)  # clock skew allowed before ``Outgoing.at``
METRICS_BATCH = 100  # ids per ``GET /2/tweets``
TWEPOCH_MS = 1288834974657  # X's snowflake epoch (2010-11-04T01:42:54.657Z)
MENTION_FIELDS = ("created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,"
                  "edit_history_tweet_ids")  # fmt: skip
DUPLICATE = "duplicate content"
TCO = re.compile(r"https?://t\.co/[A-Za-z0-9]+")


def snowflake(at: datetime) -> str:
    """The smallest X id a post made at ``at`` can have (ids are time-ordered snowflakes)."""
    return str(max(int(at.timestamp() * 1000) - TWEPOCH_MS, 0) << 22)


def same_text(sent: str, shown: str) -> bool:
    """Whether X's ``shown`` text of a post is the ``sent`` text. X rewrites what it stores:
    every link (``https://…``, ``http://…`` and bare domains such as ``example.org``) becomes a
    ``https://t.co/…`` link, and ``&``, ``<``, ``>`` come back as HTML entities. So each t.co
    link in ``shown`` matches any run of non-space characters at the same position in
    ``sent``, the text between links is compared exactly after decoding the entities (and, in
    case X left them alone, also as it came), and leading and trailing white space is ignored."""
    wanted = sent.strip()
    parts = TCO.split(shown.strip())
    for decode in (html.unescape, str):
        pattern = r"\S+".join(re.escape(decode(part)) for part in parts)
        if re.fullmatch(pattern, wanted, flags=re.DOTALL):
            return True
    return False


@dataclass
class X:
    """``oauth`` holds the account's user tokens (``OAuth2(basic=True)`` with the token URL
    ``{base_url}/2/oauth2/token``); ``user_id`` is the account's numeric id (read once from
    ``GET /2/users/me`` when not given)."""

    oauth: OAuth2
    client: httpx.Client
    user_id: str | None = None
    base_url: str = BASE_URL
    name: str = "x"
    idempotent_for: timedelta | None = None  # POST /2/tweets takes no idempotency key
    clock: Callable[[], datetime] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, settings: Mapping[str, Any], credentials: Mapping[str, Any],
           client: httpx.Client, store: TokenStore | None = None) -> X:  # fmt: skip
        """The connector of a channel account. Settings: ``client_id`` (required), ``user_id``
        and ``base_url`` (optional). Credentials: ``access_token``, ``refresh_token``,
        ``expires_at`` and, for a confidential client, ``client_secret``."""
        base_url = settings.get("base_url") or BASE_URL
        client_id, user_id = settings.get("client_id"), settings.get("user_id")
        secret = credentials.get("client_secret")
        if not isinstance(base_url, str) or not base_url.startswith(("https://", "http://")):
            raise ConfigError("an x channel's base_url must be an https:// URL")
        if not isinstance(client_id, str) or not client_id:
            raise ConfigError("an x channel needs client_id: the app's OAuth 2.0 client id")
        if user_id is not None and not (isinstance(user_id, str) and user_id.isdigit()):
            raise ConfigError("an x channel's user_id is the account's numeric id")
        base = base_url.rstrip("/")
        oauth = OAuth2("x", f"{base}/2/oauth2/token", client_id,
                       secret if isinstance(secret, str) and secret else None,
                       Tokens.of("x", credentials), client, store=store, basic=True)  # fmt: skip
        return cls(oauth, client, user_id=user_id, base_url=base)

    # ------------------------------------------------------------------------ HTTP

    def _url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def _now(self) -> datetime:
        return self.clock() if self.clock is not None else datetime.now(UTC)

    def _call(self, verb: str, path: str, **kwargs: Any) -> Any:
        answer = self.oauth.request(verb, self._url(path), **kwargs)
        check(self.name, answer)
        return _json(self.name, answer)

    def _me(self) -> str:
        if self.user_id is None:
            me = (self._call("GET", "/2/users/me") or {}).get("data") or {}
            if not isinstance(me, dict) or not str(me.get("id") or "").isdigit():
                raise ChannelRejected(f"{self.name}: /2/users/me did not name the account")
            self.user_id = str(me["id"])
        return self.user_id

    # ------------------------------------------------------------------------ the seam

    def publish(self, post: Outgoing) -> Published:
        body: dict[str, Any] = {"text": post.text}
        if post.in_reply_to:
            body["reply"] = {"in_reply_to_tweet_id": post.in_reply_to}
        answer = self.oauth.request("POST", self._url("/2/tweets"), json=body)
        if answer.status_code == 403 and _duplicate(answer):
            found = self.find(post)
            if found is not None:  # it went out already (an earlier answer was lost)
                return found
            raise ChannelRejected(f"{self.name} answered HTTP 403: the same text was posted "
                                  "before, and is not among the account's recent posts", 403)  # fmt: skip
        if answer.status_code == 403 and _refused(answer):
            raise ChannelRejected(f"{self.name} answered HTTP 403: X does not allow this post "
                                  "(e.g. a reply where the author restricted replies)", 403)  # fmt: skip
        check(self.name, answer)
        data = (_json(self.name, answer) or {}).get("data") or {}
        if not isinstance(data, dict) or not str(data.get("id") or "").isdigit():
            raise ChannelRejected(f"{self.name}: the answer to a new post lacks its id")
        return Published(str(data["id"]), _web_url(str(data["id"])))

    def find(self, post: Outgoing) -> Published | None:
        """The account's post with this text among its 20 most recent (not older than
        ``post.at``, less two minutes), matched with ``same_text``; long posts are compared
        by their ``note_tweet`` text."""
        params = {"max_results": FIND_LAST, "tweet.fields": "created_at,text,note_tweet"}
        page = self._call("GET", f"/2/users/{self._me()}/tweets", params=params) or {}
        since = post.at - FIND_MARGIN if post.at is not None else None
        for tweet in page.get("data") or []:
            if not isinstance(tweet, dict):
                continue
            created = parse_time(tweet.get("created_at"))
            if since is not None and created is not None and created < since:
                continue
            note = tweet.get("note_tweet")
            shown = note.get("text") if isinstance(note, dict) and note.get("text") else None
            if same_text(post.text, str(shown or tweet.get("text") or "")):
                return Published(str(tweet["id"]), _web_url(str(tweet["id"])))
        return None

    def fetch(self, since: str | None) -> Fetched:
        me = self._me()
        tweets: dict[str, dict[str, Any]] = {}
        users: dict[str, str] = {}
        newest = int(since) if since is not None and since.isdigit() else None
        token: str | None = None
        more = False
        for _ in range(MAX_PAGES):
            params: dict[str, Any] = {"max_results": PAGE, "tweet.fields": MENTION_FIELDS,
                                      "expansions": "author_id", "user.fields": "username"}  # fmt: skip
            if since is not None:
                params["since_id"] = since
            if token:
                params["pagination_token"] = token
            page = self._call("GET", f"/2/users/{me}/mentions", params=params) or {}
            for user in (page.get("includes") or {}).get("users") or []:
                if isinstance(user, dict) and user.get("id") is not None:
                    users[str(user["id"])] = str(user.get("username") or "")
            for tweet in page.get("data") or []:
                if isinstance(tweet, dict) and str(tweet.get("id") or "").isdigit():
                    tweets[str(tweet["id"])] = tweet
                    newest = max(newest or 0, int(tweet["id"]))
            token = (page.get("meta") or {}).get("next_token")
            more = bool(token)
            if since is None or not token:
                break  # the first run reads the newest page only
        items = [self._incoming(t, users, me) for _, t in sorted(tweets.items(),
                                                                  key=lambda kv: int(kv[0]))]  # fmt: skip
        cursor = str(newest) if newest is not None else None
        if cursor is None:  # no mentions yet: everything from now on is new
            cursor = snowflake(self._now() - timedelta(minutes=5))
        extra = {"truncated": "true"} if since is not None and more else {}
        return Fetched([i for i in items if i is not None], cursor, extra)

    def _incoming(self, tweet: dict[str, Any], users: Mapping[str, str],
                  me: str) -> Incoming | None:  # fmt: skip
        author = str(tweet.get("author_id") or "")
        if author == me:
            return None  # the account's own post (a thread that names it)
        replied = next((str(r.get("id")) for r in tweet.get("referenced_tweets") or []
                        if isinstance(r, dict) and r.get("type") == "replied_to"), None)  # fmt: skip
        kind: Kind = "reply" if replied and str(tweet.get("in_reply_to_user_id")) == me else (
            "mention")  # fmt: skip
        history = [str(i) for i in tweet.get("edit_history_tweet_ids") or []]
        created = parse_time(tweet.get("created_at")) or self._now()
        edited = len(history) > 1
        return Incoming(
            platform=self.name, external_id=history[0] if edited else str(tweet["id"]),
            text=html.unescape(str(tweet.get("text") or "")),
            author_handle="@" + (users.get(author) or author or "unknown"),
            created_at=created, kind=kind, url=_web_url(str(tweet["id"])),
            in_reply_to=replied, edited_at=created if edited else None,
        )  # fmt: skip

    # ------------------------------------------------------------------------ metrics

    def metrics(self, external_ids: Sequence[str]) -> Mapping[str, Metrics]:
        found: dict[str, Metrics] = {}
        ids = [i for i in dict.fromkeys(external_ids) if i.isdigit()]
        for start in range(0, len(ids), METRICS_BATCH):
            params = {"ids": ",".join(ids[start : start + METRICS_BATCH]),
                      "tweet.fields": "public_metrics,non_public_metrics",
                      "expansions": "attachments.media_keys", "media.fields": "public_metrics"}  # fmt: skip
            page = self._call("GET", "/2/tweets", params=params) or {}
            views = {str(m.get("media_key")): _int((m.get("public_metrics") or {})
                                                   .get("view_count"))
                     for m in (page.get("includes") or {}).get("media") or []
                     if isinstance(m, dict) and m.get("type") in ("video", "animated_gif")}  # fmt: skip
            for tweet in page.get("data") or []:
                if isinstance(tweet, dict) and tweet.get("id") is not None:
                    found[str(tweet["id"])] = _metrics(tweet, views)
        return found


def _metrics(tweet: dict[str, Any], views: Mapping[str, int | None]) -> Metrics:
    public = tweet.get("public_metrics") or {}
    private = tweet.get("non_public_metrics") or {}
    shares = [_int(public.get(k)) for k in ("retweet_count", "quote_count")]
    keys = [str(k) for k in (tweet.get("attachments") or {}).get("media_keys") or []]
    watched = [views[k] for k in keys if views.get(k) is not None]
    impressions = _int(public.get("impression_count"))
    return Metrics(
        impressions=impressions if impressions is not None
        else _int(private.get("impression_count")),
        reactions=_int(public.get("like_count")), comments=_int(public.get("reply_count")),
        shares=None if all(s is None for s in shares) else sum(s or 0 for s in shares),
        clicks=_int(private.get("url_link_clicks")),
        video_views=sum(v or 0 for v in watched) if watched else None,
    )  # fmt: skip


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _said(answer: httpx.Response) -> list[str]:
    """What an error answer says, lower-cased: problem JSON ``detail`` and ``errors`` messages
    (matched against known phrases only; never repeated in our messages)."""
    try:
        data = answer.json()
    except ValueError:
        return []
    if not isinstance(data, dict):
        return []
    said = [data.get("detail")] + [e.get("message") for e in data.get("errors") or []
                                   if isinstance(e, dict)]  # fmt: skip
    return [s.lower() for s in said if isinstance(s, str)]


def _duplicate(answer: httpx.Response) -> bool:
    """X's 403 for a text the account posted just before."""
    return any(DUPLICATE in s for s in _said(answer))


def _refused(answer: httpx.Response) -> bool:
    """A 403 about the post, not the credentials: X says the action is "not allowed" (reply
    restrictions, protected conversations), while its credential 403s name the client or
    token (``client-not-enrolled``, "Unsupported Authentication")."""
    return any("not allowed" in s for s in _said(answer))


def _web_url(identifier: str) -> str:
    return f"https://x.com/i/web/status/{identifier}"


def _json(platform: str, answer: httpx.Response) -> Any:
    try:
        return answer.json()
    except ValueError:
        raise ChannelRejected(f"{platform} answered with something that is not JSON") from None
