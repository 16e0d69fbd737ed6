"""The post state machine: pure functions from a state (and who acts) to the next state.

::

    draft ──submit──► approved   (analysis: allow)
                    ├► pending    (analysis: review)
                    └► blocked    (analysis: block)
    pending ──approve──► approved      reviewer, compliance or admin; not the author
            ├─reject───► rejected      (final)
            └─request_changes─► changes_requested ──edit──► draft
    blocked ──override──► approved     compliance only, with a reason
    edit: draft, changes_requested → draft; approved, pending, blocked → pending (blocked when
          the new analysis blocks); a rejected post cannot be edited
    lapse (a linked consent was revoked or expired): approved → pending

Each function raises ``WorkflowError`` on an illegal move; none touches a database or clock.
"""

from __future__ import annotations

from typing import Literal, get_args

from socialrx.errors import WorkflowError
from socialrx.model import Action

PostState = Literal["draft", "pending", "approved", "rejected", "changes_requested", "blocked"]
Role = Literal["author", "reviewer", "compliance", "admin"]
Verdict = Literal["approved", "rejected", "changes_requested", "overridden"]

POST_STATES: tuple[PostState, ...] = get_args(PostState)
ROLES: tuple[Role, ...] = get_args(Role)
REVIEWERS: frozenset[Role] = frozenset({"reviewer", "compliance", "admin"})
# Roles that must use TOTP two-factor authentication (the web layer enforces it).
TOTP_ROLES: frozenset[Role] = frozenset({"reviewer", "compliance", "admin"})
VERBS: dict[Verdict, str] = {"approved": "approve", "rejected": "reject",
                             "changes_requested": "request changes on", "overridden": "override"}  # fmt: skip
SUBMITTED: dict[Action, PostState] = {"allow": "approved", "review": "pending", "block": "blocked"}


def submit(state: PostState, action: Action) -> PostState:
    """A draft goes where its analysis sends it."""
    _expect(state, ("draft",), "submit")
    return SUBMITTED[action]


def review(state: PostState, verdict: Verdict, role: Role, *, own: bool = False,
           reason: str | None = None) -> PostState:  # fmt: skip
    """A reviewer's verdict on a pending post, or compliance's override of a blocked one.
    ``own`` says the reviewer wrote the post (nobody approves their own post)."""
    if verdict == "overridden":
        return override(state, role, reason)
    _expect(state, ("pending",), VERBS[verdict])
    if role not in REVIEWERS:
        raise WorkflowError(f"role {role!r} cannot review; expected reviewer, compliance or admin")
    if own and verdict == "approved":
        raise WorkflowError("a post cannot be approved by its own author")
    return verdict


def override(state: PostState, role: Role, reason: str | None) -> PostState:
    """Only compliance may approve a blocked post, and only with a reason."""
    _expect(state, ("blocked",), "override")
    if role != "compliance":
        raise WorkflowError(f"only the compliance role may override a block, not {role!r}")
    if reason is None or not reason.strip():
        raise WorkflowError("overriding a block needs a reason; none was given")
    return "approved"


def edit(state: PostState, action: Action) -> PostState:
    """The state after the text changed and was re-analysed with result ``action``."""
    if state in ("draft", "changes_requested"):
        return "draft"
    if state in ("approved", "pending", "blocked"):
        return "blocked" if action == "block" else "pending"
    raise WorkflowError(f"a {state} post cannot be edited; write a new post instead")


def lapse(state: PostState) -> PostState:
    """A consent the post relies on was revoked or expired: an approved post is reviewed again."""
    return "pending" if state == "approved" else state


def _expect(state: PostState, allowed: tuple[PostState, ...], move: str) -> None:
    if state not in POST_STATES:
        raise WorkflowError(f"unknown post state {state!r}; expected one of {POST_STATES}")
    if state not in allowed:
        raise WorkflowError(
            f"cannot {move} a {state.replace('_', ' ')} post; "
            f"expected a {' or '.join(allowed)} post"
        )
