"""The seams every platform connector implements (DESIGN.md): ``fetch(since)`` reads what
arrived after a cursor, ``publish(post)`` sends one approved text and answers the platform's id.
Connectors speak their platform's documented wire format through an injected ``httpx.Client``
(tests give them one pointed at a loopback server that speaks the same format).

Every HTTP answer goes through ``check``: 401/403 become ``ChannelAuthError``, 429 (or a
``Retry-After`` on a 503) ``RateLimitedError`` with the time the platform named, other 5xx,
time-outs and dropped connections ``ChannelUnavailable``, other 4xx ``ChannelRejected``. The
messages name the platform and the status, never the text that was sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

from socialrx.errors import (
    ChannelAuthError,
    ChannelError,
    ChannelRejected,
    ChannelUnavailable,
    RateLimitedError,
)

if TYPE_CHECKING:
    import httpx

Kind = Literal["mention", "comment", "reply", "review", "message", "article"]
DEFAULT_WAIT = timedelta(seconds=60)  # when a 429 names no time
MAX_WAIT = timedelta(hours=24)  # a platform's reset time is trusted up to a day ahead


@dataclass(frozen=True)
class Outgoing:
    """One approved text for one channel. ``key`` is the idempotency key recorded before the
    call (platforms that accept one get it, so a retried call cannot post twice)."""

    post_id: int
    channel: str
    text: str
    content_hash: str
    key: str
    in_reply_to: str | None = None  # the platform's id of what this answers
    at: datetime | None = None  # when the approved version was made (stable across retries)


@dataclass(frozen=True)
class Published:
    external_id: str
    url: str | None = None


@dataclass(frozen=True)
class Incoming:
    """One mention, comment, review or message as the platform gave it (text as plain text)."""

    platform: str
    external_id: str
    text: str
    author_handle: str
    created_at: datetime
    kind: Kind = "mention"
    url: str | None = None
    in_reply_to: str | None = None
    edited_at: datetime | None = None
    rating: int | None = None  # a review's stars, 1 to 5 (kept apart from the text)


@dataclass(frozen=True)
class Fetched:
    """What one ``fetch`` read, oldest first, and the cursor to pass next time (unchanged when
    nothing new arrived). ``stopped`` is the error that ended a read part-way, after the pages
    before it were read: only a connector that pages forward (oldest first) may return one,
    because its cursor then covers exactly the items returned and the next fetch goes on from
    there."""

    items: Sequence[Incoming]
    cursor: str | None
    extra: Mapping[str, str] = field(default_factory=dict)
    stopped: ChannelError | None = None


@dataclass(frozen=True)
class Metrics:
    """The counts a platform reports for one published post at one moment (``None`` where it
    reports nothing of the kind). Impressions count views, reach distinct accounts."""

    impressions: int | None = None
    reach: int | None = None
    reactions: int | None = None
    comments: int | None = None
    shares: int | None = None
    clicks: int | None = None
    video_views: int | None = None


class Connector(Protocol):
    """A platform connector: ``name`` is its platform (``mastodon``, ``bluesky`` …).
    ``idempotent_for`` is how long the platform honours an idempotency key (``None``: it does
    not, and a publish whose outcome is unknown can only be settled by ``find`` or a human)."""

    name: str
    idempotent_for: timedelta | None

    def fetch(self, since: str | None) -> Fetched: ...

    def publish(self, post: Outgoing) -> Published: ...

    def find(self, post: Outgoing) -> Published | None:
        """The post as already published with exactly this text, if the platform can tell."""
        ...


@runtime_checkable
class Measured(Protocol):
    """A connector that reports metrics of its published posts (keyed by external id; a post
    the platform no longer has is left out)."""

    def metrics(self, external_ids: Sequence[str]) -> Mapping[str, Metrics]: ...


# ----------------------------------------------------------------------------- HTTP answers


def call(platform: str, send: Callable[[], httpx.Response]) -> httpx.Response:
    """``send()`` with transport failures and error statuses raised as ``ChannelError``s. A
    time-out is ``ChannelUnavailable`` too: for a publish it means the outcome is unknown, and
    the caller must reconcile before trying again."""
    response = transport(platform, send)
    check(platform, response)
    return response


def transport(platform: str, send: Callable[[], httpx.Response]) -> httpx.Response:
    """``send()`` with only transport failures raised (``ChannelUnavailable``); the answer,
    whatever its status, is the caller's to look at (then ``check``)."""
    import httpx

    try:
        return send()
    except (httpx.ConnectError, httpx.ConnectTimeout) as error:  # the request never left
        raise ChannelUnavailable(f"{platform} could not be reached ({type(error).__name__})",
                                 sent=False) from None  # fmt: skip
    except httpx.TimeoutException:
        raise ChannelUnavailable(f"{platform} did not answer in time") from None
    except httpx.TransportError as error:
        raise ChannelUnavailable(
            f"{platform} could not be reached ({type(error).__name__})"
        ) from None


def check(platform: str, response: httpx.Response, now: datetime | None = None) -> None:
    """Raise the ``ChannelError`` that ``response`` means (nothing for a 2xx or 3xx)."""
    status = response.status_code
    if status < 400:
        return
    what = f"{platform} answered HTTP {status}"
    if status in (401, 403):
        raise ChannelAuthError(f"{what}: the credentials are not accepted; connect the "
                               "account again", status)  # fmt: skip
    retry = retry_at(response.headers, now or datetime.now(UTC))
    if status == 429 or (status == 503 and retry is not None):
        when = retry or (now or datetime.now(UTC)) + DEFAULT_WAIT
        raise RateLimitedError(f"{what}: rate limited until {when.isoformat()}", when, status)
    if status >= 500:
        raise ChannelUnavailable(f"{what}: the platform failed; it will be tried again", status)
    raise ChannelRejected(f"{what}: the platform refused the request", status)


def retry_at(headers: Mapping[str, str], now: datetime) -> datetime | None:
    """When the platform allows requests again, from ``Retry-After`` (seconds or an HTTP date),
    or a reset time: ``X-RateLimit-Reset`` / ``x-rate-limit-reset`` / ``RateLimit-Reset`` as
    epoch seconds or ISO 8601 (Mastodon). Capped at a day ahead; ``None`` when none is given."""
    lower = {k.lower(): v.strip() for k, v in headers.items()}
    found: datetime | None = None
    after = lower.get("retry-after")
    if after:
        if _number(after):
            found = now + timedelta(seconds=min(int(after), int(MAX_WAIT.total_seconds())))
        else:
            try:
                found = parsedate_to_datetime(after).astimezone(UTC)
            except (TypeError, ValueError):
                found = None
    for name in ("x-ratelimit-reset", "x-rate-limit-reset", "ratelimit-reset"):
        if found is None and lower.get(name):
            found = _reset(lower[name], now)
    if found is None:
        return None
    return min(max(found, now), now + MAX_WAIT)


def _number(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= 12


def _reset(value: str, now: datetime) -> datetime | None:
    if _number(value):
        number = int(value)
        # epoch seconds, or (IETF RateLimit-Reset) seconds from now when it is small
        if number > 10**9:
            return datetime.fromtimestamp(min(number, 10**11), UTC)
        return now + timedelta(seconds=number)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# ----------------------------------------------------------------------------- HTML to text


class _Text(HTMLParser):
    BREAKS = frozenset({"br"})
    BLOCKS = frozenset({"p", "div", "li", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")
        elif tag in self.BLOCKS and self.parts and not self.parts[-1].endswith("\n\n"):
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    """Plain text of a platform's HTML (Mastodon statuses): tags dropped, entities decoded,
    ``<br>`` a line break, paragraphs separated by a blank line."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).strip()


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 time from a platform (``Z`` or an offset) as an aware UTC datetime."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
