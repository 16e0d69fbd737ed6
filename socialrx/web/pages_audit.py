"""The audit page (compliance and admins): events newest first, filtered by actor, action
prefix, subject and dates, paged back by ``seq``; and a check of the whole chain that names
the first modified, deleted or reordered event. Events hold no text, so none is shown.

Dates are the organisation's days (``SOCIALRX_TIMEZONE``): "From 2026-03-02" starts at local
midnight, across daylight-saving changes too, and times are shown in that zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from socialrx.audit import Event, Verdict
from socialrx.schedule import zone
from socialrx.store.database import Session
from socialrx.store.models import User
from socialrx.web.auth import Principal
from socialrx.web.pages import in_role, render
from socialrx.web.storage import transact

router = APIRouter(include_in_schema=False)
AUDITORS = frozenset({"compliance", "admin"})
PAGE = 100


async def auditor(request: Request) -> Principal | Response:
    """The signed-in compliance officer or admin; else the log-in redirect or the 403 page."""
    return await in_role(request, AUDITORS, "The audit trail is for compliance and admins.")


@router.get("/audit")
async def audit(
    request: Request,
    actor: Annotated[str, Query(max_length=320)] = "",
    action: Annotated[str, Query(max_length=64)] = "",
    subject_type: Annotated[str, Query(max_length=32)] = "",
    subject_id: Annotated[str, Query(max_length=64)] = "",
    since: Annotated[str, Query(alias="from", max_length=10)] = "",
    until: Annotated[str, Query(alias="to", max_length=10)] = "",
    before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    verify: Annotated[bool, Query()] = False,
) -> Response:
    """(``verify=1`` also checks the whole chain and shows the verdict above the events.)"""
    who = await auditor(request)
    if isinstance(who, Response):
        return who
    from socialrx.store import audit_log

    shown = {"actor": actor.strip(), "action": action.strip(), "subject_type":
             subject_type.strip(), "subject_id": subject_id.strip(), "from": since.strip(),
             "to": until.strip()}  # fmt: skip
    tz = zone(request.app.state.settings.timezone)
    first, last = _day(shown["from"]), _day(shown["to"])
    errors = [f"“{label}” must be a date like 2026-03-02." for label, value, day in
              (("From", shown["from"], first), ("To", shown["to"], last)) if value and day is None]  # fmt: skip
    where = audit_log.Filter(
        actor=shown["actor"] or None, action=shown["action"] or None,
        subject_type=shown["subject_type"] or None, subject_id=shown["subject_id"] or None,
        since=_midnight(first, tz) if first is not None else None,
        until=_midnight(last + timedelta(days=1), tz) if last is not None else None,
    )  # fmt: skip

    def work(session: Session, _user: User) -> tuple[list[Event], Verdict | None]:
        found = audit_log.search(session, where, before, PAGE + 1)
        return found, audit_log.verify_log(session) if verify else None

    found, verdict = await transact(request, who, work)
    rows = [_row(event, tz) for event in found[:PAGE]]
    query = {k: v for k, v in shown.items() if v}
    older = (
        f"/audit?{urlencode({**query, 'before': rows[-1]['seq']})}" if len(found) > PAGE else None
    )
    return render(request, "audit.html", who, rows=rows, shown=shown, errors=errors,
                  verdict=verdict, older=older, paged=before is not None,
                  newest=f"/audit?{urlencode(query)}", query=query, zone=tz.key)  # fmt: skip


def _day(value: str) -> date | None:
    """The day ``value`` names (``YYYY-MM-DD``), or ``None``."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _midnight(day: date, tz: tzinfo) -> datetime:
    """The moment (UTC) the day starts in ``tz``."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def _row(event: Event, tz: tzinfo) -> dict[str, Any]:
    b = event.body
    moment = datetime.fromisoformat(b.at)
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(tz)
    return {"seq": b.seq, "at": b.at, "when": local.strftime("%Y-%m-%d %H:%M:%S"),
            "actor": b.actor, "action": b.action, "subject": f"{b.subject_type} {b.subject_id}",
            "policy": b.policy, "codes": b.codes,
            "content_hash": b.content_hash[:12] if b.content_hash else None}  # fmt: skip
