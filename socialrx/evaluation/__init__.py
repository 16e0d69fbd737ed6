"""Quality evaluation on public labelled datasets (``socialrx eval …``).

Each dataset module turns its files into ``GoldDocument``s; ``score`` runs a pipeline over them
and matches predicted spans to gold spans.
"""

from socialrx.evaluation.spans import GoldDocument, GoldSpan, Report, score

__all__ = ["GoldDocument", "GoldSpan", "Report", "score"]
