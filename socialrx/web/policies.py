"""The policy the service runs: the newest saved version in the database (else the built-in
default), with its pipeline built and warmed up. Each worker process keeps one ``Keeper``; a
save in this process swaps the pipeline at once, and every process checks the database for a
newer version every ``POLICY_CHECK_SECONDS`` (one ``max()`` query), so all of them follow
within that time.
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from socialrx.errors import SocialrxError
from socialrx.pipeline import Pipeline
from socialrx.policy import Policy
from socialrx.store.database import Database, Session
from socialrx.store.models import User
from socialrx.store.policies import Saved
from socialrx.web.auth import Principal
from socialrx.web.storage import transact

log = logging.getLogger("socialrx.web")
POLICY_CHECK_SECONDS = 2.0


def ready(policy: Policy) -> Pipeline:
    """``policy``'s pipeline, built and warmed up (raises ``SocialrxError`` when a detector's
    options are wrong)."""
    return Pipeline(policy).warm_up()


class Keeper:
    """Holds the policy version in force and its pipeline; swaps both when a newer one is
    saved."""

    def __init__(self, database: Database) -> None:
        self.database = database
        from socialrx.store.policies import builtin

        self.saved = builtin()
        self.pipeline = Pipeline(self.saved.policy)

    def load(self) -> None:
        """Read the version in force from the database and build its pipeline (blocking)."""
        from socialrx.store import policies

        with self.database.transaction() as session:
            saved = policies.current(session)
        if saved.sha256 != self.saved.sha256 or saved.number != self.saved.number:
            self.pipeline, self.saved = ready(saved.policy), saved
        else:
            self.pipeline.warm_up()

    def newest(self) -> int | None:
        from socialrx.store import policies

        with self.database.transaction() as session:
            return policies.latest_number(session)

    def adopt(self, saved: Saved, pipeline: Pipeline) -> None:
        """Use ``saved`` (just saved by this process, its pipeline already built) from now on."""
        if saved.number > self.saved.number:
            self.pipeline, self.saved = pipeline, saved

    async def keep_current(self, every: float = POLICY_CHECK_SECONDS) -> None:
        """Follow versions saved by other processes until cancelled."""
        while True:
            await asyncio.sleep(every)
            try:
                newest = await run_in_threadpool(self.newest)
                if newest is not None and newest != self.saved.number:
                    await run_in_threadpool(self.load)
                    log.info("policy version %d in force", self.saved.number)
            except SocialrxError as error:  # the database may be briefly unavailable
                log.warning("policy check failed: %s", type(error).__name__)


async def save(request: Request, who: Principal, source: str, note: str, base: int) -> Saved:
    """Save ``source`` as the next version (checked: it parses, and its pipeline builds and
    runs) and put it in force in this process at once."""
    keeper: Keeper = request.app.state.policies

    def work(session: Session, user: User) -> tuple[Saved, Pipeline]:
        from socialrx.store import policies

        saved = policies.save(session, source, user.email, note, base)
        return saved, ready(saved.policy)

    saved, pipeline = await transact(request, who, work)
    keeper.adopt(saved, pipeline)
    return saved
