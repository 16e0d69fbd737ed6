"""Browser sessions: log-in, cookie flags, CSRF, TOTP for reviewer/compliance/admin, lock-out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from conftest import PASSWORD
from fastapi.testclient import TestClient

from socialrx import accounts
from socialrx.settings import Settings
from socialrx.store.database import Database
from socialrx.store.models import User
from socialrx.web import create_app


@pytest.fixture
def client(database: Database, people: dict[str, User]) -> Iterator[TestClient]:
    settings = Settings(database_url="sqlite://", lockout_after=3)
    with TestClient(create_app(settings, database=database)) as test_client:
        yield test_client


def log_in(client: TestClient, who: str, totp: str | None = None) -> dict[str, object]:
    body = {"email": f"{who}@example.org", "password": PASSWORD}
    if totp is not None:
        body["totp"] = totp
    response = client.post("/api/v1/login", json=body)
    assert response.status_code == 200, response.text
    return dict(response.json())


def now_code(secret: str) -> str:
    return accounts.totp_now(secret, datetime.now(UTC))


def next_code(secret: str) -> str:
    """The next 30-second code (accepted now: one step of clock drift is allowed)."""
    return accounts.totp_now(secret, datetime.now(UTC) + timedelta(seconds=30))


def test_login_sets_a_hardened_cookie(client: TestClient) -> None:
    response = client.post("/api/v1/login", json={"email": "author@example.org",
                                                  "password": PASSWORD})  # fmt: skip
    assert response.status_code == 200
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert "secure" not in cookie  # plain http in the test; https sets it
    info = response.json()
    assert info["role"] == "author"
    assert info["csrf_token"]
    assert info["two_factor_setup_required"] is False


def test_cookie_is_secure_behind_tls(database: Database, people: dict[str, User]) -> None:
    app = create_app(Settings(database_url="sqlite://"), database=database)
    with TestClient(app, base_url="https://testserver") as tls:
        response = tls.post("/api/v1/login", json={"email": "author@example.org",
                                                   "password": PASSWORD})  # fmt: skip
    assert "secure" in response.headers["set-cookie"].lower()


def test_session_works_for_reads_and_needs_csrf_for_writes(client: TestClient) -> None:
    info = log_in(client, "author")
    assert client.get("/api/v1/me").json()["email"] == "author@example.org"
    response = client.post("/api/v1/analyze", json={"text": "hello"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf"
    wrong = client.post("/api/v1/analyze", json={"text": "hello"},
                        headers={"X-CSRF-Token": "not-the-token"})  # fmt: skip
    assert wrong.status_code == 403
    ok = client.post("/api/v1/analyze", json={"text": "hello"},
                     headers={"X-CSRF-Token": str(info["csrf_token"])})  # fmt: skip
    assert ok.status_code == 200


@pytest.mark.parametrize(
    ("email", "password"),
    [("author@example.org", "wrong password here"), ("nobody@example.org", PASSWORD)],
)
def test_wrong_credentials_get_one_general_answer(
    client: TestClient, email: str, password: str
) -> None:
    response = client.post("/api/v1/login", json={"email": email, "password": password})
    assert response.status_code == 401
    assert response.json()["error"] == {"code": "unauthorized",
                                        "message": "wrong e-mail address or password"}  # fmt: skip
    assert "set-cookie" not in response.headers


def test_repeated_failures_lock_the_account(client: TestClient) -> None:
    for _ in range(3):
        client.post("/api/v1/login", json={"email": "author@example.org", "password": "nope"})
    response = client.post("/api/v1/login", json={"email": "author@example.org",
                                                  "password": PASSWORD})  # fmt: skip
    assert response.status_code == 401
    assert "locked" in response.json()["error"]["message"]


@pytest.mark.parametrize("role", ["reviewer", "compliance", "admin"])
def test_two_factor_is_required_for_reviewing_roles(client: TestClient, role: str) -> None:
    info = log_in(client, role)
    assert info["two_factor_setup_required"] is True
    csrf = {"X-CSRF-Token": str(info["csrf_token"])}
    blocked = client.post("/api/v1/analyze", json={"text": "hello"}, headers=csrf)
    assert blocked.status_code == 403
    assert blocked.json()["error"]["code"] == "two_factor_required"
    secret = client.post("/api/v1/totp/enroll", headers=csrf).json()["secret"]
    bad = client.post("/api/v1/totp/confirm", json={"code": "000000"}, headers=csrf)
    assert bad.status_code == 401
    good = client.post("/api/v1/totp/confirm", json={"code": now_code(secret)}, headers=csrf)
    assert good.status_code == 204
    assert client.post("/api/v1/analyze", json={"text": "hello"}, headers=csrf).is_success
    # from now on the code is part of the log-in
    client.cookies.clear()
    no_code = client.post("/api/v1/login", json={"email": f"{role}@example.org",
                                                 "password": PASSWORD})  # fmt: skip
    assert no_code.status_code == 401
    again = client.post("/api/v1/login", json={"email": f"{role}@example.org",
                                               "password": PASSWORD, "totp": now_code(secret)})  # fmt: skip
    assert again.status_code == 401  # the code confirmed above: each code works once
    assert "already used" in again.json()["error"]["message"]
    assert log_in(client, role, next_code(secret))["two_factor_setup_required"] is False


def test_a_limited_session_cannot_replace_an_enrolled_secret(client: TestClient) -> None:
    csrf = {"X-CSRF-Token": str(log_in(client, "reviewer")["csrf_token"])}
    assert client.post("/api/v1/totp/enroll", headers=csrf).status_code == 200
    again = client.post("/api/v1/totp/enroll", headers=csrf)
    assert again.status_code == 403


def test_logout_ends_the_session(client: TestClient) -> None:
    info = log_in(client, "author")
    kept = dict(client.cookies)
    response = client.post("/api/v1/logout", headers={"X-CSRF-Token": str(info["csrf_token"])})
    assert response.status_code == 204
    client.cookies.update(kept)  # replaying the old cookie does not work
    assert client.get("/api/v1/me").status_code == 401


def test_an_unknown_cookie_is_unauthorized(client: TestClient) -> None:
    client.cookies.set("socialrx_session", "forged")
    assert client.get("/api/v1/me").status_code == 401


def test_a_form_post_carries_the_csrf_token_in_a_field(client: TestClient) -> None:
    info = log_in(client, "author")
    refused = client.post("/api/v1/logout", data={"csrf_token": "forged"})
    assert refused.status_code == 403
    assert client.post("/api/v1/logout", data={"other": "x"}).status_code == 403
    ended = client.post("/api/v1/logout", data={"csrf_token": str(info["csrf_token"])})
    assert ended.status_code == 204
