"""Work the service does on its own while it runs: consents that expire send the approved posts
that rely on them back to review (revocation does so at once; expiry needs a clock)."""

from __future__ import annotations

import asyncio
import logging

from starlette.concurrency import run_in_threadpool

from socialrx.errors import SocialrxError
from socialrx.store.database import Database

log = logging.getLogger("socialrx.web")
CONSENT_CHECK_SECONDS = 60.0
ACTOR = "service"


def lapse_expired_consents(database: Database) -> int:
    """One pass: approved posts linked to an expired consent go back to review; how many."""
    from socialrx.store import consents

    with database.transaction() as session:
        return len(consents.lapse_expired(session, ACTOR))


async def keep_consents_current(database: Database, every: float = CONSENT_CHECK_SECONDS) -> None:
    """Run ``lapse_expired_consents`` every ``every`` seconds until cancelled (idempotent, so
    several worker processes may each run it)."""
    while True:
        await asyncio.sleep(every)
        try:
            lapsed = await run_in_threadpool(lapse_expired_consents, database)
        except SocialrxError as error:  # the database may be briefly unavailable: try again
            log.warning("consent expiry check failed: %s", type(error).__name__)
            continue
        if lapsed:
            log.info("consent expiry: %d approved post(s) sent back to review", lapsed)
