"""Who is asking, and may they? Bearer API tokens (``socialrx tokens create``) or a session.

Every route declares the roles it admits with ``Depends(allow(...))``; the ``Allow`` objects keep
them, so a test can walk the whole route × role matrix. A valid token is remembered for
``TOKEN_TTL`` seconds, so that an API call costs no database write; a revoked token stops working
within that time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from threading import Lock
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from socialrx.accounts import token_digest
from socialrx.web.problems import Problem
from socialrx.workflow import ROLES, Role

if TYPE_CHECKING:
    from socialrx.store.database import Database

TOKEN_TTL = 30.0
BEARER = HTTPBearer(auto_error=False, description="An API token from `socialrx tokens create`.")
SESSION_COOKIE = APIKeyCookie(name="socialrx_session", auto_error=False,
                              description="The session of POST /api/v1/login (with X-CSRF-Token).")  # fmt: skip
_MAX_REMEMBERED = 10_000


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated account (no password hash, no secret)."""

    id: int
    email: str
    role: Role
    limited: bool = False  # a session that still has to set up two-factor authentication


class Authenticator:
    """Turns credentials into a ``Principal``; remembers valid tokens briefly."""

    def __init__(self, database: Database, ttl: float = TOKEN_TTL) -> None:
        self.database = database
        self.ttl = ttl
        self._tokens: dict[str, tuple[Principal, float]] = {}
        self._lock = Lock()

    def remembered(self, token: str) -> Principal | None:
        """The principal of a token validated less than ``ttl`` seconds ago (no I/O)."""
        hit = self._tokens.get(token_digest(token))
        return hit[0] if hit is not None and hit[1] > time.monotonic() else None

    def from_token(self, token: str) -> Principal:
        """Look the token up in the database (blocking: call it from a worker thread)."""
        from socialrx.store import users

        with self.database.transaction() as session:
            user = users.token_user(session, token)
            who = Principal(user.id, user.email, user.role)  # type: ignore[arg-type]
        with self._lock:
            if len(self._tokens) >= _MAX_REMEMBERED:
                self._tokens.clear()
            self._tokens[token_digest(token)] = (who, time.monotonic() + self.ttl)
        return who

    def forget(self) -> None:
        with self._lock:
            self._tokens.clear()


async def principal(request: Request) -> Principal:
    """The caller, from ``Authorization: Bearer …`` (or the session, when there is one)."""
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    who: Principal | None
    if scheme.lower() == "bearer" and token:
        authenticator: Authenticator = request.app.state.authenticator
        who = authenticator.remembered(token) or await run_in_threadpool(
            authenticator.from_token, token
        )
    else:
        session_principal = getattr(request.app.state, "session_principal", None)
        who = await session_principal(request) if session_principal is not None else None
    if who is None:
        raise Problem(401, "unauthorized", "log in or send 'Authorization: Bearer <token>'",
                      {"WWW-Authenticate": "Bearer"})  # fmt: skip
    request.state.principal = who
    return who


class Allow:
    """A dependency that admits the given roles (and records them for the access matrix).
    Sessions still waiting for two-factor set-up are refused unless ``limited_ok``."""

    def __init__(self, roles: tuple[Role, ...], limited_ok: bool = False) -> None:
        self.roles = roles
        self.limited_ok = limited_ok

    async def __call__(
        self,
        request: Request,
        _bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
        _cookie: Annotated[str | None, Depends(SESSION_COOKIE)],
    ) -> Principal:
        """(The two security parameters only declare the schemes in the OpenAPI document, so
        /docs offers "Authorize"; ``principal`` reads the credentials itself.)"""
        who = await principal(request)
        if who.limited and not self.limited_ok:
            raise Problem(403, "two_factor_required",
                          "set up two-factor authentication first (/api/v1/totp/enroll)")  # fmt: skip
        if who.role not in self.roles:
            raise Problem(403, "forbidden",
                          f"the {who.role} role may not do this; allowed: {', '.join(self.roles)}")  # fmt: skip
        return who


def allow(*roles: Role) -> Allow:
    """``Depends(allow("reviewer", "compliance"))``; no roles given: every role."""
    return Allow(roles or ROLES)


# Every role, including a session that has yet to set up two-factor authentication.
allow_limited = Allow(ROLES, limited_ok=True)
