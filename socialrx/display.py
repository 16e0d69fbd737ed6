"""What people see in a terminal: analysed items with their flagged spans, summaries, progress
bars and evaluation reports (Rich renderables).

This is an app-level module (used by ``socialrx.cli``); the core never imports it. It imports
Rich, so the CLI imports it only for output meant for people.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from socialrx.evaluation import Report
    from socialrx.evaluation.spans import Counts
    from socialrx.evaluation.triage import Figure
    from socialrx.lines import Outcome
    from socialrx.model import Analysis

PROGRESS_AFTER = 2000  # lines before a progress bar appears (stderr terminals only)
# The targets of the physionet quality gate (issue 2): overlap recall over the
# patient-identifying types, with overlap precision.
GATE_RECALL = 0.85
GATE_PRECISION = 0.5

_FAMILY_STYLE = {
    "phi": "bold white on red",
    "disclosure": "bold white on magenta",
    "advice": "bold black on yellow",
    "claim": "bold black on yellow",
    "review": "bold black on cyan",
    "conduct": "bold white on blue",
    "lexicon": "bold black on green",
}
_DECISION_STYLE = {"allow": "bold green", "review": "bold yellow", "block": "bold red"}
# Characters a terminal would act on (or Rich would drop, shifting the offsets): shown as '�'.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def console(*, stderr: bool = False) -> Console:
    """A console on stdout (or stderr); 120 columns when it is not a terminal."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, width=None if stream.isatty() else 120, highlight=False)


def code_style(code: str) -> str:
    return _FAMILY_STYLE.get(code.split(".", 1)[0], "reverse")


# ------------------------------------------------------------------------------- analyses


def outcome_text(outcome: Outcome) -> Text:
    """An outcome for people: decision, the text with flagged spans highlighted, the findings."""
    head = Text(f"── {outcome.item.id} ", style="bold")
    analysis = outcome.analysis
    if analysis is None:
        return Text.assemble(head, ("error: ", "bold red"), str(outcome.error), "\n")
    action = analysis.decision.action
    head.append(f"· {analysis.document.channel} · ")
    head.append(action.upper(), style=_DECISION_STYLE[action])
    head.append(f" ({analysis.decision.policy})", style="dim")
    original = analysis.document.text
    body = Text(_CONTROL.sub("\ufffd", original))
    for f in analysis.findings:
        if f.span is not None:
            body.stylize(code_style(f.code), f.span.start, f.span.end)
    lines = [head, body]
    for f in analysis.findings:
        line = Text("  • ")
        line.append(f.code, style=code_style(f.code))
        if f.span is not None:
            shown = _CONTROL.sub("\ufffd", original[f.span.start : f.span.end])
            line.append(f" {shown!r} [{f.span.start}:{f.span.end}]")
        line.append(f" — {f.why} ({f.detector}, {f.score:.2f})", style="dim")
        lines.append(line)
    if not analysis.findings:
        lines.append(Text("  no findings", style="dim"))
    lines.extend(_triage_lines(analysis))
    return Text("\n").join([*lines, Text("")])


def _triage_lines(analysis: Analysis) -> list[Text]:
    """Labels (crisis first, unmistakable), sentiment and what to do about a crisis."""
    lines: list[Text] = []
    if analysis.labels:
        line = Text("  labels: ")
        for i, label in enumerate(analysis.labels):
            style = "bold white on red" if label.name == "crisis" else "bold"
            line.append(", " if i else "")
            line.append(label.name, style=style)
            line.append(f" {label.score:.2f}", style="dim")
        lines.append(line)
    if analysis.sentiment is not None:
        sentiment = analysis.sentiment
        lines.append(Text(f"  sentiment: {sentiment.name} ({sentiment.score:+.2f})", style="dim"))
    escalation = analysis.escalation
    if escalation is not None:
        line = Text("  CRISIS: ", style="bold white on red")
        line.append(f"escalate to {escalation.contact or 'the on-call contact (not configured)'}")
        if escalation.crisis_line:
            line.append(f"; crisis line ({escalation.country}): {escalation.crisis_line}")
        lines.append(line)
    return lines


def summary(counts: Mapping[str, int]) -> Text:
    """``N item(s): a allow, r review, b block, e error``."""
    total = sum(counts.values())
    parts = [f"{counts.get(k, 0)} {k}" for k in ("allow", "review", "block", "error")]
    return Text(f"{total} item(s): " + ", ".join(parts), style="bold")


@contextmanager
def progress(size: int | None) -> Iterator[Callable[[int, int], None]]:
    """``advance(lines, bytes_read)`` of a progress bar on stderr that appears once an input
    has ``PROGRESS_AFTER`` lines (of ``size`` bytes, when known)."""
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task: list[Any] = []

        def advance(lines: int, read: int) -> None:
            if not task and lines >= PROGRESS_AFTER:
                task.append(bar.add_task("analysing", total=size))
            if task:
                bar.update(task[0], completed=read if size else lines)

        yield advance


# -------------------------------------------------------------------------------- reports


def presidio_tables(report: Report) -> list[RenderableType]:
    """Typed one-to-one scores per code and overall (with untyped), and recall by source."""
    title = f"{report.dataset}: {report.documents} documents (any overlap, one-to-one)"
    table = Table("code", "tp", "fp", "fn", "precision", "recall", "F1", title=title)
    rows = [*sorted(report.by_code.items()), ("typed (micro)", report.typed)]
    for name, c in [*rows, ("untyped", report.untyped)]:
        table.add_row(name, str(c.tp), str(c.fp), str(c.fn), *_ratios(c.precision, c.recall, c.f1))
    sources = Table("source type", "found", "missed", "recall", title="Recall by source type")
    for name, c in sorted(report.recall_by_source.items()):
        sources.add_row(name, str(c.tp), str(c.fn), f"{c.recall:.3f}")
    return [table, sources]


def physionet_tables(report: Report, patient_types: Iterable[str]) -> list[RenderableType]:
    """The quality gate (overlap recall over ``patient_types`` with overlap precision; untyped
    one-to-one scores below it for reference), its verdict, and recall by PHI type."""
    types = list(patient_types)
    gold = _total(report.overlap_by_source, types)
    predicted = report.overlap_predicted
    gate = Table(
        "scoring", "found", "missed", "recall", "correct", "stray", "precision",
        title=f"{report.dataset}: {report.documents} notes, patient-identifying types\n"
        "gold spans found or missed · predicted spans correct or stray",
    )  # fmt: skip
    gate.add_row(
        "any overlap (gate)", str(gold.tp), str(gold.fn), f"{gold.recall:.3f}",
        str(predicted.tp), str(predicted.fp), f"{predicted.precision:.3f}", style="bold",
    )  # fmt: skip
    ref = report.untyped
    gate.add_row(
        "one-to-one, untyped", str(ref.tp), str(ref.fn), f"{ref.recall:.3f}",
        str(ref.tp), str(ref.fp), f"{ref.precision:.3f}", style="dim",
    )  # fmt: skip
    by_type = Table(
        "PHI type", "found", "missed", "overlap recall", "one-to-one recall",
        title="Recall by patient-identifying type",
    )  # fmt: skip
    for name in types:
        over = report.overlap_by_source.get(name)
        if over is not None:
            one = report.recall_by_source.get(name)
            by_type.add_row(name, str(over.tp), str(over.fn), f"{over.recall:.3f}",
                            f"{one.recall:.3f}" if one is not None else "-")  # fmt: skip
    return [gate, _verdict(gold.recall, predicted.precision), by_type]


def _total(by_source: Mapping[str, Counts], types: list[str]) -> Counts:
    from socialrx.evaluation.spans import Counts

    total = Counts()
    for name in types:
        counts = by_source.get(name)
        if counts is not None:
            total.tp += counts.tp
            total.fn += counts.fn
    return total


def _verdict(recall: float, precision: float) -> Text:
    ok = recall >= GATE_RECALL and precision >= GATE_PRECISION
    text = Text("quality gate: ", style="bold")
    text.append("PASS" if ok else "FAIL", style="bold green" if ok else "bold red")
    text.append(
        f" (overlap recall {recall:.3f}, target ≥ {GATE_RECALL}; "
        f"overlap precision {precision:.3f}, target ≥ {GATE_PRECISION})\n"
    )
    return text


def _ratios(*values: float) -> list[str]:
    return [f"{v:.3f}" for v in values]


def triage_table(figures: Iterable[Figure], missing: Iterable[str]) -> Table:
    """``socialrx eval triage``: each figure against its target."""
    table = Table("dataset", "metric", "value", "target", "", "detail", title="Triage quality")
    for f in figures:
        verdict = Text("pass", style="green") if f.passed else Text("MISS", style="bold red")
        table.add_row(
            f.dataset, f.metric, f"{f.value:.3f}", f"{f.direction} {f.target}", verdict, f.detail
        )
    absent = list(missing)
    if absent:
        table.caption = "not found (skipped): " + ", ".join(absent)
    return table
