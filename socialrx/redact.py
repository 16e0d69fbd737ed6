"""Redaction: mask or replace the spans of chosen findings, keep the rest of the text.

Redaction never re-runs detection: it acts on the findings it is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from socialrx.model import Finding

Style = Literal["mask", "replace"]
MASK = "█"


def placeholder(code: str) -> str:
    """The replacement for a span of ``code``: ``phi.name`` → ``[NAME]``."""
    return "[" + code.rsplit(".", 1)[-1].upper() + "]"


def redact(
    text: str,
    findings: Iterable[Finding],
    *,
    codes: Iterable[str] | None = None,
    style: Style = "replace",
) -> str:
    """Return ``text`` with the spans of ``findings`` (optionally only those whose code is in
    ``codes`` or in a listed family such as ``phi.*``) masked or replaced. Overlapping spans are
    merged; document-level findings (no span) are ignored."""
    wanted = set(codes) if codes is not None else None
    spans: list[tuple[int, int, str]] = []
    for f in findings:
        if f.span is None or len(f.span) == 0:
            continue
        if (
            wanted is not None
            and f.code not in wanted
            and f.code.split(".")[0] + ".*" not in wanted
        ):
            continue
        spans.append((f.span.start, f.span.end, f.code))
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for start, end, code in spans:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, code))
    out: list[str] = []
    pos = 0
    for start, end, code in merged:
        out.append(text[pos:start])
        out.append(MASK * (end - start) if style == "mask" else placeholder(code))
        pos = end
    out.append(text[pos:])
    return "".join(out)
