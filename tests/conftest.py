"""Shared fixtures. ``database`` is a migrated, empty store: always on SQLite (a file per test),
and on PostgreSQL too when ``SOCIALRX_TEST_POSTGRES_URL`` is set (one fresh schema per test
session, emptied before each test, dropped at the end)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Connection, create_engine, text

from socialrx import accounts
from socialrx.model import (
    Action,
    Analysis,
    Channel,
    Decision,
    Document,
    Finding,
    Label,
    Reason,
    Sentiment,
    Span,
)
from socialrx.settings import Settings, normalize_url
from socialrx.store.database import Database
from socialrx.store.models import User

if TYPE_CHECKING:
    from browser import Totp
    from playwright.sync_api import Browser, Page

KEY = bytes(range(32))
POSTGRES_ENV = "SOCIALRX_TEST_POSTGRES_URL"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with tiny parameters: tests create many accounts. (test_store_accounts checks
    the real parameters.)"""
    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", lambda: hasher)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set: PostgreSQL runs skipped (.ci/run sets it)")
    base = normalize_url(url)
    schema = f"socialrx_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    scoped = f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    migrated = Database(Settings(database_url=scoped), key=KEY)
    migrated.upgrade()
    migrated.dispose()
    try:
        yield scoped
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


TABLES = ("peer_posts", "peer_snapshots", "peers", "conversions", "link_clicks", "click_salts", "links", "campaigns", "audit_events", "sessions", "post_consents", "consents", "reviews", "post_versions", "posts",
          "inbound_items", "ratings", "api_tokens", "policy_versions", "finding_feedback", "post_metrics",
          "publications", "jobs", "cursors", "channel_accounts", "users")  # fmt: skip


def sqlite_database(path: Path) -> Database:
    """A migrated SQLite store in the file ``path``."""
    db = Database(Settings(database_url=f"sqlite:///{path}"), key=KEY)
    db.upgrade()
    return db


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        db = sqlite_database(tmp_path / "test.db")
    else:
        db = Database(Settings(database_url=request.getfixturevalue("postgres_url")), key=KEY)
        with db.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
            connection.execute(text(RESTORE_GUARD))  # a test may have dropped it
    try:
        yield db
    finally:
        db.dispose()


PASSWORD = "correct horse battery staple"


RESTORE_GUARD = """CREATE OR REPLACE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE
    ON audit_events FOR EACH ROW EXECUTE FUNCTION socialrx_audit_append_only()"""


def drop_audit_guard(connection: Connection) -> None:
    """Drop the triggers that make audit events append-only, as someone with the rights to do
    so could; ``socialrx audit verify`` must still catch what they do next."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("DROP TRIGGER audit_events_append_only ON audit_events"))
    else:
        for verb in ("update", "delete"):
            connection.execute(text(f"DROP TRIGGER audit_events_no_{verb}"))


Maker = Callable[..., Analysis]


def create_people(database: Database) -> dict[str, User]:
    """One committed account per role, keyed by role (``author2`` is a second author); each
    one's e-mail address is ``<key>@example.org`` and its password ``PASSWORD``."""
    from socialrx.store import users

    with database.transaction() as session:
        made = {
            name: users.create_user(session, f"{name}@example.org", role, PASSWORD, "test")
            for name, role in (("author", "author"), ("author2", "author"),
                               ("reviewer", "reviewer"), ("compliance", "compliance"),
                               ("admin", "admin"))
        }  # fmt: skip
    return made


@pytest.fixture
def people(database: Database) -> dict[str, User]:
    """One committed account per role, keyed by role (``author2`` is a second author)."""
    return create_people(database)


@pytest.fixture
def analysis_of() -> Maker:
    """Builds an ``Analysis`` with a chosen decision and codes, independent of the detectors."""

    def make(text: str, action: Action = "allow", codes: tuple[str, ...] = (),
             channel: Channel = "outbound", labels: tuple[str, ...] = ()) -> Analysis:  # fmt: skip
        span = Span(0, min(4, len(text)))
        findings = tuple(Finding(code, span, 0.9, "test", "test finding") for code in codes)
        reasons = tuple(Reason(code, action, span) for code in codes)
        return Analysis(
            document=Document(text, channel), findings=findings,
            labels=tuple(Label(name, 0.9) for name in labels),
            sentiment=Sentiment("neutral", 0.0), decision=Decision(action, reasons, "test@3"),
        )  # fmt: skip

    return make


class Api:
    """A test client of the HTTP service that speaks as one of the ``people`` (by API token)."""

    def __init__(self, client: Any, tokens: dict[str, str]) -> None:
        self.client = client
        self.tokens = tokens

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def call(self, who: str, method: str, path: str, body: object = None) -> Any:
        return self.client.request(method, path, json=body, headers=self.headers(who))

    def ok(self, who: str, method: str, path: str, body: object = None) -> Any:
        """The JSON of a 2xx answer (the test fails with the error otherwise)."""
        response = self.call(who, method, path, body)
        assert response.is_success, f"{method} {path} as {who}: {response.text}"
        return response.json() if response.content else None


@pytest.fixture
def api(database: Database, people: dict[str, User]) -> Iterator[Api]:
    """The service on the test database, with one API token per account."""
    from fastapi.testclient import TestClient

    from socialrx.store import users
    from socialrx.web import create_app

    with database.transaction() as session:
        tokens = {
            name: users.create_token(session, session.merge(user), "test").token
            for name, user in people.items()
        }
    app = create_app(Settings(database_url="sqlite://"), database=database)
    with TestClient(app) as client:
        yield Api(client, tokens)


# --- the web UI in a real browser (tests/browser.py; marked ``browser``; SQLite only) -----------


@pytest.fixture
def ui_database(tmp_path: Path) -> Iterator[Database]:
    """The store behind ``live_server``: a migrated SQLite file (browser tests skip PostgreSQL)."""
    db = sqlite_database(tmp_path / "ui.db")
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def ui_people(ui_database: Database) -> dict[str, User]:
    """``people`` for the browser: the same accounts, in ``ui_database``."""
    return create_people(ui_database)


@pytest.fixture
def live_server(ui_database: Database, ui_people: dict[str, User]) -> Iterator[str]:
    """The real service (``create_app``) on ``ui_database`` served by uvicorn on a free loopback
    port; yields its base URL (``http://127.0.0.1:<port>``), stops it after the test."""
    from browser import serve

    from socialrx.web import create_app

    app = create_app(Settings(database_url=ui_database.settings.database_url), database=ui_database)
    with serve(app) as url:
        yield url


@pytest.fixture
def totp(ui_database: Database, ui_people: dict[str, User]) -> Callable[[str], Totp]:
    """``totp("reviewer")`` enrols that account for two-factor log-in and returns its
    authenticator (``browser.Totp``): ``.code()`` is the next code it may use."""
    from browser import enroll

    def enrol(who: str) -> Totp:
        return enroll(ui_database, ui_people[who].email)

    return enrol


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One Chromium for the session (Playwright's ``Browser``); skips when there is none."""
    from browser import CHROMIUM, LAUNCH_ARGS, missing_browser

    reason = missing_browser()
    if reason is not None:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(LAUNCH_ARGS))
        try:
            yield browser
        finally:
            browser.close()


def _page(chromium: Browser, size: str) -> Iterator[Page]:
    from browser import VIEWPORTS, keep_offline

    context = chromium.new_context(viewport=VIEWPORTS[size], locale="en-US", timezone_id="UTC")
    context.set_default_timeout(10_000)
    page = context.new_page()
    keep_offline(page)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    """A Playwright ``Page`` in a fresh browser context (no cookies), 1280×800, offline but for
    loopback; closed after the test."""
    yield from _page(chromium, "desktop")


@pytest.fixture
def mobile_page(chromium: Browser) -> Iterator[Page]:
    """``page`` at 375×800 (a phone): for ``browser.overflow_problems``."""
    yield from _page(chromium, "mobile")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use the browser are marked ``browser`` (``pytest -m browser`` runs them)."""
    for item in items:
        if {"chromium", "live_server"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
