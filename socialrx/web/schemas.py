"""Request and response bodies (pydantic), as the OpenAPI document shows them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from socialrx.pipeline import MAX_CHARS

Channel = Literal["outbound", "reply", "inbound"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnalyzeRequest(Strict):
    text: str = Field(min_length=1, max_length=MAX_CHARS, description="The text to check.")
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
