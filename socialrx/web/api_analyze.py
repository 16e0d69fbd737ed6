"""``POST /api/v1/analyze``: the contract record for a text; nothing is stored."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from socialrx.pipeline import Pipeline, make_document
from socialrx.web.auth import Principal, allow
from socialrx.web.schemas import AnalysisRecord, AnalyzeRequest

router = APIRouter(prefix="/api/v1", tags=["analyze"])

# Short texts are analysed on the event loop (cheaper than a thread hop); long ones in a thread
# so that one large text does not hold up every other request.
INLINE_CHARS = 20_000


@router.post("/analyze", response_model=AnalysisRecord, summary="Check a text")
async def analyze(
    body: AnalyzeRequest, request: Request, _who: Annotated[Principal, Depends(allow())]
) -> Response:
    """Analyse ``text`` as it would be published (``outbound``, ``reply``) or as it arrived
    (``inbound``) and return the analysis record; nothing is stored."""
    pipeline: Pipeline = request.app.state.policies.pipeline
    document = make_document(body.text, body.channel, body.id)
    if len(body.text) <= INLINE_CHARS:
        analysis = pipeline.analyze(document)
    else:
        analysis = await run_in_threadpool(pipeline.analyze, document)
    return record_response(analysis.to_record())


def record_response(record: dict[str, Any]) -> Response:
    """The record as JSON, without a second validation pass (the contract shapes it)."""
    return Response(json.dumps(record, ensure_ascii=False), media_type="application/json")
