"""The dashboard (every signed-in role): over the last 7, 30 or 90 days (days of the
organisation's time zone, ``SOCIALRX_TIMEZONE``, as in reports), analysis decisions per
day and the top finding codes, review latency per week (median and 90th percentile), inbound
items by label and sentiment, the count of unresolved crises, and the signals (current
syndromic alerts and flagged adverse-event pairs, ``socialrx.signals.run``). Charts are inline
SVG drawn on the server, each with a hidden table of its numbers; only counts and codes are
shown, no text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from socialrx import charts
from socialrx.store.database import Session
from socialrx.store.models import User
from socialrx.web.pages import render, signed_in
from socialrx.web.storage import transact

router = APIRouter(include_in_schema=False)
PERIODS = (7, 30, 90)


def hours(seconds: float) -> float:
    return round(seconds / 3600, 1)


@router.get("/dashboard")
async def dashboard(
    request: Request, period: Annotated[Literal["7", "30", "90"], Query(alias="days")] = "30"
) -> Response:
    who, days = await signed_in(request), int(period)
    if isinstance(who, Response):
        return who
    from socialrx.reports.figures import signals_of
    from socialrx.schedule import zone
    from socialrx.signals import run
    from socialrx.store import stats

    tz = zone(request.app.state.settings.timezone)

    def work(session: Session, _user: User) -> tuple[stats.Dashboard, run.Signals]:
        now = datetime.now(UTC)
        today = now.astimezone(tz).date()
        found = signals_of(session, today - timedelta(days=days - 1), today, tz,
                           request.app.state.syndromes)  # fmt: skip
        return stats.dashboard(session, days, now, tz), found

    data, found = await transact(request, who, work)
    signals = {"alerts": [run.alert_row(a) for a in found.current()],
               "pairs": [run.pair_row(p) for p in found.flagged], "days": run.CURRENT_DAYS}  # fmt: skip
    decided = sum(d.total for d in data.decisions)
    decisions = charts.stacked_columns(
        "chart-decisions", "Decisions per day",
        [d.day.isoformat() for d in data.decisions],
        [charts.Series(name, f"s-{name}", [getattr(d, name) for d in data.decisions])
         for name in stats.DECISIONS],
        "decisions",
    )  # fmt: skip
    codes = charts.bars("chart-codes", "Top finding codes", data.codes, "Findings", "s-code")
    latency = charts.lines(
        "chart-latency", "Review latency per week",
        [w.week.isoformat() for w in data.latency],
        [charts.Series("median", "s-median", [hours(w.median) for w in data.latency]),
         charts.Series("90th percentile", "s-p90", [hours(w.p90) for w in data.latency])],
        "hours",
    )  # fmt: skip
    labels = charts.bars("chart-labels", "Inbound by label", data.labels, "Items", "s-label")
    sentiments = charts.bars("chart-sentiments", "Inbound by sentiment", data.sentiments,
                             "Items", "s-sentiment")  # fmt: skip
    return render(request, "dashboard.html", who, data=data, days=days, periods=PERIODS,
                  decided=decided, decisions=decisions, codes=codes, latency=latency,
                  labels=labels, sentiments=sentiments, hours=hours, signals=signals,
                  timezone=tz.key)  # fmt: skip
