"""RSS and Atom feeds: mentions in news and blogs (a news alert's feed, a blog search, a
publication's feed). Read-only: ``publish`` is refused.

- fetch: ``GET`` the feed with the injected client, sending the ``ETag`` and ``Last-Modified``
  of the last read (``If-None-Match`` / ``If-Modified-Since``), so an unchanged feed costs a
  304; the document is parsed by ``feedparser`` from the bytes received (it never fetches
  anything itself). Entries newer than the newest one seen are handed on, oldest first, as
  ``article`` items: title and summary as plain text, the entry's id (else its link) as the
  external id. With ``keywords`` set, only entries that name one of them (any case) are kept.
- the cursor is a small JSON object: ``etag``, ``modified`` and ``newest`` (ISO time). With no
  cursor only entries from the last ``first_days`` days are read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from socialrx.channels.base import Fetched, Incoming, Outgoing, Published, call, html_text
from socialrx.channels.base import parse_time as _time
from socialrx.errors import ChannelRejected

if TYPE_CHECKING:
    import httpx

MAX_ENTRIES = 500  # per read


@dataclass
class Feed:
    url: str
    client: httpx.Client
    keywords: Sequence[str] = ()
    first_days: int = 7
    name: str = "rss"
    idempotent_for: timedelta | None = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def publish(self, post: Outgoing) -> Published:
        raise ChannelRejected(f"{self.name}: a feed channel is read-only; nothing can be posted")

    def find(self, post: Outgoing) -> Published | None:
        return None

    def fetch(self, since: str | None) -> Fetched:
        import feedparser

        state = _state(since)
        headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9"}
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("modified"):
            headers["If-Modified-Since"] = state["modified"]
        response = call(self.name, partial(self.client.get, self.url, headers=headers))
        if response.status_code == 304:
            return Fetched([], since)
        parsed = feedparser.parse(response.content)
        if parsed.get("bozo") and not parsed.get("entries"):
            raise ChannelRejected(f"{self.name}: the feed is not RSS or Atom")
        floor = _time(state.get("newest")) or self.clock() - timedelta(days=self.first_days)
        items = [i for i in (self._item(e) for e in parsed.get("entries", [])[:MAX_ENTRIES])
                 if i is not None and i.created_at > floor and self._wanted(i)]  # fmt: skip
        items.sort(key=lambda i: i.created_at)
        newest = max([floor, *(i.created_at for i in items)])
        cursor = {"etag": response.headers.get("etag"),
                  "modified": response.headers.get("last-modified"),
                  "newest": newest.isoformat()}  # fmt: skip
        return Fetched(items, json.dumps({k: v for k, v in cursor.items() if v}, sort_keys=True))

    def _item(self, entry: Any) -> Incoming | None:
        ident = entry.get("id") or entry.get("link")
        title = html_text(str(entry.get("title") or ""))
        summary = html_text(str(entry.get("summary") or ""))
        text = "\n\n".join(t for t in (title, summary) if t)
        when = _struct(entry.get("published_parsed") or entry.get("updated_parsed"))
        if not ident or not text or when is None:
            return None
        author = entry.get("author") or (entry.get("source") or {}).get("title") or self.name
        return Incoming(platform=self.name, external_id=str(ident)[:255], text=text,
                        author_handle=str(author)[:255], created_at=when, kind="article",
                        url=entry.get("link"))  # fmt: skip

    def _wanted(self, item: Incoming) -> bool:
        if not self.keywords:
            return True
        folded = item.text.casefold()
        return any(k.casefold() in folded for k in self.keywords)


def _state(since: str | None) -> dict[str, str]:
    if not since:
        return {}
    try:
        found = json.loads(since)
    except ValueError:
        return {}
    return {k: str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def _struct(value: Any) -> datetime | None:
    """feedparser's UTC ``time.struct_time`` as an aware datetime."""
    if value is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(v) for v in value[:6])
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError):
        return None
