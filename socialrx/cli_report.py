"""``socialrx report``: a period's figures as an HTML, PDF or CSV file."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from socialrx.cli_base import Failure, guard, parse_day, write_file


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    csv = "csv"


def report(
    start: Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD, local).")],
    end: Annotated[str, typer.Option("--to", help="Last day, included (YYYY-MM-DD).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    fmt: Annotated[ReportFormat, typer.Option("--format", help="html, pdf or csv.")] = (
        ReportFormat.html
    ),
    title: Annotated[str, typer.Option(help="The report's title.")] = "Social media report",
) -> None:
    """Write the report of a period (days in SOCIALRX_TIMEZONE): post performance, cadence,
    service levels, sentiment and ratings, share of voice, links, leads and campaigns, and the
    competitor benchmark, with charts. Counts about patients below 11 are suppressed."""
    from socialrx import reports
    from socialrx.cli_store import transaction
    from socialrx.schedule import zone
    from socialrx.settings import load_settings
    from socialrx.signals.syndrome_lists import configured
    from socialrx.signals.syndromes import SyndromeMatcher

    with guard():
        first, last = parse_day(start, "--from"), parse_day(end, "--to")
        if not title.strip() or len(title) > 200:
            raise Failure("--title must be 1 to 200 characters")
        settings = load_settings()
        chosen = reports.period(first, last, zone(settings.timezone))
        matcher = SyndromeMatcher(configured(settings.syndromes_file))
        with transaction() as session:
            found = reports.figures_of(session, chosen, matcher=matcher)
        data = reports.render(found, fmt.value, title)
        write_file(output, data)
    sys.stderr.write(f"socialrx: wrote the {fmt.value} report of {chosen.label} to {output}\n")
