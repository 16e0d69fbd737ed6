"""Accounts and API tokens in the database: create users, check log-ins (password, lock-out,
TOTP), mint, check and revoke tokens. Every change is audited in the caller's transaction.

``login`` does not raise on a failed attempt: the failure count must be committed, so it
returns a ``Login`` whose ``user_or_raise()`` raises ``AuthError`` after the caller commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialrx import accounts
from socialrx.errors import AuthError, ConflictError, NotFoundError
from socialrx.store import audit_log
from socialrx.store.models import ApiToken, User
from socialrx.store.types import utcnow
from socialrx.workflow import ROLES, TOTP_ROLES, Role

EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s.]{2,63}")


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to verify against when the e-mail is unknown, so both paths take as long."""
    return accounts.hash_password("not the password of anyone")


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 320 or not EMAIL.fullmatch(email):
        raise AuthError("that is not an e-mail address; expected name@domain.tld")
    return email


def create_user(session: Session, email: str, role: str, password: str, actor: str) -> User:
    """A new account; raises ``ConflictError`` when the e-mail is taken."""
    email = normalize_email(email)
    if role not in ROLES:
        raise AuthError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    if by_email(session, email) is not None:
        raise ConflictError("an account with this e-mail address already exists")
    user = User(email=email, role=role, password_hash=accounts.hash_password(password),
                failed_logins=0)  # fmt: skip
    return audit_log.add(session, user, actor, "user.created", "user")


def by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def by_id(session: Session, user_id: int) -> User:
    """The account with this id; ``AuthError`` when it no longer exists."""
    user = session.get(User, user_id)
    if user is None:
        raise AuthError("the account no longer exists")
    return user


def get_user(session: Session, email: str) -> User:
    user = by_email(session, email)
    if user is None:
        raise NotFoundError("no account has this e-mail address")
    return user


def totp_required(user: User) -> bool:
    """Reviewer, compliance and admin accounts must use TOTP (the web layer enforces it)."""
    role: Role = user.role  # type: ignore[assignment]  # the CHECK constraint guarantees it
    return role in TOTP_ROLES


def use_totp(user: User, code: str, now: datetime) -> bool:
    """Check a TOTP code and spend it: each 30-second code works once (a code seen by someone
    looking over a shoulder, or replayed from a log, is refused)."""
    if user.totp_secret is None:
        return False
    step = accounts.totp_step(user.totp_secret, code, now)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True


def enroll_totp(session: Session, user: User) -> str:
    """Give ``user`` a new TOTP secret (returned once, for the authenticator app)."""
    session.add(user)
    user.totp_secret, user.totp_last_step = accounts.new_totp_secret(), None
    audit_log.append(session, user.email, "user.totp_enrolled", ("user", user.id))
    return user.totp_secret


@dataclass(frozen=True)
class Login:
    """The outcome of a log-in attempt; ``failure`` is a general reason, or ``None``."""

    user: User | None
    failure: str | None = None
    needs_totp_setup: bool = False

    def user_or_raise(self) -> User:
        if self.failure is not None or self.user is None:
            raise AuthError(self.failure or "log-in failed")
        return self.user


def login(session: Session, email: str, password: str, totp: str | None,
          lockout: accounts.Lockout, now: datetime | None = None) -> Login:  # fmt: skip
    """Check a password (and the TOTP code once enrolled); counts failures and locks."""
    now = now or utcnow()
    user = by_email(session, email)
    if user is None:
        accounts.password_ok(_dummy_hash(), password)
        return Login(None, "wrong e-mail address or password")
    if accounts.locked(user.locked_until, now):
        return Login(None, "this account is locked after repeated failures; try again later")
    if not accounts.password_ok(user.password_hash, password):
        return _failed(session, user, lockout, now, "wrong e-mail address or password")
    if user.totp_secret is not None and not use_totp(user, totp or "", now):
        return _failed(session, user, lockout, now,
                       "the two-factor code is missing, wrong or already used")  # fmt: skip
    user.failed_logins, user.locked_until = 0, None
    audit_log.append(session, user.email, "user.login", ("user", user.id), at=now)
    return Login(user, needs_totp_setup=totp_required(user) and user.totp_secret is None)


def _failed(session: Session, user: User, lockout: accounts.Lockout, now: datetime,
            reason: str) -> Login:  # fmt: skip
    user.failed_logins, user.locked_until = lockout.failed(user.failed_logins, now)
    action = "user.locked" if user.locked_until is not None else "user.login_failed"
    audit_log.append(session, user.email, action, ("user", user.id), at=now)
    return Login(None, reason)


def create_token(session: Session, user: User, actor: str) -> accounts.NewToken:
    """A new API token for ``user``: print ``.token`` once; only its digest is stored."""
    new = accounts.new_token()
    token = ApiToken(user_id=user.id, prefix=new.prefix, digest=new.digest)
    audit_log.add(session, token, actor, "token.created", "api_token")
    return new


def token_user(session: Session, token: str, now: datetime | None = None) -> User:
    """The user of a live API token; raises ``AuthError`` for an unknown or revoked one."""
    row = session.scalar(select(ApiToken).where(ApiToken.digest == accounts.token_digest(token)))
    if row is None or row.revoked_at is not None:
        raise AuthError("the API token is unknown or revoked")
    row.last_used_at = now or utcnow()
    return row.user


def revoke_token(session: Session, prefix: str, actor: str) -> int:
    """Revoke the live tokens starting with ``prefix``; returns how many."""
    rows = session.scalars(
        select(ApiToken).where(ApiToken.prefix == prefix, ApiToken.revoked_at.is_(None))
    ).all()
    for row in rows:
        row.revoked_at = utcnow()
        audit_log.append(session, actor, "token.revoked", ("api_token", row.id))
    return len(rows)
