"""Log-in for browsers: ``POST /api/v1/login`` sets an HttpOnly session cookie and returns the
CSRF token that every unsafe request made with the cookie must carry in ``X-CSRF-Token`` (or, for
an HTML form post, in its ``csrf_token`` field).

Reviewer, compliance and admin accounts must use TOTP: until they have enrolled and confirmed
a first code, their session is limited to ``/api/v1/totp/*``, ``/api/v1/me`` and log-out.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from socialrx import accounts
from socialrx.errors import AuthError
from socialrx.store.database import Database
from socialrx.web.auth import Principal, allow_limited
from socialrx.web.problems import Problem
from socialrx.web.schemas import Strict

router = APIRouter(prefix="/api/v1", tags=["session"])

COOKIE = "socialrx_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"  # the same token in an HTML form
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginRequest(Strict):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1024)
    totp: str | None = Field(default=None, max_length=12, description="The 6-digit TOTP code.")


class SessionInfo(Strict):
    email: str
    role: str
    csrf_token: str | None = Field(description="Send it back in X-CSRF-Token (cookie sessions).")
    two_factor_setup_required: bool


class TotpEnrolment(Strict):
    secret: str
    otpauth_uri: str


class TotpCode(Strict):
    code: str = Field(min_length=6, max_length=12)


@router.post("/login", response_model=SessionInfo, summary="Log in (sets the session cookie)")
async def login(body: LoginRequest, request: Request, response: Response) -> SessionInfo:
    """Password, and the TOTP code once enrolled; repeated failures lock the account."""
    opened = await open_login(request, body.email, body.password, body.totp)
    if isinstance(opened, str):
        raise AuthError(opened)
    set_session_cookie(request, response, opened.token)
    return SessionInfo(email=opened.email, role=opened.role, csrf_token=opened.csrf,
                       two_factor_setup_required=not opened.two_factor)  # fmt: skip


@dataclass(frozen=True)
class Opened:
    """A log-in that succeeded: the new session (token for the cookie) and who it is."""

    token: str
    csrf: str
    two_factor: bool
    email: str
    role: str

    def __repr__(self) -> str:
        return f"Opened(role={self.role!r}, two_factor={self.two_factor})"


async def open_login(request: Request, email: str, password: str,
                     totp: str | None) -> Opened | str:  # fmt: skip
    """Check the credentials and open a session (the API and the log-in page share this); a
    failure is returned as its general reason, after the failed attempt was recorded."""
    database: Database = request.app.state.database
    settings = request.app.state.settings
    lockout = accounts.Lockout(settings.lockout_after, settings.lockout_minutes)

    def attempt() -> Opened | str:
        from socialrx.store import sessions, users

        with database.transaction() as session:
            outcome = users.login(session, email, password, totp, lockout)
            if outcome.user is None:
                return outcome.failure or "log-in failed"  # committed: failures are counted
            new = sessions.open_session(session, outcome.user, not outcome.needs_totp_setup)
            return Opened(new.token, new.csrf, new.two_factor, outcome.user.email,
                          outcome.user.role)  # fmt: skip

    return await run_in_threadpool(attempt)


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(COOKIE, token, max_age=8 * 3600, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")  # fmt: skip


@router.post("/logout", status_code=204, summary="End the session")
async def logout(request: Request, response: Response,
                 _who: Annotated[Principal, Depends(allow_limited)]) -> None:  # fmt: skip
    token = request.cookies.get(COOKIE)
    if token:
        await run_in_threadpool(_end, request.app.state.database, token)
    response.delete_cookie(COOKIE, path="/")


@router.get("/me", response_model=SessionInfo, summary="Who is logged in")
async def me(who: Annotated[Principal, Depends(allow_limited)]) -> SessionInfo:
    return SessionInfo(email=who.email, role=who.role, csrf_token=None,
                       two_factor_setup_required=who.limited)  # fmt: skip


@router.post("/totp/enroll", response_model=TotpEnrolment, summary="Start TOTP enrolment")
async def enroll(request: Request,
                 who: Annotated[Principal, Depends(allow_limited)]) -> TotpEnrolment:  # fmt: skip
    """A new TOTP secret for the caller's authenticator app (shown once); confirm a code next.
    Replacing an existing secret needs a full (two-factor) session."""
    database: Database = request.app.state.database

    def run() -> str:
        from socialrx.store import users

        with database.transaction() as session:
            user = users.get_user(session, who.email)
            if user.totp_secret is not None and who.limited:
                raise Problem(403, "two_factor_required", "log in with your current code first")
            return users.enroll_totp(session, user)

    secret = await run_in_threadpool(run)
    return TotpEnrolment(secret=secret, otpauth_uri=accounts.totp_uri(secret, who.email))


@router.post("/totp/confirm", status_code=204, summary="Confirm a TOTP code")
async def confirm(body: TotpCode, request: Request,
                  _who: Annotated[Principal, Depends(allow_limited)]) -> None:  # fmt: skip
    """Check a code from the newly enrolled app; lifts the session's limit."""
    database: Database = request.app.state.database
    token = request.cookies.get(COOKIE)
    if not token:
        raise Problem(403, "session_required", "TOTP is confirmed in a browser session; log in")

    def run() -> None:
        from socialrx.store import sessions

        with database.transaction() as session:
            sessions.confirm_two_factor(session, sessions.find(session, token), body.code)

    await run_in_threadpool(run)


def _end(database: Database, token: str) -> None:
    from socialrx.store import sessions

    with database.transaction() as session:
        sessions.end(session, sessions.find(session, token))


async def _form_token(request: Request) -> str:
    """The ``csrf_token`` field of an HTML form post (pages send it instead of the header)."""
    kind = request.headers.get("content-type", "")
    if not kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return ""
    value = (await request.form()).get(CSRF_FIELD)
    return value if isinstance(value, str) else ""


async def session_principal(request: Request) -> Principal | None:
    """The principal of the session cookie, or ``None`` without one. Unsafe methods must carry
    the session's CSRF token."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    database: Database = request.app.state.database

    def lookup() -> tuple[Principal, str]:
        from socialrx.store import sessions
        from socialrx.store.users import totp_required

        with database.transaction() as session:
            row = sessions.find(session, token)
            limited = not row.two_factor and totp_required(row.user)
            who = Principal(row.user.id, row.user.email, row.user.role, limited)  # type: ignore[arg-type]
            return who, row.csrf

    who, csrf = await run_in_threadpool(lookup)
    request.state.csrf = csrf  # pages put it into their forms and scripts
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER) or await _form_token(request)
        if not secrets.compare_digest(sent.encode(), csrf.encode()):
            raise Problem(403, "csrf", "a request made with the session cookie needs the "
                                       "session's X-CSRF-Token header")  # fmt: skip
    return who
