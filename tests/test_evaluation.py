"""The evaluation harness's matching rules, on hand-made gold documents."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from socialrx.errors import DatasetError
from socialrx.evaluation import GoldDocument, GoldSpan, Report, physionet, presidio
from socialrx.evaluation.spans import _score_one


def _report(gold: Iterable[GoldSpan], predicted: list[tuple[int, int, str]]) -> Report:
    report = Report("test")
    _score_one(report, GoldDocument("d", "x" * 100, tuple(gold)), predicted, keep=True)
    return report


def test_one_to_one_typed_matching() -> None:
    gold = [GoldSpan(0, 10, "phi.name", "PERSON"), GoldSpan(20, 30, "phi.date", "DATE_TIME")]
    report = _report(gold, [(2, 8, "phi.name"), (20, 25, "phi.location"), (50, 55, "phi.name")])
    assert (report.typed.tp, report.typed.fp, report.typed.fn) == (1, 2, 1)
    assert (report.untyped.tp, report.untyped.fp, report.untyped.fn) == (2, 1, 0)
    assert report.by_code["phi.location"].fp == 1
    assert report.by_code["phi.date"].fn == 1
    kinds = sorted((m.expected or "-", m.predicted or "-") for m in report.mistakes)
    assert kinds == [("-", "phi.location"), ("-", "phi.name"), ("phi.date", "-")]


def test_one_prediction_matches_one_gold_span_only() -> None:
    gold = [GoldSpan(0, 4, "phi.name", "PTName"), GoldSpan(5, 10, "phi.name", "PTName")]
    report = _report(gold, [(0, 10, "phi.name")])
    assert (report.typed.tp, report.typed.fn) == (1, 1)
    # overlap scoring: both gold words are covered by the one prediction
    assert (report.overlap_gold.tp, report.overlap_gold.fn) == (2, 0)
    assert (report.overlap_predicted.tp, report.overlap_predicted.fp) == (1, 0)


def test_predictions_on_unscored_gold_are_ignored() -> None:
    gold = [GoldSpan(0, 10, None, "ORGANIZATION"), GoldSpan(20, 30, "phi.name", "PERSON")]
    report = _report(gold, [(0, 10, "phi.name"), (20, 30, "phi.name")])
    assert (report.typed.tp, report.typed.fp, report.typed.fn) == (1, 0, 0)
    assert report.overlap_predicted.fp == 0


def test_counts_as_dict() -> None:
    report = _report([GoldSpan(0, 4, "phi.name", "PERSON")], [(0, 4, "phi.name")])
    assert report.as_dict()["typed"] == {
        "tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "is not JSON"),
        ('{"a": 1}', "expected a JSON array"),
        ('[{"full_text": "x"}]', "lacks full_text/spans"),
    ],
)
def test_presidio_loader_rejects_bad_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "synth_dataset_v2.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DatasetError, match=message):
        list(presidio.load(tmp_path))


def test_physionet_loader_reads_records_and_spans(tmp_path: Path) -> None:
    body = "PT SEEN 3/4. WIFE ANN CALLED.\n"
    (tmp_path / "id.text").write_text(
        f"START_OF_RECORD=7||||2||||\n{body}||||END_OF_RECORD\n", encoding="utf-8"
    )
    (tmp_path / "id-phi.phrase").write_text(
        "7 2 8 11 Date 3/4\n7 2 18 21 RelativeProxyName ANN\n", encoding="utf-8"
    )
    (doc,) = physionet.load(tmp_path)
    assert doc.id == "7/2"
    assert [(doc.text[g.start : g.end], g.code) for g in doc.spans] == [
        ("3/4", "phi.date"),
        ("ANN", "phi.name"),
    ]


def test_physionet_loader_rejects_unknown_types(tmp_path: Path) -> None:
    (tmp_path / "id.text").write_text("START_OF_RECORD=1||||1||||\nX\n||||END_OF_RECORD", "utf-8")
    (tmp_path / "id-phi.phrase").write_text("1 1 0 1 Colour X\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="unknown PHI type 'Colour'"):
        list(physionet.load(tmp_path))
    with pytest.raises(DatasetError, match="cannot read"):
        list(physionet.load(tmp_path / "missing"))
