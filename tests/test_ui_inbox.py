"""The inbox in Chromium: a crisis ingested through the API is pinned and unmistakable; a
reply is checked in reply mode with a safe template; escalating it reaches a loopback webhook
receiver and lands in the audit trail (read back through the API as an admin)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
from browser import Totp, log_in, overflow_problems, screenshot, serve, usable
from conftest import PASSWORD
from test_web_inbox import SECRET, Receiver, receiving

from socialrx.settings import Settings

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from socialrx.store.database import Database
    from socialrx.store.models import User

pytestmark = pytest.mark.browser


@pytest.fixture
def hooked_server(
    ui_database: Database, ui_people: dict[str, User]
) -> Iterator[tuple[str, Receiver]]:
    """The service with its escalation webhook pointing at a loopback receiver."""
    from socialrx.web import create_app

    with receiving() as hook:
        settings = Settings(database_url=ui_database.settings.database_url,
                            escalation_webhook=hook.url, escalation_webhook_secret=SECRET)  # fmt: skip
        with serve(create_app(settings, database=ui_database)) as url:
            yield url, hook


CRISIS = "my dad has chest pain and can't breathe, his lips are turning blue"


def test_inbox_crisis_escalates_and_is_audited(
    page: Page, mobile_page: Page, hooked_server: tuple[str, Receiver], totp: Callable[[str], Totp]
) -> None:
    live_server, hook = hooked_server
    admin = totp("admin")
    csrf = log_in(page, live_server, "admin@example.org", PASSWORD, admin)
    for external_id, text in (("c1", CRISIS), ("p1", "Thanks, the new clinic hours are great!")):
        made = page.request.post(f"{live_server}/api/v1/inbound", data={
            "text": text, "channel": "mastodon", "external_id": external_id,
            "author_handle": "@synthetic"}, headers={"X-CSRF-Token": csrf})  # fmt: skip
        assert made.ok, made.text()
    crisis_id = page.request.get(f"{live_server}/api/v1/inbound?label=crisis").json()[0]["id"]
    page.goto(f"{live_server}/inbox")
    card = page.locator(".crisis").first
    assert "CRISIS" in card.inner_text() and "988" in card.inner_text()
    assert page.locator("article.item").first.get_attribute("id") == f"item-{crisis_id}"
    usable(page)
    screenshot(page, "inbox")
    card.get_by_text(f"Write a reply to item {crisis_id}").click()
    card.get_by_role("button", name="Use the question reply").click()
    decision = card.locator(".decision")
    page.wait_for_function(
        f"document.getElementById('reply-{crisis_id}-decision').dataset.action === 'allow'"
    )
    assert "Allowed" in decision.inner_text()
    card.get_by_role("button", name=f"Escalate item {crisis_id} to the on-call contact").click()
    page.wait_for_url(f"{live_server}/inbox?escalated={crisis_id}&outcome=delivered")
    assert "has been notified" in page.get_by_role("alert").inner_text()
    assert len(hook.received) == 1 and b"chest" not in hook.received[0][1]
    events = page.request.get(f"{live_server}/api/v1/audit?limit=1000").json()
    [escalated] = [e for e in events if e["action"] == "inbound.escalated"]
    assert escalated["subject_id"] == str(crisis_id) and escalated["actor"] == "admin@example.org"
    assert escalated["codes"] == ["escalation.webhook.delivered"]
    # a reply to the other item is submitted from its card: a reply post answering that item
    praise_id = next(i["id"] for i in page.request.get(f"{live_server}/api/v1/inbound").json()
                     if i["id"] != crisis_id)  # fmt: skip
    other = page.locator(f"#item-{praise_id}")
    other.get_by_text(f"Write a reply to item {praise_id}").click()
    other.locator("textarea").fill("Thank you for the kind words about our clinic (synthetic).")
    other.get_by_role("button", name=f"Submit reply to item {praise_id} on mastodon").click()
    outcome = other.locator(".reply-outcome")
    outcome.filter(has_text="approved").wait_for()
    post_id = int(outcome.inner_text().split()[1])
    post = page.request.get(f"{live_server}/api/v1/posts/{post_id}").json()
    assert (post["in_reply_to"], post["channels"], post["analysis"]["channel"]) == (
        praise_id, ["mastodon"], "reply")  # fmt: skip
    # a nurse on a phone sees the same inbox without sideways scrolling
    log_in(mobile_page, live_server, "author@example.org", PASSWORD)
    mobile_page.goto(f"{live_server}/inbox")
    assert overflow_problems(mobile_page) == []
    usable(mobile_page)
