"""The dashboard in Chromium: after a post is made and a crisis comes in, the author sees the
decision and the red crisis count, follows the link to the crisis items, switches the period;
the page passes the usual checks and does not scroll sideways on a phone."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from browser import Totp, log_in, overflow_problems, screenshot, usable
from conftest import PASSWORD

from socialrx.store.models import InboundItem

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from socialrx.store.database import Database

pytestmark = pytest.mark.browser

PLANTED = "Synthetic post for the dashboard: our clinic opens at 8 on Saturdays (marker 9ZD)"


def test_the_dashboard_counts_and_links_to_crises(
    page: Page, mobile_page: Page, live_server: str, ui_database: Database,
    totp: Callable[[str], Totp],
) -> None:  # fmt: skip
    with ui_database.transaction() as s:
        s.add(InboundItem(channel="x", external_id="1", author_handle="@someone",
                          text="Synthetic crisis message (marker 9ZD)",
                          labels=[{"name": "crisis", "score": 0.99}], label_names=",crisis,",
                          sentiment="negative", queue="crisis", state="open"))  # fmt: skip
    csrf = log_in(page, live_server, "author@example.org", PASSWORD)
    made = page.request.post(f"{live_server}/api/v1/posts", data={"text": PLANTED,
                             "channels": ["x"]}, headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert made.ok, made.text()
    page.goto(f"{live_server}/")
    page.wait_for_url(f"{live_server}/dashboard")
    assert page.locator("#crisis-count").inner_text() == "1"
    assert "1 analysed versions" in page.locator(".totals").inner_text()
    for name in ("Decisions per day", "Top finding codes", "Review latency per week",
                 "Inbound by label", "Inbound by sentiment"):  # fmt: skip
        assert page.get_by_role("img", name=name).count() == 1, name
    assert "marker 9ZD" not in page.content()  # with the space: no random token holds it
    usable(page)
    screenshot(page, "dashboard")
    page.get_by_role("link", name="Last 7 days").click()
    page.wait_for_url(f"{live_server}/dashboard?days=7")
    assert page.locator("#crisis-count").inner_text() == "1"
    page.get_by_role("link", name="Open the crisis items in the inbox").click()
    page.wait_for_url(f"{live_server}/inbox?label=crisis")
    # on a phone: no sideways scrolling
    log_in(mobile_page, live_server, "reviewer@example.org", PASSWORD, totp("reviewer"))
    mobile_page.goto(f"{live_server}/dashboard")
    problems = overflow_problems(mobile_page)
    assert problems == [], problems
    usable(mobile_page)
