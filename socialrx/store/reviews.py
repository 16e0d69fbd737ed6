"""The review queue: open reviews of pending and blocked posts, claims and verdicts.

``socialrx.workflow`` decides who may do what; a claimed review can be decided only by its
assignee. Notes and override reasons are encrypted at rest.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialrx import workflow
from socialrx.errors import ConflictError, NotFoundError, WorkflowError
from socialrx.store import audit_log
from socialrx.store.models import Post, Review, User
from socialrx.store.posts import current
from socialrx.store.types import utcnow

MAX_NOTE = 4000
Queue = Literal["pending", "blocked"]


def queue(session: Session, state: Queue = "pending", limit: int = 100) -> list[Review]:
    """Open reviews of posts in ``state``, oldest first."""
    query = (
        select(Review)
        .join(Post, Post.id == Review.post_id)
        .where(Review.verdict.is_(None), Post.state == state)
        .order_by(Review.created_at, Review.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def latest_review_id(session: Session, post_id: int) -> int | None:
    """The newest review of a post (open or decided), if it ever had one."""
    query = select(Review.id).where(Review.post_id == post_id).order_by(Review.id.desc()).limit(1)
    return session.scalar(query)


def get_review(session: Session, review_id: int, *, lock: bool = False) -> Review:
    query = select(Review).where(Review.id == review_id)
    review = session.scalar(query.with_for_update() if lock else query)
    if review is None:
        raise NotFoundError(f"no review has id {review_id}")
    return review


def claim(session: Session, review_id: int, user: User) -> Review:
    """Assign an open review to ``user`` (a reviewer, compliance or admin)."""
    review = get_review(session, review_id, lock=True)
    _check_reviewer(user)
    if review.verdict is not None:
        raise ConflictError(f"review {review.id} is already decided")
    if review.assignee_id not in (None, user.id):
        raise ConflictError(f"review {review.id} is claimed by another reviewer")
    review.assignee_id, review.claimed_at = user.id, utcnow()
    audit_log.append(session, user.email, "review.claimed", ("review", review.id))
    return review


def decide(session: Session, review_id: int, user: User, verdict: workflow.Verdict,
           note: str | None = None, reason: str | None = None) -> Review:  # fmt: skip
    """Approve, reject or request changes on a pending post, or override a blocked one."""
    review = get_review(session, review_id, lock=True)
    if review.verdict is not None:
        raise ConflictError(f"review {review.id} is already decided")
    if review.assignee_id not in (None, user.id):
        raise ConflictError(f"review {review.id} is claimed by another reviewer")
    for name, value in (("note", note), ("reason", reason)):
        if value is not None and len(value) > MAX_NOTE:
            raise WorkflowError(f"the {name} has {len(value)} characters; the limit is {MAX_NOTE}")
    post = review.post
    version = current(session, post)
    role: workflow.Role = user.role  # type: ignore[assignment]  # CHECK constraint
    state: workflow.PostState = post.state  # type: ignore[assignment]
    post.state = workflow.review(state, verdict, role, own=post.author_id == user.id,
                                 reason=reason)  # fmt: skip
    post.approved_hash = version.content_hash if post.state == "approved" else None
    post.updated_at = review.decided_at = utcnow()
    review.verdict, review.note, review.decided_by = verdict, note, user.id
    review.override_reason = reason if verdict == "overridden" else None
    review.assignee_id = review.assignee_id or user.id
    audit_log.append(session, user.email, f"review.{verdict}", ("post", post.id),
                     policy=version.policy, content_hash=version.content_hash,
                     codes=version.codes)  # fmt: skip
    return review


def _check_reviewer(user: User) -> None:
    if user.role not in workflow.REVIEWERS:
        raise WorkflowError(
            f"role {user.role!r} cannot review; expected reviewer, compliance or admin"
        )
