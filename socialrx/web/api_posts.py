"""Posts: draft (analysed at once), read, edit (re-analysed; an approved post goes back to
review), submit (allow → approved, review → pending, block → blocked), link a consent.

Anyone may draft; people act on their own posts, compliance and admin on any; reviewers read
any post. (Nobody approves their own post: ``socialrx.workflow``.)
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from socialrx.errors import InputError
from socialrx.model import Channel
from socialrx.store.database import Session
from socialrx.store.models import Post, User
from socialrx.web.auth import Principal, allow
from socialrx.web.problems import Problem
from socialrx.web.schemas import AnalysisRecord, ConsentLink, Id, PostDraft, PostEdit, PostOut
from socialrx.web.storage import analyse, transact

router = APIRouter(prefix="/api/v1/posts", tags=["posts"])

Anyone = Annotated[Principal, Depends(allow())]
OVERSEERS = frozenset({"compliance", "admin"})  # may act on other people's posts
READERS = frozenset({"reviewer", "compliance", "admin"})  # may read other people's posts


@router.post("", response_model=PostOut, status_code=201, summary="Create a draft")
async def create(body: PostDraft, request: Request, who: Anyone) -> PostOut:
    """A draft with its first version, analysed now (nothing is published)."""
    channel: Channel = "reply" if body.kind == "reply" else "outbound"
    if body.in_reply_to is not None and body.kind != "reply":
        raise InputError("in_reply_to is for replies: set kind to reply")
    analysis = analyse(request, body.text, channel)
    when = scheduled(request, body)

    def work(session: Session, user: User) -> PostOut:
        from socialrx.store import posts

        post = posts.create_post(session, user, body.text, analysis, body.channels, when,
                                 in_reply_to=body.in_reply_to)  # fmt: skip
        return post_out(session, post)

    return await transact(request, who, work)


@router.get("/{post_id}", response_model=PostOut, summary="A post, its current text and analysis")
async def read(post_id: Id, request: Request, who: Anyone) -> PostOut:
    def work(session: Session, _user: User) -> PostOut:
        return post_out(session, owned(session, post_id, who, READERS))

    return await transact(request, who, work)


@router.put("/{post_id}", response_model=PostOut, summary="Edit (re-analysed)")
async def edit(post_id: Id, body: PostEdit, request: Request, who: Anyone) -> PostOut:
    """A new version, analysed again; an approved, pending or blocked post goes (back) to
    review, or to blocked when the new text blocks."""

    def work(session: Session, user: User) -> PostOut:
        from socialrx.store import posts

        post = owned(session, post_id, who, OVERSEERS)
        channel = posts.current(session, post).analysis.get("channel", "outbound")
        analysis = analyse(request, body.text, "reply" if channel == "reply" else "outbound")
        return post_out(session, posts.edit_post(session, post, user, body.text, analysis))

    return await transact(request, who, work)


@router.post("/{post_id}/submit", response_model=PostOut, summary="Submit a draft")
async def submit(post_id: Id, request: Request, who: Anyone) -> PostOut:
    """allow → approved (the text is pinned by its hash), review → pending, block → blocked."""

    def work(session: Session, user: User) -> PostOut:
        from socialrx.store import posts

        post = owned(session, post_id, who, OVERSEERS)
        return post_out(session, posts.submit_post(session, post, user))

    return await transact(request, who, work)


@router.post("/{post_id}/consents", response_model=PostOut, summary="Link a consent")
async def link_consent(post_id: Id, body: ConsentLink, request: Request, who: Anyone) -> PostOut:
    """Tie a consent in force that covers the post's channels to a post flagged
    ``disclosure.consent_claimed``."""

    def work(session: Session, user: User) -> PostOut:
        from socialrx.store import consents

        post = owned(session, post_id, who, OVERSEERS)
        consents.link(session, post, consents.get_consent(session, body.consent_id), user)
        return post_out(session, post)

    return await transact(request, who, work)


def owned(session: Session, post_id: int, who: Principal, others: frozenset[str]) -> Post:
    """The post, if ``who`` wrote it or has a role in ``others``; else 404 (as if absent, so
    ids of other people's posts reveal nothing)."""
    from socialrx.store import posts

    post = posts.get_post(session, post_id)
    if post.author_id != who.id and who.role not in others:
        raise Problem(404, "not_found", f"no post has id {post_id}")
    return post


def post_out(session: Session, post: Post) -> PostOut:
    from socialrx.store import posts

    version = posts.current(session, post)
    return PostOut(
        id=post.id, state=post.state, author=posts.author_email(session, post),  # type: ignore[arg-type]
        channels=post.channels, scheduled_at=post.scheduled_at, version=post.version,
        text=version.text, content_hash=version.content_hash, approved_hash=post.approved_hash,
        in_reply_to=post.in_reply_to, analysis=AnalysisRecord.model_validate(version.analysis),
        consents=posts.consent_ids(session, post), created_at=post.created_at,
        updated_at=post.updated_at,
    )  # fmt: skip


def scheduled(request: Request, body: PostDraft) -> datetime | None:
    """The schedule in UTC: ``scheduled_at`` as given, or ``scheduled_local`` read in the
    organisation's time zone (``InputError`` for a time the daylight-saving change skips or
    repeats)."""
    from socialrx.schedule import parse_local, to_utc, zone

    if body.scheduled_at is not None and body.scheduled_local is not None:
        raise InputError("give scheduled_at or scheduled_local, not both")
    if body.scheduled_local is None:
        return body.scheduled_at
    tz = zone(request.app.state.settings.timezone)
    return to_utc(parse_local(body.scheduled_local), tz)
