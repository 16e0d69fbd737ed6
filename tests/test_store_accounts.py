"""Accounts: argon2id hashes, TOTP, lock-out and API tokens (pure rules and in the database)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import Type
from conftest import NOW, PASSWORD
from sqlalchemy import text

from socialrx import accounts
from socialrx.errors import AuthError, ConflictError, NotFoundError
from socialrx.store import audit_log, users
from socialrx.store.database import Database
from socialrx.store.models import User

LOCKOUT = accounts.Lockout(after=3, minutes=15)


def test_passwords_use_argon2id_with_rfc9106_parameters() -> None:
    params = accounts.PASSWORD_PARAMETERS
    assert params.type is Type.ID
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2


def test_password_hash_round_trip() -> None:
    stored = accounts.hash_password(PASSWORD)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert accounts.password_ok(stored, PASSWORD)
    assert not accounts.password_ok(stored, PASSWORD + "!")
    assert not accounts.password_ok("not a hash", PASSWORD)


@pytest.mark.parametrize("password", ["", "short", "x" * 11, "y" * 1025])
def test_password_rules(password: str) -> None:
    with pytest.raises(AuthError, match="12 to 1024 characters") as info:
        accounts.hash_password(password)
    assert password not in str(info.value) or not password


def test_totp_codes() -> None:
    secret = accounts.new_totp_secret()
    code = accounts.totp_now(secret, NOW)
    assert accounts.totp_ok(secret, code, NOW)
    assert accounts.totp_ok(secret, code, NOW + timedelta(seconds=30))  # one step of drift
    assert not accounts.totp_ok(secret, code, NOW + timedelta(minutes=5))
    for bad in ("", "12345", "abcdef", "1234567"):
        assert not accounts.totp_ok(secret, bad, NOW)
    assert accounts.totp_uri(secret, "a@example.org").startswith("otpauth://totp/socialrx:")


def test_tokens_are_random_and_stored_as_sha256() -> None:
    a, b = accounts.new_token(), accounts.new_token()
    assert a.token != b.token and a.token.startswith("srx_") and len(a.token) > 40
    assert a.digest == accounts.token_digest(a.token) and len(a.digest) == 64
    assert a.token.startswith(a.prefix) and a.token not in repr(a)


@pytest.mark.parametrize(("failures", "expected"), [(0, (1, False)), (1, (2, False)),
                                                    (2, (0, True))])  # fmt: skip
def test_lockout_rule(failures: int, expected: tuple[int, bool]) -> None:
    count, until = LOCKOUT.failed(failures, NOW)
    assert (count, until is not None) == expected
    if until is not None:
        assert until == NOW + timedelta(minutes=15)
        assert accounts.locked(until, NOW) and not accounts.locked(until, until)


@pytest.mark.parametrize(("email", "role", "error"), [
    ("not-an-email", "author", "not an e-mail"), ("a@b", "author", "not an e-mail"),
    ("a b@example.org", "author", "not an e-mail"), ("x@example.org", "root", "unknown role"),
])  # fmt: skip
def test_create_user_validates(database: Database, email: str, role: str, error: str) -> None:
    with pytest.raises(AuthError, match=error), database.transaction() as s:
        users.create_user(s, email, role, PASSWORD, "test")


def test_emails_are_unique_case_insensitively(database: Database) -> None:
    with database.transaction() as s:
        users.create_user(s, "Ann@Example.org", "author", PASSWORD, "test")
    with pytest.raises(ConflictError, match="already exists"), database.transaction() as s:
        users.create_user(s, "ann@example.ORG ", "reviewer", PASSWORD, "test")
    with database.transaction() as s:
        assert users.get_user(s, "ANN@example.org").email == "ann@example.org"
        with pytest.raises(NotFoundError):
            users.get_user(s, "bob@example.org")


def login(database: Database, email: str, password: str, totp: str | None = None,
          minutes: int = 0) -> users.Login:  # fmt: skip
    with database.transaction() as s:
        return users.login(s, email, password, totp, LOCKOUT, NOW + timedelta(minutes=minutes))


def test_login_locks_after_repeated_failures(database: Database, people: dict[str, User]) -> None:
    assert login(database, "author@example.org", PASSWORD).user_or_raise().role == "author"
    for _ in range(3):
        assert login(database, "author@example.org", "wrong password!").failure
    locked = login(database, "author@example.org", PASSWORD)
    with pytest.raises(AuthError, match="locked"):
        locked.user_or_raise()
    assert login(database, "author@example.org", PASSWORD, minutes=16).user is not None
    with database.transaction() as s:
        actions = [e.body.action for e in audit_log.events(s) if e.body.actor.startswith("author@")]
    assert actions == ["user.login", "user.login_failed", "user.login_failed", "user.locked",
                       "user.login"]  # fmt: skip


def test_unknown_email_and_wrong_password_look_alike(database: Database,
                                                     people: dict[str, User]) -> None:  # fmt: skip
    a = login(database, "nobody@example.org", PASSWORD)
    b = login(database, "author@example.org", "wrong password!")
    assert a.failure == b.failure == "wrong e-mail address or password"


def test_totp_is_required_once_enrolled(database: Database, people: dict[str, User]) -> None:
    first = login(database, "reviewer@example.org", PASSWORD)
    assert first.user is not None and first.needs_totp_setup
    assert not login(database, "author@example.org", PASSWORD).needs_totp_setup
    with database.transaction() as s:
        secret = users.enroll_totp(s, users.get_user(s, "reviewer@example.org"))
    assert login(database, "reviewer@example.org", PASSWORD).failure == (
        "the two-factor code is missing, wrong or already used"
    )
    assert login(database, "reviewer@example.org", PASSWORD, "000000").user is None
    code = accounts.totp_now(secret, NOW)
    ok = login(database, "reviewer@example.org", PASSWORD, code)
    assert ok.user is not None and not ok.needs_totp_setup
    assert login(database, "reviewer@example.org", PASSWORD, code).user is None  # used once
    earlier = accounts.totp_now(secret, NOW - timedelta(seconds=30))  # still in the window
    assert login(database, "reviewer@example.org", PASSWORD, earlier).user is None
    later = accounts.totp_now(secret, NOW + timedelta(seconds=30))
    assert login(database, "reviewer@example.org", PASSWORD, later).user is not None
    with database.engine.connect() as connection:
        raw = connection.execute(text("SELECT totp_secret FROM users WHERE role = 'reviewer'"))
        assert secret.encode() not in bytes(raw.scalar_one())


def test_api_tokens(database: Database, people: dict[str, User]) -> None:
    with database.transaction() as s:
        new = users.create_token(s, people["admin"], "test")
    with database.transaction() as s:
        assert users.token_user(s, new.token, NOW).email == "admin@example.org"
    with database.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT prefix, digest, last_used_at FROM api_tokens")
        ).one()
    assert stored[0] == new.prefix and stored[1] == new.digest and stored[2] is not None
    for bad in ("", "srx_nope", new.token + "x"):
        with pytest.raises(AuthError, match="unknown or revoked"), database.transaction() as s:
            users.token_user(s, bad)
    with database.transaction() as s:
        assert users.revoke_token(s, new.prefix, "test") == 1
        assert users.revoke_token(s, new.prefix, "test") == 0
    with pytest.raises(AuthError, match="unknown or revoked"), database.transaction() as s:
        users.token_user(s, new.token)
