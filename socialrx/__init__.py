"""socialrx: compliance-first social media for healthcare organisations.

Library API::

    import socialrx
    record = socialrx.analyze("congrats to our patient ...", channel="outbound").to_record()
    for analysis in socialrx.analyze_many(["...", "..."]):
        ...
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from socialrx.model import Analysis, Channel
    from socialrx.pipeline import Pipeline
    from socialrx.policy import Policy

__all__ = ["analyze", "analyze_many", "pipeline"]


@lru_cache(maxsize=8)
def _pipeline(policy: Policy | None) -> Pipeline:
    from socialrx.pipeline import Pipeline

    return Pipeline(policy)


def pipeline(policy: Policy | None = None) -> Pipeline:
    """A (cached) pipeline for ``policy`` (the default policy when ``None``)."""
    return _pipeline(policy)


def analyze(text: str, channel: Channel = "outbound", policy: Policy | None = None) -> Analysis:
    """Analyse one text; raises ``socialrx.errors.InputError`` for input that can't be analysed."""
    return _pipeline(policy).analyze_text(text, channel)


def analyze_many(
    texts: Iterable[str], channel: Channel = "outbound", policy: Policy | None = None
) -> Iterator[Analysis]:
    """Analyse many texts with one pipeline, in order."""
    from socialrx.pipeline import make_document

    pipe = _pipeline(policy)
    return pipe.analyze_many(make_document(t, channel) for t in texts)
