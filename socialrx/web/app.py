"""``create_app(settings)``: the FastAPI application (routes, errors, limits, access)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI

from socialrx import __version__
from socialrx.pipeline import Pipeline
from socialrx.web import api_analyze, problems
from socialrx.web.auth import Authenticator
from socialrx.web.limits import BodyLimit
from socialrx.web.schemas import ErrorResponse

if TYPE_CHECKING:
    from socialrx.policy import Policy
    from socialrx.settings import Settings
    from socialrx.store.database import Database

_ERRORS = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in (
        (401, "Not logged in, or the token is unknown or revoked"),
        (403, "The role may not do this"),
        (413, "The body is over the size limit"),
        (422, "The request is not valid"),
    )
}


def create_app(settings: Settings, *, database: Database | None = None,
               policy: Policy | None = None) -> FastAPI:  # fmt: skip
    """The service for ``settings``; ``database`` and ``policy`` may be injected (tests)."""
    from socialrx.store.database import Database

    pipeline = Pipeline(policy)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        warm_up(pipeline)
        yield
        app.state.database.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="socialrx",
        version=__version__,
        summary="Compliance-first social media for healthcare organisations.",
        responses=_ERRORS,  # type: ignore[arg-type]
    )
    db = database or Database(settings)
    app.state.settings = settings
    app.state.database = db
    app.state.pipeline = pipeline
    app.state.authenticator = Authenticator(db)
    problems.install(app)
    app.add_middleware(BodyLimit)
    app.include_router(api_analyze.router)

    @app.get("/healthz", tags=["service"], summary="Liveness")
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app


def warm_up(pipeline: Pipeline) -> None:
    """Build the patterns, word lists and models now rather than in the first request."""
    pipeline.analyze_text("Warm-up: our patient Jane Roe (room 4) at jane@example.org", "outbound")
    pipeline.analyze_text("Warm-up: this new med gave me hives, is that normal?", "inbound")


def from_environment() -> FastAPI:
    """The app for ``socialrx serve`` (uvicorn's factory): settings from the environment."""
    from socialrx.settings import load_settings

    return create_app(load_settings())
