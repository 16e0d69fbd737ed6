"""One error format for every 4xx and 5xx answer, with a machine-readable code::

    {"error": {"code": "invalid_request", "message": "body.channel: Input should be …"}}

Messages say what was wrong and what was expected; they never contain the text of a post, nor any
other value the client sent (validation errors name the field, not its value).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from socialrx.errors import (
    AuthError,
    ConfigError,
    ConflictError,
    InputError,
    NotFoundError,
    PolicyError,
    SocialrxError,
    StoreError,
    WorkflowError,
)

log = logging.getLogger("socialrx.web")

# Most specific first: the first class an error is an instance of decides.
STATUS: tuple[tuple[type[SocialrxError], int, str], ...] = (
    (NotFoundError, 404, "not_found"),
    (ConflictError, 409, "conflict"),
    (AuthError, 401, "unauthorized"),
    (WorkflowError, 409, "invalid_transition"),
    (InputError, 422, "invalid_input"),
    (PolicyError, 422, "invalid_policy"),
    (ConfigError, 500, "misconfigured"),
    (StoreError, 503, "store_unavailable"),
)
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
}


class Problem(HTTPException):
    """An HTTP error with its machine-readable code (raised by routes and dependencies)."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:  # fmt: skip
        super().__init__(status, message, headers)
        self.code = code


def problem(status: int, code: str, message: str, headers: Mapping[str, str] | None = None
            ) -> JSONResponse:  # fmt: skip
    return JSONResponse({"error": {"code": code, "message": message}}, status, headers)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the one format."""
    app.add_exception_handler(Problem, _problem)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(SocialrxError, _socialrx)
    app.add_exception_handler(Exception, _unexpected)


# (Starlette calls each handler only with the class it was registered for.)


async def _problem(_request: Request, error: Exception) -> JSONResponse:
    known = cast("Problem", error)
    return problem(known.status_code, known.code, str(known.detail), known.headers)


async def _http(_request: Request, error: Exception) -> JSONResponse:
    known = cast("HTTPException", error)
    code = HTTP_CODES.get(known.status_code, "error")
    return problem(known.status_code, code, str(known.detail), known.headers)


async def _validation(_request: Request, error: Exception) -> JSONResponse:
    return problem(422, "invalid_request", describe(cast("RequestValidationError", error).errors()))


def describe(errors: Any) -> str:
    """Where and what, never a value: 'body.channel: Input should be …'. Field names the client
    made up are not repeated either (a key can carry PHI as well as a value can)."""
    parts = []
    for item in list(errors)[:5]:
        if item.get("type") == "extra_forbidden":
            where, what = str(item.get("loc", ("body",))[0]), "a field the schema does not have"
        else:
            where = ".".join(_known(p) for p in item.get("loc", ()))
            what = str(item.get("msg", "invalid"))
        parts.append(f"{where}: {what}" if where else what)
    return "; ".join(parts) or "the request is not valid"


_NAME = re.compile(r"[a-z_][a-z0-9_]{0,40}")


def _known(part: object) -> str:
    """A location part as sent only when it is an index or looks like one of our field names."""
    if isinstance(part, int) or (isinstance(part, str) and _NAME.fullmatch(part)):
        return str(part)
    return "?"


async def _socialrx(_request: Request, error: Exception) -> JSONResponse:
    for kind, status, code in STATUS:
        if isinstance(error, kind):
            if status >= 500:
                log.error("%s: %s", type(error).__name__, error)
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
            return problem(status, code, str(error), headers)
    return problem(400, "bad_request", str(error))


async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
    # The type only: a message or traceback could quote what the client sent.
    log.error("unexpected %s while serving a request", type(error).__name__)
    return problem(500, "internal", "the server failed; the error has been logged")
