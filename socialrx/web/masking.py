"""Inbound items as agents see them by default: the PHI the detectors find (names, phone
numbers, addresses, dates, record numbers … every ``phi.*`` span) replaced by its kind
(``[NAME]``), and the author's handle shortened. Seeing an item in full is a deliberate,
audited act with a stated reason (``inbound.revealed``, code ``reveal.<reason>``).
"""

from __future__ import annotations

from socialrx.pipeline import Pipeline, make_document
from socialrx.redact import redact

MASKED = ("phi.*",)
# Why someone may need an item in full: the audit trail records the key.
REASONS = {
    "reply": "to reply to the person",
    "safety": "a crisis or safety follow-up",
    "adverse_event": "an adverse event report",
    "complaint": "handling a complaint",
}


def masked_text(pipeline: Pipeline, text: str) -> str:
    """``text`` with every PHI span replaced by its kind (the organisation's allow-listed
    identifiers stay, as in every analysis)."""
    analysis = pipeline.analyze(make_document(text, "inbound"))
    return redact(text, analysis.findings, codes=MASKED, style="replace")


def masked_handle(handle: str) -> str:
    """The first letter of a handle (after its ``@``) and an ellipsis: enough to tell two
    people apart in a thread, not to look someone up."""
    handle = handle.strip()
    keep = 2 if handle.startswith("@") else 1
    return handle[:keep] + "…" if len(handle) > keep else "…"
