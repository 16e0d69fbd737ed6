"""Tracked links and leads over HTTP on the real store: short links carry UTM parameters, the
redirector counts people (not link previews) without keeping an address, unique visitors are
counted per day under a salt that is gone the next day, a booking system's signed "appointment
booked" becomes one lead however often it is delivered, and a campaign's cost per click, cost
per lead and ROI follow from its spend (figures computed by hand)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import Api
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from socialrx.channels.webhooks import signature
from socialrx.errors import InputError
from socialrx.store import channels, links, users
from socialrx.store.database import Database
from socialrx.store.models import User

SECRET = "booking-secret-1"
DAY = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"


@pytest.fixture
def booking(database: Database) -> Database:
    with database.transaction() as s:
        channels.add_account(s, "booking", "webhook", {}, {"secret": SECRET}, "test")
    return database


def lead(api: Api, body: Any, secret: str = SECRET, channel: str = "booking") -> Any:
    raw = json.dumps(body).encode()
    stamp = str(int(time.time()))
    return api.client.post(f"/api/v1/hooks/conversions/{channel}", content=raw, headers={
        "Content-Type": "application/json", "X-Socialrx-Timestamp": stamp,
        "X-Socialrx-Signature": signature(secret, raw, stamp)})  # fmt: skip


def test_a_short_link_adds_utm_parameters_and_keeps_the_urls_own(api: Api) -> None:
    api.ok("admin", "POST", "/api/v1/campaigns", {"name": "flu-2026", "spend": 500})
    made = api.ok("author", "POST", "/api/v1/links", {
        "url": "https://clinic.example/book?src=web&utm_medium=email", "channel": "mastodon",
        "campaign": "flu-2026"})  # fmt: skip
    assert made["short_url"].endswith(f"/l/{made['code']}") and len(made["code"]) == 7
    query = parse_qs(urlsplit(made["target"]).query)
    assert query == {"src": ["web"], "utm_medium": ["email"], "utm_source": ["mastodon"],
                     "utm_campaign": ["flu-2026"], "utm_content": [made["code"]]}  # fmt: skip


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"url": "javascript:alert(1)"}, 422),
        ({"url": "ftp://clinic.example/file"}, 422),
        ({"url": "https://"}, 422),
        ({"url": "http://00["}, 422),
        ({"url": "https://user@clinic.example/"}, 422),
        ({"url": "https://clinic.example", "campaign": "nope"}, 404),
        ({"url": "https://clinic.example", "post_id": 999}, 404),
        ({"url": "https://clinic.example", "extra": 1}, 422),
    ],
)
def test_bad_links_are_refused(api: Api, body: dict[str, Any], status: int) -> None:
    response = api.call("author", "POST", "/api/v1/links", body)
    assert response.status_code == status, response.text
    assert "javascript" not in response.text


def test_the_redirector_counts_people_not_previews(api: Api, database: Database) -> None:
    code = api.ok("author", "POST", "/api/v1/links", {"url": "https://clinic.example/a"})["code"]
    client = api.client
    for agent in (BROWSER, BROWSER, "Mozilla/5.0 (iPhone) Safari/604.1",
                  "facebookexternalhit/1.1", "http.rb/5.1 (Mastodon/4.2.1; +https://m.example/)",
                  "Slackbot-LinkExpanding 1.0", ""):  # fmt: skip
        answer = client.get(f"/l/{code}", headers={"User-Agent": agent}, follow_redirects=False)
        assert answer.status_code == 302 and answer.headers["cache-control"] == "no-store"
        assert answer.headers["location"].startswith("https://clinic.example/a?utm_source=")
    assert client.get("/l/zzzzzzz", follow_redirects=False).status_code == 404
    assert client.get("/l/../../etc", follow_redirects=False).status_code == 404
    [figures] = api.ok("reviewer", "GET", "/api/v1/links")
    assert (figures["clicks"], figures["visitors"]) == (3, 2)  # two browsers, one twice


def test_no_address_is_kept_and_yesterdays_salt_is_gone(database: Database,
                                                        people: dict[str, User]) -> None:  # fmt: skip
    with database.transaction() as s:
        found = links.create_link(s, users.by_id(s, people["author"].id), "https://c.example")
        links.record_click(s, found, DAY, "203.0.113.7", BROWSER)
        links.record_click(s, found, DAY + timedelta(hours=1), "203.0.113.7", BROWSER)
        links.record_click(s, found, DAY + timedelta(days=1), "203.0.113.7", BROWSER)
        [(day,)] = s.execute(text("SELECT day FROM click_salts")).all()
        rows = s.execute(text("SELECT visitor FROM link_clicks ORDER BY id")).scalars().all()
        [figures] = links.link_figures(s, DAY - timedelta(days=1), DAY + timedelta(days=2))
    assert str(day).startswith("2026-11-21")  # only today's salt is left
    assert rows[0] == rows[1] != rows[2]  # same visitor that day; not linkable to the next
    assert all("203.0.113.7" not in r and len(r) == 32 for r in rows)
    assert (figures.clicks, figures.visitors) == (3, 2)


def test_a_lead_is_counted_once_and_attributed_to_its_link(api: Api, booking: Database) -> None:
    code = api.ok("author", "POST", "/api/v1/links", {"url": "https://clinic.example/b"})["code"]
    body = {"external_id": "appt-881", "link": code, "value": 120.5,
            "at": datetime.now(UTC).isoformat()}  # fmt: skip
    first, again = lead(api, body), lead(api, body)
    assert (first.status_code, first.json()) == (202, {"received": 1, "new": 1})
    assert again.json() == {"received": 1, "new": 0}
    unattributed = lead(api, {"external_id": "appt-882", "link": "zzzzzzz"})
    assert unattributed.json()["new"] == 1
    [figures] = api.ok("author", "GET", "/api/v1/links")
    assert (figures["leads"], figures["value"]) == (1, 120.5)


@pytest.mark.parametrize(
    ("body", "secret", "channel", "status"),
    [
        ({"external_id": "a-1"}, "wrong-secret", "booking", 401),
        ({"external_id": "a-1"}, SECRET, "nobody", 401),
        ({"external_id": ""}, SECRET, "booking", 422),
        ({"external_id": "a-1", "kind": "Booked Appointment"}, SECRET, "booking", 422),
        ({"external_id": "a-1", "value": -3}, SECRET, "booking", 422),
        ({"external_id": "a-1", "email": "patient@example.org"}, SECRET, "booking", 422),
        ({"external_id": "a-1", "at": "yesterday"}, SECRET, "booking", 422),
    ],
)
def test_bad_or_unsigned_leads_are_refused(api: Api, booking: Database, body: dict[str, Any],
                                           secret: str, channel: str, status: int) -> None:  # fmt: skip
    answer = lead(api, body, secret, channel)
    assert answer.status_code == status, answer.text
    assert "patient@example.org" not in answer.text


def test_cost_per_click_cost_per_lead_and_roi(api: Api, booking: Database) -> None:
    api.ok("compliance", "POST", "/api/v1/campaigns", {"name": "knee-clinic", "spend": 500})
    api.ok("admin", "POST", "/api/v1/campaigns", {"name": "no-spend"})
    codes = [api.ok("author", "POST", "/api/v1/links", {
        "url": f"https://clinic.example/{n}", "campaign": "knee-clinic"})["code"]
        for n in range(2)]  # fmt: skip
    for code, clicks in zip(codes, (3, 1), strict=True):
        for n in range(clicks):
            api.client.get(f"/l/{code}", headers={"User-Agent": f"{BROWSER} {n}"},
                           follow_redirects=False)  # fmt: skip
    lead(api, {"external_id": "k-1", "link": codes[0], "value": 200})
    lead(api, {"external_id": "k-2", "link": codes[1], "value": 100})
    by_name = {c["name"]: c for c in api.ok("reviewer", "GET", "/api/v1/campaigns")}
    knee = by_name["knee-clinic"]
    # 500.00 spent; 4 clicks, 2 leads worth 300.00: 125.00 a click, 250.00 a lead,
    # ROI (300 − 500) / 500 = −0.4
    assert (knee["clicks"], knee["leads"], knee["value"]) == (4, 2, 300.0)
    assert (knee["cost_per_click"], knee["cost_per_lead"], knee["roi"]) == (125.0, 250.0, -0.4)
    assert by_name["no-spend"]["roi"] is None and by_name["no-spend"]["cost_per_click"] is None
    twice = api.call("admin", "POST", "/api/v1/campaigns", {"name": "no-spend"})
    assert twice.status_code == 409
    assert api.call("author", "POST", "/api/v1/campaigns", {"name": "x"}).status_code == 403


@given(st.text(max_size=120))
def test_a_code_is_either_a_link_code_or_refused_before_any_query(code: str) -> None:
    assert bool(links.CODE.fullmatch(code)) == (
        len(code) == 7 and all(c in links.CODE_ALPHABET for c in code))  # fmt: skip


@pytest.mark.parametrize(("cents", "ok"), [(0, True), (10**12, True), (-1, False),
                                           (10**12 + 1, False)])  # fmt: skip
def test_spend_bounds(database: Database, cents: int, ok: bool) -> None:
    with database.transaction() as s:
        if ok:
            assert links.add_campaign(s, "c", cents, "EUR", "test").spend_cents == cents
        else:
            with pytest.raises(InputError, match="between 0 and"):
                links.add_campaign(s, "c", cents, "EUR", "test")


def test_the_worker_forgets_yesterdays_salt(database: Database, people: dict[str, User]) -> None:
    import httpx

    from socialrx.worker import Worker

    with database.transaction() as s:
        found = links.create_link(s, users.by_id(s, people["author"].id), "https://c.example")
        links.record_click(s, found, DAY, "198.51.100.4", BROWSER)
    with httpx.Client() as client:
        Worker(database, client, clock=lambda: DAY + timedelta(days=1)).run_once()
    with database.transaction() as s:
        assert s.execute(text("SELECT count(*) FROM click_salts")).scalar_one() == 0
