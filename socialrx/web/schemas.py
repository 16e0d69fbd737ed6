"""Request and response bodies (pydantic), as the OpenAPI document shows them."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import Path
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from socialrx.pipeline import MAX_CHARS

Channel = Literal["outbound", "reply", "inbound"]


_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")


def _text_only(value: object) -> object:
    """An ISO 8601 date-time string: not a number of seconds, in a body or a query string."""
    if not isinstance(value, str) or not _ISO_START.match(value):
        raise ValueError("expected an ISO 8601 date-time string with a time zone")
    return value


def _plausible(value: datetime) -> datetime:
    """Years 1900–9999 in UTC (what every database stores; nobody schedules a post in year 1)."""
    try:
        year = value.astimezone(UTC).year
    except OverflowError:  # before year 1 or after 9999 once in UTC
        year = 0
    if not 1900 <= year <= 9998:
        raise ValueError("expected a date-time between the years 1900 and 9998")
    return value


# ISO 8601 with a time zone, as a string (not a number of seconds).
Timestamp = Annotated[AwareDatetime, BeforeValidator(_text_only), AfterValidator(_plausible)]
# A platform or channel name: mastodon, facebook, google-business …
ChannelName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
# What ``str.strip`` removes (every character for which ``str.isspace`` holds).
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Text to analyse: at least one visible character, no NUL (the rules of ``make_document``).
Text = Annotated[
    str,
    StringConstraints(
        min_length=1, max_length=MAX_CHARS, pattern=rf"^[^\x00]*[^\x00{_SPACE}][^\x00]*$"
    ),
]
# A row id in a path: positive, and small enough for every database's integer (PostgreSQL's
# INTEGER is 32-bit: a larger id must be a 422, not a database error).
MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="The id.")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnalyzeRequest(Strict):
    text: Text = Field(description="The text to check.")
    channel: Channel = "outbound"
    id: str | None = Field(default=None, max_length=200, description="Echoed in the record.")


class FindingRecord(BaseModel):
    code: str
    start: int | None
    end: int | None
    text: str | None
    score: float
    detector: str
    why: str


class LabelRecord(BaseModel):
    name: str
    score: float


class EscalationRecord(BaseModel):
    contact: str | None
    country: str
    crisis_line: str | None


class AnalysisRecord(BaseModel):
    """The contract record of CONTRACT.md."""

    id: str | None
    channel: Channel
    decision: Literal["allow", "review", "block"]
    policy: str
    findings: list[FindingRecord]
    labels: list[LabelRecord]
    sentiment: Literal["positive", "neutral", "negative"] | None
    sentiment_score: float | None
    escalation: EscalationRecord | None


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


# ---------------------------------------------------------------------------------- posts

PostStateName = Literal["draft", "pending", "approved", "rejected", "changes_requested", "blocked"]


class PostDraft(Strict):
    text: Text
    channels: list[ChannelName] = Field(min_length=1, max_length=20,
                                        description="Target channels, e.g. mastodon, facebook.")  # fmt: skip
    kind: Literal["post", "reply"] = Field(
        default="post", description="A reply to a review is checked strictly (channel reply)."
    )
    in_reply_to: Id | None = Field(
        default=None,
        description="With kind reply: the inbound item (review, comment, mention) it answers; "
        "it goes out on that item's channel, as an answer to it.",
    )
    scheduled_at: Timestamp | None = Field(default=None, description="With a time zone.")
    scheduled_local: str | None = Field(
        default=None,
        max_length=19,
        pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$",
        description="Instead of scheduled_at: a wall-clock time (2026-03-08T09:30) in the "
        "organisation's time zone (SOCIALRX_TIMEZONE); one that does not exist or happens twice "
        "there (daylight-saving changes) is a 422.",
    )


class PostEdit(Strict):
    text: Text


class ConsentLink(Strict):
    consent_id: int = Field(ge=1, le=MAX_ID)


class PostOut(BaseModel):
    id: int
    state: PostStateName
    author: str
    channels: list[str]
    scheduled_at: datetime | None
    version: int
    text: str
    content_hash: str
    approved_hash: str | None
    in_reply_to: int | None = Field(description="The inbound item this reply answers.")
    analysis: AnalysisRecord
    consents: list[int]
    created_at: datetime
    updated_at: datetime


# -------------------------------------------------------------------------------- reviews


class ReviewNote(Strict):
    note: str | None = Field(default=None, max_length=4000)


class OverrideRequest(Strict):
    reason: str = Field(min_length=1, max_length=4000, description="Why the block is overridden.")
    note: str | None = Field(default=None, max_length=4000)


class ReviewOut(BaseModel):
    id: int
    post_id: int
    version: int
    post_state: PostStateName
    assignee: str | None
    verdict: Literal["approved", "rejected", "changes_requested", "overridden"] | None
    note: str | None
    created_at: datetime
    decided_at: datetime | None
    post: PostOut | None = None


# ------------------------------------------------------------------------------- consents


class ConsentIn(Strict):
    subject_alias: str = Field(min_length=1, max_length=200,
                               description="An alias for the person, never their name.")  # fmt: skip
    scope: str = Field(min_length=1, max_length=1000)
    channels: list[ChannelName] = Field(min_length=1, max_length=20)
    document_ref: str = Field(min_length=1, max_length=500,
                              description="Where the signed form is kept.")  # fmt: skip
    valid_from: Timestamp
    valid_until: Timestamp | None = None


class ConsentOut(BaseModel):
    id: int
    subject_alias: str
    scope: str
    channels: list[str]
    document_ref: str
    valid_from: datetime
    valid_until: datetime | None
    revoked_at: datetime | None
    in_force: bool
    posts: list[int]


# -------------------------------------------------------------------------------- inbound


# A short label with at least one visible character (the store refuses blank ones).
Label255 = Annotated[str, StringConstraints(min_length=1, max_length=255,
                                            pattern=rf"^[^\x00]*[^\x00{_SPACE}][^\x00]*$")]  # fmt: skip


class InboundIn(Strict):
    text: Text
    channel: ChannelName = Field(description="Where it came from.")
    external_id: Label255 = Field(description="The platform's id; ingest is idempotent on it.")
    author_handle: Label255


class InboundOut(BaseModel):
    id: int
    channel: str
    external_id: str
    author_handle: str
    text: str
    labels: list[LabelRecord]
    sentiment: Literal["positive", "neutral", "negative"] | None
    queue: str
    state: Literal["open", "assigned", "closed"]
    assignee: str | None
    received_at: datetime
    created: bool = Field(description="False when the item had been ingested before.")


class AssignRequest(Strict):
    email: str = Field(min_length=3, max_length=320, description="The assignee's e-mail.")


# ---------------------------------------------------------------------------------- audit


class AuditEventOut(BaseModel):
    seq: int
    at: str
    actor: str
    action: str
    subject_type: str
    subject_id: str
    policy: str | None
    content_hash: str | None
    codes: list[str]
    prev_hash: str
    hash: str


class AuditVerdict(BaseModel):
    ok: bool
    count: int
    head: str
    problem: Literal["modified", "deleted", "reordered"] | None
    seq: int | None
    detail: str


class PolicyVersionOut(BaseModel):
    number: int = Field(description="The version; the policy's ref is name@number.")
    ref: str
    name: str
    sha256: str = Field(description="SHA-256 of the source, as in the audit trail.")
    actor: str | None = Field(description="Who saved it (none for the built-in default).")
    note: str | None = Field(description="What changed and why.")
    saved_at: AwareDatetime | None


class PolicyOut(PolicyVersionOut):
    source: str = Field(description="The policy as TOML.")


class PolicyIn(Strict):
    # 500,000 characters: even JSON-escaped (6 bytes each) within the 4 MiB body limit
    source: str = Field(min_length=1, max_length=500_000, description="The policy as TOML.")
    note: str = Field(min_length=1, max_length=1000, description="What changed and why.")
    base: int = Field(ge=0, le=2**31, description="The version this change was made from; "
                      "409 when another was saved since.")  # fmt: skip


class HookResult(BaseModel):
    received: int = Field(description="Items in the delivery that were read.")
    new: int = Field(description="Of them, items not stored before (the rest were repeats or "
                     "edits).")  # fmt: skip
