"""Text for pages: flagged spans marked in place, and a word diff between two versions. Both
escape everything they are given (Markup only wraps what they built)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


def marked(text: str, findings: Iterable[Mapping[str, Any]]) -> Markup:
    """``text`` with each flagged span in ``<mark>`` (the code and why as its title)."""
    spans = sorted((f for f in findings if f.get("start") is not None), key=lambda f: f["start"])
    out: list[str] = []
    at = 0
    for f in spans:
        start, end = int(f["start"]), int(f["end"])
        if start < at or end > len(text):
            continue
        title = f"{f['code']}: {f['why']}"
        out += [
            escape(text[at:start]),
            Markup('<mark title="{}">{}</mark>').format(title, text[start:end]),
        ]
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def word_diff(before: str, after: str) -> Markup:
    """``after`` with words added in ``<ins>`` and words removed from ``before`` in ``<del>``."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    out: list[str] = []
    for op, a, b, c, d in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            out.append(Markup("<del>{}</del>").format("".join(old[a:b])))
        if op in ("replace", "insert"):
            out.append(Markup("<ins>{}</ins>").format("".join(new[c:d])))
        if op == "equal":
            out.append(escape("".join(new[c:d])))
    return Markup("").join(out)
