"""``socialrx serve``: the HTTP service on uvicorn (settings from the environment)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from socialrx.cli_base import guard


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (about one per core).", min=1)] = 1,
    migrate: Annotated[
        bool, typer.Option(help="Bring the database schema up to date before serving.")
    ] = True,
) -> None:
    """Run the service: API under /api/v1, OpenAPI docs at /docs (settings: docs/store.md)."""
    with guard():
        import uvicorn

        from socialrx.settings import load_settings
        from socialrx.store.database import Database

        settings = load_settings()
        database = Database(settings)
        if migrate:
            database.upgrade()
        database.dispose()
        sys.stderr.write(f"socialrx: serving {database!r} on http://{host}:{port} (docs: /docs)\n")
        uvicorn.run(
            "socialrx.web.app:from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            access_log=False,  # paths carry ids only, but keep the log free of anything else
        )
