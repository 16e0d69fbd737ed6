"""The consent register: signed releases (an alias and a document reference), revocation, and
the posts that rely on each. Revoking sends linked approved posts back to review."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from socialrx.store.database import Session
from socialrx.store.models import Consent, User
from socialrx.web.auth import Principal, allow
from socialrx.web.schemas import ConsentIn, ConsentOut, Id
from socialrx.web.storage import transact

router = APIRouter(prefix="/api/v1/consents", tags=["consents"])

Anyone = Annotated[Principal, Depends(allow())]
Keepers = Annotated[Principal, Depends(allow("compliance", "admin"))]


@router.post("", response_model=ConsentOut, status_code=201, summary="Register a consent")
async def create(body: ConsentIn, request: Request, who: Keepers) -> ConsentOut:
    def work(session: Session, user: User) -> ConsentOut:
        from socialrx.store import consents

        consent = consents.create_consent(
            session, user, body.subject_alias, body.scope, body.channels, body.document_ref,
            body.valid_from, body.valid_until,
        )  # fmt: skip
        return consent_out(session, consent)

    return await transact(request, who, work)


@router.get("", response_model=list[ConsentOut], summary="The register")
async def register(request: Request, who: Anyone) -> list[ConsentOut]:
    def work(session: Session, _user: User) -> list[ConsentOut]:
        from socialrx.store import consents

        return [consent_out(session, c) for c in consents.consents(session)]

    return await transact(request, who, work)


@router.get("/{consent_id}", response_model=ConsentOut, summary="One consent and its posts")
async def read(consent_id: Id, request: Request, who: Anyone) -> ConsentOut:
    def work(session: Session, _user: User) -> ConsentOut:
        from socialrx.store import consents

        return consent_out(session, consents.get_consent(session, consent_id))

    return await transact(request, who, work)


@router.post("/{consent_id}/revoke", response_model=ConsentOut, summary="Revoke")
async def revoke(consent_id: Id, request: Request, who: Keepers) -> ConsentOut:
    """Revoke a consent; linked approved posts go back to review."""

    def work(session: Session, user: User) -> ConsentOut:
        from socialrx.store import consents

        consent = consents.get_consent(session, consent_id)
        consents.revoke(session, consent, user.email)
        return consent_out(session, consent)

    return await transact(request, who, work)


def consent_out(session: Session, consent: Consent) -> ConsentOut:
    from socialrx.store import consents

    return ConsentOut(
        id=consent.id, subject_alias=consent.subject_alias, scope=consent.scope,
        channels=consent.channels, document_ref=consent.document_ref,
        valid_from=consent.valid_from, valid_until=consent.valid_until,
        revoked_at=consent.revoked_at, in_force=consents.in_force(consent, datetime.now(UTC)),
        posts=consents.post_ids(session, consent),
    )  # fmt: skip
