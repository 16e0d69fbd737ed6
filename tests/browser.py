"""Real-browser testing of the web UI: Playwright (sync API) driving Debian's Chromium.

The fixtures live in ``conftest.py`` (``live_server``, ``ui_database``, ``ui_people``, ``totp``,
``page``, ``mobile_page``); they import this module only when a browser test asks for them, and
this module imports Playwright only for type checking, so the rest of the suite never loads it.

- Chromium is ``/usr/bin/chromium`` (``apt-get install chromium``; ``.ci/run`` installs it):
  ``playwright install`` cannot download browsers here. Without it, or without the ``playwright``
  package, browser tests skip and say which is missing.
- Browser tests run on SQLite only (one database file per test) and are marked ``browser``:
  ``pytest -m browser`` runs just them, ``pytest -m "not browser"`` everything else.
- ``screenshot(page, name)`` writes ``docs/screenshots/<name>.png`` only when
  ``SOCIALRX_SCREENSHOTS=1`` is set (``SOCIALRX_SCREENSHOTS=1 .venv/bin/pytest -m browser``), so
  that an ordinary run never rewrites the docs.
- The checks (``accessibility_problems``, ``focus_problems``, ``overflow_problems``) run in the
  page and return a list of problems, empty when all is well (``assert not problems, problems``).
- Every page refuses requests to any host other than the test server: the pages must work
  offline (no CDN). What was refused is in ``external_requests(page)``.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route, ViewportSize

    from socialrx.store.database import Database

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync")  # fmt: skip
VIEWPORTS: dict[str, ViewportSize] = {"desktop": {"width": 1280, "height": 800},
                                      "mobile": {"width": 375, "height": 800}}  # fmt: skip
SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SCREENSHOTS_ENV = "SOCIALRX_SCREENSHOTS"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


def missing_browser() -> str | None:
    """Why browser tests cannot run here (``None`` when they can)."""
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (it is in the dev extra: make setup)"
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium; .ci/run does)"
    return None


# --- the server ------------------------------------------------------------------------------


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve the ASGI ``app`` with uvicorn on a free loopback port, in a background thread
    (lifespan included); yields the base URL; stops the server and joins the thread after."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                              name=f"live-server-{port}")  # fmt: skip
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the live server did not start (see the log above)")
            time.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


# --- two-factor codes ------------------------------------------------------------------------


@dataclass
class Totp:
    """An authenticator app for one account. Each code works once, and the server accepts the
    codes of the current 30-second step and of the next: ``code()`` gives the code of the next
    unspent step (waiting for time to move on when both are spent)."""

    secret: str
    _last: int | None = None

    def code(self) -> str:
        from socialrx import accounts

        now = int(time.time()) // 30
        step = now if self._last is None else max(now, self._last + 1)
        if step > now + 1:  # both steps the server accepts are spent: wait for the next one
            time.sleep((now + 1) * 30 - time.time() + 0.1)
            return self.code()
        self._last = step
        return accounts.totp_now(self.secret, datetime.fromtimestamp(step * 30, UTC))

    def __repr__(self) -> str:
        return "Totp(secret=…)"


def enroll(database: Database, email: str) -> Totp:
    """Enrol ``email`` for TOTP directly in the store (as if set up earlier)."""
    from socialrx.store import users

    with database.transaction() as session:
        user = users.by_email(session, email)
        if user is None:
            raise LookupError(f"no account {email}")
        return Totp(users.enroll_totp(session, user))


def log_in(page: Page, base_url: str, email: str, password: str, totp: Totp | None = None) -> str:
    """Log ``page``'s browser context in through the API (not the log-in page): the session
    cookie is set for every later navigation. Returns the session's CSRF token."""
    body: dict[str, str] = {"email": email, "password": password}
    if totp is not None:
        body["totp"] = totp.code()
    response = page.request.post(f"{base_url}/api/v1/login", data=body)
    if not response.ok:
        raise AssertionError(f"log-in as {email} failed: {response.status} {response.text()}")
    return str(response.json()["csrf_token"])


# --- pages -----------------------------------------------------------------------------------

_REFUSED: WeakKeyDictionary[Page, list[str]] = WeakKeyDictionary()


def keep_offline(page: Page) -> None:
    """Refuse (and remember) every request to a host that is not loopback."""
    refused: list[str] = []

    def route(route: Route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOOPBACK:
            route.continue_()
        else:
            refused.append(url)
            route.abort("blockedbyclient")

    page.route("**/*", route)
    _REFUSED[page] = refused


def external_requests(page: Page) -> list[str]:
    """The URLs on other hosts that ``page`` tried to load (and was refused)."""
    return _REFUSED.get(page, [])


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path | None:
    """Save the page (all of it, or the viewport) to ``docs/screenshots/<name>.png`` when
    ``SOCIALRX_SCREENSHOTS=1`` (the README shows these); otherwise do nothing. Returns the path
    written, if any."""
    if not name.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"screenshot name {name!r}: expected letters, digits, - and _")
    if os.environ.get(SCREENSHOTS_ENV, "").strip() != "1":
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
    return path


# --- checks ----------------------------------------------------------------------------------

_JS = (Path(__file__).with_name("browser_checks.js")).read_text(encoding="utf-8")


def _run(page: Page, check: str, *args: object) -> list[str]:
    problems: list[str] = page.evaluate(f"([args]) => ({_JS})['{check}'](...args)", [list(args)])
    return problems


def accessibility_problems(page: Page, min_contrast: float = 4.5) -> list[str]:
    """Form controls without a label, buttons and links without a name, images without
    ``alt``, duplicate ids, a missing ``lang`` or ``<title>``, and visible text whose contrast
    with its background is under ``min_contrast`` (WCAG AA: 4.5, large text 3)."""
    return _run(page, "accessibility", min_contrast)


def focus_problems(page: Page, presses: int = 30) -> list[str]:
    """Press Tab ``presses`` times from the top of the page: every element that gets focus
    must show it (an outline or a box shadow that differs from its unfocused look), and the
    keyboard must reach at least one element."""
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    problems: list[str] = []
    seen: set[str] = set()
    for _ in range(presses):
        page.keyboard.press("Tab")
        found = _run(page, "focus")
        if not found:
            break  # focus left the document
        where, problem = found[0], found[1:]
        if where in seen:
            break  # came round again
        seen.add(where)
        problems.extend(problem)
    if not seen:
        problems.append("the keyboard (Tab) reaches no element")
    return problems


def usable(page: Page) -> None:
    """The checks every page must pass: labels, names and contrast, visible focus, and no
    request leaving the server."""
    assert accessibility_problems(page) == []
    assert focus_problems(page) == []
    assert external_requests(page) == []


def overflow_problems(page: Page) -> list[str]:
    """Scrolling sideways at the page's width (375 px for ``mobile_page``), and the elements
    that stick out past the right edge."""
    return _run(page, "overflow")
