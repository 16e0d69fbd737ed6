"""The inbox page: inbound items with their labels, unresolved crises pinned at the top with the
crisis line and the on-call contact, and the forms to assign, resolve and escalate. Replies are
checked in ``reply`` mode by ``/static/inbox.js`` (nothing is stored: sending is issue 6).

Escalation notifies the on-call contact through ``app.state.notifier`` when one was injected,
else through the routes the settings configure (``socialrx.channels.notify``); every attempt,
delivered, failed or not configured, is recorded as ``inbound.escalated`` in the audit trail.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from socialrx.channels import notify
from socialrx.errors import NotFoundError, SocialrxError
from socialrx.model import LABELS
from socialrx.pipeline import Pipeline
from socialrx.replies import safe_replies
from socialrx.store.database import Session
from socialrx.store.models import InboundItem, User
from socialrx.store.types import utcnow
from socialrx.web.auth import Principal
from socialrx.web.masking import REASONS, masked_handle, masked_text
from socialrx.web.pages import render, signed_in
from socialrx.web.schemas import Id
from socialrx.web.storage import transact

router = APIRouter(include_in_schema=False)
Outcome = Literal["delivered", "failed", "not_configured"]
OUTCOMES: tuple[Outcome, ...] = ("delivered", "failed", "not_configured")


@router.get("/inbox")
async def inbox(
    request: Request,
    label: Annotated[str | None, Query(max_length=40)] = None,
    escalated: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    outcome: Annotated[Outcome | None, Query()] = None,
    before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> Response:
    who = await signed_in(request)
    if isinstance(who, Response):
        return who
    return await _page(request, who, label, _notice(escalated, outcome), before=before)


PAGE = 100  # items a page of the inbox shows (unresolved crises are pinned above every page)
_Rows = list[dict[str, Any]]


async def _page(request: Request, who: Principal, label: str | None,
                notice: dict[str, str] | None, revealed: int | None = None,
                before: int | None = None) -> Response:  # fmt: skip
    """The inbox, newest first, ``PAGE`` items a page (``before``: older than that id), every
    unresolved crisis pinned above, however old; PHI masked except in item ``revealed``."""
    chosen = label if label in LABELS else None
    pipeline: Pipeline = request.app.state.policies.pipeline

    def work(session: Session, _user: User) -> tuple[_Rows, _Rows, int | None, bool]:
        from socialrx.store import inbound

        pinned = [c for c in inbound.open_crises(session)
                  if chosen is None or chosen in c.label_names.split(",")]  # fmt: skip
        ids = {c.id for c in pinned}
        start = before
        page = inbound.items(session, chosen, limit=PAGE, before=start)
        if revealed is not None and revealed not in ids and all(i.id != revealed for i in page):
            start = revealed + 1  # the item shown in full is older: its page, from it on
            page = inbound.items(session, chosen, limit=PAGE, before=start)
        older = page[-1].id if len(page) == PAGE else None  # there may be more

        def rows(found: list[InboundItem]) -> _Rows:
            return [_row(session, item, pipeline, item.id == revealed) for item in found]

        return rows(pinned), rows([i for i in page if i.id not in ids]), older, start is not None

    crises, rows, older, paged = await transact(request, who, work)
    return render(request, "inbox.html", who, crises=crises, rows=rows, labels=LABELS,
                  label=chosen, escalation=pipeline.policy.escalation, replies=safe_replies(),
                  reasons=REASONS, notice=notice, older=older, paged=paged)  # fmt: skip


def _row(session: Session, item: InboundItem, pipeline: Pipeline,
         revealed: bool) -> dict[str, Any]:  # fmt: skip
    """What the page shows of ``item``: its full text and handle only when ``revealed``."""
    from socialrx.store import users

    names = [lb["name"] for lb in item.labels]
    shown = {"text": item.text, "author": item.author_handle} if revealed else {
        "text": masked_text(pipeline, item.text), "author": masked_handle(item.author_handle)}  # fmt: skip
    return {"id": item.id, "channel": item.channel, **shown, "revealed": revealed,
            "labels": names, "crisis": "crisis" in names,
            "sentiment": item.sentiment, "queue": item.queue, "state": item.state,
            "assignee": users.by_id(session, item.assignee_id).email if item.assignee_id else None,
            "received": item.received_at}  # fmt: skip


@router.post("/inbox/{item_id}/reveal")
async def reveal(request: Request, item_id: Id,
                 reason: Annotated[str, Form(max_length=40)] = "") -> Response:  # fmt: skip
    """Break-glass: show one item in full, for a stated reason; audited before it is shown."""
    who = await signed_in(request)
    if isinstance(who, Response):
        return who
    if reason not in REASONS:
        return render(request, "message.html", who, status=400, title="Not shown",
                      message="Choose why you need the item in full: "
                      + "; ".join(REASONS.values()) + ".", back="/inbox")  # fmt: skip

    def work(session: Session, user: User) -> None:
        from socialrx.store import audit_log
        from socialrx.store.models import fetch

        fetch(session, InboundItem, item_id, "inbound item")
        audit_log.append(session, user.email, "inbound.revealed", ("inbound", item_id),
                         codes=(f"reveal.{reason}",))  # fmt: skip

    try:
        await transact(request, who, work)
    except NotFoundError as error:
        return render(request, "message.html", who, status=404, title="Not shown",
                      message=str(error), back="/inbox")  # fmt: skip
    notice = {"kind": "ok", "text": f"Item {item_id} is shown in full below, for you only; "
              "this is recorded in the audit trail. Reload the inbox to mask it again."}  # fmt: skip
    return await _page(request, who, None, notice, revealed=item_id)


def _notice(item_id: int | None, outcome: Outcome | None) -> dict[str, str] | None:
    if item_id is None or outcome is None:
        return None
    if outcome == "delivered":
        return {"kind": "ok", "text": f"Item {item_id} was escalated: the on-call contact has "
                "been notified. The escalation is in the audit trail."}  # fmt: skip
    if outcome == "failed":
        return {"kind": "error", "text": f"The escalation of item {item_id} could not be "
                "delivered. Call the on-call contact now. The failure is in the audit trail."}  # fmt: skip
    return {"kind": "error", "text": f"Item {item_id} was not escalated: no escalation route is "
            "configured (SOCIALRX_ESCALATION_WEBHOOK or SOCIALRX_ESCALATION_EMAIL). Call the "
            "on-call contact now. The attempt is in the audit trail."}  # fmt: skip


@router.post("/inbox/{item_id}/assign")
async def assign(request: Request, item_id: Id,
                 email: Annotated[str, Form(max_length=320)] = "") -> Response:  # fmt: skip
    """Assign to ``email``, or to the signed-in user when it is empty."""
    who = await signed_in(request)
    if isinstance(who, Response):
        return who

    def work(session: Session, user: User) -> None:
        from socialrx.store import inbound, users

        assignee = users.get_user(session, email.strip()) if email.strip() else user
        inbound.assign(session, item_id, assignee, user.email)

    return await _act(request, who, work)


@router.post("/inbox/{item_id}/resolve")
async def resolve(request: Request, item_id: Id) -> Response:
    who = await signed_in(request)
    if isinstance(who, Response):
        return who

    def work(session: Session, user: User) -> None:
        from socialrx.store import inbound

        inbound.resolve(session, item_id, user.email)

    return await _act(request, who, work)


async def _act(request: Request, who: Principal, work: Any) -> Response:
    try:
        await transact(request, who, work)
    except SocialrxError as error:
        status = 404 if isinstance(error, NotFoundError) else 409
        return render(request, "message.html", who, status=status, title="Not done",
                      message=str(error), back="/inbox")  # fmt: skip
    return RedirectResponse("/inbox", status_code=303)


@router.post("/inbox/{item_id}/escalate")
async def escalate(request: Request, item_id: Id) -> Response:
    """Notify the on-call contact of a crisis item (no text leaves), then record the outcome."""
    who = await signed_in(request)
    if isinstance(who, Response):
        return who

    def load(session: Session, _user: User) -> notify.Alert:
        from socialrx.store.models import fetch

        item = fetch(session, InboundItem, item_id, "inbound item")
        labels = tuple(lb["name"] for lb in item.labels)
        if "crisis" not in labels:
            raise NotFoundError(f"inbound item {item_id} is not labelled crisis; only crises "
                                "are escalated")  # fmt: skip
        link = f"{str(request.base_url).rstrip('/')}/inbox#item-{item.id}"
        return notify.Alert(item.id, item.channel, labels, link, utcnow())

    try:
        alert = await transact(request, who, load)
    except SocialrxError as error:
        return render(request, "message.html", who, status=404, title="Not escalated",
                      message=str(error), back="/inbox")  # fmt: skip
    notifier = notifier_of(request)
    deliveries = [] if notifier is None else await run_in_threadpool(notifier.notify, alert)
    outcome: Outcome = ("not_configured" if not deliveries
                        else "delivered" if all(d.ok for d in deliveries) else "failed")  # fmt: skip
    codes = [f"escalation.{d.route}.{'delivered' if d.ok else 'failed'}" for d in deliveries]

    def record(session: Session, user: User) -> None:
        from socialrx.store import audit_log

        audit_log.append(session, user.email, "inbound.escalated", ("inbound", item_id),
                         codes=codes or ["escalation.not_configured"])  # fmt: skip

    await transact(request, who, record)
    return RedirectResponse(f"/inbox?escalated={item_id}&outcome={outcome}", status_code=303)


def notifier_of(request: Request) -> notify.Notifier | None:
    """The injected notifier (``app.state.notifier``), else the one the settings configure."""
    injected: notify.Notifier | None = getattr(request.app.state, "notifier", None)
    return injected or notify.from_settings(request.app.state.settings)
