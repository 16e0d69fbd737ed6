"""Inbound webhooks: checking who sent them and reading what they carry.

- **Generic** (anything else that can sign): ``POST /api/v1/hooks/{channel}`` with
  ``X-Socialrx-Timestamp`` (Unix seconds) and ``X-Socialrx-Signature: sha256=<hex>``, the
  HMAC-SHA256 of ``<timestamp>.<body>`` under the channel's secret; a timestamp more than five
  minutes away is refused (a replayed request is useless). The body is one item or
  ``{"items": [...]}``, each ``{external_id, text, author_handle, created_at?, kind?, url?}``.
- **Facebook Pages and Instagram** (Graph API webhooks): the subscription handshake answers
  ``hub.challenge`` when ``hub.verify_token`` is the channel's; each delivery is checked against
  ``X-Hub-Signature-256: sha256=<hex>``, the HMAC-SHA256 of the raw body under the app secret;
  page ``feed`` changes with ``item: comment`` (``add``/``edited``) and Instagram ``comments``
  changes become incoming items.

Signatures are compared in constant time. Nothing here logs or echoes the text.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, get_args

from socialrx.channels.base import Incoming, Kind, parse_time
from socialrx.errors import InputError

MAX_SKEW = timedelta(minutes=5)
KINDS: tuple[str, ...] = get_args(Kind)


def signature(secret: str, body: bytes, timestamp: str | None = None) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of ``body`` (prefixed by ``<timestamp>.`` when given)."""
    message = (timestamp.encode() + b"." + body) if timestamp is not None else body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verified(secret: str, body: bytes, sent: str | None, timestamp: str | None = None) -> bool:
    if not secret or not sent:
        return False
    return hmac.compare_digest(signature(secret, body, timestamp).encode(), sent.encode())


def fresh(timestamp: str | None, now: datetime) -> bool:
    """The generic webhook's timestamp is within five minutes of ``now``."""
    if not timestamp or not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        return False
    return abs(datetime.fromtimestamp(int(timestamp), UTC) - now) <= MAX_SKEW


def generic_items(channel: str, body: bytes, now: datetime) -> list[Incoming]:
    """The items of a generic delivery; ``InputError`` names the first problem (never text)."""
    data = _json(body)
    raw = data.get("items", [data]) if isinstance(data, dict) else None
    if not isinstance(raw, list) or not raw or len(raw) > 1000:
        raise InputError('expected one item or {"items": [...]} with 1 to 1,000 items')
    return [_generic(channel, i, item, now) for i, item in enumerate(raw)]


def _generic(channel: str, index: int, item: Any, now: datetime) -> Incoming:
    where = f"item {index}"
    if not isinstance(item, dict):
        raise InputError(f"{where}: expected an object")
    for name in ("external_id", "text", "author_handle"):
        if not isinstance(item.get(name), str) or not item[name].strip():
            raise InputError(f"{where}: {name} must be a non-empty string")
    kind = item.get("kind", "mention")
    if kind not in KINDS:
        raise InputError(f"{where}: kind must be one of {', '.join(KINDS)}")
    return Incoming(platform=channel, external_id=item["external_id"][:255], text=item["text"],
                    author_handle=item["author_handle"][:255],
                    created_at=parse_time(item.get("created_at")) or now, kind=kind,
                    url=item.get("url") if isinstance(item.get("url"), str) else None)  # fmt: skip


def graph_items(channel: str, body: bytes, now: datetime) -> list[Incoming]:
    """Comments in a Graph API delivery (Facebook Page ``feed`` and Instagram ``comments``
    changes); other changes (likes, removals, posts by the page) are skipped."""
    data = _json(body)
    if not isinstance(data, dict) or not isinstance(data.get("entry"), list):
        raise InputError('expected a Graph API delivery: {"object": ..., "entry": [...]}')
    found: list[Incoming] = []
    for entry in data["entry"]:
        changes = entry.get("changes") if isinstance(entry, dict) else None
        for change in changes if isinstance(changes, list) else []:
            item = _graph(channel, str(data.get("object")), entry, change, now)
            if item is not None:
                found.append(item)
    return found


def _graph(channel: str, kind: str, entry: Mapping[str, Any], change: Any,
           now: datetime) -> Incoming | None:  # fmt: skip
    value = change.get("value") if isinstance(change, dict) else None
    if not isinstance(value, dict):
        return None
    sender: dict[str, Any] = value["from"] if isinstance(value.get("from"), dict) else {}
    if kind == "page" and change.get("field") == "feed":
        if value.get("item") != "comment" or value.get("verb") not in ("add", "edited"):
            return None
        if str(sender.get("id")) == str(entry.get("id")):
            return None  # the page's own comment
        text, ident = value.get("message"), value.get("comment_id")
        when = value.get("created_time")
        handle = str(sender.get("name") or sender.get("id") or "unknown")
    elif kind == "instagram" and change.get("field") == "comments":
        text, ident = value.get("text"), value.get("id")
        when = entry.get("time")
        handle = "@" + str(sender.get("username") or sender.get("id") or "unknown")
    else:
        return None
    if not isinstance(text, str) or not text.strip() or not ident:
        return None
    created = (datetime.fromtimestamp(when, UTC) if isinstance(when, int)
               else parse_time(str(when)) if when else None)  # fmt: skip
    return Incoming(platform=channel, external_id=str(ident), text=text, author_handle=handle,
                    created_at=created or now, kind="comment")  # fmt: skip


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise InputError("the body is not JSON") from None


def verified_token(expected: str, sent: str) -> bool:
    """The Graph API handshake's verify token, compared in constant time."""
    return hmac.compare_digest(expected.encode(), sent.encode())
