"""The review queue pages: open reviews (pending, or blocked for compliance), one review with
its flagged text and the diff against the previous version, and the reviewer's actions (claim,
approve, reject, request changes with a note; compliance overrides a block with a reason)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from socialrx import workflow
from socialrx.errors import NotFoundError, SocialrxError
from socialrx.store.database import Database, Session
from socialrx.store.models import Review, User
from socialrx.web.auth import Principal
from socialrx.web.marks import marked, word_diff
from socialrx.web.pages import in_role, render
from socialrx.web.schemas import Id
from socialrx.web.storage import transact

router = APIRouter(include_in_schema=False)
REVIEWERS = frozenset({"reviewer", "compliance", "admin"})
VERBS: dict[str, workflow.Verdict] = {"approve": "approved", "reject": "rejected",
                                      "request-changes": "changes_requested", "override": "overridden"}  # fmt: skip


async def reviewer(request: Request) -> Principal | Response:
    return await in_role(request, REVIEWERS, "Reviews are for reviewers, compliance and admins.")


@router.get("/reviews")
async def queue(request: Request, state: Literal["pending", "blocked"] = "pending") -> Response:
    who = await reviewer(request)
    if isinstance(who, Response):
        return who

    def work(session: Session, _user: object) -> list[dict[str, object]]:
        from socialrx.store import posts, reviews

        rows = []
        for review in reviews.queue(session, state):
            version = posts.current(session, review.post)
            rows.append({"id": review.id, "post": review.post_id, "text": version.text[:140],
                         "codes": version.codes, "decision": version.decision,
                         "author": posts.author_email(session, review.post),
                         "since": review.created_at, "claimed": review.assignee_id is not None})  # fmt: skip
        return rows

    rows = await transact(request, who, work)
    return render(request, "reviews.html", who, rows=rows, state=state)


@router.get("/reviews/{review_id}")
async def detail(request: Request, review_id: Id) -> Response:
    who = await reviewer(request)
    if isinstance(who, Response):
        return who

    def work(session: Session, _user: object) -> dict[str, Any]:
        from socialrx.store import feedback, posts, reviews, users

        review: Review = reviews.get_review(session, review_id)
        post = review.post
        version, before = posts.current(session, post), posts.previous(session, post)
        findings = version.analysis.get("findings", [])
        return {
            "review": review, "post": post, "version": version, "findings": findings,
            "disputed": feedback.disputed(session, version.id),
            "text": marked(version.text, findings),
            "diff": word_diff(before.text, version.text) if before is not None else None,
            "author": posts.author_email(session, post),
            "assignee": users.by_id(session, review.assignee_id).email if review.assignee_id else None,
            "own": post.author_id == who.id,
        }  # fmt: skip

    try:
        context = await transact(request, who, work)
    except SocialrxError as error:
        return render(request, "message.html", who, status=404, title="No such review",
                      message=str(error))  # fmt: skip
    return render(request, "review.html", who, **context)


@router.post("/reviews/{review_id}/{action}")
async def act(
    request: Request,
    review_id: Id,
    action: Literal["claim", "approve", "reject", "request-changes", "override"],
    note: Annotated[str, Form(max_length=4000)] = "",
    reason: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """(The form's csrf_token field is checked by the session lookup.)"""
    who = await reviewer(request)
    if isinstance(who, Response):
        return who
    database: Database = request.app.state.database

    def run() -> None:
        from socialrx.store import reviews, users

        with database.transaction() as session:
            user = users.by_id(session, who.id)
            if action == "claim":
                reviews.claim(session, review_id, user)
            else:
                reviews.decide(session, review_id, user, VERBS[action], note.strip() or None,
                               reason.strip() or None)  # fmt: skip

    try:
        await run_in_threadpool(run)
    except SocialrxError as error:
        return render(request, "message.html", who, status=409, title="Not done",
                      message=str(error), back=f"/reviews/{review_id}")  # fmt: skip
    target = f"/reviews/{review_id}" if action == "claim" else "/reviews"
    return RedirectResponse(target, status_code=303)


@router.post("/reviews/{review_id}/findings/{index}/dispute")
async def dispute(request: Request, review_id: Id,
                  index: Annotated[int, Path(ge=0, le=10_000)],
                  note: Annotated[str, Form(max_length=1000)] = "") -> Response:  # fmt: skip
    """Mark a finding of the reviewed version as a false flag (kept for tuning; audited). The
    decision is not changed by it."""
    who = await reviewer(request)
    if isinstance(who, Response):
        return who

    def work(session: Session, user: User) -> None:
        from socialrx.store import feedback, posts, reviews

        shown = posts.current(
            session, reviews.get_review(session, review_id).post
        )  # as on the page
        feedback.dispute(session, shown.id, index, user, note.strip() or None)

    try:
        await transact(request, who, work)
    except NotFoundError as error:
        return render(request, "message.html", who, status=404, title="Not done",
                      message=str(error), back="/reviews")  # fmt: skip
    except SocialrxError as error:
        return render(request, "message.html", who, status=400, title="Not done",
                      message=str(error), back=f"/reviews/{review_id}")  # fmt: skip
    return RedirectResponse(f"/reviews/{review_id}#finding-{index}", status_code=303)
