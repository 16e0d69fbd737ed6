"""TREC 2017 LiveQA Medical (Ben Abacha et al., 2017): 104 consumer health questions sent to
the U.S. National Library of Medicine, as ``medical_question`` (evaluation only).

The file is XML: each ``NLM-QUESTION`` holds an ``Original-Question`` with the consumer's own
``SUBJECT`` and ``MESSAGE``; the post is the subject and the message on separate lines. Every
item is a medical question, so the figure is the share flagged (a recall).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from socialrx.errors import DatasetError
from socialrx.evaluation.triage import Figure, analyze_inbound, has_label
from socialrx.pipeline import Pipeline

DATASET = "liveqa-medical-trec2017"
FILE = "TREC-2017-LiveQA-Medical-Test-Questions-w-summaries.xml"
TARGET = 0.85


def load(folder: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(post, question types) per consumer question: the post is SUBJECT and MESSAGE."""
    path = folder / FILE
    try:
        root = ET.parse(path).getroot()  # noqa: S314 - a local, trusted evaluation file
    except (OSError, ET.ParseError) as exc:
        raise DatasetError(
            f"cannot read {path}: {type(exc).__name__}; expected the LiveQA XML file"
        ) from None
    items: list[tuple[str, tuple[str, ...]]] = []
    for number, node in enumerate(root.iter("NLM-QUESTION"), start=1):
        original = node.find("Original-Question")
        if original is None:
            raise DatasetError(f"{path}: question {number} has no Original-Question element")
        parts = (original.findtext("SUBJECT") or "", original.findtext("MESSAGE") or "")
        text = "\n".join(p.strip() for p in parts if p.strip())
        types = tuple(t.text.strip() for t in node.iter("TYPE") if t.text and t.text.strip())
        items.append((text, types))
    if not items:
        raise DatasetError(f"{path}: no NLM-QUESTION elements; expected 104 questions")
    return items


def figures(folder: Path, pipe: Pipeline) -> list[Figure]:
    """The share of consumer questions flagged ``medical_question``, with misses by type."""
    items = load(folder)
    flagged = [
        has_label(a, "medical_question") for a in analyze_inbound(pipe, (text for text, _ in items))
    ]
    missed: Counter[str] = Counter()
    for (_, types), hit in zip(items, flagged, strict=True):
        if not hit:
            missed.update(set(types) or {"untyped"})
    share = sum(flagged) / len(items)
    top = ", ".join(f"{name} {count}" for name, count in missed.most_common(5)) or "none"
    return [
        Figure(
            DATASET,
            "consumer questions flagged medical_question",
            share,
            TARGET,
            ">=",
            f"{sum(flagged)} of {len(items)} flagged; misses by question type: {top}",
        )
    ]
