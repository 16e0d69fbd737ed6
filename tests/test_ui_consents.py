"""Consent link and revocation in Chromium: compliance adds a consent on /consents; the author
composes a story that claims consent, picks that consent in the compose page's picker and
submits; a reviewer approves; compliance revokes the consent and the post is pending again."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from browser import Totp, log_in, overflow_problems, screenshot, usable
from conftest import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
STORY = "Shared with her permission: after six rounds of treatment she is home and thriving."


def test_consent_link_and_revocation(
    page: Page, mobile_page: Page, live_server: str, totp: Callable[[str], Totp]
) -> None:
    compliance = totp("compliance")
    log_in(page, live_server, "compliance@example.org", PASSWORD, compliance)
    page.goto(f"{live_server}/consents")
    page.get_by_label("Subject alias").fill("patient-042")
    page.get_by_label("Scope").fill("recovery story with photo")
    page.get_by_label("mastodon").check()
    page.get_by_label("Document reference").fill("DMS-7781")
    page.get_by_label("Valid until").fill("2030-06-30T17:00")
    page.get_by_role("button", name="Add consent").click()
    page.wait_for_url(re.compile(r".*/consents\?done=added&consent=\d+$"))
    consent_id = re.search(r"consent=(\d+)", page.url)
    assert consent_id is not None
    assert "added to the register" in page.get_by_role("status").inner_text()
    row = page.locator(f"#consent-{consent_id.group(1)}")
    assert "patient-042" in row.inner_text() and "in force" in row.inner_text()
    # the author claims consent and picks the record in the compose page's picker
    log_in(page, live_server, "author@example.org", PASSWORD)
    page.goto(f"{live_server}/compose")
    page.locator("#text").fill(STORY)
    page.wait_for_function("document.querySelector('#decision').dataset.action === 'review'")
    picker = page.get_by_label("Consent on file for this story")
    page.wait_for_function("document.querySelectorAll('#consent option').length > 1")
    picker.select_option(consent_id.group(1))
    page.get_by_role("button", name="Submit").click()
    page.wait_for_function("document.querySelector('#outcome').textContent.includes('reviewer')")
    post = re.search(r"Post (\d+)", page.locator("#outcome").inner_text())
    assert post is not None
    post_id = post.group(1)
    # a reviewer approves it
    log_in(page, live_server, "reviewer@example.org", PASSWORD, totp("reviewer"))
    page.goto(f"{live_server}/reviews")
    page.get_by_role("link", name=f"Review post {post_id}").click()
    page.get_by_role("button", name="Claim this review").click()
    page.get_by_role("button", name="Approve").click()
    page.wait_for_url(f"{live_server}/reviews")
    assert page.request.get(f"{live_server}/api/v1/posts/{post_id}").json()["state"] == "approved"
    # compliance revokes the consent; the post goes back to review
    log_in(page, live_server, "compliance@example.org", PASSWORD, compliance)
    page.goto(f"{live_server}/consents")
    assert f"Post {post_id}" in row.inner_text() and "(approved)" in row.inner_text()
    usable(page)
    screenshot(page, "consents")
    row.get_by_text(f"Revoke or expire consent {consent_id.group(1)}").click()
    assert "1 linked approved post will go back to review" in row.inner_text()
    row.get_by_role("button", name=f"Revoke consent {consent_id.group(1)}").click()
    page.wait_for_url(re.compile(r".*/consents\?done=revoked.*"))
    notice = page.get_by_role("status").inner_text()
    assert "1 linked approved post went back to review" in notice
    assert "revoked" in row.inner_text() and "(pending)" in row.inner_text()
    assert page.request.get(f"{live_server}/api/v1/posts/{post_id}").json()["state"] == "pending"
    queue = page.request.get(f"{live_server}/reviews").text()
    assert f"Review post {post_id}" in queue
    # readable on a phone
    log_in(mobile_page, live_server, "compliance@example.org", PASSWORD, compliance)
    mobile_page.goto(f"{live_server}/consents")
    assert overflow_problems(mobile_page) == []
    usable(mobile_page)
