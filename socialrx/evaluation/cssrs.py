"""reddit-cssrs-suicide-500 (Gaur et al., WWW 2019): 500 Reddit users, each with every post they
wrote in suicide-related forums and one user-level C-SSRS label.

Scored at the user level, as a safety team would see it: a user is flagged when any of their
posts is labelled ``crisis``. Users labelled Ideation, Behavior or Attempt should be flagged
(target ≥ 90%); users labelled Supportive (people who comment to help others) should mostly not
be (target ≤ 50%); Indicator users are not scored. Evaluation only: the file has no licence.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from socialrx.errors import DatasetError
from socialrx.evaluation.triage import Figure, analyze_inbound, has_label, labelled_rows
from socialrx.pipeline import Pipeline

NAME = "reddit-cssrs-suicide-500"
FILE = "500_Reddit_users_posts_labels.csv"
AT_RISK = frozenset({"Ideation", "Behavior", "Attempt"})
SUPPORTIVE = "Supportive"
LABELS = frozenset({*AT_RISK, SUPPORTIVE, "Indicator"})
_SEPARATORS = ("', '", "', \"", "\", '", '", "')  # between two elements of a list repr


@dataclass(frozen=True)
class User:
    """One user: the C-SSRS label and their posts (a list repr cut at a cell limit keeps the
    complete posts before the cut)."""

    label: str
    posts: tuple[str, ...]
    truncated: bool


def _posts(cell: str) -> tuple[tuple[str, ...], bool]:
    """The posts of a ``Post`` cell, and whether the cell was cut (see SOURCE.md)."""
    try:
        value = ast.literal_eval(cell)
    except (ValueError, SyntaxError):
        value = _salvage(cell)
        if value is None:
            raise
        return value, True
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise ValueError("expected a list of strings")
    return tuple(value), False


def _salvage(cell: str) -> tuple[str, ...] | None:
    """A cut list repr, closed after its last complete element."""
    end = len(cell)
    for _ in range(50):
        cut = max(cell.rfind(sep, 0, end) for sep in _SEPARATORS)
        if cut <= 0:
            return None
        try:
            value = ast.literal_eval(cell[: cut + 1] + "]")
        except (ValueError, SyntaxError):
            end = cut
            continue
        if isinstance(value, list) and all(isinstance(p, str) for p in value):
            return tuple(value)
        end = cut
    return None


def load(folder: Path) -> Iterator[User]:
    """Read the dataset file (or the folder holding it)."""
    path = folder / FILE if folder.is_dir() else folder
    for n, label, row in labelled_rows(path, "Post", "Label", LABELS):
        try:
            posts, truncated = _posts(row.get("Post") or "")
        except (ValueError, SyntaxError):
            raise DatasetError(
                f"{str(path)!r} line {n}: the Post cell is not a list of strings"
            ) from None
        yield User(label, posts, truncated)


def flagged(pipe: Pipeline, posts: tuple[str, ...]) -> bool:
    """Whether any post is labelled ``crisis`` (stops at the first one)."""
    return any(has_label(a, "crisis") for a in analyze_inbound(pipe, posts))


def figures(folder: Path, pipe: Pipeline) -> list[Figure]:
    counts: dict[str, list[int]] = {}  # label -> [flagged, users]
    truncated = 0
    for user in load(folder):
        truncated += user.truncated
        tally = counts.setdefault(user.label, [0, 0])
        tally[0] += flagged(pipe, user.posts)
        tally[1] += 1
    if not counts:
        raise DatasetError(f"{str(folder)!r}: no users found")
    risk = [sum(counts.get(lb, [0, 0])[i] for lb in sorted(AT_RISK)) for i in (0, 1)]
    support = counts.get(SUPPORTIVE, [0, 0])
    by_label = ", ".join(f"{lb} {f}/{n}" for lb, (f, n) in sorted(counts.items()))
    note = f"users flagged by label: {by_label}; {truncated} cut cells kept up to the cut"
    return [
        Figure(NAME, "at-risk users (Ideation/Behavior/Attempt) flagged crisis",
               risk[0] / risk[1] if risk[1] else 0.0, 0.90, ">=", note),
        Figure(NAME, "Supportive users flagged crisis",
               support[0] / support[1] if support[1] else 0.0, 0.50, "<=", note),
    ]  # fmt: skip
