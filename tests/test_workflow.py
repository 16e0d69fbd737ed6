"""The post state machine: every legal move, and illegal ones with their errors."""

from __future__ import annotations

import pytest

from socialrx import workflow
from socialrx.errors import WorkflowError
from socialrx.model import ACTIONS
from socialrx.workflow import POST_STATES, ROLES

SUBMIT = [("draft", "allow", "approved"), ("draft", "review", "pending"),
          ("draft", "block", "blocked")]  # fmt: skip


@pytest.mark.parametrize(("state", "action", "expected"), SUBMIT)
def test_submit_follows_the_analysis(state: str, action: str, expected: str) -> None:
    assert workflow.submit(state, action) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("state", [s for s in POST_STATES if s != "draft"])
def test_only_drafts_are_submitted(state: workflow.PostState) -> None:
    with pytest.raises(WorkflowError, match="cannot submit"):
        workflow.submit(state, "allow")


REVIEW_OK = [
    ("approved", "reviewer", "approved"), ("rejected", "reviewer", "rejected"),
    ("changes_requested", "reviewer", "changes_requested"), ("approved", "compliance", "approved"),
    ("approved", "admin", "approved"), ("rejected", "admin", "rejected"),
]  # fmt: skip


@pytest.mark.parametrize(("verdict", "role", "expected"), REVIEW_OK)
def test_reviewers_decide_pending_posts(verdict: str, role: str, expected: str) -> None:
    assert workflow.review("pending", verdict, role) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("verdict", ["approved", "rejected", "changes_requested"])
def test_authors_do_not_review(verdict: workflow.Verdict) -> None:
    with pytest.raises(WorkflowError, match="cannot review"):
        workflow.review("pending", verdict, "author")


def test_nobody_approves_their_own_post() -> None:
    with pytest.raises(WorkflowError, match="own author"):
        workflow.review("pending", "approved", "reviewer", own=True)
    assert workflow.review("pending", "rejected", "reviewer", own=True) == "rejected"


@pytest.mark.parametrize("state", [s for s in POST_STATES if s != "pending"])
@pytest.mark.parametrize("verdict", ["approved", "rejected", "changes_requested"])
def test_only_pending_posts_are_reviewed(state: workflow.PostState,
                                         verdict: workflow.Verdict) -> None:  # fmt: skip
    with pytest.raises(WorkflowError, match="cannot"):
        workflow.review(state, verdict, "compliance")


def test_compliance_overrides_a_block_with_a_reason() -> None:
    assert workflow.review("blocked", "overridden", "compliance", reason="signed release") == (
        "approved"
    )


@pytest.mark.parametrize(
    ("state", "role", "reason", "message"),
    [
        ("blocked", "reviewer", "ok", "only the compliance role"),
        ("blocked", "admin", "ok", "only the compliance role"),
        ("blocked", "author", "ok", "only the compliance role"),
        ("blocked", "compliance", None, "needs a reason"),
        ("blocked", "compliance", "   ", "needs a reason"),
        ("pending", "compliance", "ok", "cannot override a pending post"),
        ("approved", "compliance", "ok", "cannot override"),
    ],
)
def test_override_rules(state: workflow.PostState, role: workflow.Role, reason: str | None,
                        message: str) -> None:  # fmt: skip
    with pytest.raises(WorkflowError, match=message):
        workflow.review(state, "overridden", role, reason=reason)


EDITS = [
    ("draft", "allow", "draft"), ("draft", "block", "draft"),
    ("changes_requested", "review", "draft"),
    ("approved", "allow", "pending"), ("approved", "review", "pending"),
    ("approved", "block", "blocked"),
    ("pending", "allow", "pending"), ("pending", "block", "blocked"),
    ("blocked", "block", "blocked"), ("blocked", "review", "pending"),
    ("blocked", "allow", "pending"),
]  # fmt: skip


@pytest.mark.parametrize(("state", "action", "expected"), EDITS)
def test_edit(state: str, action: str, expected: str) -> None:
    assert workflow.edit(state, action) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("action", ACTIONS)
def test_a_rejected_post_cannot_be_edited(action: str) -> None:
    with pytest.raises(WorkflowError, match="cannot be edited"):
        workflow.edit("rejected", action)  # type: ignore[arg-type]


def test_an_edit_after_approval_always_needs_review() -> None:
    assert {workflow.edit("approved", a) for a in ACTIONS} <= {"pending", "blocked"}


@pytest.mark.parametrize("state", POST_STATES)
def test_lapse_sends_only_approved_posts_back(state: workflow.PostState) -> None:
    assert workflow.lapse(state) == ("pending" if state == "approved" else state)


def test_unknown_state_is_refused() -> None:
    with pytest.raises(WorkflowError, match="unknown post state"):
        workflow.submit("published", "allow")  # type: ignore[arg-type]


def test_messages_name_the_move_and_the_expectation() -> None:
    with pytest.raises(WorkflowError) as info:
        workflow.review("draft", "changes_requested", "reviewer")
    assert str(info.value) == "cannot request changes on a draft post; expected a pending post"


def test_vocabularies() -> None:
    assert ROLES == ("author", "reviewer", "compliance", "admin")
    assert {"reviewer", "compliance", "admin"} == workflow.TOTP_ROLES
