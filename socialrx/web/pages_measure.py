"""The measure page (every signed-in role): a period's figures — post performance, cadence,
service levels, sentiment and ratings, share of voice, links and campaigns, the competitor
benchmark — exactly as the report shows them (the same sections, suppressed the same way),
and the report itself to download as HTML, PDF or CSV."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from socialrx.errors import InputError
from socialrx.reports.figures import Period
from socialrx.store.database import Session
from socialrx.store.models import User
from socialrx.web.auth import Principal
from socialrx.web.pages import render, signed_in
from socialrx.web.storage import transact

router = APIRouter(include_in_schema=False)
TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
         "csv": "text/csv; charset=utf-8"}  # fmt: skip
DEFAULT_DAYS = 90


def _chosen(request: Request, first: str | None, last: str | None) -> Period | str:
    """The period asked for (local days in the organisation's time zone), by default the 90
    days to today; an ``InputError`` message for a period that cannot be read."""
    from socialrx import reports
    from socialrx.schedule import zone

    tz = zone(request.app.state.settings.timezone)
    today = datetime.now(UTC).astimezone(tz).date()
    try:
        end = date.fromisoformat(last) if last else today
        start = date.fromisoformat(first) if first else end - timedelta(days=DEFAULT_DAYS - 1)
        return reports.period(start, end, tz)
    except InputError as error:  # (before ValueError, which it is too)
        return str(error)
    except ValueError:
        return "dates are given as YYYY-MM-DD"


First = Annotated[str | None, Query(alias="from", max_length=10)]
Last = Annotated[str | None, Query(alias="to", max_length=10)]


async def _asked(request: Request, first: str | None,
                 last: str | None) -> tuple[Principal, Period] | Response:  # fmt: skip
    """The signed-in principal and the period asked for; else the redirect to log in, or the
    page with a 422 that says what was wrong with the period."""
    who = await signed_in(request)
    if isinstance(who, Response):
        return who
    chosen = _chosen(request, first, last)
    if isinstance(chosen, str):
        return render(request, "measure.html", who, status=422, problem=chosen, period=None)
    return who, chosen


@router.get("/measure")
async def measure_page(request: Request, first: First = None, last: Last = None) -> Response:
    asked = await _asked(request, first, last)
    if isinstance(asked, Response):
        return asked
    who, chosen = asked
    from socialrx import reports
    from socialrx.reports.render import body
    from socialrx.reports.tables import sections

    def work(session: Session, _user: User) -> reports.Figures:
        return reports.figures_of(session, chosen, matcher=request.app.state.syndromes)

    found = await transact(request, who, work)
    return render(request, "measure.html", who, period=chosen, problem=None,
                  body=body(sections(found), style=""), formats=reports.FORMATS)  # fmt: skip


@router.get("/measure/report")
async def measure_report(
    request: Request, fmt: Annotated[Literal["html", "pdf", "csv"], Query(alias="format")],
    first: First = None, last: Last = None,
) -> Response:  # fmt: skip
    """The report of the period as a file to download."""
    asked = await _asked(request, first, last)
    if isinstance(asked, Response):
        return asked
    who, chosen = asked
    from socialrx import reports

    def work(session: Session, _user: User) -> bytes:
        return reports.build(session, chosen, fmt, matcher=request.app.state.syndromes)

    data = await transact(request, who, work)
    name = f"socialrx-report-{chosen.first.isoformat()}-{chosen.last.isoformat()}.{fmt}"
    return Response(data, media_type=TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})  # fmt: skip
