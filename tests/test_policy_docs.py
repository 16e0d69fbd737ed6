"""Every policy setting is documented in docs/policy.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialrx.policy import _ESCALATION_KEYS, _TOP_KEYS, ALLOW_LISTS

DOC = (Path(__file__).resolve().parents[1] / "docs" / "policy.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "key",
    sorted(_TOP_KEYS)
    + [f"allow.{k}" for k in ALLOW_LISTS]
    + [f"escalation.{k}" for k in _ESCALATION_KEYS],
)
def test_setting_is_documented(key: str) -> None:
    name = key.rsplit(".", maxsplit=1)[-1]
    assert f"`{name}`" in DOC, f"policy setting {key} is not documented in docs/policy.md"
