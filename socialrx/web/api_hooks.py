"""Inbound webhooks (``socialrx.channels.webhooks``): a generic signed one for anything else,
and the Graph API's for Facebook Pages and Instagram. No token or session: each delivery must
carry the channel's signature; a missing or wrong one, or an unknown channel, is the same 401
(nothing tells a stranger which channels exist). Items are analysed as inbound and stored
idempotently on (channel, external id); a repeat with another text is an edit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from socialrx.channels import webhooks
from socialrx.channels.base import Incoming
from socialrx.errors import NotFoundError
from socialrx.pipeline import Pipeline, make_document
from socialrx.store.database import Database
from socialrx.web.problems import Problem
from socialrx.web.schemas import ChannelName, HookResult

router = APIRouter(prefix="/api/v1/hooks", tags=["webhooks"])
GRAPH = ("facebook", "instagram")


def _refused() -> Problem:
    return Problem(401, "unauthorized", "the signature is missing or does not match")


async def _account(request: Request, channel: str, platforms: tuple[str, ...],
                   ) -> tuple[dict[str, object], dict[str, object]]:  # fmt: skip
    """The channel's settings and credentials, if it is one of ``platforms``; else 401."""
    database: Database = request.app.state.database

    def load() -> tuple[dict[str, object], dict[str, object]] | None:
        from socialrx.store import channels

        with database.transaction() as session:
            try:
                account = channels.account(session, channel)
            except NotFoundError:
                return None
            if account.platform not in platforms:
                return None
            return dict(account.settings), dict(account.credentials)

    found = await run_in_threadpool(load)
    if found is None:
        raise _refused()
    return found


async def _store(request: Request, channel: str, items: list[Incoming]) -> HookResult:
    pipeline: Pipeline = request.app.state.policies.pipeline
    database: Database = request.app.state.database

    def work() -> int:
        from socialrx.store import inbound

        analysed = [(i, pipeline.analyze(make_document(i.text, "inbound"))) for i in items]
        with database.transaction() as session:
            return sum(inbound.ingest(session, channel, i.external_id, i.author_handle, a,
                                      f"webhook:{channel}")[1] for i, a in analysed)  # fmt: skip

    new = await run_in_threadpool(work)
    return HookResult(received=len(items), new=new)


@router.post("/{channel}", status_code=202, response_model=HookResult,
             summary="Generic signed webhook")  # fmt: skip
async def generic(channel: ChannelName, request: Request) -> HookResult:
    """``X-Socialrx-Timestamp`` (Unix seconds, within 5 minutes) and ``X-Socialrx-Signature:
    sha256=<HMAC-SHA256 of "<timestamp>.<body>" under the channel's secret>``; the body is one
    item or ``{"items": [...]}`` of ``{external_id, text, author_handle, created_at?, kind?,
    url?}``."""
    body = await signed_body(request, channel)
    items = webhooks.generic_items(channel, body, datetime.now(UTC))
    return await _store(request, channel, items)


async def signed_body(request: Request, channel: str) -> bytes:
    """The body of a generic-signed delivery for the ``webhook`` channel ``channel``; 401
    unless its timestamp is fresh and its signature matches the channel's secret."""
    _settings, credentials = await _account(request, channel, ("webhook",))
    body = await request.body()
    stamp = request.headers.get("x-socialrx-timestamp")
    secret = str(credentials.get("secret") or "")
    if not webhooks.fresh(stamp, datetime.now(UTC)) or not webhooks.verified(
            secret, body, request.headers.get("x-socialrx-signature"), stamp):  # fmt: skip
        raise _refused()
    return body


@router.get("/graph/{channel}", summary="Graph API subscription handshake",
            responses={200: {"description": "The challenge, as plain text",
                             "content": {"text/plain": {"schema": {"type": "string"}}}}})  # fmt: skip
async def graph_handshake(
    channel: ChannelName, request: Request,
    mode: Annotated[str, Query(alias="hub.mode", max_length=20)] = "",
    token: Annotated[str, Query(alias="hub.verify_token", max_length=200)] = "",
    challenge: Annotated[str, Query(alias="hub.challenge", max_length=200)] = "",
) -> PlainTextResponse:  # fmt: skip
    """Answers ``hub.challenge`` when ``hub.mode`` is ``subscribe`` and ``hub.verify_token`` is
    the channel's verify token; 401 otherwise."""
    settings, _credentials = await _account(request, channel, GRAPH)
    expected = str(settings.get("verify_token") or "")
    if mode != "subscribe" or not expected or not webhooks.verified_token(expected, token):
        raise _refused()
    return PlainTextResponse(challenge)


@router.post("/graph/{channel}", response_model=HookResult, summary="Graph API deliveries")
async def graph(channel: ChannelName, request: Request) -> HookResult:
    """Checked against ``X-Hub-Signature-256`` (HMAC-SHA256 of the raw body under the app
    secret); comments on the Page or the Instagram account are stored."""
    _settings, credentials = await _account(request, channel, GRAPH)
    body = await request.body()
    secret = str(credentials.get("app_secret") or "")
    if not webhooks.verified(secret, body, request.headers.get("x-hub-signature-256")):
        raise _refused()
    return await _store(request, channel, webhooks.graph_items(channel, body,
                                                               datetime.now(UTC)))  # fmt: skip
