"""Store calls from async routes: one transaction in a worker thread, with the caller's account
loaded in it (the event loop never waits on the database)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from socialrx.model import Analysis, Channel
from socialrx.pipeline import Pipeline, make_document
from socialrx.store.database import Database, Session
from socialrx.store.models import User
from socialrx.web.auth import Principal

T = TypeVar("T")


async def transact(request: Request, who: Principal, work: Callable[[Session, User], T]) -> T:
    """``work(session, user)`` in one transaction; committed when it returns."""
    database: Database = request.app.state.database

    def run() -> T:
        from socialrx.store import users

        with database.transaction() as session:
            return work(session, users.by_id(session, who.id))

    return await run_in_threadpool(run)


def analyse(request: Request, text: str, channel: Channel) -> Analysis:
    """The pipeline's analysis of ``text`` (raises ``InputError`` for unusable text)."""
    pipeline: Pipeline = request.app.state.policies.pipeline
    return pipeline.analyze(make_document(text, channel))
