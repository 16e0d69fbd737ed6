"""The consents page over HTTP: every role reads the register, only compliance and admins add,
revoke and expire; bad dates are refused with a clear message; revoking or expiring sends the
linked approved posts back to review and the page says how many; forged forms are refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from conftest import Maker
from fastapi.testclient import TestClient
from httpx import Response
from test_web_pages import field, log_in

from socialrx import accounts
from socialrx.settings import Settings
from socialrx.store import consents, posts, reviews, users
from socialrx.store.database import Database
from socialrx.store.models import User
from socialrx.web import create_app

STORY = "Shared with her permission: after six rounds of treatment she is home and thriving."
FORM = {"subject_alias": "patient-017", "scope": "recovery story", "channels": ["x", "bluesky"],
        "document_ref": "DMS-4411", "valid_from": "2026-01-01T09:00",
        "valid_until": "2030-01-01T09:00"}  # fmt: skip


@pytest.fixture
def browser(database: Database, people: dict[str, User]) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url="sqlite://"), database=database)) as c:
        yield c


def sign_in(c: TestClient, database: Database, people: dict[str, User], who: str) -> str:
    """Log ``who`` in (with a TOTP code for the roles that need one); the page's CSRF token."""
    code = ""
    if who != "author":
        with database.transaction() as s:
            secret = users.enroll_totp(s, users.by_id(s, people[who].id))
        code = accounts.totp_now(secret, datetime.now(UTC))
    log_in(c, who, code)
    page = c.get("/consents")
    assert page.status_code == 200, page.text
    return field(page.text, "csrf_token")


def add(c: TestClient, csrf: str, **changes: object) -> Response:
    response: Response = c.post("/consents", data={**FORM, "csrf_token": csrf, **changes},
                                follow_redirects=False)  # fmt: skip
    return response


def linked_approved_story(database: Database, people: dict[str, User], make: Maker,
                          consent_id: int) -> int:  # fmt: skip
    with database.transaction() as s:
        author = users.by_id(s, people["author"].id)
        analysis = make(STORY, "review", (consents.CONSENT_CODE,))
        post = posts.create_post(s, author, STORY, analysis, ["x"])
        consents.link(s, post, consents.get_consent(s, consent_id), author)
        posts.submit_post(s, post, author)
        reviewer = users.by_id(s, people["reviewer"].id)
        reviews.decide(s, reviews.queue(s)[0].id, reviewer, "approved")
        return post.id


def state(database: Database, post_id: int) -> str:
    with database.transaction() as s:
        return posts.get_post(s, post_id).state


def test_strangers_are_sent_to_the_login(browser: TestClient) -> None:
    response = browser.get("/consents", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/login")


def test_an_author_reads_the_register_but_may_not_change_it(
    browser: TestClient, database: Database, people: dict[str, User]
) -> None:
    with database.transaction() as s:
        made = consents.create_consent(s, users.by_id(s, people["compliance"].id), "patient-9",
                                       "photo", ["x"], "DMS-1", datetime(2026, 1, 1, tzinfo=UTC))  # fmt: skip
    csrf = sign_in(browser, database, people, "author")
    page = browser.get("/consents").text
    assert "patient-9" in page and "DMS-1" in page and "in force" in page
    assert 'action="/consents"' not in page and "Revoke consent" not in page
    assert add(browser, csrf).status_code == 403
    refused = browser.post(f"/consents/{made.id}/revoke", data={"csrf_token": csrf})
    assert refused.status_code == 403 and "compliance" in refused.text
    with database.transaction() as s:
        assert consents.get_consent(s, made.id).revoked_at is None


def test_compliance_adds_a_consent_with_times_in_the_browsers_zone(
    browser: TestClient, database: Database, people: dict[str, User]
) -> None:
    csrf = sign_in(browser, database, people, "compliance")
    assert 'action="/consents"' in browser.get("/consents").text
    made = add(browser, csrf, valid_from_offset="120", valid_until_offset="")
    assert made.status_code == 303, made.text
    assert re.fullmatch(r"/consents\?done=added&consent=\d+", made.headers["location"])
    page = browser.get(made.headers["location"]).text
    assert "was added to the register" in page and "patient-017" in page
    with database.transaction() as s:
        [consent] = consents.consents(s)
        assert consent.valid_from == datetime(2026, 1, 1, 7, 0, tzinfo=UTC)  # 09:00 at UTC+2
        assert consent.valid_until == datetime(2030, 1, 1, 9, 0, tzinfo=UTC)  # no offset: UTC
        assert consent.channels == ["bluesky", "x"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"valid_until": "2025-12-31T09:00"}, "Valid until must be later than valid from"),
        ({"valid_until": "2026-01-01T09:00"}, "Valid until must be later than valid from"),
        ({"valid_from": "yesterday"}, "Valid from is not a date and time"),
        ({"channels": []}, "Choose at least one channel"),
        ({"document_ref": "  "}, "Fill in the subject alias"),
    ],
)
def test_a_bad_consent_is_refused_with_a_clear_message(
    browser: TestClient, database: Database, people: dict[str, User],
    changes: dict[str, object], message: str,
) -> None:  # fmt: skip
    csrf = sign_in(browser, database, people, "compliance")
    refused = add(browser, csrf, **changes)
    assert refused.status_code == 400 and message in refused.text
    assert 'value="patient-017"' in refused.text  # the form is kept
    with database.transaction() as s:
        assert consents.consents(s) == []


@pytest.mark.parametrize(("action", "done"), [("revoke", "revoked"), ("expire", "expired")])
def test_revoke_and_expire_send_linked_approved_posts_back(
    browser: TestClient, database: Database, people: dict[str, User], analysis_of: Maker,
    action: str, done: str,
) -> None:  # fmt: skip
    csrf = sign_in(browser, database, people, "compliance")
    add(browser, csrf)
    with database.transaction() as s:
        consent_id = consents.consents(s)[0].id
    post_id = linked_approved_story(database, people, analysis_of, consent_id)
    page = browser.get("/consents").text
    assert f"Post {post_id}" in page and "1 linked approved post will go back" in page
    changed = browser.post(f"/consents/{consent_id}/{action}", data={"csrf_token": csrf},
                           follow_redirects=False)  # fmt: skip
    assert changed.status_code == 303
    page = browser.get(changed.headers["location"]).text
    assert f"Consent {consent_id} was {done}: 1 linked approved post went back to review." in page
    assert f">{done}</span>" in page and f"Post {post_id}</a> (pending)" in page
    assert state(database, post_id) == "pending"
    again = browser.post(f"/consents/{consent_id}/{action}", data={"csrf_token": csrf})
    assert again.status_code == 409
    with database.transaction() as s:
        consent = consents.get_consent(s, consent_id)
        assert (consent.revoked_at is not None) == (action == "revoke")
        assert action == "revoke" or not consents.in_force(consent, datetime.now(UTC))


def test_forged_forms_are_refused(
    browser: TestClient, database: Database, people: dict[str, User]
) -> None:
    csrf = sign_in(browser, database, people, "admin")
    assert add(browser, "forged").status_code == 403
    add(browser, csrf)
    with database.transaction() as s:
        [consent] = consents.consents(s)
    forged = browser.post(f"/consents/{consent.id}/revoke", data={"csrf_token": "x"})
    assert forged.status_code == 403
    with database.transaction() as s:
        assert consents.get_consent(s, consent.id).revoked_at is None
    assert browser.post("/consents/999/expire", data={"csrf_token": csrf}).status_code == 404
