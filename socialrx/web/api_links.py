"""Tracked links and leads (``socialrx.store.links``): short links with UTM parameters, the
public redirector ``/l/{code}`` that counts clicks without personal data, campaigns with their
spend (cost per click, cost per lead, ROI), and a signed conversion webhook for a booking
system's "appointment booked" (same signature as the generic webhook, under a connected
``webhook`` channel's secret).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field, StringConstraints
from starlette.concurrency import run_in_threadpool

from socialrx.errors import InputError, NotFoundError
from socialrx.store.database import Database, Session
from socialrx.store.models import User
from socialrx.web.api_hooks import signed_body
from socialrx.web.auth import Principal, allow
from socialrx.web.schemas import ChannelName, HookResult, Strict, Timestamp
from socialrx.web.storage import transact

router = APIRouter(tags=["links and leads"])
redirector = APIRouter()  # /l/{code}: public, outside the API
Anyone = Annotated[Principal, Depends(allow())]
Makers = Annotated[Principal, Depends(allow("author", "compliance", "admin"))]
Keepers = Annotated[Principal, Depends(allow("compliance", "admin"))]
CampaignName = Annotated[str, StringConstraints(min_length=1, max_length=100,
                                                pattern=r"^[^\x00-\x1f]*\S[^\x00-\x1f]*$")]  # fmt: skip
Since = Annotated[Timestamp | None, Query(description="From (default: 90 days before end).")]
Until = Annotated[Timestamp | None, Query(description="Until, excluded (default: now).")]
# Link previews fetched by platforms and chat apps are not people clicking.
ROBOTS = re.compile(r"bot|crawl|spider|preview|facebookexternalhit|whatsapp|mastodon|pleroma|"
                    r"akkoma|misskey|bluesky|cardyb|embedly|skypeuripreview|curl|wget|python|"
                    r"go-http|httpx|okhttp", re.IGNORECASE)  # fmt: skip


# http(s), a host name (no user name, no bracketed address), an optional port, anything visible
URL = r"^https?://[^/?#\s\[\]@:]+(?::\d{1,5})?(?:[/?#]\S*)?$"


class LinkIn(Strict):
    url: str = Field(min_length=10, max_length=2000, pattern=URL,
                     description="An http(s) address.")  # fmt: skip
    post_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    channel: ChannelName | None = None
    campaign: CampaignName | None = None


class LinkOut(BaseModel):
    code: str
    short_url: str = Field(description="What to put in the post.")
    url: str
    target: str = Field(description="Where a click goes: the URL with UTM parameters.")
    post_id: int | None
    channel: str | None
    campaign: str | None


class LinkFiguresOut(BaseModel):
    code: str
    url: str
    post_id: int | None
    channel: str | None
    campaign: str | None
    clicks: int
    visitors: int = Field(description="Unique per day (visitors are not followed across days).")
    leads: int
    value: float


class CampaignIn(Strict):
    name: CampaignName
    spend: float = Field(default=0, ge=0, le=10**10, strict=True,
                         description="What was paid, in currency.")  # fmt: skip
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")


class CampaignOut(BaseModel):
    name: str
    currency: str
    spend: float
    clicks: int
    leads: int
    value: float
    cost_per_click: float | None
    cost_per_lead: float | None
    roi: float | None = Field(description="(value of the leads − spend) / spend.")


class ConversionIn(Strict):
    external_id: str = Field(min_length=1, max_length=255,
                             description="The booking's id in the sending system.")  # fmt: skip
    kind: str = Field(default="appointment_booked", pattern=r"^[a-z][a-z0-9_]{0,63}$")
    link: str | None = Field(default=None, max_length=16,
                             description="The link's code (utm_content of the visit).")  # fmt: skip
    value: float | None = Field(default=None, ge=0, le=10**10, strict=True)
    at: Timestamp | None = None


def _period(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    """[start, end): by default the 90 days until now (a period that ends before it starts
    holds nothing: every count is 0)."""
    end = end or datetime.now(UTC)
    return start or end - timedelta(days=90), end


@router.post("/api/v1/links", response_model=LinkOut, status_code=201,
             summary="Make a tracked short link")  # fmt: skip
async def create_link(body: LinkIn, request: Request, who: Makers) -> LinkOut:
    def work(session: Session, user: User) -> LinkOut:
        from socialrx.store import links

        made = links.create_link(session, user, body.url, body.post_id, body.channel,
                                 body.campaign)  # fmt: skip
        return LinkOut(code=made.code, short_url=str(request.base_url) + f"l/{made.code}",
                       url=made.url, target=links.target(session, made), post_id=made.post_id,
                       channel=made.channel, campaign=body.campaign)  # fmt: skip

    return await transact(request, who, work)


@router.get("/api/v1/links", response_model=list[LinkFiguresOut],
            summary="Links with their clicks and leads")  # fmt: skip
async def list_links(request: Request, who: Anyone, start: Since = None,
                     end: Until = None) -> list[LinkFiguresOut]:  # fmt: skip
    since, until = _period(start, end)

    def work(session: Session, _user: User) -> list[LinkFiguresOut]:
        from socialrx.store import links

        return [LinkFiguresOut(code=f.code, url=f.url, post_id=f.post_id, channel=f.channel,
                               campaign=f.campaign, clicks=f.clicks, visitors=f.visitors,
                               leads=f.leads, value=f.value_cents / 100)
                for f in links.link_figures(session, since, until)]  # fmt: skip

    return await transact(request, who, work)


@router.post("/api/v1/campaigns", response_model=CampaignOut, status_code=201,
             summary="Add a campaign")  # fmt: skip
async def add_campaign(body: CampaignIn, request: Request, who: Keepers) -> CampaignOut:
    def work(session: Session, user: User) -> CampaignOut:
        from socialrx.store import links

        made = links.add_campaign(session, body.name, round(body.spend * 100), body.currency,
                                  user.email)  # fmt: skip
        return _campaign_out(links.CampaignFigures(made.name, made.currency, made.spend_cents,
                                                   0, 0, 0))  # fmt: skip

    return await transact(request, who, work)


@router.get("/api/v1/campaigns", response_model=list[CampaignOut],
            summary="Campaigns: spend, clicks, leads, cost per click and lead, ROI")  # fmt: skip
async def list_campaigns(request: Request, who: Anyone, start: Since = None,
                         end: Until = None) -> list[CampaignOut]:  # fmt: skip
    since, until = _period(start, end)

    def work(session: Session, _user: User) -> list[CampaignOut]:
        from socialrx.store import links

        return [_campaign_out(f) for f in links.campaign_figures(session, since, until)]

    return await transact(request, who, work)


def _campaign_out(f: object) -> CampaignOut:
    from socialrx.store.links import CampaignFigures

    assert isinstance(f, CampaignFigures)
    return CampaignOut(name=f.name, currency=f.currency, spend=f.spend_cents / 100,
                       clicks=f.clicks, leads=f.leads, value=f.value_cents / 100,
                       cost_per_click=f.cost_per_click, cost_per_lead=f.cost_per_lead,
                       roi=f.roi)  # fmt: skip


@router.post("/api/v1/hooks/conversions/{channel}", response_model=HookResult,
             status_code=202, summary="Signed conversion (lead) webhook")  # fmt: skip
async def conversion(channel: ChannelName, request: Request) -> HookResult:
    """Signed like the generic webhook (``X-Socialrx-Timestamp``, ``X-Socialrx-Signature``)
    under the secret of the connected ``webhook`` channel ``channel``. The body is
    ``{external_id, kind?, link?, value?, at?}``: no personal data is read or kept. A repeated
    ``external_id`` is the same lead."""
    body = await signed_body(request, channel)
    database: Database = request.app.state.database
    try:
        given = ConversionIn.model_validate_json(body)
    except ValueError:
        raise InputError("expected {external_id, kind?, link?, value?, at?}: external_id 1 to "
                         "255 characters, kind a lower-case word, value a number ≥ 0, at an "
                         "ISO 8601 time with a zone") from None  # fmt: skip

    def work() -> int:
        from socialrx.store import links

        with database.transaction() as session:
            _made, new = links.record_conversion(
                session, channel, given.external_id, given.kind, given.link,
                round(given.value * 100) if given.value is not None else None,
                given.at or datetime.now(UTC))  # fmt: skip
            return int(new)

    return HookResult(received=1, new=await run_in_threadpool(work))


@redirector.get("/l/{code}", include_in_schema=False)
async def redirect(code: str, request: Request) -> Response:
    """Send the visitor on, with UTM parameters; count the click (not link previews)."""
    database: Database = request.app.state.database
    agent = request.headers.get("user-agent", "")
    address = request.client.host if request.client else ""

    def work() -> str | None:
        from socialrx.store import links

        with database.transaction() as session:
            try:
                found = links.link(session, code)
            except NotFoundError:
                return None
            if agent and not ROBOTS.search(agent):
                links.record_click(session, found, datetime.now(UTC), address, agent)
            return links.target(session, found)

    target = await run_in_threadpool(work)
    if target is None:
        return Response("No such link.\n", status_code=404, media_type="text/plain")
    return RedirectResponse(target, status_code=302, headers={
        "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})  # fmt: skip
