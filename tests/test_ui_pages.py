"""The pages in Chromium: log-in with two-factor, enrolment with a QR code, compose with the
live check, redaction and submission, and the reviewer's approval — each page also checked for
labels, names, contrast, visible focus, 375 px width and no request leaving the server."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from browser import Totp, log_in, overflow_problems, screenshot, usable
from conftest import PASSWORD

from socialrx import accounts

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
DRAFT = "Congrats to our patient Maria Gonzalez! Our new therapy cures arthritis, 100% guaranteed."


def test_login_with_two_factor_through_the_form(
    page: Page, live_server: str, totp: Callable[[str], Totp]
) -> None:
    reviewer = totp("reviewer")
    page.goto(f"{live_server}/login")
    usable(page)
    screenshot(page, "login")
    page.get_by_label("E-mail address").fill("reviewer@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Two-factor code").fill("000000")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").inner_text().startswith("The two-factor code is")
    page.get_by_label("E-mail address").fill("reviewer@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Two-factor code").fill(reviewer.code())
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server}/dashboard")
    assert "reviewer@example.org" in page.locator("header").inner_text()


def test_two_factor_enrolment_shows_a_qr_code(page: Page, live_server: str) -> None:
    log_in(page, live_server, "compliance@example.org", PASSWORD)
    page.goto(f"{live_server}/compose")
    page.wait_for_url(f"{live_server}/totp")
    assert page.locator("figure.qr svg").is_visible()
    usable(page)
    screenshot(page, "totp")
    secret = page.locator("code.secret").inner_text()
    page.get_by_label("The 6-digit code your app shows now").fill(
        accounts.totp_now(secret, datetime.now(UTC))
    )
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{live_server}/dashboard")


def test_compose_flags_redacts_submits_and_a_reviewer_approves(
    page: Page, mobile_page: Page, live_server: str, totp: Callable[[str], Totp]
) -> None:
    log_in(page, live_server, "author@example.org", PASSWORD)
    page.goto(f"{live_server}/compose")
    decision = page.locator("#decision")
    page.locator("#text").press_sequentially(DRAFT, delay=5)
    page.wait_for_function("document.querySelector('#decision').dataset.action === 'block'")
    assert "Blocked" in decision.inner_text()
    assert page.locator("#highlights mark", has_text="Maria Gonzalez").count() >= 1
    usable(page)
    screenshot(page, "compose")
    page.get_by_role("button", name=re.compile(r"Redact finding \d+ \(phi\.name\)")).click()
    page.wait_for_function("document.querySelector('#decision').dataset.action === 'review'")
    assert "[name]" in page.locator("#text").input_value()
    assert page.locator("#highlights mark", has_text="Maria").count() == 0
    page.get_by_role("button", name="Submit").click()
    page.wait_for_function("document.querySelector('#outcome').textContent.includes('reviewer')")
    post_id = re.search(r"Post (\d+)", page.locator("#outcome").inner_text())
    assert post_id is not None
    # the reviewer, on a phone
    log_in(mobile_page, live_server, "reviewer@example.org", PASSWORD, totp("reviewer"))
    mobile_page.goto(f"{live_server}/reviews")
    assert overflow_problems(mobile_page) == []
    mobile_page.get_by_role("link", name=f"Review post {post_id.group(1)}").click()
    assert mobile_page.locator(".post-text mark", has_text="cures arthritis").count() == 1
    usable(mobile_page)
    assert overflow_problems(mobile_page) == []
    screenshot(mobile_page, "review")
    mobile_page.get_by_role("button", name="Claim this review").click()
    mobile_page.get_by_label("Note to the author").fill("Claims checked with the study team.")
    mobile_page.get_by_role("button", name="Approve").click()
    mobile_page.wait_for_url(f"{live_server}/reviews")
    assert f"Review post {post_id.group(1)}" not in mobile_page.locator("main").inner_text()
    state = page.request.get(f"{live_server}/api/v1/posts/{post_id.group(1)}").json()["state"]
    assert state == "approved"


def test_compose_works_at_phone_width(mobile_page: Page, live_server: str) -> None:
    log_in(mobile_page, live_server, "author@example.org", PASSWORD)
    mobile_page.goto(f"{live_server}/compose")
    mobile_page.locator("#text").fill("Flu shots this Saturday at the Westside campus.")
    mobile_page.wait_for_function("document.querySelector('#decision').dataset.action === 'allow'")
    assert overflow_problems(mobile_page) == []
    usable(mobile_page)
