"""``create_app(settings)``: the FastAPI application (routes, errors, limits, access)."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from socialrx import __version__
from socialrx.signals.syndrome_lists import configured
from socialrx.signals.syndromes import SyndromeMatcher
from socialrx.web import (
    api_analyze,
    api_audit,
    api_consents,
    api_hooks,
    api_inbound,
    api_links,
    api_policy,
    api_posts,
    api_reviews,
    api_session,
    chores,
    docs,
    pages,
    pages_audit,
    pages_channels,
    pages_consents,
    pages_dashboard,
    pages_inbox,
    pages_measure,
    pages_policy,
    pages_review,
    problems,
)
from socialrx.web.auth import Authenticator
from socialrx.web.limits import BodyLimit
from socialrx.web.policies import Keeper
from socialrx.web.schemas import ErrorResponse

if TYPE_CHECKING:
    from socialrx.settings import Settings
    from socialrx.store.database import Database

# Every API router; the access test walks these.
ROUTERS = tuple(m.router for m in (api_session, api_analyze, api_posts, api_reviews,
                                   api_consents, api_inbound, api_audit, api_policy, api_hooks,
                                   api_links))  # fmt: skip

_ERRORS = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in (
        (400, "The request cannot be served as sent"),
        (401, "Not logged in, or the token or session is unknown, revoked or expired"),
        (403, "The role may not do this, two-factor set-up is due, or the CSRF token is missing"),
        (404, "No such post, review, consent or item (or not yours to see)"),
        (405, "The path does not take this method"),
        (409, "The change conflicts with the current state (workflow, claim, duplicate)"),
        (413, "The body is over the size limit"),
        (422, "The request is not valid: the message names the field, never its value"),
    )
}


def create_app(settings: Settings, *, database: Database | None = None,
               freeze_gc: bool = False) -> FastAPI:  # fmt: skip
    """The service for ``settings``; ``database`` may be injected (tests). The policy is the
    newest version saved in the database (``socialrx.web.policies``).
    ``freeze_gc``: a server process moves what start-up built out of the GC's way."""
    from socialrx.store.database import Database

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        keeper.load()
        if freeze_gc:  # start-up objects (word lists, patterns, models) leave the GC's scans
            gc.freeze()
        jobs = [asyncio.create_task(chores.keep_consents_current(app.state.database)),
                asyncio.create_task(keeper.keep_current())]  # fmt: skip
        yield
        for job in jobs:
            job.cancel()
        app.state.database.dispose()

    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,  # served below from local files: the docs work without a CDN
        redoc_url=None,
        dependencies=[Depends(single_query_values)],
        title="socialrx",
        version=__version__,
        summary="Compliance-first social media for healthcare organisations.",
        responses=_ERRORS,  # type: ignore[arg-type]
    )
    db = database or Database(settings)
    app.state.settings = settings
    app.state.database = db
    keeper = app.state.policies = Keeper(db)
    app.state.authenticator = Authenticator(db)
    # the syndromes the signals count: a bad SOCIALRX_SYNDROMES_FILE stops the start (ConfigError)
    app.state.syndromes = SyndromeMatcher(configured(settings.syndromes_file))
    problems.install(app)
    app.add_exception_handler(405, _method_not_allowed)
    app.add_middleware(BodyLimit)
    app.state.session_principal = api_session.session_principal
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(api_links.redirector)
    app.include_router(pages.router)
    app.include_router(pages_review.router)
    app.include_router(pages_inbox.router)
    app.include_router(pages_audit.router)
    app.include_router(pages_consents.router)
    app.include_router(pages_dashboard.router)
    app.include_router(pages_measure.router)
    app.include_router(pages_policy.router)
    app.include_router(pages_channels.router)
    app.mount("/static", StaticFiles(directory=pages.HERE / "static"), name="static")
    docs.install(app)

    @app.get("/healthz", tags=["service"], summary="Liveness")
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app


async def single_query_values(request: Request) -> None:
    """Every query parameter at most once (``?queue=a&queue=b`` is refused, not guessed at)."""
    names = [name for name, _ in request.query_params.multi_items()]
    if len(names) != len(set(names)):
        raise problems.Problem(
            422, "invalid_request", "a query parameter is repeated; give each once"
        )


async def _method_not_allowed(request: Request, _error: Exception) -> JSONResponse:
    """405 with an ``Allow`` header naming every method of the path (over all its routes)."""
    path = request.url.path
    methods = sorted(
        {m for r in _api_routes() if r.path_regex.match(path) for m in r.methods or ()}
    )
    return problems.problem(405, "method_not_allowed", f"this path takes {', '.join(methods)}",
                            {"Allow": ", ".join(methods)})  # fmt: skip


def _api_routes() -> list[APIRoute]:
    every = (*ROUTERS, pages.router, pages_review.router, pages_inbox.router, pages_audit.router,
             pages_consents.router, pages_dashboard.router, pages_measure.router,
             pages_policy.router, pages_channels.router)  # fmt: skip
    return [r for router in every for r in router.routes if isinstance(r, APIRoute)]


def from_environment() -> FastAPI:
    """The app for ``socialrx serve`` (uvicorn's factory): settings from the environment."""
    from socialrx.settings import load_settings

    return create_app(load_settings(), freeze_gc=True)
