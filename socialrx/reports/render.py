"""A report rendered: HTML (one self-contained file: styles and charts inline, nothing
fetched), PDF (that HTML through WeasyPrint, an optional extra: ``socialrx[report]``) or CSV
(every table, one value per line: section, table, row, column, value). The three show the same
numbers, suppressed once by ``socialrx.reports.tables``."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from socialrx import charts
from socialrx.errors import ConfigError
from socialrx.reports.tables import Chart, Section

PALETTE = {"ink": "#1b1f24", "muted": "#4a5460", "brand": "#0b5394", "green": "#1a6b34",
           "amber": "#8a5a00", "red": "#b3261e", "violet": "#6a3d9a"}  # fmt: skip
SERIES = ("brand", "green", "amber", "red", "violet", "muted")  # s-c0 … s-c5: one per channel
# Inside each SVG: WeasyPrint does not apply the page's stylesheet to inline SVG.
CHART_CSS = (
    f".axis{{stroke:{PALETTE['muted']};stroke-width:1}}"
    f"text{{fill:{PALETTE['ink']};font-size:13px;font-family:DejaVu Sans,sans-serif}}"
    f".s-bar{{fill:{PALETTE['brand']}}}"
    f"polyline.s-median{{stroke:{PALETTE['brand']};stroke-width:2.5}}"
    f"polyline.s-p90{{stroke:{PALETTE['red']};stroke-width:2.5;stroke-dasharray:6 4}}"
    f"circle.s-median{{fill:{PALETTE['brand']}}}circle.s-p90{{fill:{PALETTE['red']}}}"
    + "".join(f".s-c{i}{{fill:{PALETTE[name]}}}" for i, name in enumerate(SERIES))
)
SWATCHES = (
    f".swatch.s-median{{background:{PALETTE['brand']}}}.swatch.s-p90{{background:{PALETTE['red']}}}"
    + "".join(f".swatch.s-c{i}{{background:{PALETTE[name]}}}" for i, name in enumerate(SERIES))
)

_env = Environment(loader=PackageLoader("socialrx.reports", "templates"),
                   autoescape=select_autoescape(default=True), trim_blocks=True,
                   lstrip_blocks=True)  # fmt: skip


def draw(chart: Chart, style: str = CHART_CSS) -> Markup:
    """One chart as an accessible inline SVG figure (``socialrx.charts``)."""
    series = [charts.Series(s.name, s.css, s.values) for s in chart.series]
    if chart.kind == "bars":
        items = list(zip(chart.categories, series[0].values if series else (), strict=True))
        missing = charts.HIDDEN if chart.unit in COUNTED else "n/a"
        return charts.bars(chart.key, chart.title, items, chart.unit, series[0].css,
                           style=style, missing=missing)  # fmt: skip
    if chart.kind == "columns":
        return charts.stacked_columns(chart.key, chart.title, chart.categories, series,
                                      chart.unit, axis=chart.axis, style=style)  # fmt: skip
    return charts.lines(chart.key, chart.title, chart.categories, series, chart.unit,
                        axis=chart.axis, style=style, missing="n/a")  # fmt: skip


COUNTED = ("mentions", "items", "leads")  # bar units whose missing values are suppressed counts


def body(sections: Sequence[Section], style: str = CHART_CSS) -> Markup:
    """The sections (headings, notes, charts, tables) as HTML: the report's body and the
    measure page's."""
    drawn = {c.key: draw(c, style) for s in sections for c in s.charts}
    return Markup(_env.get_template("sections.html").render(sections=sections, drawn=drawn))  # noqa: S704  # autoescaped template


def html(sections: Sequence[Section], title: str, period: str, generated: datetime,
         printed: bool = False) -> str:  # fmt: skip
    """The report as one HTML file. ``printed``: for the PDF, where the charts' hidden tables
    (for screen readers in a browser) are left out of the layout (the PDF is not tagged; the
    visible tables carry the figures)."""
    extra = SWATCHES + (".visually-hidden{display:none}" if printed else "")
    return _env.get_template("report.html").render(
        title=title, period=period, generated=generated.isoformat(timespec="minutes"),
        body=body(sections), swatches=Markup(extra), hidden=charts.HIDDEN,  # noqa: S704
    )  # fmt: skip


def csv_text(sections: Sequence[Section]) -> str:
    """Every table, long form: ``section, table, row, column, value`` (the row is the table's
    first cell), so a spreadsheet can pivot it; suppressed counts read "<11"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("section", "table", "row", "column", "value"))
    for section in sections:
        for table in section.tables:
            for row in table.rows:
                for column, value in zip(table.head[1:], row[1:], strict=True):
                    writer.writerow((section.key, table.key, row[0], column, value))
    return out.getvalue()


def pdf(document: str) -> bytes:
    """The HTML report as PDF (A4) through WeasyPrint, which needs the ``report`` extra and the
    system's Pango library."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: WeasyPrint is there, Pango is not
        raise ConfigError(
            "PDF reports need WeasyPrint: install socialrx[report] (and the Pango library: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0), or choose --format html or csv"
        ) from error
    return HTML(string=document).write_pdf()  # type: ignore[no-any-return]
