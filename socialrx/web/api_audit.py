"""The audit trail: events in order, and a verification of the whole chain."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from socialrx.store.database import Session
from socialrx.store.models import User
from socialrx.web.auth import Principal, allow
from socialrx.web.schemas import AuditEventOut, AuditVerdict
from socialrx.web.storage import transact

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])

Auditors = Annotated[Principal, Depends(allow("compliance", "admin"))]


@router.get("", response_model=list[AuditEventOut], summary="Events, oldest first")
async def events(
    request: Request,
    who: Auditors,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditEventOut]:
    """Events with ``seq`` greater than ``after`` (page with the last ``seq`` you got)."""

    def work(session: Session, _user: User) -> list[AuditEventOut]:
        from socialrx.store import audit_log

        found = audit_log.events(session, after, limit)
        return [AuditEventOut(**asdict(e.body), prev_hash=e.prev_hash, hash=e.hash) for e in found]

    return await transact(request, who, work)


@router.get("/verify", response_model=AuditVerdict, summary="Verify the chain")
async def verify(request: Request, who: Auditors) -> AuditVerdict:
    """Recompute every hash: the first modified, deleted or reordered event is named."""

    def work(session: Session, _user: User) -> AuditVerdict:
        from socialrx.store import audit_log

        v = audit_log.verify_log(session)
        return AuditVerdict(ok=v.ok, count=v.count, head=v.head, problem=v.problem, seq=v.seq,
                            detail=v.detail)  # fmt: skip

    return await transact(request, who, work)
