"""The server-rendered pages over HTTP (the browser tests drive them in Chromium): log-in with
its own CSRF cookie, two-factor enrolment with a QR code, compose, log-out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from conftest import PASSWORD
from fastapi.testclient import TestClient

from socialrx import accounts
from socialrx.settings import Settings
from socialrx.store.database import Database
from socialrx.store.models import User
from socialrx.web import create_app


@pytest.fixture
def browser(database: Database, people: dict[str, User]) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url="sqlite://"), database=database)) as c:
        yield c


def field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]* (?:value|content)="([^"]*)"', html)
    assert match is not None, f"no {name} in the page"
    return match.group(1)


def log_in(c: TestClient, who: str, totp: str = "") -> object:
    token = field(c.get("/login").text, "csrf_token")
    return c.post("/login", data={"email": f"{who}@example.org", "password": PASSWORD,
                                  "csrf_token": token, "totp": totp}, follow_redirects=False)  # fmt: skip


@pytest.mark.parametrize("path", ["/", "/compose", "/totp"])
def test_pages_send_strangers_to_the_login(browser: TestClient, path: str) -> None:
    response = browser.get(path, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/login")


def test_login_form_needs_its_own_csrf_cookie(browser: TestClient) -> None:
    browser.get("/login")
    forged = browser.post("/login", data={"email": "author@example.org", "password": PASSWORD,
                                          "csrf_token": "forged"}, follow_redirects=False)  # fmt: skip
    assert forged.status_code == 200 and "expired" in forged.text
    assert "socialrx_session" not in browser.cookies


def test_a_wrong_password_shows_one_general_message(browser: TestClient) -> None:
    token = field(browser.get("/login").text, "csrf_token")
    page = browser.post("/login", data={"email": "author@example.org", "password": "bad pass 1",
                                        "csrf_token": token})  # fmt: skip
    assert "Wrong e-mail address or password." in page.text
    assert "bad pass 1" not in page.text


def test_author_logs_in_and_composes(browser: TestClient) -> None:
    response = log_in(browser, "author")
    assert (response.status_code, response.headers["location"]) == (303, "/")  # type: ignore[attr-defined]
    page = browser.get("/compose")
    assert page.status_code == 200
    csrf = field(page.text, "csrf-token")
    assert '<label for="text">' in page.text and "/static/compose.js" in page.text
    checked = browser.post("/api/v1/analyze", json={"text": "our patient Jane Roe is home"},
                           headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert checked.json()["decision"] == "block"
    assert browser.get("/static/compose.js").status_code == 200
    out = browser.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.headers["location"] == "/login"
    assert browser.get("/compose", follow_redirects=False).status_code == 303


def test_a_reviewer_enrols_two_factor_with_a_qr_code(browser: TestClient) -> None:
    response = log_in(browser, "reviewer")
    assert response.headers["location"] == "/totp"  # type: ignore[attr-defined]
    assert browser.get("/compose", follow_redirects=False).headers["location"] == "/totp"
    page = browser.get("/totp").text
    assert "<svg" in page
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page)
    assert secret is not None
    csrf = field(page, "csrf_token")
    wrong = browser.post("/totp", data={"code": "000000", "csrf_token": csrf})
    assert wrong.status_code == 400 and "did not match" in wrong.text
    code = accounts.totp_now(secret.group(1), datetime.now(UTC))
    done = browser.post("/totp", data={"code": code, "csrf_token": csrf}, follow_redirects=False)
    assert done.headers["location"] == "/"
    assert browser.get("/compose").status_code == 200
    browser.cookies.clear()
    later = accounts.totp_now(secret.group(1), datetime.now(UTC) + timedelta(seconds=30))
    assert log_in(browser, "reviewer", later).headers["location"] == "/"  # type: ignore[attr-defined]


def test_the_review_pages_take_a_post_from_the_queue_to_approval(
    browser: TestClient, database: Database, people: dict[str, User]
) -> None:
    from socialrx.pipeline import Pipeline, make_document
    from socialrx.store import posts, users

    first = "Our new therapy cures arthritis in 100% of cases, guaranteed!"
    second = "Our new therapy helped many patients with arthritis in our study."
    pipe = Pipeline()
    with database.transaction() as s:
        author = users.by_id(s, people["author"].id)
        post = posts.create_post(s, author, first, pipe.analyze(make_document(first)), ["x"])
        posts.submit_post(s, post, author)
        posts.edit_post(s, post, author, second, pipe.analyze(make_document(second)))
    log_in(browser, "author")
    assert browser.get("/reviews").status_code == 403
    browser.cookies.clear()
    with database.transaction() as s:
        secret = users.enroll_totp(s, users.by_id(s, people["reviewer"].id))
    log_in(browser, "reviewer", accounts.totp_now(secret, datetime.now(UTC)))
    queue = browser.get("/reviews").text
    review_id = re.search(r'href="/reviews/(\d+)"', queue)
    assert review_id is not None and "100%" not in queue  # the queue shows the current text
    page = browser.get(f"/reviews/{review_id.group(1)}").text
    assert "<del>" in page and "<ins>" in page  # the diff against version 1
    csrf = field(page, "csrf_token")
    claimed = browser.post(f"/reviews/{review_id.group(1)}/claim", data={"csrf_token": csrf},
                           follow_redirects=False)  # fmt: skip
    assert claimed.status_code == 303
    approved = browser.post(f"/reviews/{review_id.group(1)}/approve",
                            data={"csrf_token": csrf, "note": "fine now"}, follow_redirects=False)  # fmt: skip
    assert approved.headers["location"] == "/reviews"
    with database.transaction() as s:
        assert posts.get_post(s, post.id).state == "approved"
    forged = browser.post(f"/reviews/{review_id.group(1)}/reject", data={"csrf_token": "x"})
    assert forged.status_code == 403
