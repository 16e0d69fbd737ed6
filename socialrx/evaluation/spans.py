"""Span matching and scores: any-overlap, one-to-one, typed and untyped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from socialrx.model import Finding
from socialrx.pipeline import Pipeline, make_document


@dataclass(frozen=True, slots=True)
class GoldSpan:
    start: int
    end: int
    code: str | None  # the socialrx code it maps to; None = present but not scored
    source: str  # the dataset's own type name


@dataclass(frozen=True)
class GoldDocument:
    id: str
    text: str
    spans: tuple[GoldSpan, ...]


@dataclass(frozen=True, slots=True)
class Mistake:
    """A false positive (gold None) or false negative (predicted None), for tuning."""

    doc_id: str
    start: int
    end: int
    expected: str | None
    predicted: str | None


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}  # fmt: skip


@dataclass
class Report:
    """Scores of one evaluation run.

    - ``typed`` / ``by_code``: typed, any-overlap, one-to-one matching (micro average / per code);
    - ``untyped`` / ``recall_by_source``: the same matching with types ignored;
    - ``overlap`` / ``overlap_by_source``: de-identification overlap scoring, where a gold span is
      found when any predicted span overlaps it (one prediction may cover several gold spans, as
      when a corpus marks a two-word name word by word) and a prediction is correct when it
      overlaps any gold span.
    """

    dataset: str
    documents: int = 0
    by_code: dict[str, Counts] = field(default_factory=dict)
    typed: Counts = field(default_factory=Counts)
    untyped: Counts = field(default_factory=Counts)
    recall_by_source: dict[str, Counts] = field(default_factory=dict)
    overlap_gold: Counts = field(default_factory=Counts)  # tp: gold found, fn: gold missed
    overlap_predicted: Counts = field(default_factory=Counts)  # tp: correct, fp: stray predictions
    overlap_by_source: dict[str, Counts] = field(default_factory=dict)
    mistakes: list[Mistake] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "dataset": self.dataset,
            "documents": self.documents,
            "typed": self.typed.as_dict(),
            "untyped": self.untyped.as_dict(),
            "overlap": {
                "recall": round(self.overlap_gold.recall, 4),
                "precision": round(self.overlap_predicted.precision, 4),
                "gold_found": self.overlap_gold.tp,
                "gold_missed": self.overlap_gold.fn,
                "predicted_correct": self.overlap_predicted.tp,
                "predicted_stray": self.overlap_predicted.fp,
            },
            "by_code": {k: v.as_dict() for k, v in sorted(self.by_code.items())},
            "recall_by_source": {
                k: {"found": v.tp, "missed": v.fn, "recall": round(v.recall, 4)}
                for k, v in sorted(self.recall_by_source.items())
            },
            "overlap_recall_by_source": {
                k: {"found": v.tp, "missed": v.fn, "recall": round(v.recall, 4)}
                for k, v in sorted(self.overlap_by_source.items())
            },
        }


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _match(
    predicted: list[tuple[int, int]], gold: list[tuple[int, int]]
) -> tuple[set[int], set[int]]:
    """Greedy one-to-one matching by largest overlap; returns matched indices (pred, gold)."""
    pairs = sorted(
        ((_overlap(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)
         if _overlap(p, g) > 0),
        reverse=True,
    )  # fmt: skip
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return used_p, used_g


def _phi_findings(findings: Iterable[Finding]) -> list[tuple[int, int, str]]:
    return [(f.span.start, f.span.end, f.code) for f in findings
            if f.span is not None and f.code.startswith("phi.")]  # fmt: skip


def score(
    dataset: str, documents: Iterable[GoldDocument], pipeline: Pipeline, keep_mistakes: bool = False
) -> Report:
    report = Report(dataset)
    for doc in documents:
        report.documents += 1
        analysis = pipeline.analyze(make_document(doc.text, "outbound", doc.id))
        predicted = _phi_findings(analysis.findings)
        _score_one(report, doc, predicted, keep_mistakes)
    return report


def _score_one(
    report: Report, doc: GoldDocument, predicted: list[tuple[int, int, str]], keep: bool
) -> None:
    # predictions that overlap a gold span that is present but not scored are ignored
    unscored = [(g.start, g.end) for g in doc.spans if g.code is None]
    predicted = [p for p in predicted if not any(_overlap(p[:2], u) for u in unscored)]
    gold = [g for g in doc.spans if g.code is not None]
    # untyped
    used_p, used_g = _match([p[:2] for p in predicted], [(g.start, g.end) for g in gold])
    report.untyped.tp += len(used_g)
    report.untyped.fp += len(predicted) - len(used_p)
    report.untyped.fn += len(gold) - len(used_g)
    for j, g in enumerate(gold):
        counts = report.recall_by_source.setdefault(g.source, Counts())
        if j in used_g:
            counts.tp += 1
        else:
            counts.fn += 1
    _score_overlap(report, gold, predicted)
    # typed, code by code
    codes = {p[2] for p in predicted} | {g.code for g in gold if g.code}
    for code in codes:
        p_spans = [p[:2] for p in predicted if p[2] == code]
        g_spans = [(g.start, g.end) for g in gold if g.code == code]
        mp, mg = _match(p_spans, g_spans)
        counts = report.by_code.setdefault(code, Counts())
        tp, fp, fn = len(mg), len(p_spans) - len(mp), len(g_spans) - len(mg)
        counts.tp += tp
        counts.fp += fp
        counts.fn += fn
        report.typed.tp += tp
        report.typed.fp += fp
        report.typed.fn += fn
        if keep:
            report.mistakes.extend(_mistakes(doc.id, code, p_spans, g_spans, mp, mg))


def _score_overlap(
    report: Report, gold: list[GoldSpan], predicted: list[tuple[int, int, str]]
) -> None:
    for g in gold:
        found = any(_overlap(p[:2], (g.start, g.end)) for p in predicted)
        counts = report.overlap_by_source.setdefault(g.source, Counts())
        for c in (counts, report.overlap_gold):
            c.tp += found
            c.fn += not found
    for p in predicted:
        if any(_overlap(p[:2], (g.start, g.end)) for g in gold):
            report.overlap_predicted.tp += 1
        else:
            report.overlap_predicted.fp += 1


def _mistakes(
    doc_id: str, code: str, p_spans: list[tuple[int, int]], g_spans: list[tuple[int, int]],
    mp: set[int], mg: set[int],
) -> Iterator[Mistake]:  # fmt: skip
    for i, (s, e) in enumerate(p_spans):
        if i not in mp:
            yield Mistake(doc_id, s, e, None, code)
    for j, (s, e) in enumerate(g_spans):
        if j not in mg:
            yield Mistake(doc_id, s, e, code, None)


def source_counts(documents: Iterable[GoldDocument]) -> Counter[str]:
    return Counter(g.source for d in documents for g in d.spans)
