"""The consents page: the register (alias, scope, channels, validity, document reference, state
and the posts that rely on each), and for compliance and admins the forms to add a consent,
revoke one or expire it now. Revoking or expiring sends linked approved posts back to review
(``socialrx.store.consents``); the page then says how many went back.

Times are entered with ``datetime-local`` in the browser's time zone: the page's script sends
each field's UTC offset (``*_offset``, minutes east of UTC) beside it; without the script the
times are taken as UTC, and the page says so.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from socialrx.errors import NotFoundError, SocialrxError
from socialrx.store.database import Session
from socialrx.store.models import Consent, Post, User
from socialrx.store.types import utcnow
from socialrx.web.auth import Principal
from socialrx.web.pages import CHANNELS, in_role, render, signed_in
from socialrx.web.pages_review import REVIEWERS
from socialrx.web.schemas import Id
from socialrx.web.storage import transact

router = APIRouter(include_in_schema=False)
KEEPERS = frozenset({"compliance", "admin"})
Done = Literal["added", "revoked", "expired"]
Offset = Annotated[str, Form(max_length=6)]


@router.get("/consents")
async def register(
    request: Request,
    done: Annotated[Done | None, Query()] = None,
    consent: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    lapsed: Annotated[int | None, Query(ge=0, le=2**31)] = None,
) -> Response:
    who = await signed_in(request)
    if isinstance(who, Response):
        return who
    return await _page(request, who, notice=_notice(done, consent, lapsed))


async def _page(request: Request, who: Principal, status: int = 200, **context: Any) -> Response:
    links = who.role in REVIEWERS

    def work(session: Session, _user: User) -> list[dict[str, Any]]:
        from socialrx.store import consents

        now = utcnow()
        return [_row(session, c, now, links) for c in consents.consents(session, limit=1000)]

    rows = await transact(request, who, work)
    context.setdefault("form", {})
    return render(request, "consents.html", who, status=status, rows=rows, channels=CHANNELS,
                  keeper=who.role in KEEPERS, **context)  # fmt: skip


def _row(session: Session, consent: Consent, now: datetime, links: bool) -> dict[str, Any]:
    from socialrx.store import consents
    from socialrx.store.reviews import latest_review_id

    posts = []
    for post_id in consents.post_ids(session, consent):
        post = session.get(Post, post_id)
        review = latest_review_id(session, post_id) if links else None
        posts.append({"id": post_id, "state": post.state if post else "unknown", "review": review})
    return {"id": consent.id, "alias": consent.subject_alias, "scope": consent.scope,
            "channels": consent.channels, "document": consent.document_ref,
            "valid_from": consent.valid_from, "valid_until": consent.valid_until,
            "revoked_at": consent.revoked_at, "state": state_of(consent, now), "posts": posts,
            "approved": sum(p["state"] == "approved" for p in posts)}  # fmt: skip


def state_of(consent: Consent, now: datetime) -> str:
    if consent.revoked_at is not None:
        return "revoked"
    if consent.valid_until is not None and consent.valid_until <= now:
        return "expired"
    if consent.valid_from > now:
        return "not yet valid"
    return "in force"


def _notice(done: Done | None, consent_id: int | None, lapsed: int | None) -> str | None:
    if done is None or consent_id is None:
        return None
    if done == "added":
        return f"Consent {consent_id} was added to the register."
    if not lapsed:
        return f"Consent {consent_id} was {done}: no linked approved post had to go back to review."
    went = f"{lapsed} linked approved post{' went' if lapsed == 1 else 's went'}"
    return f"Consent {consent_id} was {done}: {went} back to review."


async def keeper(request: Request) -> Principal | Response:
    return await in_role(request, KEEPERS, "Only compliance officers and admins change consents.",
                         "/consents")  # fmt: skip


def when(value: str, offset: str, label: str) -> datetime | None:
    """A ``datetime-local`` value at ``offset`` minutes east of UTC (empty: UTC), in UTC."""
    value = value.strip()
    if not value:
        return None
    try:
        local = datetime.fromisoformat(value)
        minutes = int(offset) if offset.strip() else 0
    except ValueError:
        raise ValueError(f"{label} is not a date and time; use the date picker.") from None
    if local.tzinfo is not None or not -14 * 60 <= minutes <= 14 * 60:
        raise ValueError(f"{label} is not a date and time; use the date picker.")
    return local.replace(tzinfo=UTC) - timedelta(minutes=minutes)


@router.post("/consents")
async def add(
    request: Request,
    subject_alias: Annotated[str, Form(max_length=200)] = "",
    scope: Annotated[str, Form(max_length=1000)] = "",
    document_ref: Annotated[str, Form(max_length=500)] = "",
    channels: Annotated[list[str] | None, Form(max_length=20)] = None,
    valid_from: Annotated[str, Form(max_length=40)] = "",
    valid_until: Annotated[str, Form(max_length=40)] = "",
    valid_from_offset: Offset = "",
    valid_until_offset: Offset = "",
) -> Response:
    """(The form's csrf_token field is checked by the session lookup.)"""
    who = await keeper(request)
    if isinstance(who, Response):
        return who
    chosen = [c for c in CHANNELS if c in (channels or [])]
    form = {"subject_alias": subject_alias, "scope": scope, "document_ref": document_ref,
            "channels": chosen, "valid_from": valid_from, "valid_until": valid_until}  # fmt: skip
    error = None
    try:
        start = when(valid_from, valid_from_offset, "Valid from") or utcnow()
        end = when(valid_until, valid_until_offset, "Valid until")
    except ValueError as problem:
        error = str(problem)
    else:
        if end is not None and end <= start:
            error = "Valid until must be later than valid from (an empty valid from is now)."
    if error is None and not chosen:
        error = "Choose at least one channel the consent covers."
    if error is None and not all((subject_alias.strip(), scope.strip(), document_ref.strip())):
        error = "Fill in the subject alias, the scope and the document reference."
    if error is not None:
        return await _page(request, who, status=400, error=error, form=form)

    def work(session: Session, user: User) -> int:
        from socialrx.store import consents

        return consents.create_consent(session, user, subject_alias, scope, chosen,
                                       document_ref, start, end).id  # fmt: skip

    try:
        made = await transact(request, who, work)
    except SocialrxError as problem:
        return await _page(request, who, status=400, error=str(problem), form=form)
    return RedirectResponse(f"/consents?done=added&consent={made}", status_code=303)


@router.post("/consents/{consent_id}/{action}")
async def change(request: Request, consent_id: Id,
                 action: Literal["revoke", "expire"]) -> Response:  # fmt: skip
    who = await keeper(request)
    if isinstance(who, Response):
        return who

    def work(session: Session, user: User) -> int:
        from socialrx.store import consents

        consent = consents.get_consent(session, consent_id)
        lapse = consents.revoke if action == "revoke" else consents.expire
        return len(lapse(session, consent, user.email))

    try:
        lapsed = await transact(request, who, work)
    except SocialrxError as problem:
        status = 404 if isinstance(problem, NotFoundError) else 409
        return render(request, "message.html", who, status=status, title="Not done",
                      message=str(problem), back="/consents")  # fmt: skip
    done = "revoked" if action == "revoke" else "expired"
    return RedirectResponse(f"/consents?done={done}&consent={consent_id}&lapsed={lapsed}",
                            status_code=303)  # fmt: skip
