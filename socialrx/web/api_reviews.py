"""The review queue: list, claim, approve, reject, request changes; compliance overrides a block
with a mandatory reason. Every verdict is an audit event naming the policy and the text's hash."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request

from socialrx import workflow
from socialrx.store.database import Session
from socialrx.store.models import Review, User
from socialrx.web.api_posts import post_out
from socialrx.web.auth import Principal, allow
from socialrx.web.schemas import Id, OverrideRequest, ReviewNote, ReviewOut
from socialrx.web.storage import transact

router = APIRouter(prefix="/api/v1/reviews", tags=["reviews"])

Reviewers = Annotated[Principal, Depends(allow("reviewer", "compliance", "admin"))]
Compliance = Annotated[Principal, Depends(allow("compliance"))]


@router.get("", response_model=list[ReviewOut], summary="Open reviews")
async def queue(request: Request, who: Reviewers,
                state: Literal["pending", "blocked"] = "pending") -> list[ReviewOut]:  # fmt: skip
    """Open reviews of pending (or blocked) posts, oldest first, with each post."""

    def work(session: Session, _user: User) -> list[ReviewOut]:
        from socialrx.store import reviews

        return [review_out(session, r, with_post=True) for r in reviews.queue(session, state)]

    return await transact(request, who, work)


@router.post("/{review_id}/claim", response_model=ReviewOut, summary="Claim a review")
async def claim(review_id: Id, request: Request, who: Reviewers) -> ReviewOut:
    def work(session: Session, user: User) -> ReviewOut:
        from socialrx.store import reviews

        return review_out(session, reviews.claim(session, review_id, user))

    return await transact(request, who, work)


async def _decide(request: Request, who: Principal, review_id: Id, verdict: workflow.Verdict,
                  note: str | None, reason: str | None = None) -> ReviewOut:  # fmt: skip
    def work(session: Session, user: User) -> ReviewOut:
        from socialrx.store import reviews

        decided = reviews.decide(session, review_id, user, verdict, note, reason)
        return review_out(session, decided)

    return await transact(request, who, work)


@router.post("/{review_id}/approve", response_model=ReviewOut, summary="Approve")
async def approve(review_id: Id, body: ReviewNote, request: Request, who: Reviewers) -> ReviewOut:
    """Approve a pending post (not one's own); the approved text is pinned by its hash."""
    return await _decide(request, who, review_id, "approved", body.note)


@router.post("/{review_id}/reject", response_model=ReviewOut, summary="Reject")
async def reject(review_id: Id, body: ReviewNote, request: Request, who: Reviewers) -> ReviewOut:
    return await _decide(request, who, review_id, "rejected", body.note)


@router.post("/{review_id}/request-changes", response_model=ReviewOut, summary="Request changes")
async def request_changes(review_id: Id, body: ReviewNote, request: Request,
                          who: Reviewers) -> ReviewOut:  # fmt: skip
    return await _decide(request, who, review_id, "changes_requested", body.note)


@router.post("/{review_id}/override", response_model=ReviewOut, summary="Override a block")
async def override(review_id: Id, body: OverrideRequest, request: Request,
                   who: Compliance) -> ReviewOut:  # fmt: skip
    """Compliance only, with a reason: approve a post the policy blocked."""
    return await _decide(request, who, review_id, "overridden", body.note, body.reason)


def review_out(session: Session, review: Review, with_post: bool = False) -> ReviewOut:
    from socialrx.store import users

    def email(user_id: int | None) -> str | None:
        return users.by_id(session, user_id).email if user_id is not None else None

    return ReviewOut(
        id=review.id, post_id=review.post_id, version=review.version,
        post_state=review.post.state,  # type: ignore[arg-type]
        assignee=email(review.assignee_id), verdict=review.verdict,  # type: ignore[arg-type]
        note=review.note, created_at=review.created_at, decided_at=review.decided_at,
        post=post_out(session, review.post) if with_post else None,
    )  # fmt: skip
