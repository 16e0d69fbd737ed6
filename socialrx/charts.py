"""Server-rendered charts: inline SVG written in Python (no JavaScript, nothing fetched).

Every chart is a ``<figure>`` with a visible caption, an SVG with ``role="img"``, a ``<title>``
and an ``aria-label`` summing it up, a legend in words (never colour alone) and a visually
hidden table with exactly the numbers drawn, for screen readers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 600
LABEL_W = 170  # room for category names left of horizontal bars
BAR_H = 22
PAD = 28


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # a class the stylesheet colours (s-allow, s-review, s-block, s-median, s-p90)
    values: Sequence[float | None]  # None: not drawn (a suppressed or unknown figure)


HIDDEN = "<11"  # how a suppressed count (1 to 10 people) is shown


def _num(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def _tick(value: float) -> str:
    """An axis label short enough for the room left of the axis: 300k, 1.2M."""
    for size, suffix in ((1_000_000, "M"), (10_000, "k")):
        if value >= size:
            return f"{value / (size if suffix == 'M' else 1000):g}{suffix}"
    return _num(value)


def shown_value(value: float | None, missing: str = HIDDEN) -> str:
    """A number as charts and tables show it; ``None`` is a suppressed count (or, where the
    chart says so, ``missing``: a figure that is not known)."""
    return missing if value is None else _num(value)


def _table(caption: str, head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    th = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    body = "".join(
        f'<tr><th scope="row">{escape(r[0])}</th>'
        + "".join(f"<td>{escape(c)}</td>" for c in r[1:])
        + "</tr>"
        for r in rows
    )
    return (f'<table class="visually-hidden"><caption>{escape(caption)}</caption>'
            f"<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>")  # fmt: skip


def _legend(series: Sequence[Series]) -> str:
    items = "".join(
        f'<li><span class="swatch {escape(s.css)}" aria-hidden="true"></span>{escape(s.name)}</li>'
        for s in series
    )
    return f'<ul class="legend" aria-hidden="true">{items}</ul>'


def _figure(ident: str, title: str, summary: str, svg_body: str, height: int, extra: str,
            style: str = "") -> Markup:  # fmt: skip
    inner = f"<style>{escape(style)}</style>" if style else ""
    svg = (f'<svg id="{escape(ident)}" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
           f'aria-label="{escape(summary)}" preserveAspectRatio="xMinYMin meet" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{inner}{svg_body}</svg>')  # fmt: skip
    html = f'<figure class="chart-figure"><figcaption>{escape(title)}</figcaption>{svg}{extra}</figure>'
    return Markup(html)  # noqa: S704  # every name and number in it went through escape()


def _scale(top: float) -> float:
    """A round axis maximum at least ``top`` (1 when there is nothing to draw)."""
    if top <= 0:
        return 1.0
    step = 10 ** (len(str(int(top))) - 1)
    return float(-(-top // step) * step) if top >= 1 else 1.0


def stacked_columns(ident: str, title: str, categories: Sequence[str],
                    series: Sequence[Series], unit: str, *, axis: str = "Day",
                    style: str = "") -> Markup:  # fmt: skip
    """Vertical stacked bars, one per category (a day, or what ``axis`` names), one segment
    per series. ``style``: CSS put inside the SVG (for renderers that do not apply the page's
    stylesheet to inline SVG, such as WeasyPrint)."""
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(categories))]
    top = _scale(max(totals, default=0))
    height, base, left = 240, 210, 36
    plot_w = WIDTH - left - 8
    slot = plot_w / max(1, len(categories))
    parts = [f'<line class="axis" x1="{left}" y1="{base}" x2="{WIDTH - 8}" y2="{base}"/>',
             f'<text class="tick" x="{left - 4}" y="{base}" text-anchor="end">0</text>',
             f'<text class="tick" x="{left - 4}" y="16" text-anchor="end">{_tick(top)}</text>']  # fmt: skip
    for i, _ in enumerate(categories):
        y = float(base)
        for s in series:
            h = (s.values[i] or 0) / top * (base - 12)
            if h > 0:
                y -= h
                parts.append(f'<rect class="{escape(s.css)}" x="{left + i * slot + slot * 0.15:.1f}" '
                             f'y="{y:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}"/>')  # fmt: skip
    for i in (0, len(categories) - 1) if categories else ():
        anchor = "start" if i == 0 else "end"
        x = left if i == 0 else WIDTH - 8
        parts.append(f'<text class="tick" x="{x}" y="{base + 20}" text-anchor="{anchor}">'
                     f"{escape(categories[i])}</text>")  # fmt: skip
    total = sum(totals)
    periods = "days" if axis == "Day" else "periods"
    summary = (f"{title}: {_num(total)} {unit} over {len(categories)} {periods}, "
               + ", ".join(f"{_num(sum(v or 0 for v in s.values))} {s.name}" for s in series))  # fmt: skip
    rows = [[c, *(shown_value(s.values[i]) for s in series)] for i, c in enumerate(categories)]
    table = _table(title, [axis, *(s.name for s in series)], rows)
    return _figure(ident, title, summary, "".join(parts), height, _legend(series) + table, style)


def bars(ident: str, title: str, items: Sequence[tuple[str, float | None]], unit: str,
         css: str = "s-bar", *, style: str = "", missing: str = HIDDEN) -> Markup:  # fmt: skip
    """Horizontal bars, one per named item, with its number at the end of the bar. A value of
    ``None`` has no bar and ``missing`` in its place (by default "<11": a suppressed count)."""
    top = max((v for _, v in items if v is not None), default=0) or 1
    height = max(1, len(items)) * (BAR_H + 8) + 8
    room = WIDTH - LABEL_W - 60
    parts = []
    for i, (name, value) in enumerate(items):
        y = 8 + i * (BAR_H + 8)
        w = (value or 0) / top * room
        shown = name if len(name) <= 22 else name[:21] + "…"
        parts.append(f'<text class="tick" x="{LABEL_W - 6}" y="{y + BAR_H * 0.72:.1f}" '
                     f'text-anchor="end">{escape(shown)}</text>'
                     f'<rect class="{escape(css)}" x="{LABEL_W}" y="{y}" width="{w:.1f}" '
                     f'height="{BAR_H}"/><text class="tick" x="{LABEL_W + w + 6:.1f}" '
                     f'y="{y + BAR_H * 0.72:.1f}">{escape(shown_value(value, missing))}</text>')  # fmt: skip
    if not items:
        parts.append(f'<text class="tick" x="8" y="{BAR_H}">No data in this period</text>')
    summary = (f"{title}: " + ", ".join(f"{n} {shown_value(v, missing)}" for n, v in items)
               if items else f"{title}: none in this period")  # fmt: skip
    table = _table(title, ["Name", unit], [[n, shown_value(v, missing)] for n, v in items])
    return _figure(ident, title, summary, "".join(parts), height, table, style)


def lines(ident: str, title: str, categories: Sequence[str], series: Sequence[Series],
          unit: str, *, axis: str = "Week of", style: str = "",
          missing: str = HIDDEN) -> Markup:  # fmt: skip
    """A line per series over the categories (e.g. weeks), with a dot on each point; a value
    of ``None`` leaves a gap in the line (and ``missing`` in the table)."""
    top = _scale(max((v for s in series for v in s.values if v is not None), default=0))
    height, base, left = 220, 190, 44
    plot_w = WIDTH - left - 16
    step = plot_w / max(1, len(categories) - 1)

    def at(i: int, v: float) -> tuple[float, float]:
        x = left + (i * step if len(categories) > 1 else plot_w / 2)
        return x, base - v / top * (base - 12)

    parts = [f'<line class="axis" x1="{left}" y1="{base}" x2="{WIDTH - 8}" y2="{base}"/>',
             f'<text class="tick" x="{left - 4}" y="{base}" text-anchor="end">0</text>',
             f'<text class="tick" x="{left - 4}" y="16" text-anchor="end">{_tick(top)}</text>']  # fmt: skip
    for s in series:
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(s.values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(at(i, v))
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(f'<polyline class="{escape(s.css)}" fill="none" points="{path}"/>')
            dot = 4 if len(s.values) <= 60 else 2
            parts.extend(f'<circle class="{escape(s.css)}" cx="{x:.1f}" cy="{y:.1f}" r="{dot}"/>'
                         for x, y in run)  # fmt: skip
    for i in sorted({0, len(categories) - 1}) if categories else ():
        x, _ = at(i, 0)
        anchor = "start" if i == 0 and len(categories) > 1 else "end" if i else "middle"
        parts.append(f'<text class="tick" x="{x:.1f}" y="{base + 20}" text-anchor="{anchor}">'
                     f"{escape(categories[i])}</text>")  # fmt: skip
    if not categories:
        parts.append(
            f'<text class="tick" x="{left + 8}" y="{base / 2}">No data in this period</text>'
        )
    summary = (f"{title}, in {unit}: " + "; ".join(
        f"{c}: " + ", ".join(f"{s.name} {shown_value(s.values[i], missing)}" for s in series)
        for i, c in enumerate(categories)) if categories else f"{title}: none in this period")  # fmt: skip
    rows = [[c, *(shown_value(s.values[i], missing) for s in series)]
            for i, c in enumerate(categories)]  # fmt: skip
    table = _table(f"{title} ({unit})", [axis, *(s.name for s in series)], rows)
    return _figure(ident, title, summary, "".join(parts), height, _legend(series) + table, style)
