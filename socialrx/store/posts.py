"""Posts and their versions: create, edit (a new version, re-analysed by the caller), submit,
and the text an approval pinned. ``socialrx.workflow`` decides every state change; the
analysis is done by the caller (the store never runs detectors) and stored as its contract
record, encrypted, with its decision, policy and finding codes in clear.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialrx import workflow
from socialrx.audit import content_hash
from socialrx.errors import ConflictError, InputError, NotFoundError
from socialrx.model import Analysis
from socialrx.store import audit_log
from socialrx.store.models import (
    InboundItem,
    Post,
    PostConsent,
    PostVersion,
    Review,
    User,
    fetch,
)
from socialrx.store.types import utcnow

MAX_CHANNELS = 20


def create_post(session: Session, author: User, text: str, analysis: Analysis,
                channels: Sequence[str], scheduled_at: datetime | None = None,
                in_reply_to: int | None = None) -> Post:  # fmt: skip
    """A draft with its first version. A reply (``in_reply_to``: the inbound item it answers)
    must have been analysed as a reply, and goes out on that item's channel only."""
    if in_reply_to is not None:
        item = fetch(session, InboundItem, in_reply_to, "inbound item")
        if analysis.document.channel != "reply":
            raise InputError("an answer to an inbound item is checked as a reply (kind reply)")
        if list(channels) != [item.channel]:
            raise InputError(f"a reply goes out on the channel of what it answers: {item.channel}")
    post = Post(author_id=author.id, state="draft", channels=_channels(channels),
                scheduled_at=scheduled_at, version=0, in_reply_to=in_reply_to)  # fmt: skip
    session.add(post)
    session.flush()
    _add_version(session, post, author, text, analysis, "post.created")
    return post


def get_post(session: Session, post_id: int) -> Post:
    return fetch(session, Post, post_id, "post")


def consent_ids(session: Session, post: Post) -> list[int]:
    """The consents linked to ``post``."""
    query = select(PostConsent.consent_id).where(PostConsent.post_id == post.id)
    return sorted(session.scalars(query))


def author_email(session: Session, post: Post) -> str:
    author = session.get(User, post.author_id)
    return author.email if author is not None else "?"


def previous(session: Session, post: Post) -> PostVersion | None:
    """The version before the current one (what a reviewer compares against), if any."""
    return session.scalar(
        select(PostVersion).where(
            PostVersion.post_id == post.id, PostVersion.number == post.version - 1
        )
    )


def current(session: Session, post: Post) -> PostVersion:
    version = session.scalar(
        select(PostVersion).where(
            PostVersion.post_id == post.id, PostVersion.number == post.version
        )
    )
    if version is None:
        raise NotFoundError(f"post {post.id} has no version {post.version}")
    return version


def edit_post(session: Session, post: Post, editor: User, text: str, analysis: Analysis) -> Post:
    """A new version; an approved post goes back to review (``workflow.edit``)."""
    state = workflow.edit(post.state, analysis.decision.action)  # type: ignore[arg-type]
    version = _add_version(session, post, editor, text, analysis, "post.edited")
    post.state, post.approved_hash = state, None
    if state in ("pending", "blocked"):
        _open_review(session, post, version)
    return post


def submit_post(session: Session, post: Post, actor: User) -> Post:
    """Send a draft where its current analysis says: approved, pending or blocked."""
    version = current(session, post)
    post.state = workflow.submit(post.state, version.decision)  # type: ignore[arg-type]
    post.updated_at = utcnow()
    if post.state == "approved":
        post.approved_hash = version.content_hash
    else:
        _open_review(session, post, version)
    _audit(session, actor, f"post.submitted.{post.state}", post, version)
    return post


def approved(session: Session) -> list[Post]:
    """Every approved post (the worker plans their publication)."""
    return list(session.scalars(select(Post).where(Post.state == "approved").order_by(Post.id)))


def pinned_text(session: Session, post: Post) -> str:
    """The exact approved text; raises ``ConflictError`` unless it still hashes to what the
    approval pinned (what is published is byte-for-byte what was approved)."""
    version = current(session, post)
    if post.state != "approved" or post.approved_hash is None:
        raise ConflictError(f"post {post.id} is {post.state}, not approved")
    if content_hash(version.text) != post.approved_hash or (
        version.content_hash != post.approved_hash
    ):
        raise ConflictError(f"post {post.id}: the stored text no longer matches its approval")
    return version.text


def _add_version(session: Session, post: Post, author: User, text: str, analysis: Analysis,
                 action: str) -> PostVersion:  # fmt: skip
    if analysis.document.text != text:
        raise InputError("the analysis given is of another text; analyse the post's text")
    record = analysis.to_record()
    version = PostVersion(
        post_id=post.id, number=post.version + 1, text=text, content_hash=content_hash(text),
        decision=analysis.decision.action, policy=analysis.decision.policy,
        codes=sorted({f.code for f in analysis.findings}), analysis=record, created_by=author.id,
    )  # fmt: skip
    session.add(version)
    post.version, post.updated_at = version.number, utcnow()
    session.flush()
    _audit(session, author, action, post, version)
    return version


def _open_review(session: Session, post: Post, version: PostVersion) -> Review:
    """The post's open review, moved to ``version`` (one open review per post)."""
    review = session.scalar(select(Review).where(Review.post_id == post.id,
                                                 Review.verdict.is_(None)))  # fmt: skip
    if review is None:
        review = Review(post_id=post.id, version=version.number)
        session.add(review)
    review.version = version.number
    session.flush()
    return review


def _audit(session: Session, actor: User, action: str, post: Post, version: PostVersion) -> None:
    audit_log.append(session, actor.email, action, ("post", post.id), policy=version.policy,
                     content_hash=version.content_hash, codes=version.codes)  # fmt: skip


def _channels(channels: Sequence[str]) -> list[str]:
    wanted = [c.strip() for c in channels if c.strip()]
    if not wanted or len(wanted) > MAX_CHANNELS or any(len(c) > 64 for c in wanted):
        raise InputError(
            f"a post needs 1 to {MAX_CHANNELS} target channels (names up to 64 characters)"
        )
    return sorted(set(wanted))
