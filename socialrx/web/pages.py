"""The web pages (server-rendered, Jinja2): log-in, two-factor enrolment, compose. Pages use the
browser session; their scripts call the JSON API with the session's CSRF token.

A page that needs a log-in redirects to ``/login``; a session that still has to set up
two-factor authentication is sent to ``/totp``.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from socialrx import accounts
from socialrx.errors import AuthError
from socialrx.store.database import Database, Session
from socialrx.store.models import User
from socialrx.web.api_session import COOKIE, open_login, session_principal, set_session_cookie
from socialrx.web.auth import Principal

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
router = APIRouter(include_in_schema=False)

LOGIN_CSRF = "socialrx_login_csrf"  # double-submit cookie of the log-in form (no session yet)
CHANNELS = ("mastodon", "bluesky", "x", "facebook", "instagram", "linkedin", "google-business",
            "newsletter")  # fmt: skip


def render(request: Request, name: str, who: Principal | None = None, status: int = 200,
           **context: Any) -> HTMLResponse:  # fmt: skip
    csrf = getattr(request.state, "csrf", "")
    return templates.TemplateResponse(request, name, {"who": who, "csrf": csrf, **context},
                                      status_code=status)  # fmt: skip


async def signed_in(request: Request) -> Principal | Response:
    """The session's principal, or the redirect a page answers with instead."""
    try:
        who = await session_principal(request)
    except AuthError:
        who = None
    if who is None:
        return RedirectResponse("/login", status_code=303)
    if who.limited and request.url.path != "/totp":
        return RedirectResponse("/totp", status_code=303)
    return who


async def in_role(request: Request, roles: frozenset[str], why: str,
                  back: str | None = None) -> Principal | Response:  # fmt: skip
    """The signed-in principal if their role is one of ``roles``; else the log-in redirect or a
    403 page that says ``why``."""
    who = await signed_in(request)
    if isinstance(who, Response) or who.role in roles:
        return who
    return render(request, "message.html", who, status=403, title="Not for your role",
                  message=why, back=back)  # fmt: skip


@router.get("/")
async def home(request: Request) -> Response:
    who = await signed_in(request)
    return who if isinstance(who, Response) else RedirectResponse("/dashboard", status_code=303)


@router.get("/login")
async def login_form(request: Request, error: str | None = None) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", login_csrf=token, error=error)
    response.set_cookie(LOGIN_CSRF, token, max_age=3600, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/login")  # fmt: skip
    return response


@router.post("/login")
async def login_submit(
    request: Request,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=64)],
    totp: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF, "")
    if not expected or not secrets.compare_digest(expected.encode(), csrf_token.encode()):
        return await login_form(request, "The form expired; please log in again.")
    opened = await open_login(request, email, password, totp.strip() or None)
    if isinstance(opened, str):
        return await login_form(request, opened[:1].upper() + opened[1:] + ".")
    response = RedirectResponse("/" if opened.two_factor else "/totp", status_code=303)
    set_session_cookie(request, response, opened.token)
    response.delete_cookie(LOGIN_CSRF, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    """(The session's CSRF token comes in the form's field: ``session_principal`` checks it.)"""
    who = await signed_in(request)
    if isinstance(who, Principal):
        from socialrx.web.api_session import _end

        await run_in_threadpool(_end, request.app.state.database, request.cookies[COOKIE])
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/totp")
async def totp_page(request: Request) -> Response:
    """Two-factor enrolment: a new secret as a QR code (and as text), then a code to confirm."""
    who = await signed_in(request)
    if isinstance(who, Response):
        return who
    if not who.limited:
        return RedirectResponse("/", status_code=303)
    database: Database = request.app.state.database

    def enrol() -> str:
        from socialrx.store import users

        with database.transaction() as session:
            return users.enroll_totp(session, users.by_id(session, who.id))

    secret = await run_in_threadpool(enrol)
    uri = accounts.totp_uri(secret, who.email)
    return render(request, "totp.html", who, secret=secret, qr=qr_svg(uri))


@router.post("/totp")
async def totp_confirm(request: Request, code: Annotated[str, Form(max_length=12)]) -> Response:
    who = await signed_in(request)
    if isinstance(who, Response):
        return who
    database: Database = request.app.state.database
    token = request.cookies[COOKIE]

    def confirm() -> None:
        from socialrx.store import sessions

        with database.transaction() as session:
            sessions.confirm_two_factor(session, sessions.find(session, token), code)

    try:
        await run_in_threadpool(confirm)
    except AuthError:
        return render(request, "totp.html", who, status=400, secret=None, qr=None,
                      error="That code did not match; enter the current code from your app.")  # fmt: skip
    return RedirectResponse("/", status_code=303)


@router.get("/compose")
async def compose(request: Request) -> Response:
    who = await signed_in(request)
    if isinstance(who, Response):
        return who
    from socialrx.web.storage import transact

    def connected(session: Session, _user: User) -> tuple[str, ...]:
        from socialrx.store import channels

        return tuple(a.name for a in channels.accounts(session) if a.platform in channels.POSTS)

    # the connected channels (what the worker can publish to); before any is, the usual names
    names = await transact(request, who, connected) or CHANNELS
    return render(request, "compose.html", who, channels=names,
                  timezone=request.app.state.settings.timezone)  # fmt: skip


def qr_svg(data: str) -> str:
    """An inline SVG QR code (segno, pure Python; nothing leaves the server)."""
    import segno

    svg: str = segno.make(data, error="m").svg_inline(scale=5, dark="#111", light="#fff")
    return svg
