"""The audit page over HTTP: only compliance and admins see it; each filter narrows the events
(and only where it should); pages go back by ``seq``; "Verify the chain" says ok with the
count and head, or names the first tampered event; and no post text ever reaches the page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from conftest import drop_audit_guard
from fastapi.testclient import TestClient
from sqlalchemy import text
from test_web_pages import log_in

from socialrx import accounts
from socialrx.settings import Settings
from socialrx.store.database import Database
from socialrx.store.models import User
from socialrx.web import create_app

HASH = "ab" * 32

# key: (actor, action, subject type, subject id, time, codes)
SEED: dict[str, tuple[str, str, str, str, str, tuple[str, ...]]] = {
    "created": ("nurse@example.org", "post.created", "post", "7", "2026-03-01T10:00:00", ()),
    "submitted": ("nurse@example.org", "post.submitted", "post", "7", "2026-03-02T00:00:00",
                  ("phi.name",)),
    "other_post": ("comms@example.org", "post.created", "post", "17", "2026-03-02T12:00:00", ()),
    "postal": ("comms@example.org", "postal.sent", "letter", "7", "2026-03-02T23:59:59.999999",
               ()),
    "review": ("reviewer@example.org", "review.approved", "review", "7", "2026-03-03T00:00:00",
               ()),
    "escalated": ("nurse@example.org", "inbound.escalated", "inbound", "3",
                  "2026-03-03T08:00:00", ("escalation.webhook.delivered",)),
}  # fmt: skip

FILTERS = [
    ("actor", {"actor": "nurse@example.org"}, {"created", "submitted", "escalated"}),
    ("actor in any case", {"actor": " NURSE@Example.org "}, {"created", "submitted", "escalated"}),
    ("unknown actor", {"actor": "nobody@example.org"}, set()),
    ("action prefix", {"action": "post."}, {"created", "submitted", "other_post"}),
    ("a prefix is not a substring", {"action": "created"}, set()),
    ("an exact action", {"action": "inbound.escalated"}, {"escalated"}),
    ("review.", {"action": "review."}, {"review"}),
    ("subject", {"subject_type": "post", "subject_id": "7"}, {"created", "submitted"}),
    ("subject id alone", {"subject_id": "7"}, {"created", "submitted", "postal", "review"}),
    ("subject type alone", {"subject_type": "inbound"}, {"escalated"}),
    ("one day, both ends inclusive", {"from": "2026-03-02", "to": "2026-03-02"},
     {"submitted", "other_post", "postal"}),
    ("from only", {"from": "2026-03-03"}, {"review", "escalated"}),
    ("to only", {"to": "2026-03-01"}, {"created"}),
    ("empty range", {"from": "2026-03-04", "to": "2026-03-01"}, set()),
    ("actor and action", {"actor": "nurse@example.org", "action": "post."},
     {"created", "submitted"}),
]  # fmt: skip


@pytest.fixture
def client(database: Database, people: dict[str, User]) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url="sqlite://"), database=database)) as c:
        yield c


def sign_in(c: TestClient, database: Database, who: str) -> None:
    """Log in on the page as ``who`` (staff other than authors enrol two-factor first)."""
    from socialrx.store import users

    code = ""
    if who != "author":
        with database.transaction() as s:
            secret = users.enroll_totp(s, users.by_email(s, f"{who}@example.org"))  # type: ignore[arg-type]
        code = accounts.totp_now(secret, datetime.now(UTC))
    response = log_in(c, who, code)
    assert response.headers["location"] == "/"  # type: ignore[attr-defined]


def seed(database: Database) -> dict[str, int]:
    """The ``SEED`` events (after the accounts' own); their ``seq`` by key."""
    from socialrx.store import audit_log

    seqs = {}
    with database.transaction() as s:
        for key, (actor, action, kind, ident, at, codes) in SEED.items():
            event = audit_log.append(s, actor, action, (kind, ident), policy="default@3",
                                     content_hash=HASH, codes=codes,
                                     at=datetime.fromisoformat(at).replace(tzinfo=UTC))  # fmt: skip
            seqs[key] = event.body.seq
    return seqs


def shown(html: str) -> list[int]:
    return [int(seq) for seq in re.findall(r'<tr id="event-(\d+)"', html)]


@pytest.mark.parametrize("who", ["author", "reviewer"])
def test_other_roles_get_the_403_page(client: TestClient, database: Database, who: str) -> None:
    sign_in(client, database, who)
    response = client.get("/audit")
    assert response.status_code == 403 and "Not for your role" in response.text
    assert 'href="/audit"' not in client.get("/inbox").text  # and no link to it


def test_strangers_are_sent_to_the_login(client: TestClient) -> None:
    response = client.get("/audit", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/login")


@pytest.mark.parametrize("who", ["compliance", "admin"])
def test_auditors_see_the_events_newest_first(
    client: TestClient, database: Database, who: str
) -> None:
    seqs = seed(database)
    sign_in(client, database, who)
    page = client.get("/audit").text
    order = shown(page)
    assert order == sorted(order, reverse=True) and set(seqs.values()) <= set(order)
    assert 'href="/audit" aria-current="page">Audit</a>' in page
    row = page.split(f'id="event-{seqs["escalated"]}"')[1].split("</tr>")[0]
    for part in ("nurse@example.org", "inbound.escalated", "inbound 3", "default@3",
                 "escalation.webhook.delivered", "2026-03-03 08:00:00", HASH[:12]):  # fmt: skip
        assert part in row, part
    assert HASH not in page  # only the first 12 hex digits


@pytest.mark.parametrize(("name", "query", "expected"), FILTERS, ids=[f[0] for f in FILTERS])
def test_filters_narrow_the_events(
    client: TestClient, database: Database, name: str, query: dict[str, str], expected: set[str]
) -> None:
    seqs = seed(database)
    sign_in(client, database, "compliance")
    page = client.get("/audit", params=query)
    assert page.status_code == 200
    found = set(shown(page.text))
    assert found & set(seqs.values()) == {seqs[k] for k in expected}, name
    if "from" not in query or "to" in query:
        assert found <= set(seqs.values())  # the accounts' own events (now) are left out too
    for field, value in query.items():  # the form keeps what was asked
        assert f'name="{field}"' in page.text and f'value="{value.strip()}"' in page.text


def test_days_and_times_are_the_organisations_own(
    database: Database, people: dict[str, User]
) -> None:
    """With ``SOCIALRX_TIMEZONE`` America/New_York a day runs from New York's midnight to the
    next (so an event at 00:00 UTC on 2 March belongs to 1 March) and times are shown there,
    across the change to summer time too."""
    from socialrx.store import audit_log

    settings = Settings(database_url="sqlite://", timezone="America/New_York")
    with TestClient(create_app(settings, database=database)) as c:
        seqs = seed(database)
        with database.transaction() as s:  # summer time starts on 8 March 2026 at 2:00
            for key, at in (("before", "2026-03-09T03:30:00"), ("after", "2026-03-09T04:30:00")):
                seqs[key] = audit_log.append(s, "x@example.org", "dst.check", ("post", key),
                                             at=datetime.fromisoformat(at).replace(tzinfo=UTC)).body.seq  # fmt: skip
        sign_in(c, database, "compliance")
        page = c.get("/audit", params={"from": "2026-03-02", "to": "2026-03-02"}).text
        assert set(shown(page)) == {seqs[k] for k in ("other_post", "postal", "review")}
        assert "Time (America/New_York)" in page and "(day in America/New_York)" in page
        row = page.split(f'id="event-{seqs["review"]}"')[1].split("</tr>")[0]
        assert "2026-03-02 19:00:00" in row and 'datetime="2026-03-03T00:00:00' in row
        day_8 = set(shown(c.get("/audit", params={"from": "2026-03-08", "to": "2026-03-08"}).text))
        day_9 = set(shown(c.get("/audit", params={"from": "2026-03-09", "to": "2026-03-09"}).text))
        assert (day_8, day_9) == ({seqs["before"]}, {seqs["after"]})


def test_a_malformed_date_is_named_not_ignored_silently(
    client: TestClient, database: Database
) -> None:
    seed(database)
    sign_in(client, database, "compliance")
    page = client.get("/audit", params={"from": "03/02/2026"}).text
    assert 'role="alert">“From” must be a date like 2026-03-02.' in page


def test_pages_go_back_by_seq_and_keep_the_filter(client: TestClient, database: Database) -> None:
    from socialrx.store import audit_log

    with database.transaction() as s:
        made = [audit_log.append(s, "bulk@example.org", "bulk.event", ("post", i)).body.seq
                for i in range(230)]  # fmt: skip
        audit_log.append(s, "bulk@example.org", "other.event", ("post", 0))
    sign_in(client, database, "compliance")
    seen: list[int] = []
    url = "/audit?action=bulk."
    for _ in range(3):
        page = client.get(url).text
        seen += shown(page)
        older = re.search(r'<a href="([^"]+)" rel="next">Older events</a>', page)
        if older is None:
            break
        url = older.group(1).replace("&amp;", "&")
        assert "action=bulk." in url
    assert seen == made[::-1] and len(shown(client.get("/audit?action=bulk.").text)) == 100
    assert "Older events" not in page and "Newest events" in page


def test_verify_says_ok_with_the_count_and_head(client: TestClient, database: Database) -> None:
    from socialrx.store import audit_log

    seed(database)
    sign_in(client, database, "compliance")
    page = client.get("/audit", params={"verify": "1", "action": "post."}).text
    with database.transaction() as s:
        verdict = audit_log.verify_log(s)
    assert 'role="status"' in page and "Chain verified: ok." in page
    assert f"All {verdict.count} events" in page and verdict.head in page
    assert 'role="alert"' not in page


TAMPER = [
    ("modified", "UPDATE audit_events SET actor = 'mallory@example.org' WHERE seq = 3", 3),
    ("modified", "UPDATE audit_events SET codes = '[]' WHERE seq = {submitted}", None),
    ("deleted", "DELETE FROM audit_events WHERE seq = 4", 4),
]


@pytest.mark.parametrize(("problem", "statement", "seq"), TAMPER)
def test_verify_names_the_first_tampered_event(
    client: TestClient, database: Database, problem: str, statement: str, seq: int | None
) -> None:
    seqs = seed(database)
    seq = seq or seqs["submitted"]
    with database.engine.begin() as connection:
        drop_audit_guard(connection)
        connection.execute(text(statement.format(**seqs)))
    sign_in(client, database, "compliance")
    page = client.get("/audit?verify=1").text
    alert = page.split('role="alert"')[1].split("</div>")[0]
    assert f"Chain broken: event {seq} was {problem}." in alert
    assert "Chain verified" not in page
    if problem == "modified":  # the row itself is marked in words too
        assert f'<tr id="event-{seq}" class="tampered">' in page


def test_no_post_text_reaches_the_page(client: TestClient, database: Database,
                                       people: dict[str, User]) -> None:  # fmt: skip
    from socialrx.pipeline import Pipeline, make_document
    from socialrx.store import posts, users

    planted = "Synthetic planted text: our patient Jane Roe in room 4 (marker 9ZQX)"
    with database.transaction() as s:
        author = users.by_id(s, people["author"].id)
        post = posts.create_post(s, author, planted, Pipeline().analyze(make_document(planted)),
                                 ["x"])  # fmt: skip
        posts.submit_post(s, post, author)
    sign_in(client, database, "compliance")
    for query in ("", "?action=post.", "?verify=1", f"?subject_type=post&subject_id={post.id}"):
        page = client.get(f"/audit{query}").text
        assert "post.created" in page
        for part in ("9ZQX", "Jane", "Roe", "room 4", "planted"):
            assert part not in page, (query, part)
