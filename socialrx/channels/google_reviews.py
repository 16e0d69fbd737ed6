"""Google Business Profile reviews (Google My Business API v4): read a location's reviews,
publish the owner's reply to one review.

Wire format (developers.google.com/my-business/reference/rest/v4/accounts.locations.reviews):

- fetch: ``GET {base}/v4/accounts/{account}/locations/{location}/reviews`` with ``pageSize``
  (at most 50), ``orderBy=updateTime desc`` and ``pageToken`` answers ``{"reviews": [Review],
  "averageRating", "totalReviewCount", "nextPageToken"}``; a Review is ``{"name":
  "accounts/../locations/../reviews/{reviewId}", "reviewId", "reviewer": {"displayName",
  "profilePhotoUrl", "isAnonymous"}, "starRating": "ONE".."FIVE", "comment", "createTime",
  "updateTime", "reviewReply": {"comment", "updateTime"}}`` (times RFC 3339, up to nine
  fractional digits). Pages come newest first; the cursor is the newest ``updateTime`` seen,
  and pages are read until one reaches it (reviews at that very time are read again; ingestion
  is idempotent on the review ``name``). The first run reads the newest page only. A review
  whose ``updateTime`` is later than its ``createTime`` was edited: it comes again under the
  same external id with ``edited_at`` set, so ingestion updates it. A review with a star rating
  and no comment comes with the text ``""`` (nothing is invented for it): the worker skips items
  with a blank text, so it is not ingested, but it moves the cursor. The location's
  ``averageRating`` and ``totalReviewCount`` are in ``Fetched.extra`` as ``average_rating`` and
  ``total_reviews`` (strings). Author handle: the reviewer's ``displayName``, or ``anonymous``.
- publish: this channel publishes replies to reviews only: ``Outgoing.in_reply_to`` is the
  review ``name`` (of this location), and ``PUT {base}/v4/{review name}/reply`` with
  ``{"comment": text}`` (a ReviewReply; Google allows 4096 bytes) answers the ReviewReply. The
  external id is ``{review name}/reply``; there is no public URL of a reply. A review has one
  reply and the PUT sets it, so a repeated call cannot post twice (``idempotent_for`` is ten
  years) — but it overwrites a reply someone wrote in Google meanwhile.
- find: ``GET {base}/v4/{review name}`` and the review's ``reviewReply.comment`` compared with
  the text exactly. The worker calls it on an unknown outcome before it sends again, so our own
  reply is never sent twice; a different reply (a person's, written in Google after the lost
  attempt) is not recognised, and the resend replaces it. A review that is gone (404) means
  the reply was not posted.

Errors are Google's ``{"error": {"code", "message", "status"}}``; their ``status`` enum
(``INVALID_ARGUMENT``, ``PERMISSION_DENIED`` …, never the free-text ``message``) is added to
the refused and auth errors. A 429 ``RESOURCE_EXHAUSTED`` usually names no reset time: the
default wait of ``base.check`` applies (a ``Retry-After`` is honoured when sent).

Auth: OAuth 2.0 (scope ``https://www.googleapis.com/auth/business.manage``), every call through
``OAuth2.request``: access tokens last an hour and are refreshed five minutes before they
expire at ``POST https://oauth2.googleapis.com/token`` (``grant_type=refresh_token``, with
``client_id`` and ``client_secret`` in the form: ``OAuth2(basic=False)``); Google does not rotate
refresh tokens. A 401 is refreshed once and the call made again. No ``metrics``: Google reports
none for replies (the rating summary comes with ``fetch``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from socialrx.channels.base import Fetched, Incoming, Outgoing, Published, check, parse_time
from socialrx.errors import ChannelAuthError, ChannelRejected

if TYPE_CHECKING:
    import httpx

    from socialrx.channels.oauth import OAuth2

BASE_URL = "https://mybusiness.googleapis.com"
IDEMPOTENT_FOR = timedelta(days=3650)  # a review has one reply: setting it again is harmless
PAGE = 50  # reviews per page (Google's maximum)
MAX_PAGES = 200  # a guard against a server that never ends its pages (10,000 reviews)
EPOCH = "1970-01-01T00:00:00Z"
ONLY_REPLIES = "a Google Business Profile channel publishes replies to reviews only"
_ID = r"[A-Za-z0-9_-]+"
_STATUS = re.compile(r"^[A-Z][A-Z_]{2,40}$")


@dataclass
class GoogleReviews:
    """The reviews of one location (``account_id``, ``location_id``: the numbers in
    ``accounts/{account_id}/locations/{location_id}``). ``oauth`` makes every call (with its
    own HTTP client, normally the same ``client``). Built from a channel account by
    ``socialrx.channels.connect``: settings ``account_id``, ``location_id``, ``client_id``
    (``base_url``, ``token_url`` optional); credentials ``access_token``, ``refresh_token``,
    ``expires_at``, ``client_secret``."""

    account_id: str
    location_id: str
    oauth: OAuth2
    client: httpx.Client
    base_url: str = BASE_URL
    name: str = "google_reviews"
    idempotent_for: timedelta | None = IDEMPOTENT_FOR

    # ------------------------------------------------------------------------ HTTP

    def _url(self, path: str) -> str:
        return f"{self.base_url.rstrip('/')}/v4/{path}"

    def _call(self, verb: str, path: str, **kwargs: Any) -> Any:
        answer = self.oauth.request(verb, self._url(path), **kwargs)
        _check(self.name, answer)
        try:
            return answer.json()
        except ValueError:
            raise ChannelRejected(f"{self.name} answered with something that is not JSON",
                                  answer.status_code) from None  # fmt: skip

    def _review_name(self, name: str | None) -> str | None:
        """``name`` when it is a review of this location, else ``None``."""
        prefix = f"accounts/{self.account_id}/locations/{self.location_id}/reviews/"
        if name and name.startswith(prefix) and re.fullmatch(_ID, name.removeprefix(prefix)):
            return name
        return None

    # ------------------------------------------------------------------------ the seam

    def publish(self, post: Outgoing) -> Published:
        if not post.in_reply_to:
            raise ChannelRejected(f"{self.name}: {ONLY_REPLIES}")
        review = self._review_name(post.in_reply_to)
        if review is None:
            raise ChannelRejected(f"{self.name}: the reply target is not a review of this "
                                  "location (accounts/../locations/../reviews/..)")  # fmt: skip
        self._call("PUT", f"{review}/reply", json={"comment": post.text})
        return Published(f"{review}/reply")

    def find(self, post: Outgoing) -> Published | None:
        review = self._review_name(post.in_reply_to)
        if review is None:
            return None  # publish refuses it: it was never posted
        try:
            found = self._call("GET", review)
        except ChannelRejected as error:
            if error.status == 404:  # the review is gone: no reply of ours stands
                return None
            raise
        reply = found.get("reviewReply") if isinstance(found, dict) else None
        if isinstance(reply, dict) and reply.get("comment") == post.text:
            return Published(f"{review}/reply")
        return None

    def fetch(self, since: str | None) -> Fetched:
        items: list[Incoming] = []
        newest = since
        extra: dict[str, str] = {}
        token: str | None = None
        seen_tokens: set[str] = set()
        path = f"accounts/{self.account_id}/locations/{self.location_id}/reviews"
        for _ in range(MAX_PAGES):
            params: dict[str, str | int] = {"pageSize": PAGE, "orderBy": "updateTime desc"}
            if token:
                params["pageToken"] = token
            page = self._call("GET", path, params=params)
            if not isinstance(page, dict):
                raise ChannelRejected(f"{self.name}: the review list is not an object")
            if not extra:
                extra = _summary(page)
            reviews = page.get("reviews") or []
            reached = False
            for review in reviews if isinstance(reviews, list) else []:
                updated = str(review.get("updateTime") or review.get("createTime") or EPOCH)
                if since is not None and _before(updated, since):
                    reached = True
                    continue
                newest = updated if newest is None or _before(newest, updated) else newest
                item = self._incoming(review)
                if item is not None:
                    items.append(item)
            token = page.get("nextPageToken") or None
            if since is None or reached or not token or not reviews or token in seen_tokens:
                break  # the first run reads the newest page only
            seen_tokens.add(token)
        items.reverse()  # pages come newest first; hand them on oldest first
        return Fetched(items, newest or EPOCH, extra)

    def _incoming(self, review: Any) -> Incoming | None:
        if not isinstance(review, dict) or self._review_name(review.get("name")) is None:
            return None
        reviewer = review.get("reviewer") or {}
        anonymous = not isinstance(reviewer, dict) or bool(reviewer.get("isAnonymous"))
        author = "" if anonymous else str(reviewer.get("displayName") or "")
        created = parse_time(review.get("createTime"))
        updated = parse_time(review.get("updateTime"))
        edited = updated if created is not None and updated is not None and updated > created \
            else None  # fmt: skip
        return Incoming(
            platform=self.name, external_id=str(review["name"]),
            text=str(review.get("comment") or ""), author_handle=author or "anonymous",
            created_at=created or updated or datetime.now(UTC), kind="review",
            edited_at=edited, rating=STARS.get(str(review.get("starRating"))),
        )  # fmt: skip


STARS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}  # STAR_RATING_UNSPECIFIED: none


def _summary(page: dict[str, Any]) -> dict[str, str]:
    """The location's rating summary as strings (what Google answered, nothing invented)."""
    found: dict[str, str] = {}
    for key, wire in (("average_rating", "averageRating"), ("total_reviews", "totalReviewCount")):
        value = page.get(wire)
        if isinstance(value, int | float) and not isinstance(value, bool):
            found[key] = str(value)
    return found


def _check(platform: str, answer: httpx.Response) -> None:
    """``check``, with Google's error ``status`` enum added to a refusal (never its message)."""
    try:
        check(platform, answer)
    except (ChannelRejected, ChannelAuthError) as error:
        status = _status(answer)
        if status is None:
            raise
        raise type(error)(f"{error} ({status})", error.status) from None


def _status(answer: httpx.Response) -> str | None:
    try:
        data = answer.json()
    except ValueError:
        return None
    error = data.get("error") if isinstance(data, dict) else None
    status = error.get("status") if isinstance(error, dict) else None
    return status if isinstance(status, str) and _STATUS.match(status) else None


def _before(a: str, b: str) -> bool:
    """``a`` is strictly earlier than ``b`` (RFC 3339 times; unparseable ones count as old)."""
    ta, tb = parse_time(a), parse_time(b)
    if ta is None or tb is None:
        return ta is None and tb is not None
    return ta < tb
