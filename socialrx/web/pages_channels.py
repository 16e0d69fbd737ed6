"""The channels page: every connected channel with its status — ``ok``, ``auth_failed`` (the
platform no longer accepts the credentials: reconnect the account), ``failing`` or ``unknown``
— the last problem and when it was seen, and what the worker did with the recent posts:
published (with a link), waiting, cancelled, failed or needing a human check. A connector that
cannot authenticate says so here, not only in a log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from socialrx.store.database import Session
from socialrx.store.models import User
from socialrx.web.pages import render, signed_in
from socialrx.web.storage import transact

router = APIRouter(include_in_schema=False)


@router.get("/channels")
async def channels_page(request: Request) -> Response:
    who = await signed_in(request)
    if isinstance(who, Response):
        return who

    def work(session: Session, _user: User) -> dict[str, Any]:
        from socialrx.store import channels

        return {"accounts": channels.accounts(session),
                "publications": channels.recent_publications(session, limit=50)}  # fmt: skip

    context = await transact(request, who, work)
    return render(request, "channels.html", who, **context)
