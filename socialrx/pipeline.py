"""The analysis pipeline: detectors → allow-lists → policy, for one document or a batch.

The CLI, the HTTP API, the web UI, the workers and the Spark job all build the same ``Pipeline``
from the same plain-data policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import Any

from socialrx import registry
from socialrx.allowlist import AllowMatcher
from socialrx.errors import InputError
from socialrx.model import (
    CHANNELS,
    LABELS,
    Analysis,
    Channel,
    Document,
    Escalation,
    Finding,
    Label,
    Sentiment,
)
from socialrx.policy import Policy, decide, default_policy

MAX_CHARS = 1_048_576  # 1 MiB of characters per item


def make_document(text: Any, channel: Any = "outbound", id: Any = None) -> Document:
    """A validated ``Document``; raises ``InputError`` (never quoting the text) otherwise."""
    if not isinstance(text, str):
        raise InputError(f"'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        raise InputError("'text' is empty; expected at least one visible character")
    if "\x00" in text:
        raise InputError("'text' contains a NUL character; expected plain text")
    if len(text) > MAX_CHARS:
        raise InputError(f"'text' has {len(text)} characters; the limit is {MAX_CHARS}")
    if channel not in CHANNELS:
        raise InputError(f"unknown channel {channel!r}; expected one of {', '.join(CHANNELS)}")
    if id is not None and not isinstance(id, str):
        raise InputError(f"'id' must be a string, got {type(id).__name__}")
    return Document(text=text, channel=channel, id=id)


class Pipeline:
    """Runs the policy's detectors and classifiers and decides. Build once, reuse."""

    def __init__(self, policy: Policy | None = None) -> None:
        self.policy = policy or default_policy()

    @cached_property
    def detectors(self) -> tuple[tuple[str, Callable[[Document], Iterable[Finding]]], ...]:
        """The policy's detectors, built, for every channel."""
        return tuple((e.name, run) for e, run in self._built_detectors)

    @cached_property
    def classifiers(
        self,
    ) -> tuple[tuple[str, Callable[[Document], Iterable[Label | Sentiment]]], ...]:
        """The policy's classifiers, built, for every channel."""
        return tuple((e.name, run) for e, run in self._built_classifiers)

    @cached_property
    def _built_detectors(self) -> tuple[tuple[registry.Entry, Any], ...]:
        return self._build("detector", self.policy.detectors)

    @cached_property
    def _built_classifiers(self) -> tuple[tuple[registry.Entry, Any], ...]:
        return self._build("classifier", self.policy.classifiers)

    def _build(
        self, kind: registry.Kind, wanted: tuple[str, ...]
    ) -> tuple[tuple[registry.Entry, Any], ...]:
        chosen = registry.entries(kind) if "*" in wanted else [registry.get(n) for n in wanted]
        return tuple((e, e.build(**self.policy.options.get(e.name, {}))) for e in chosen)

    @cached_property
    def _plans(self) -> dict[Channel, tuple[tuple[Any, ...], tuple[Any, ...]]]:
        """Per channel: the detectors and the classifiers that run on it."""
        return {
            channel: (
                tuple(run for e, run in self._built_detectors if channel in e.channels),
                tuple(run for e, run in self._built_classifiers if channel in e.channels),
            )
            for channel in CHANNELS
        }

    @cached_property
    def _allow(self) -> AllowMatcher:
        return AllowMatcher(self.policy.allow)

    def analyze(self, document: Document) -> Analysis:
        detectors, classifiers = self._plans[document.channel]
        findings: list[Finding] = []
        for run in detectors:
            findings.extend(run(document))
        allow = self._allow
        if allow.codes:
            findings = [f for f in findings if not self._allowed(f, document.text)]
        kept = _resolve_overlaps(findings)
        labels, sentiment = self._classify(document, classifiers) if classifiers else ((), None)
        decision = decide(kept, labels, document.channel, self.policy)
        escalation = self._escalation if any(lb.name == "crisis" for lb in labels) else None
        return Analysis(document, kept, labels, sentiment, decision, escalation)

    def _classify(
        self, document: Document, classifiers: tuple[Any, ...]
    ) -> tuple[tuple[Label, ...], Sentiment | None]:
        """The labels at or above their threshold, most urgent first, and the sentiment."""
        labels: list[Label] = []
        sentiment: Sentiment | None = None
        threshold = self.policy.threshold
        for classify in classifiers:
            for out in classify(document):
                if isinstance(out, Sentiment):
                    sentiment = out
                elif out.score >= threshold(out.name):
                    labels.append(out)
        labels.sort(key=_label_rank)
        return tuple(labels), sentiment

    @cached_property
    def _escalation(self) -> Escalation:
        settings = self.policy.escalation
        return Escalation(settings.contact or None, settings.country, settings.crisis_line)

    def _allowed(self, finding: Finding, text: str) -> bool:
        span = finding.span
        return span is not None and self._allow.permits(finding.code, text[span.start : span.end])

    def analyze_text(
        self, text: str, channel: Channel = "outbound", id: str | None = None
    ) -> Analysis:
        return self.analyze(make_document(text, channel, id))

    def analyze_many(self, documents: Iterable[Document]) -> Iterator[Analysis]:
        """The batch API: one analysis per document, in order."""
        for document in documents:
            yield self.analyze(document)

    def warm_up(self) -> Pipeline:
        """Build every detector's and classifier's patterns, word lists and models now, by
        analysing synthetic text on each kind of channel; raises ``SocialrxError`` (e.g.
        ``PolicyError``) for options a detector refuses. Returns the pipeline."""
        self.analyze_text("Warm-up: our patient Jane Roe (room 4) at jane@example.org", "outbound")
        self.analyze_text("Warm-up: this new med gave me hives, is that normal?", "inbound")
        return self


def _resolve_overlaps(findings: list[Finding]) -> tuple[Finding, ...]:
    """Sort by position; of overlapping findings with the same code keep the strongest."""
    ordered = sorted(findings, key=_order)
    kept: list[Finding] = []
    last_by_code: dict[str, int] = {}
    for finding in ordered:
        idx = last_by_code.get(finding.code)
        if idx is not None and finding.span is not None:
            prev = kept[idx]
            if prev.span is not None and prev.span.overlaps(finding.span):
                if (finding.score, len(finding.span)) > (prev.score, len(prev.span)):
                    kept[idx] = finding
                continue
        if finding.span is None and idx is not None and kept[idx].span is None:
            if finding.score > kept[idx].score:
                kept[idx] = finding
            continue
        last_by_code[finding.code] = len(kept)
        kept.append(finding)
    return tuple(kept)


def _label_rank(label: Label) -> tuple[int, str]:
    return (LABELS.index(label.name) if label.name in LABELS else len(LABELS), label.name)


def _order(finding: Finding) -> tuple[int, int, str]:
    if finding.span is None:
        return (1 << 62, 0, finding.code)
    return (finding.span.start, -finding.span.end, finding.code)
