"""The frozen data model: documents, spans, findings, labels, decisions, analyses.

Objects hold offsets, never copies of post text, and their ``repr`` never prints post text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:
    from socialrx.text import Normalized

Channel = Literal["outbound", "reply", "inbound"]
Action = Literal["allow", "review", "block"]
SentimentName = Literal["positive", "neutral", "negative"]

CHANNELS: tuple[Channel, ...] = get_args(Channel)
# What the organisation publishes: the checks that judge the organisation's own words (patient
# disclosure, advice, claims, conduct, consent, review solicitation) run on these channels only.
OUTGOING: tuple[Channel, ...] = ("outbound", "reply")
ACTIONS: tuple[Action, ...] = get_args(Action)
ACTION_RANK: dict[Action, int] = {"allow": 0, "review": 1, "block": 2}
# The inbound triage labels of CONTRACT.md, most urgent first (records list labels in this order).
LABELS = ("crisis", "adverse_event", "misinformation", "medical_question", "complaint", "praise",
          "toxicity")  # fmt: skip


@dataclass(frozen=True, eq=False)
class Document:
    """The unit of analysis. ``repr`` shows the length of the text, never the text."""

    text: str
    channel: Channel = "outbound"
    id: str | None = None
    lang: str = "en"
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __repr__(self) -> str:
        return f"Document(id={self.id!r}, channel={self.channel!r}, chars={len(self.text)})"

    @cached_property
    def norm(self) -> Normalized:
        """The normalised view of the text (computed once, with an offset map back)."""
        from socialrx.text import normalize  # core-internal; lazy to keep imports cheap

        return normalize(self.text)

    def memo(self, key: str) -> Any:
        """A per-document cache for intermediate results shared by detectors."""
        return self._memo.get(key)

    def remember(self, key: str, value: Any) -> None:
        self._memo[key] = value

    def __getstate__(self) -> dict[str, Any]:
        return {"text": self.text, "channel": self.channel, "id": self.id, "lang": self.lang}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)
        object.__setattr__(self, "_memo", {})


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character offsets ``[start, end)`` into the ORIGINAL text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"span needs 0 <= start <= end, got ({self.start}, {self.end})")

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a detector found. ``why`` explains it in words and never repeats the text."""

    code: str
    span: Span | None
    score: float
    detector: str
    why: str

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"finding score must be in [0, 1], got {self.score}")


@dataclass(frozen=True, slots=True)
class Label:
    """An inbound triage label with a score in [0, 1]."""

    name: str
    score: float


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a decision is what it is: the code, the action it asked for, and where."""

    code: str
    action: Action
    span: Span | None


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    reasons: tuple[Reason, ...]
    policy: str  # "name@version"


@dataclass(frozen=True, slots=True)
class Sentiment:
    name: SentimentName
    score: float


@dataclass(frozen=True, slots=True)
class Escalation:
    """What to do next about a crisis: the organisation's on-call contact and a crisis line."""

    contact: str | None
    country: str
    crisis_line: str | None


@dataclass(frozen=True)
class Analysis:
    document: Document
    findings: tuple[Finding, ...]
    labels: tuple[Label, ...]
    sentiment: Sentiment | None
    decision: Decision
    escalation: Escalation | None = None

    def __repr__(self) -> str:
        return (
            f"Analysis(document={self.document!r}, decision={self.decision.action!r}, "
            f"findings={[f.code for f in self.findings]!r})"
        )

    def to_record(self) -> dict[str, Any]:
        """The contract record of shared/CONTRACT.md."""
        text = self.document.text
        return {
            "id": self.document.id,
            "channel": self.document.channel,
            "decision": self.decision.action,
            "policy": self.decision.policy,
            "findings": [_finding_record(f, text) for f in self.findings],
            "labels": [{"name": lb.name, "score": round(lb.score, 4)} for lb in self.labels],
            "sentiment": self.sentiment.name if self.sentiment else None,
            "sentiment_score": round(self.sentiment.score, 4) if self.sentiment else None,
            "escalation": _escalation_record(self.escalation),
        }


def _escalation_record(escalation: Escalation | None) -> dict[str, Any] | None:
    if escalation is None:
        return None
    return {
        "contact": escalation.contact,
        "country": escalation.country,
        "crisis_line": escalation.crisis_line,
    }


def _finding_record(finding: Finding, text: str) -> dict[str, Any]:
    span = finding.span
    return {
        "code": finding.code,
        "start": span.start if span else None,
        "end": span.end if span else None,
        "text": text[span.start : span.end] if span else None,
        "score": round(finding.score, 4),
        "detector": finding.detector,
        "why": finding.why,
    }
