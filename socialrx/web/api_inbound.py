"""Inbound items: ingest (triaged at once; idempotent on channel + external id), list by label
or queue (crisis first), assign."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from socialrx.store.database import Session
from socialrx.store.models import InboundItem, User
from socialrx.web.auth import Principal, allow
from socialrx.web.schemas import AssignRequest, Id, InboundIn, InboundOut, LabelRecord
from socialrx.web.storage import analyse, transact

router = APIRouter(prefix="/api/v1/inbound", tags=["inbound"])

Anyone = Annotated[Principal, Depends(allow())]
Ingesters = Annotated[Principal, Depends(allow("admin"))]  # connectors use an admin's token


@router.post("", response_model=InboundOut, summary="Ingest an item")
async def ingest(body: InboundIn, request: Request, who: Ingesters) -> InboundOut:
    """Triage and store a mention, comment, DM or review; the same (channel, external id) again
    returns the stored item (``created`` false)."""
    analysis = analyse(request, body.text, "inbound")

    def work(session: Session, user: User) -> InboundOut:
        from socialrx.store import inbound

        item, created = inbound.ingest(session, body.channel, body.external_id,
                                       body.author_handle, analysis, user.email)  # fmt: skip
        return inbound_out(session, item, created)

    return await transact(request, who, work)


@router.get("", response_model=list[InboundOut], summary="Items, newest first")
async def listing(
    request: Request,
    who: Anyone,
    label: Annotated[str | None, Query(max_length=40, pattern=r"^[a-z_]+$")] = None,
    queue: Annotated[str | None, Query(max_length=64)] = None,
    before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[InboundOut]:
    """Filter by ``label`` (e.g. ``crisis``) or ``queue``; ``limit`` items a page, ``before``:
    only items older than that id (pass the last id of a page to get the next)."""

    def work(session: Session, _user: User) -> list[InboundOut]:
        from socialrx.store import inbound

        found = inbound.items(session, label, queue, limit=limit, before=before)
        return [inbound_out(session, i) for i in found]

    return await transact(request, who, work)


@router.post("/{item_id}/assign", response_model=InboundOut, summary="Assign to someone")
async def assign(item_id: Id, body: AssignRequest, request: Request, who: Anyone) -> InboundOut:
    def work(session: Session, user: User) -> InboundOut:
        from socialrx.store import inbound, users

        assignee = users.get_user(session, body.email)
        return inbound_out(session, inbound.assign(session, item_id, assignee, user.email))

    return await transact(request, who, work)


def inbound_out(session: Session, item: InboundItem, created: bool = False) -> InboundOut:
    from socialrx.store import users

    assignee = users.by_id(session, item.assignee_id).email if item.assignee_id else None
    return InboundOut(
        id=item.id, channel=item.channel, external_id=item.external_id,
        author_handle=item.author_handle, text=item.text,
        labels=[LabelRecord.model_validate(lb) for lb in item.labels],
        sentiment=item.sentiment, queue=item.queue, state=item.state,  # type: ignore[arg-type]
        assignee=assignee, received_at=item.received_at, created=created,
    )  # fmt: skip
