"""Editing a policy's lists in its TOML source, keeping its comments and layout (``tomlkit``),
so that each saved version reads like the file an administrator would have written and two
versions differ only where someone changed something.

Pure: text in, text out. ``edit`` validates what it is given and the policy that results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from socialrx.errors import PolicyError
from socialrx.policy import ALLOW_LISTS, Policy, parse_policy

LIST_NAME = re.compile(r"^[a-z0-9_]{1,40}$")  # a phrase list's name is part of its code
MAX_ENTRY = 200  # characters in one entry
MAX_ENTRIES = 5000  # entries in one list


@dataclass(frozen=True)
class Lists:
    """What the policy page edits: the allow-lists and the lexicon's phrase lists."""

    allow: Mapping[str, tuple[str, ...]]  # every name of ALLOW_LISTS
    phrases: Mapping[str, tuple[str, ...]]  # list name → phrases (code lexicon.<name>)


def lists_of(policy: Policy) -> Lists:
    phrases = policy.options.get("lexicon", {}).get("lists", {})
    return Lists(
        allow={name: tuple(getattr(policy.allow, name)) for name in ALLOW_LISTS},
        phrases={str(k): tuple(v) for k, v in sorted(phrases.items())},
    )


def entries(text: str, what: str) -> tuple[str, ...]:
    """One entry per line: trimmed, blank lines dropped, duplicates kept once (first wins)."""
    out: dict[str, None] = {}
    for line in text.splitlines():
        entry = " ".join(line.split())
        if not entry:
            continue
        if len(entry) > MAX_ENTRY:
            raise PolicyError(f"{what}: an entry is longer than {MAX_ENTRY} characters")
        out.setdefault(entry, None)
    if len(out) > MAX_ENTRIES:
        raise PolicyError(f"{what}: more than {MAX_ENTRIES} entries")
    return tuple(out)


def edit(source: str, lists: Lists | None = None, *, version: int | None = None,
         origin: str = "policy") -> tuple[str, Policy]:  # fmt: skip
    """``source`` with its allow-lists and phrase lists replaced by ``lists`` (when given) and
    its version set to ``version`` (when given), and the policy it parses to; raises
    ``PolicyError`` naming the problem."""
    try:
        document = tomlkit.parse(source)
    except TOMLKitError as error:
        raise PolicyError(f"{origin}: not valid TOML ({error})") from None
    if lists is not None:
        _replace_lists(document, lists)
    if version is not None:
        document["version"] = version
    text = tomlkit.dumps(document)
    return text, parse_policy(text, origin=origin)


def _replace_lists(document: Any, lists: Lists) -> None:
    unknown = sorted(set(lists.allow) - set(ALLOW_LISTS))
    if unknown:
        raise PolicyError(f"unknown allow-lists {unknown}; expected {list(ALLOW_LISTS)}")
    for name in lists.phrases:
        if not LIST_NAME.match(name):
            raise PolicyError(
                "a phrase list's name must be 1 to 40 lower-case letters, digits or '_' "
                "(it becomes the finding code lexicon.<name>)"
            )
    allow = _table(document, "allow")
    for name in ALLOW_LISTS:
        if name in lists.allow:
            allow[name] = _array(lists.allow[name])
    detectors = _table(document, "detectors")
    lexicon = _table(detectors, "lexicon")
    if "lists" in lexicon:
        del lexicon["lists"]
    if lists.phrases:
        table = tomlkit.table()
        for name, phrases in sorted(lists.phrases.items()):
            table[name] = _array(phrases)
        lexicon["lists"] = table
    if not lexicon:
        del detectors["lexicon"]
    if not detectors:
        del document["detectors"]


def _table(parent: Any, key: str) -> Any:
    if key not in parent:
        parent[key] = tomlkit.table()
    found = parent[key]
    if not isinstance(found, Mapping):
        raise PolicyError(f"[{key}] must be a table")
    return found


def _array(values: Iterable[str]) -> Any:
    array = tomlkit.array()
    array.extend(values)
    array.multiline(len(array) > 3)
    return array
