"""Reports: the figures of a period (``figures``), as suppressed tables and charts
(``tables``), rendered as HTML, PDF or CSV (``render``). ``socialrx report`` and the measure
page call ``build``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from socialrx import benchmark
from socialrx.reports.figures import Figures, Period, gather, period
from socialrx.reports.render import csv_text, html, pdf
from socialrx.reports.tables import Section, sections
from socialrx.signals.syndromes import SyndromeMatcher
from socialrx.store import peers
from socialrx.store.database import Session

Format = Literal["html", "pdf", "csv"]
FORMATS: tuple[Format, ...] = ("html", "pdf", "csv")
TITLE = "Social media report"

__all__ = ["FORMATS", "Figures", "Format", "Period", "build", "figures_of", "period", "render"]


def figures_of(session: Session, chosen: Period, now: datetime | None = None,
               matcher: SyndromeMatcher | None = None) -> Figures:  # fmt: skip
    """The period's figures, with the followed accounts' benchmark and share of voice among
    the organisations they name; ``matcher``: the syndromes the signals count."""
    start, end = chosen.start, chosen.end
    facts = peers.facts(session, start, end)
    compared = benchmark.benchmark(facts.peers, facts.snapshots, facts.posts, start, end)
    voices = {a.name: [a.name] for a in facts.peers}
    return gather(session, chosen, voices, compared, now, matcher)


def render(found: Figures, fmt: Format, title: str = TITLE,
           now: datetime | None = None) -> bytes:  # fmt: skip
    shown: list[Section] = sections(found)
    if fmt == "csv":
        return csv_text(shown).encode()
    document = html(shown, title, found.period.label, now or datetime.now(UTC), fmt == "pdf")
    return pdf(document) if fmt == "pdf" else document.encode()


def build(session: Session, chosen: Period, fmt: Format, title: str = TITLE,
          now: datetime | None = None, matcher: SyndromeMatcher | None = None) -> bytes:  # fmt: skip
    """The report of ``chosen`` in ``fmt``, as bytes to write."""
    return render(figures_of(session, chosen, now, matcher), fmt, title, now)
