"""The audit page in Chromium: a compliance officer filters the events a post left behind,
verifies the chain (ok), and after someone rewrites an event in SQL the same button names the
tampered event in an alert; readable on a phone."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from browser import Totp, log_in, overflow_problems, screenshot, usable
from conftest import PASSWORD, drop_audit_guard
from sqlalchemy import text

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from socialrx.store.database import Database

pytestmark = pytest.mark.browser

PLANTED = "Synthetic post for the audit page: our clinic opens at 8 on Saturdays (marker 4KQ)"


def test_compliance_filters_and_verifies_the_chain(
    page: Page, mobile_page: Page, live_server: str, ui_database: Database,
    totp: Callable[[str], Totp],
) -> None:  # fmt: skip
    officer = totp("compliance")
    csrf = log_in(page, live_server, "compliance@example.org", PASSWORD, officer)
    made = page.request.post(f"{live_server}/api/v1/posts", data={"text": PLANTED,
                             "channels": ["x"]}, headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert made.ok, made.text()
    post_id = made.json()["id"]
    page.goto(f"{live_server}/compose")
    page.get_by_role("link", name="Audit").click()
    page.wait_for_url(f"{live_server}/audit")
    page.get_by_label("Action starts with").fill("post.")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(f"{live_server}/audit?*action=post.*")
    rows = page.locator("table.audit tbody tr")
    assert rows.count() >= 1
    first = rows.first.inner_text()
    assert "post.created" in first and f"post {post_id}" in first
    assert "compliance@example.org" in first
    assert "marker 4KQ" not in page.content()  # with the space: no random token holds it
    usable(page)
    page.get_by_role("button", name="Verify the chain").click()
    status = page.get_by_role("status")
    assert "Chain verified: ok." in status.inner_text()
    assert page.get_by_label("Action starts with").input_value() == "post."  # filter kept
    screenshot(page, "audit")
    # someone with database rights rewrites who created the post
    with ui_database.engine.begin() as connection:
        drop_audit_guard(connection)
        seq = connection.execute(
            text("SELECT seq FROM audit_events WHERE action = 'post.created'")
        ).scalar_one()
        connection.execute(
            text("UPDATE audit_events SET actor = 'mallory@example.org' WHERE seq = :seq"),
            {"seq": seq},
        )
    page.get_by_role("button", name="Verify the chain").click()
    alert = page.get_by_role("alert")
    assert f"Chain broken: event {seq} was modified." in alert.inner_text()
    assert page.locator(f"#event-{seq}.tampered").count() == 1
    usable(page)
    # on a phone: no sideways scrolling
    log_in(mobile_page, live_server, "compliance@example.org", PASSWORD, officer)
    mobile_page.goto(f"{live_server}/audit")
    problems = overflow_problems(mobile_page)
    assert problems == [], problems
    usable(mobile_page)
