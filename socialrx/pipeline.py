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
from socialrx.model import CHANNELS, Analysis, Channel, Document, Finding, Label
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
        return self._build("detector", self.policy.detectors)

    @cached_property
    def classifiers(self) -> tuple[tuple[str, Callable[[Document], Iterable[Label]]], ...]:
        return self._build("classifier", self.policy.classifiers)

    def _build(self, kind: registry.Kind, wanted: tuple[str, ...]) -> tuple[Any, ...]:
        chosen = registry.entries(kind) if "*" in wanted else [registry.get(n) for n in wanted]
        return tuple((e.name, e.build(**self.policy.options.get(e.name, {}))) for e in chosen)

    @cached_property
    def _allow(self) -> AllowMatcher:
        return AllowMatcher(self.policy.allow)

    def analyze(self, document: Document) -> Analysis:
        findings: list[Finding] = []
        for _name, run in self.detectors:
            findings.extend(run(document))
        allow = self._allow
        if allow.codes:
            findings = [f for f in findings if not self._allowed(f, document.text)]
        labels: list[Label] = []
        for _name, classify in self.classifiers:
            labels.extend(classify(document))
        kept = _resolve_overlaps(findings)
        decision = decide(kept, labels, document.channel, self.policy)
        return Analysis(document, kept, tuple(labels), None, decision)

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


def _order(finding: Finding) -> tuple[int, int, str]:
    if finding.span is None:
        return (1 << 62, 0, finding.code)
    return (finding.span.start, -finding.span.end, finding.code)
