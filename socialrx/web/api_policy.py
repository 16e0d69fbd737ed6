"""The organisation's policy: the version in force, every earlier version, and saving a new
one (compliance and admins). Each save is a new version, audited as ``policy.changed``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from socialrx.store.database import Session
from socialrx.store.models import User
from socialrx.store.policies import Saved
from socialrx.web import policies
from socialrx.web.auth import Principal, allow
from socialrx.web.schemas import MAX_ID, PolicyIn, PolicyOut, PolicyVersionOut
from socialrx.web.storage import transact

router = APIRouter(prefix="/api/v1/policy", tags=["policy"])

Readers = Annotated[Principal, Depends(allow("reviewer", "compliance", "admin"))]
Keepers = Annotated[Principal, Depends(allow("compliance", "admin"))]
Number = Annotated[int, Path(ge=0, le=MAX_ID, description="The version number.")]


@router.get("", response_model=PolicyOut, summary="The policy in force")
async def in_force(request: Request, who: Readers) -> PolicyOut:
    return policy_out(request.app.state.policies.saved)


@router.get("/versions", response_model=list[PolicyVersionOut], summary="Every version")
async def versions(request: Request, who: Readers) -> list[PolicyVersionOut]:
    """Newest first, down to the built-in default the organisation started from."""

    def work(session: Session, _user: User) -> list[PolicyVersionOut]:
        from socialrx.store import policies as store

        return [version_out(s) for s in store.lineage(session)]

    return await transact(request, who, work)


@router.get("/versions/{number}", response_model=PolicyOut, summary="One version")
async def one(number: Number, request: Request, who: Readers) -> PolicyOut:
    def work(session: Session, _user: User) -> PolicyOut:
        from socialrx.store import policies as store

        return policy_out(store.version(session, number))

    return await transact(request, who, work)


@router.post("/versions", response_model=PolicyOut, status_code=201, summary="Save a version")
async def save(body: PolicyIn, request: Request, who: Keepers) -> PolicyOut:
    """The TOML becomes the next version (its ``version`` is set to that number) and is in
    force at once in this process, within seconds in the others. 409 when another version was
    saved after ``base``; 422 when the policy does not parse or its detectors refuse it."""
    saved = await policies.save(request, who, body.source, body.note, body.base)
    return policy_out(saved)


def version_out(saved: Saved) -> PolicyVersionOut:
    return PolicyVersionOut(number=saved.number, ref=saved.policy.ref, name=saved.policy.name,
                            sha256=saved.sha256, actor=saved.actor, note=saved.note,
                            saved_at=saved.saved_at)  # fmt: skip


def policy_out(saved: Saved) -> PolicyOut:
    return PolicyOut(**version_out(saved).model_dump(), source=saved.source)
