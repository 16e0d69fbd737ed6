"""Inbound webhooks over HTTP: the generic signed webhook and the Graph API's (Facebook Pages,
Instagram). Only deliveries signed with the channel's secret are read; unknown channels, wrong
or stale signatures and the wrong kind of channel all get the same 401; items are triaged and
stored once, a repeat with new text is an edit; bad bodies are a 422 that quotes nothing."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from conftest import Api

from socialrx.channels.webhooks import fresh, signature, verified
from socialrx.store import channels, inbound
from socialrx.store.database import Database

SECRET, APP_SECRET, VERIFY = "hook-secret-1", "app-secret-2", "verify-me-3"
PAGE = "1122334455"


@pytest.fixture
def hooks(database: Database) -> Database:
    with database.transaction() as s:
        channels.add_account(s, "forms", "webhook", {}, {"secret": SECRET}, "test")
        channels.add_account(s, "fb", "facebook", {"verify_token": VERIFY},
                             {"app_secret": APP_SECRET}, "test")  # fmt: skip
        channels.add_account(s, "ig", "instagram", {"verify_token": VERIFY},
                             {"app_secret": APP_SECRET}, "test")  # fmt: skip
        channels.add_account(s, "masto", "mastodon", {"base_url": "http://127.0.0.1:9"},
                             {"token": "t"}, "test")  # fmt: skip
    return database


def send(api: Api, channel: str, body: Any, secret: str = SECRET, stamp: int | None = None,
         sign: bool = True) -> Any:  # fmt: skip
    raw = json.dumps(body).encode()
    stamp = int(time.time()) if stamp is None else stamp
    headers = {"Content-Type": "application/json", "X-Socialrx-Timestamp": str(stamp)}
    if sign:
        headers["X-Socialrx-Signature"] = signature(secret, raw, str(stamp))
    return api.client.post(f"/api/v1/hooks/{channel}", content=raw, headers=headers)


def stored(database: Database, channel: str) -> dict[str, tuple[str, str, str]]:
    with database.transaction() as s:
        return {i.external_id: (i.text, i.author_handle, i.queue)
                for i in inbound.items(s, limit=1000) if i.channel == channel}  # fmt: skip


ITEM = {"external_id": "form-1", "text": "Where do I park for the MRI clinic? (synthetic)",
        "author_handle": "visitor-17"}  # fmt: skip


def test_a_signed_delivery_is_stored_once_and_edits_update(api: Api, hooks: Database) -> None:
    done = send(api, "forms", {"items": [ITEM, {**ITEM, "external_id": "form-2",
                                                "text": "I cant do this anymore, goodbye"}]})  # fmt: skip
    assert done.status_code == 202, done.text
    assert done.json() == {"received": 2, "new": 2}
    assert send(api, "forms", ITEM).json() == {"received": 1, "new": 0}
    edited = send(api, "forms", {**ITEM, "text": "Never mind, found parking (synthetic)"})
    assert edited.json() == {"received": 1, "new": 0}
    items = stored(hooks, "forms")
    assert items["form-1"][0] == "Never mind, found parking (synthetic)"
    assert items["form-2"][2] == "crisis"  # triaged like any inbound item


@pytest.mark.parametrize(
    "case", ["no signature", "wrong secret", "stale", "future", "unknown channel", "mastodon"]
)
def test_unsigned_or_misdirected_deliveries_are_refused_alike(api: Api, hooks: Database,
                                                              case: str) -> None:  # fmt: skip
    now = int(time.time())
    response = {
        "no signature": lambda: send(api, "forms", ITEM, sign=False),
        "wrong secret": lambda: send(api, "forms", ITEM, secret="guess"),
        "stale": lambda: send(api, "forms", ITEM, stamp=now - 301),
        "future": lambda: send(api, "forms", ITEM, stamp=now + 320),
        "unknown channel": lambda: send(api, "nosuch", ITEM),
        "mastodon": lambda: send(api, "masto", ITEM),
    }[case]()
    assert response.status_code == 401
    assert response.json()["error"] == {"code": "unauthorized",
                                        "message": "the signature is missing or does not match"}  # fmt: skip
    assert stored(hooks, "forms") == {}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([1, 2], "expected one item"),
        ({"items": []}, "expected one item"),
        ({"items": [{"external_id": "x", "author_handle": "a"}]}, "item 0: text must be"),
        ({**ITEM, "kind": "shout"}, "item 0: kind must be one of"),
    ],
)
def test_bad_bodies_are_a_422_that_quotes_nothing(api: Api, hooks: Database, body: Any,
                                                  message: str) -> None:  # fmt: skip
    response = send(api, "forms", body)
    assert response.status_code == 422 and message in response.json()["error"]["message"]
    assert "MRI" not in response.text


def test_the_graph_handshake(api: Api, hooks: Database) -> None:
    ok = api.client.get("/api/v1/hooks/graph/fb", params={
        "hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1158201444"})  # fmt: skip
    assert (ok.status_code, ok.text) == (200, "1158201444")
    for params in ({"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1"},
                   {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY, "hub.challenge": "1"}):  # fmt: skip
        assert api.client.get("/api/v1/hooks/graph/fb", params=params).status_code == 401
    assert api.client.get("/api/v1/hooks/graph/forms", params={
        "hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1"}).status_code == 401  # fmt: skip


def graph(api: Api, channel: str, body: Any, secret: str = APP_SECRET) -> Any:
    raw = json.dumps(body).encode()
    return api.client.post(f"/api/v1/hooks/graph/{channel}", content=raw, headers={
        "Content-Type": "application/json", "X-Hub-Signature-256": signature(secret, raw)})  # fmt: skip


def feed(value: dict[str, Any]) -> dict[str, Any]:
    return {"object": "page", "entry": [{"id": PAGE, "time": 1763715600,
                                         "changes": [{"field": "feed", "value": value}]}]}  # fmt: skip


COMMENT = {"item": "comment", "verb": "add", "comment_id": "444_555", "post_id": f"{PAGE}_1",
           "message": "The new wing looks great (synthetic)", "created_time": 1763715600,
           "from": {"id": "777", "name": "Pat Visitor"}}  # fmt: skip


def test_facebook_comments_are_stored_and_edits_update(api: Api, hooks: Database) -> None:
    assert graph(api, "fb", feed(COMMENT)).json() == {"received": 1, "new": 1}
    skipped = [feed({**COMMENT, "from": {"id": PAGE, "name": "Hospital"}}),  # the page itself
               feed({"item": "reaction", "verb": "add", "reaction_type": "like"}),
               feed({**COMMENT, "verb": "remove"})]  # fmt: skip
    for body in skipped:
        assert graph(api, "fb", body).json() == {"received": 0, "new": 0}
    graph(api, "fb", feed({**COMMENT, "verb": "edited", "message": "Edited (synthetic)"}))
    assert stored(hooks, "fb") == {"444_555": ("Edited (synthetic)", "Pat Visitor", "general")}
    assert graph(api, "fb", feed(COMMENT), secret="guess").status_code == 401
    assert graph(api, "ig", feed(COMMENT), secret="guess").status_code == 401


def test_instagram_comments_are_stored(api: Api, hooks: Database) -> None:
    body = {"object": "instagram", "entry": [{"id": "17841400000", "time": 1763715600,
            "changes": [{"field": "comments", "value": {
                "id": "17865799348089039", "text": "Is the flu clinic open Sunday? (synthetic)",
                "from": {"id": "232323", "username": "pat.visits"},
                "media": {"id": "123123", "media_product_type": "FEED"}}}]}]}  # fmt: skip
    assert graph(api, "ig", body).json() == {"received": 1, "new": 1}
    [(text, handle, _)] = stored(hooks, "ig").values()
    assert handle == "@pat.visits" and text.startswith("Is the flu clinic open")
    assert graph(api, "ig", {"no": "entry"}).status_code == 422


NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("stamp", "ok"),
    [(str(int(NOW.timestamp())), True), (str(int((NOW - timedelta(seconds=299)).timestamp())), True),
     (str(int((NOW + timedelta(seconds=301)).timestamp())), False), ("", False), (None, False),
     ("12x", False), ("²", False), ("9" * 40, False)],
)  # fmt: skip
def test_fresh(stamp: str | None, ok: bool) -> None:
    assert fresh(stamp, NOW) is ok


def test_verified_needs_the_exact_signature() -> None:
    body = b'{"a": 1}'
    good = signature(SECRET, body, "100")
    assert verified(SECRET, body, good, "100")
    assert not verified(SECRET, body, good, "101")  # the timestamp is signed too
    assert not verified(SECRET, body + b" ", good, "100")
    assert not verified("", body, signature("", body, "100"), "100")  # no secret, no entry
    assert not verified(SECRET, body, None, "100")
