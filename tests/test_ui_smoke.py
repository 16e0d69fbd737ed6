"""The browser test set-up works end to end: the real service on loopback, Chromium, log-in with
two-factor codes, screenshots. (The pages themselves have their own tests.)"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from browser import Totp, external_requests, log_in, screenshot
from conftest import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_the_openapi_schema_opens_in_the_browser(page: Page, live_server: str) -> None:
    response = page.goto(f"{live_server}/openapi.json")
    assert response is not None and response.ok
    schema = json.loads(page.locator("pre").first.inner_text())
    assert schema["info"]["title"] == "socialrx"
    assert "/api/v1/login" in schema["paths"]
    assert external_requests(page) == []


def test_the_api_docs_render_offline(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/docs")
    assert external_requests(page) == []
    page.locator("#swagger-ui .information-container").wait_for()  # the 10 s default (conftest)
    screenshot(page, "api-docs", full_page=False)


def test_log_in_with_two_factor_codes_twice(
    page: Page, live_server: str, totp: Callable[[str], Totp]
) -> None:
    reviewer = totp("reviewer")
    for _ in range(2):  # each code works once: the second log-in takes the next step's code
        log_in(page, live_server, "reviewer@example.org", PASSWORD, reviewer)
        page.goto(f"{live_server}/api/v1/me")
        me = json.loads(page.locator("pre").first.inner_text())
        assert (me["email"], me["two_factor_setup_required"]) == ("reviewer@example.org", False)
        page.context.clear_cookies()
    response = page.goto(f"{live_server}/api/v1/me")  # the cookies are gone: logged out
    assert response is not None and response.status == 401


def test_a_code_is_refused_the_second_time(
    page: Page, live_server: str, totp: Callable[[str], Totp]
) -> None:
    admin = totp("admin")
    code = admin.code()
    response = page.request.post(f"{live_server}/api/v1/login",
                                 data={"email": "admin@example.org", "password": PASSWORD,
                                       "totp": code})  # fmt: skip
    assert response.ok
    again = page.request.post(f"{live_server}/api/v1/login",
                              data={"email": "admin@example.org", "password": PASSWORD,
                                    "totp": code})  # fmt: skip
    assert again.status == 401
