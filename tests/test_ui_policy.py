"""A policy edit changes a decision, in Chromium: the author's promotion naming a competitor is
allowed; compliance adds the competitor to a new phrase list on /policy, tries the text there
(in force: allowed; with the change: held for review), saves version 2 with a note; the same
text on /compose is now held for review with lexicon.competitors, and the version's page shows
what changed."""

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
PROMO = "Our flu shots are free this week, unlike SuperClinic."


def compose_decision(page: Page, base: str) -> str:
    """The decision /compose shows for PROMO once its live check has answered."""
    page.goto(f"{base}/compose")
    with page.expect_response(re.compile(r".*/api/v1/analyze$")) as checked:
        page.locator("#text").fill(PROMO)
    expected = checked.value.json()["decision"]
    page.wait_for_function(f"document.querySelector('#decision').dataset.action === '{expected}'")
    return str(expected)


def test_a_policy_edit_changes_a_decision(
    page: Page, mobile_page: Page, live_server: str, totp: Callable[[str], Totp]
) -> None:
    log_in(page, live_server, "author@example.org", PASSWORD)
    assert compose_decision(page, live_server) == "allow"

    compliance = totp("compliance")
    log_in(page, live_server, "compliance@example.org", PASSWORD, compliance)
    page.goto(f"{live_server}/policy")
    assert page.locator("#policy-ref").inner_text() == "default@1"
    page.get_by_label("New list name").fill("competitors")
    page.get_by_label("New list phrases").fill("SuperClinic")
    page.get_by_label("Text to try").fill(PROMO)
    page.get_by_role("button", name="Try it").click()
    now = page.get_by_role("region", name="Version 1 (in force)")
    draft = page.get_by_role("region", name="With your changes (not saved)")
    assert now.locator(".decision").get_attribute("data-action") == "allow"
    assert draft.locator(".decision").get_attribute("data-action") == "review"
    assert "lexicon.competitors" in draft.inner_text()
    assert (
        page.get_by_label("New list name").input_value() == "competitors"
    )  # the edit is still there
    usable(page)
    screenshot(page, "policy")

    page.get_by_label("What changed and why").fill("Flag posts that name SuperClinic")
    page.get_by_role("button", name="Save version 2").click()
    page.wait_for_url(f"{live_server}/policy?saved=2")
    assert "Saved as version 2" in page.get_by_role("status").inner_text()
    assert page.locator("#policy-ref").inner_text() == "default@2"
    assert page.locator("#phrases__competitors").input_value() == "SuperClinic"

    log_in(page, live_server, "author@example.org", PASSWORD)
    assert compose_decision(page, live_server) == "review"
    assert "lexicon.competitors" in page.locator("#findings").inner_text()

    log_in(page, live_server, "compliance@example.org", PASSWORD, compliance)
    page.goto(f"{live_server}/policy")
    page.get_by_role("link", name="default@2").click()
    page.wait_for_url(re.compile(r".*/policy/versions/2$"))
    assert 'competitors = ["SuperClinic"]' in page.locator("#diff").inner_text()
    audit = page.request.get(f"{live_server}/api/v1/audit").json()
    assert [(e["action"], e["policy"]) for e in audit if e["subject_type"] == "policy"] == [
        ("policy.changed", "default@2")]  # fmt: skip

    log_in(mobile_page, live_server, "compliance@example.org", PASSWORD, compliance)
    mobile_page.goto(f"{live_server}/policy")
    assert overflow_problems(mobile_page) == []
