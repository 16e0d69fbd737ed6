"""Everyday inbox items (synthetic, ``tests/inbox.toml``): what a hospital's accounts receive
every day gets no crisis, abuse, myth or side-effect label; crises, abuse, myths and
side-effect reports get theirs. Items listed as ``known`` are expected to fail (strict), so a
fix shows and the list stays true."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from socialrx.pipeline import Pipeline, make_document

GROUPS = tomllib.loads((Path(__file__).parent / "inbox.toml").read_text(encoding="utf-8"))
PIPE = Pipeline()


def _cases() -> list[object]:
    cases: list[object] = []
    for group, spec in GROUPS.items():
        known = set(spec.get("known", []))
        assert known <= set(spec["texts"]), f"{group}: a known item is not in texts"
        for text in spec["texts"]:
            marks = [pytest.mark.xfail(strict=True, reason="a known miss")] if text in known else []
            cases.append(pytest.param(group, text, marks=marks, id=f"{group}:{text[:40]}"))
    return cases


@pytest.mark.parametrize(("group", "text"), _cases())
def test_inbox_item(group: str, text: str) -> None:
    spec = GROUPS[group]
    labels = {label.name for label in PIPE.analyze(make_document(text, "inbound")).labels}
    assert set(spec.get("must", [])) <= labels
    assert not labels & set(spec.get("never", []))


def test_groups_are_what_the_docs_describe() -> None:
    assert {g: len(s["texts"]) for g, s in GROUPS.items()} == {
        "everyday": 179, "crisis": 211, "abuse": 31, "myths": 19, "reactions": 56, "lookalikes": 120,
        "questions": 28, "complaints": 21, "service": 16, "praise": 5, "myths_plain": 30,
        "myth_lookalikes": 20, "health_tips": 40,
    }  # fmt: skip
    for spec in GROUPS.values():
        assert len(set(spec["texts"])) == len(spec["texts"])  # no item twice
