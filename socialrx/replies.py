"""Safe reply templates for public reviews (``socialrx/policies/replies.toml``).

A safe reply thanks or acknowledges the reviewer and invites them to contact the organisation,
without confirming that they are or were a patient: no visit, stay, procedure, provider, bill,
records or results. Every template passes the default policy on the ``reply`` channel.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal, get_args

from socialrx.errors import PolicyError

ReplyKind = Literal["positive", "negative", "question", "complaint"]
REPLY_KINDS: tuple[ReplyKind, ...] = get_args(ReplyKind)


@dataclass(frozen=True, slots=True)
class ReplyTemplate:
    """One safe reply. ``text`` may hold the placeholders ``{organisation}`` and ``{contact}``."""

    kind: ReplyKind
    text: str

    def render(self, organisation: str = "our organisation", contact: str = "us") -> str:
        """The reply with its placeholders filled in."""
        return self.text.replace("{organisation}", organisation).replace("{contact}", contact)


@cache
def _load() -> tuple[ReplyTemplate, ...]:
    source = files("socialrx.policies").joinpath("replies.toml").read_text(encoding="utf-8")
    data = tomllib.loads(source)
    out: list[ReplyTemplate] = []
    for item in data.get("template", []):
        kind, text = item.get("kind"), item.get("text")
        if kind not in REPLY_KINDS or not isinstance(text, str) or not text.strip():
            raise PolicyError(
                f"replies.toml: each [[template]] needs kind in {REPLY_KINDS} and a text"
            )
        out.append(ReplyTemplate(kind, text))
    return tuple(out)


def safe_replies(kind: ReplyKind | None = None) -> list[ReplyTemplate]:
    """The built-in safe reply templates, optionally only those of one ``kind``."""
    return [t for t in _load() if kind is None or t.kind == kind]
