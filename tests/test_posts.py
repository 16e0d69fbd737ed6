"""The synthetic post corpus (tests/posts.toml) under the default policy.

- clean outbound posts: false holds (review or block) must stay at or below 5%;
- patient disclosures (plain and obfuscated): every one blocked with disclosure.patient;
- review replies and posts for the other codes: the exact decision, and the code;
- the disclosures listed as still missed are still missed (a fix moves them).

Failures are listed in the assertion messages by item number and decision (never by text
alone, so a long corpus stays readable).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from socialrx.model import Analysis, Channel
from socialrx.pipeline import Pipeline

CORPUS = Path(__file__).with_name("posts.toml")
MAX_FALSE_HOLD_RATE = 0.05


@pytest.fixture(scope="module")
def corpus() -> dict[str, Any]:
    with CORPUS.open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def _describe(kind: str, index: int, analysis: Analysis) -> str:
    codes = sorted({r.code for r in analysis.decision.reasons})
    return f"{kind}[{index}] {analysis.decision.action} {codes}: {analysis.document.text[:70]!r}"


def test_corpus_is_large_enough(corpus: dict[str, Any]) -> None:
    sizes = {k: len(v) for k, v in corpus.items()}
    assert sum(sizes.values()) >= 150, sizes
    assert sizes["clean"] >= 100 and sizes["disclosure"] >= 30 and sizes["reply"] >= 20


def test_clean_posts_are_allowed(corpus: dict[str, Any], pipeline: Pipeline) -> None:
    held = []
    for i, text in enumerate(corpus["clean"]):
        analysis = pipeline.analyze_text(text)
        if analysis.decision.action != "allow":
            held.append(_describe("clean", i, analysis))
    rate = len(held) / len(corpus["clean"])
    assert rate <= MAX_FALSE_HOLD_RATE, f"false holds {rate:.1%}:\n" + "\n".join(held)


def test_every_disclosure_is_blocked(corpus: dict[str, Any], pipeline: Pipeline) -> None:
    missed = []
    for i, text in enumerate(corpus["disclosure"]):
        analysis = pipeline.analyze_text(text)
        codes = {f.code for f in analysis.findings}
        if analysis.decision.action != "block" or "disclosure.patient" not in codes:
            missed.append(_describe("disclosure", i, analysis))
    assert not missed, f"{len(missed)} disclosures not blocked:\n" + "\n".join(missed)


def test_known_misses_are_still_missed(corpus: dict[str, Any], pipeline: Pipeline) -> None:
    """The disclosures the corpus lists as missed still are: once one is blocked, it belongs in
    ``disclosure`` (and docs/quality.md's figures change)."""
    blocked = [
        _describe("known_missed", i, analysis)
        for i, text in enumerate(corpus["known_missed"])
        if (analysis := pipeline.analyze_text(text)).decision.action == "block"
    ]
    assert not blocked, "now blocked, move to disclosure:\n" + "\n".join(blocked)


@pytest.mark.parametrize("section", ["reply", "flagged"])
def test_exact_decisions(corpus: dict[str, Any], pipeline: Pipeline, section: str) -> None:
    wrong = []
    for i, item in enumerate(corpus[section]):
        channel: Channel = "reply" if section == "reply" else item.get("channel", "outbound")
        analysis = pipeline.analyze_text(item["text"], channel)
        codes = {f.code for f in analysis.findings}
        want_code = item.get("code") or (
            "disclosure.patient" if item["expect"] == "block" else None
        )
        if analysis.decision.action != item["expect"] or (want_code and want_code not in codes):
            wrong.append(
                f"expected {item['expect']} {want_code or ''}; " + _describe(section, i, analysis)
            )
    assert not wrong, f"{len(wrong)} wrong decisions:\n" + "\n".join(wrong)
