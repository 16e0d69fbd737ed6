"""Quality gates on data we did not write (issue #2, point 6): the figures of docs/quality.md.

They run whenever ../shared/data is beside the checkout (as in CI) and are skipped, with the
reason, where it is not.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from socialrx.evaluation import Report, physionet, presidio, score
from socialrx.pipeline import Pipeline

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PRESIDIO = DATA / "presidio-synth-v2"
PHYSIONET = DATA / "physionet-deid-nursing-notes"
PATIENT_TYPES = sorted(physionet.PATIENT_TYPES)


@cache
def _presidio() -> Report:
    if not PRESIDIO.exists():
        pytest.skip(f"dataset not present at {PRESIDIO}")
    return score("presidio", presidio.load(PRESIDIO), Pipeline())


@cache
def _physionet() -> Report:
    if not PHYSIONET.exists():
        pytest.skip(f"dataset not present at {PHYSIONET}")
    return score("physionet", physionet.load(PHYSIONET), Pipeline())


def test_presidio_typed_span_f1() -> None:
    report = _presidio()
    assert report.documents == 1500
    assert report.typed.f1 >= 0.85, report.as_dict()


def test_physionet_recall_on_patient_identifying_types() -> None:
    """Overlap recall: the corpus marks multi-word names and places word by word, so a gold
    span counts as found when any predicted span overlaps it (see docs/quality.md)."""
    by_source = _physionet().overlap_by_source
    found = sum(by_source[t].tp for t in PATIENT_TYPES if t in by_source)
    total = sum(by_source[t].tp + by_source[t].fn for t in PATIENT_TYPES if t in by_source)
    assert total == 1183
    assert found / total >= 0.85, _physionet().as_dict()


def test_physionet_span_precision() -> None:
    report = _physionet()
    assert report.overlap_predicted.precision >= 0.5, report.as_dict()
    assert report.untyped.precision >= 0.5, report.as_dict()
