"""The channels page in Chromium: a channel whose credentials stopped working is announced as an
alert with what to do, its status and last problem are in the table, publications show their
state; the page passes the usual checks and does not scroll sideways on a phone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from browser import log_in, overflow_problems, screenshot, usable
from conftest import PASSWORD, Maker

from socialrx.store import channels, posts, users
from socialrx.store.models import Publication, User

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from socialrx.store.database import Database

pytestmark = pytest.mark.browser
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def test_a_channel_that_cannot_authenticate_says_so(
    page: Page, mobile_page: Page, live_server: str, ui_database: Database,
    ui_people: dict[str, User], analysis_of: Maker,
) -> None:  # fmt: skip
    text = "Synthetic: flu shots are free this week at the Main Street clinic."
    with ui_database.transaction() as s:
        for name in ("mastodon", "mastodon-staff"):
            channels.add_account(s, name, "mastodon", {"base_url": "http://127.0.0.1:9"},
                                 {"token": "t"}, "test")  # fmt: skip
        channels.set_status(s, channels.account(s, "mastodon"), "auth_failed",
                            "mastodon answered HTTP 401: the credentials are not accepted; "
                            "connect the account again", "worker", NOW)  # fmt: skip
        channels.set_status(s, channels.account(s, "mastodon-staff"), "ok", None, "worker", NOW)
        author = users.by_id(s, ui_people["author"].id)
        post = posts.create_post(s, author, text, analysis_of(text), ["mastodon-staff"])
        s.add(Publication(post_id=post.id, channel="mastodon-staff", key="k1", content_hash="h",
                          state="published", url="https://mastodon.example/@hospital/1",
                          attempts=1, attempted_at=NOW, published_at=NOW))  # fmt: skip
    log_in(page, live_server, "author@example.org", PASSWORD)
    page.goto(f"{live_server}/channels")
    alert = page.get_by_role("alert").inner_text()
    assert "1 channel cannot work right now: mastodon" in alert and "reconnect it" in alert
    row = page.locator("#channel-mastodon").inner_text()
    assert "auth failed" in row and "credentials are not accepted" in row
    assert page.get_by_role("link", name="on mastodon-staff").get_attribute("href") == (
        "https://mastodon.example/@hospital/1")  # fmt: skip
    usable(page)
    screenshot(page, "channels")
    log_in(mobile_page, live_server, "author@example.org", PASSWORD)
    mobile_page.goto(f"{live_server}/channels")
    assert overflow_problems(mobile_page) == []
