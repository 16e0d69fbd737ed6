"""LinkedIn organisation pages (versioned REST API, Community Management): publish posts as the
organisation, answer comments, read comments on its recent posts, report share statistics.

Every call sends ``Authorization: Bearer`` (a 3-legged member token, through ``OAuth2``),
``LinkedIn-Version: YYYYMM`` and ``X-Restli-Protocol-Version: 2.0.0`` (Rest.li 2.0: URNs are
percent-encoded in paths and query values, lists are written ``List(a,b)``).
Documented at learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api,
…/shares/comments-api, …/shares/little-text-format, …/organizations/share-statistics,
/linkedin/shared/api-guide/concepts/rate-limits and …/error-handling,
/linkedin/shared/authentication/programmatic-refresh-tokens.

- ``publish``: ``POST /rest/posts`` with ``author`` the organisation URN, ``commentary``,
  ``visibility`` PUBLIC, ``distribution`` MAIN_FEED, ``lifecycleState`` PUBLISHED; the answer is
  201 with the post's URN (``urn:li:share:…`` or ``urn:li:ugcPost:…``) in ``x-restli-id``. The
  commentary is in LinkedIn's "little text format", where ``| { } @ [ ] ( ) < > # \\ * _ ~`` are
  reserved: each is backslash-escaped so the post reads exactly as approved (unescaped, LinkedIn
  drops the text from the first one on, answering 201 all the same).
- replies: ``POST /rest/socialActions/{target}/comments`` with ``actor`` (the organisation),
  ``object`` (the post or activity URN) and ``message.text`` (plain text: comments do not use the
  little format); a reply to a comment (``urn:li:comment:(activity,id)``) targets that comment,
  has its activity as ``object`` and the comment as ``parentComment``.
- ``find``: LinkedIn takes no idempotency key (``idempotent_for = None``). The organisation's
  recent posts (``GET /rest/posts?q=author&author=…&sortBy=LAST_MODIFIED``) are searched for
  the approved text (commentary un-escaped), created no earlier than the approved version less a
  margin; a reply is looked up among the target's comments by the organisation.
- ``fetch``: comments (kind "comment") on the organisation's most recent posts, ``GET
  /rest/socialActions/{post}/comments`` paged with ``start``/``count``. The cursor is the newest
  ``created``/``lastModified`` time seen (epoch ms); a comment is new when either time is at or
  after it (those at the very cursor time come again: ingestion is idempotent on the comment
  URN). An edited comment (``lastModified`` after ``created``) comes again with ``edited_at``.
  The organisation's own comments are left out. With no cursor only the first page of each post
  is read. Comments on comments (second level) and on older posts than the newest ``POSTS``
  are not read.
- ``metrics``: ``GET /rest/organizationalEntityShareStatistics?q=organizationalEntity&…
  &shares=List(…)`` (and ``ugcPosts=List(…)``): ``totalShareStatistics`` → impressions
  (``impressionCount``), reach (``uniqueImpressionsCount``), clicks, reactions (``likeCount``),
  comments, shares.

Errors come as ``{"status": 4xx, "serviceErrorCode": n, "code": "…", "message": "…"}``; 401
(``EXPIRED_ACCESS_TOKEN``, ``REVOKED_ACCESS_TOKEN``) is refreshed once by ``OAuth2``. Rate limits
are daily and reset at midnight UTC; a 429 carries no reset header, so unless it names a
``Retry-After`` the connector waits until the next midnight UTC (a 429 that was LinkedIn's
short-lived infrastructure protection therefore also waits for midnight).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from socialrx.channels.base import (
    Fetched,
    Incoming,
    Metrics,
    Outgoing,
    Published,
    check,
    retry_at,
)
from socialrx.channels.oauth import OAuth2, Tokens, TokenStore
from socialrx.errors import (
    ChannelAuthError,
    ChannelRejected,
    ChannelUnavailable,
    ConfigError,
    RateLimitedError,
)

if TYPE_CHECKING:
    import httpx

BASE_URL = "https://api.linkedin.com"
TOKEN_URL = "https://www.linkedin.com/oauth/v2/accessToken"  # noqa: S105 (a URL)
VERSION = "202410"
RESERVED = frozenset("|{}@[]()<>#\\*_~")  # the little text format's reserved characters
POSTS = 20  # recent posts whose comments are read
PAGE = 50  # comments per request
MAX_PAGES = 20  # per post and fetch
FIND_POSTS = 50  # recent posts searched by ``find``
MARGIN = timedelta(minutes=10)  # a found post may be this much older than the approved version
STATS_BATCH = 20  # URNs per share-statistics request
_COMMENT = re.compile(r"^urn:li:comment:\((urn:li:[A-Za-z]+:[^,()]+),([^()]+)\)$")
_CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,60}$")


def escape(text: str) -> str:
    """``text`` as little-format commentary that reads as ``text``: each reserved character
    backslash-escaped."""
    return "".join("\\" + c if c in RESERVED else c for c in text)


def unescape(little: str) -> str:
    """The text little-format commentary reads as: a backslash makes the next character
    literal (a trailing lone backslash stays)."""
    out: list[str] = []
    chars = iter(little)
    for c in chars:
        if c == "\\":
            out.append(next(chars, "\\"))
        else:
            out.append(c)
    return "".join(out)


def _now() -> datetime:
    return datetime.now(UTC)


def next_midnight(now: datetime) -> datetime:
    """The next midnight UTC after ``now`` (when LinkedIn's daily limits reset)."""
    day = now.astimezone(UTC).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@dataclass
class LinkedIn:
    """Posts as the organisation ``organization_id`` (the number in ``urn:li:organization:…``).
    ``oauth`` holds a member token of a page administrator with ``w_organization_social``,
    ``r_organization_social`` and ``rw_organization_admin``; every call goes through it (its
    own ``httpx.Client``; ``client`` is the same one, kept for the connectors' common shape)."""

    organization_id: str
    oauth: OAuth2
    client: httpx.Client
    base_url: str = BASE_URL
    version: str = VERSION
    name: str = "linkedin"
    idempotent_for: timedelta | None = None  # LinkedIn takes no idempotency key
    clock: Callable[[], datetime] = field(default=_now)

    @property
    def org(self) -> str:
        return f"urn:li:organization:{self.organization_id}"

    # ------------------------------------------------------------------------ calls

    def _call(self, verb: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"LinkedIn-Version": self.version, "X-Restli-Protocol-Version": "2.0.0",
                   **(kwargs.pop("headers", None) or {})}  # fmt: skip
        answer = self.oauth.request(verb, self.base_url.rstrip("/") + path, headers=headers,
                                    **kwargs)  # fmt: skip
        self._check(answer)
        return answer

    def _check(self, answer: httpx.Response) -> None:
        now = self.clock()
        if answer.status_code == 429 and retry_at(answer.headers, now) is None:
            when = next_midnight(now)  # daily limits; LinkedIn names no reset time
            raise RateLimitedError(f"{self.name} answered HTTP 429: rate limited until "
                                   f"{when.isoformat()} (the daily limit resets at midnight "
                                   "UTC)", when, 429)  # fmt: skip
        try:
            check(self.name, answer, now)
        except (ChannelAuthError, ChannelRejected) as error:
            code = _code(answer)
            if code is None:
                raise
            raise type(error)(f"{error} ({code})", error.status) from None

    def _get(self, path: str) -> Any:
        return _json(self.name, self._call("GET", path))

    # ------------------------------------------------------------------------ the seam

    def publish(self, post: Outgoing) -> Published:
        if post.in_reply_to:
            return self._reply(post)
        body = {"author": self.org, "commentary": escape(post.text), "visibility": "PUBLIC",
                "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                                 "thirdPartyDistributionChannels": []},
                "lifecycleState": "PUBLISHED", "isReshareDisabledByAuthor": False}  # fmt: skip
        answer = self._call("POST", "/rest/posts", json=body)
        urn = answer.headers.get("x-restli-id") or ""
        if not urn.startswith("urn:li:"):  # posted, presumably: let ``find`` settle it
            raise ChannelUnavailable(f"{self.name} answered HTTP {answer.status_code} without "
                                     "the new post's id", answer.status_code)  # fmt: skip
        return Published(urn, post_url(urn))

    def _reply(self, post: Outgoing) -> Published:
        target = str(post.in_reply_to)
        body: dict[str, Any] = {"actor": self.org, "object": _object(target),
                                "message": {"text": post.text}}  # fmt: skip
        if target.startswith("urn:li:comment:"):
            body["parentComment"] = target
        answer = self._call("POST", f"/rest/socialActions/{_enc(target)}/comments", json=body)
        try:
            made = answer.json()
        except ValueError:
            made = None
        urn = _comment_urn(made if isinstance(made, dict) else {}, _object(target),
                           answer.headers.get("x-restli-id"))  # fmt: skip
        if urn is None:
            raise ChannelUnavailable(f"{self.name} answered HTTP {answer.status_code} without "
                                     "the new comment's id", answer.status_code)  # fmt: skip
        return Published(urn, comment_url(_object(target), urn))

    def find(self, post: Outgoing) -> Published | None:
        """The post (or reply) the organisation already made with exactly ``post.text``, among
        its ``FIND_POSTS`` most recently changed posts (or the target's comments)."""
        since = None if post.at is None else _ms(post.at - MARGIN)
        wanted = post.text.strip()
        if post.in_reply_to:
            target = str(post.in_reply_to)
            for comment in self._comments(target, pages=MAX_PAGES):
                text = str((comment.get("message") or {}).get("text") or "")
                created = _time(comment.get("created"))
                if (comment.get("actor") == self.org and text.strip() == wanted
                        and (since is None or created >= since)):  # fmt: skip
                    urn = _comment_urn(comment, _object(target), None)
                    if urn is not None:
                        return Published(urn, comment_url(_object(target), urn))
            return None
        for found in self._posts(FIND_POSTS):
            commentary = unescape(str(found.get("commentary") or ""))
            created = _int(found.get("createdAt")) or _int(found.get("publishedAt"))
            if commentary.strip() == wanted and (since is None or created >= since):
                urn = str(found["id"])
                return Published(urn, post_url(urn))
        return None

    def fetch(self, since: str | None) -> Fetched:
        cursor = _int(since) if since is not None else None
        newest = cursor or 0
        items: list[tuple[int, Incoming]] = []
        for found in self._posts(POSTS):
            post = str(found.get("id") or "")
            if not post:
                continue
            for comment in self._comments(post, pages=1 if cursor is None else MAX_PAGES):
                created = _time(comment.get("created"))
                changed = max(created, _time(comment.get("lastModified")))
                if cursor is not None and changed < cursor:
                    continue
                newest = max(newest, changed)
                item = self._incoming(post, comment, created, changed)
                if item is not None:
                    items.append((changed, item))
        items.sort(key=lambda pair: pair[0])
        return Fetched([item for _, item in items], str(newest))

    def metrics(self, external_ids: Sequence[str]) -> Mapping[str, Metrics]:
        """Lifetime organic statistics of the organisation's posts (comments have none)."""
        out: dict[str, Metrics] = {}
        kinds = (("shares", "share", "urn:li:share:"), ("ugcPosts", "ugcPost", "urn:li:ugcPost:"))
        for param, key, prefix in kinds:
            urns = [u for u in dict.fromkeys(external_ids) if u.startswith(prefix)]
            for start in range(0, len(urns), STATS_BATCH):
                batch = urns[start : start + STATS_BATCH]
                listed = ",".join(_enc(u) for u in batch)
                data = self._get("/rest/organizationalEntityShareStatistics?q=organizationalEntity"
                                 f"&organizationalEntity={_enc(self.org)}&{param}=List({listed})")  # fmt: skip
                for element in _elements(self.name, data):
                    urn = element.get(key)
                    stats = element.get("totalShareStatistics")
                    if urn in batch and isinstance(stats, dict):
                        out[str(urn)] = Metrics(
                            impressions=_count(stats, "impressionCount"),
                            reach=_count(stats, "uniqueImpressionsCount"),
                            reactions=_count(stats, "likeCount"),
                            comments=_count(stats, "commentCount"),
                            shares=_count(stats, "shareCount"),
                            clicks=_count(stats, "clickCount"))  # fmt: skip
        return out

    # ------------------------------------------------------------------------ reading

    def _posts(self, count: int) -> list[dict[str, Any]]:
        data = self._get(f"/rest/posts?q=author&author={_enc(self.org)}&count={count}"
                         "&sortBy=LAST_MODIFIED")  # fmt: skip
        return [e for e in _elements(self.name, data) if isinstance(e.get("id"), str)]

    def _comments(self, target: str, pages: int) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        start = 0
        for _ in range(pages):
            data = self._get(f"/rest/socialActions/{_enc(target)}/comments"
                             f"?start={start}&count={PAGE}")  # fmt: skip
            elements = _elements(self.name, data)
            out.extend(elements)
            paging = data.get("paging") if isinstance(data, dict) else None
            total = _int((paging or {}).get("total")) if isinstance(paging, dict) else 0
            start += len(elements)
            if len(elements) < PAGE or (total and start >= total):
                break
        return out

    def _incoming(self, post: str, comment: dict[str, Any], created: int,
                  changed: int) -> Incoming | None:  # fmt: skip
        actor = str(comment.get("actor") or "")
        text = (comment.get("message") or {}).get("text")
        urn = _comment_urn(comment, post, None)
        if actor == self.org or not isinstance(text, str) or not text.strip() or urn is None:
            return None
        parent = comment.get("parentComment")
        return Incoming(
            platform=self.name, external_id=urn, text=text, author_handle=actor or "unknown",
            created_at=_datetime(created) if created else self.clock(), kind="comment",
            url=comment_url(post, urn),
            in_reply_to=str(parent) if isinstance(parent, str) and parent else post,
            edited_at=_datetime(changed) if changed > created else None,
        )  # fmt: skip


# ----------------------------------------------------------------------------- construction


def linkedin(settings: Mapping[str, Any], credentials: Mapping[str, Any], client: httpx.Client,
             store: TokenStore | None = None) -> LinkedIn:  # fmt: skip
    """The connector of a channel account. Settings: ``organization_id``, ``client_id``, and
    optionally ``base_url``, ``version``, ``token_url``; credentials: ``access_token``,
    ``refresh_token``, ``expires_at`` (ISO 8601), ``client_secret``."""
    organization = str(settings.get("organization_id") or "").removeprefix("urn:li:organization:")
    client_id, secret = settings.get("client_id"), credentials.get("client_secret")
    base_url = settings.get("base_url") or BASE_URL
    token_url = settings.get("token_url") or TOKEN_URL
    version = str(settings.get("version") or VERSION)
    if not organization.isdigit():
        raise ConfigError("a linkedin channel needs organization_id: the number of the page's "
                          "urn:li:organization")  # fmt: skip
    if not isinstance(client_id, str) or not client_id:
        raise ConfigError("a linkedin channel needs client_id: the LinkedIn app's client id")
    for url in (base_url, token_url):
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise ConfigError("a linkedin channel's base_url and token_url are https:// URLs")
    if not re.fullmatch(r"\d{6}", version):
        raise ConfigError("a linkedin channel's version is a LinkedIn-Version, YYYYMM")
    oauth = OAuth2("linkedin", token_url, client_id,
                   secret if isinstance(secret, str) and secret else None,
                   Tokens.of("linkedin", credentials), client, store=store, basic=False)  # fmt: skip
    return LinkedIn(organization, oauth, client, base_url=base_url, version=version)


# ----------------------------------------------------------------------------- helpers


def post_url(urn: str) -> str:
    return f"https://www.linkedin.com/feed/update/{urn}/"


def comment_url(post: str, comment: str) -> str:
    return f"https://www.linkedin.com/feed/update/{post}/?commentUrn={_enc(comment)}"


def _enc(urn: str) -> str:
    """A URN percent-encoded for a Rest.li 2.0 path segment or query value."""
    return quote(urn, safe="")


def _object(target: str) -> str:
    """What a comment on ``target`` is on: the post, or a comment's activity."""
    match = _COMMENT.match(target)
    if target.startswith("urn:li:comment:") and match is None:
        raise ChannelRejected("linkedin: a reply target must be a post or comment URN")
    if not target.startswith("urn:li:"):
        raise ChannelRejected("linkedin: a reply target must be a post or comment URN")
    return match.group(1) if match else target


def _comment_urn(comment: Mapping[str, Any], post: str, header: str | None) -> str | None:
    for key in ("commentUrn", "$URN"):
        value = comment.get(key)
        if isinstance(value, str) and value.startswith("urn:li:comment:"):
            return value
    if header and header.startswith("urn:li:comment:"):
        return header
    ident = comment.get("id") or header
    if isinstance(ident, str | int) and str(ident).strip():
        return f"urn:li:comment:({post},{ident})"
    return None


def _code(answer: httpx.Response) -> str | None:
    """LinkedIn's error code (``REVOKED_ACCESS_TOKEN`` …): its free-text message is not
    repeated."""
    try:
        data = answer.json()
    except ValueError:
        return None
    code = data.get("code") if isinstance(data, dict) else None
    return code if isinstance(code, str) and _CODE.match(code) else None


def _json(platform: str, answer: httpx.Response) -> Any:
    try:
        return answer.json()
    except ValueError:
        raise ChannelRejected(f"{platform} answered with something that is not JSON") from None


def _elements(platform: str, data: Any) -> list[dict[str, Any]]:
    elements = data.get("elements") if isinstance(data, dict) else None
    if not isinstance(elements, list):
        raise ChannelRejected(f"{platform}: the answer has no elements list")
    return [e for e in elements if isinstance(e, dict)]


def _int(value: Any) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 15:
        return int(value)
    return 0


def _time(stamp: Any) -> int:
    """Epoch ms of an audit stamp ``{"time": …}`` (0 when absent)."""
    return _int(stamp.get("time")) if isinstance(stamp, dict) else 0


def _count(stats: Mapping[str, Any], key: str) -> int | None:
    value = stats.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _datetime(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)
