"""Browser sessions: created at log-in, looked up per request by the SHA-256 of the cookie's
token, ended at log-out or expiry. A session of an account that must use TOTP but has not
enrolled yet is limited (``two_factor`` False) until a first code is confirmed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialrx import accounts
from socialrx.errors import AuthError
from socialrx.store import audit_log
from socialrx.store.models import User, WebSession
from socialrx.store.types import utcnow

LIFETIME = timedelta(hours=8)


@dataclass(frozen=True, slots=True)
class NewSession:
    """A session just opened: ``token`` goes into the cookie, ``csrf`` to the page; shown once."""

    token: str
    csrf: str
    two_factor: bool

    def __repr__(self) -> str:
        return f"NewSession(two_factor={self.two_factor})"


def open_session(session: Session, user: User, two_factor: bool,
                 now: datetime | None = None) -> NewSession:  # fmt: skip
    now = now or utcnow()
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    row = WebSession(user_id=user.id, digest=accounts.token_digest(token), csrf=csrf,
                     two_factor=two_factor, created_at=now, expires_at=now + LIFETIME)  # fmt: skip
    audit_log.add(session, row, user.email, "session.opened", "session")
    return NewSession(token, csrf, two_factor)


def find(session: Session, token: str, now: datetime | None = None) -> WebSession:
    """The live session of a cookie token; raises ``AuthError`` when unknown, ended or expired."""
    now = now or utcnow()
    row = session.scalar(
        select(WebSession).where(WebSession.digest == accounts.token_digest(token))
    )
    if row is None or row.ended_at is not None or row.expires_at <= now:
        raise AuthError("the session is unknown, ended or expired; log in again")
    return row


def end(session: Session, row: WebSession, now: datetime | None = None) -> None:
    row.ended_at = now or utcnow()
    audit_log.append(session, row.user.email, "session.ended", ("session", row.id))


def confirm_two_factor(session: Session, row: WebSession, code: str,
                       now: datetime | None = None) -> None:  # fmt: skip
    """Lift the limit of a session once the user's first TOTP code checks out."""
    from socialrx.store.users import use_totp

    if not use_totp(row.user, code, now or utcnow()):
        raise AuthError("the two-factor code is missing, wrong or already used")
    row.two_factor = True
    audit_log.append(session, row.user.email, "user.totp_confirmed", ("user", row.user_id))
