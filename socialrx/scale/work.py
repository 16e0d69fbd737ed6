"""The unit of work both batch engines share: numbered input items → contract records.

A ``Job`` is plain data (the policy's TOML source, not a built pipeline), so it pickles small
and every worker process, local or on a Spark executor, builds the same ``Pipeline`` from it
once and keeps it for every later batch. An input item is a JSON line (or a plain-text line)
or a Parquet row's ``id``/``text``/``channel``; it is parsed with the rules of
``socialrx analyze`` (``socialrx.lines``), so each yields exactly one record: its analysis, or
an error record ``{"id", "error"}`` that never quotes the text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from socialrx.lines import Item, analyse_items, line_limit, parse_line, parse_object
from socialrx.model import CHANNELS
from socialrx.pipeline import Pipeline
from socialrx.policy import default_policy, load_policy, parse_policy

# A Parquet row's fields as an input object (absent columns are simply missing).
ROW_FIELDS = ("id", "text", "channel")


@dataclass(frozen=True, slots=True)
class Job:
    """What to run: the policy (its TOML source and where it came from; ``None`` is the
    built-in default) and the channel of items that name none."""

    policy_source: str | None = None
    policy_origin: str = "built-in default policy"
    channel: str = "outbound"

    @classmethod
    def from_file(cls, policy: str | None, channel: str = "outbound") -> Job:
        """The job of a policy file (read and validated now, so a bad policy fails before any
        input is read) and a default channel."""
        if channel not in CHANNELS:
            from socialrx.errors import InputError

            raise InputError(f"unknown channel {channel!r}; expected one of {', '.join(CHANNELS)}")
        if policy is None:
            return cls(channel=channel)
        load_policy(policy)
        with open(policy, encoding="utf-8") as f:
            return cls(f.read(), policy, channel)

    def pipeline(self) -> Pipeline:
        """This process's pipeline for the job's policy, built on first use."""
        return _pipeline(self.policy_source, self.policy_origin)


@lru_cache(maxsize=4)
def _pipeline(source: str | None, origin: str) -> Pipeline:
    policy = default_policy() if source is None else parse_policy(source, origin=origin)
    pipe = Pipeline(policy)
    _ = pipe.detectors, pipe.classifiers
    return pipe


def line_items(job: Job, first: int, lines: Sequence[bytes | None]) -> list[Item]:
    """Items of input lines numbered from ``first`` (1-based); ``None`` is an overlong line."""
    return [parse_line(raw, first + i, job.channel) for i, raw in enumerate(lines)]


def split_line(raw: bytes) -> bytes | None:
    """A line as ``LineReader`` gives it (``raw`` without its newline): ``None`` when it is
    over the limit, else without a trailing carriage return."""
    if len(raw) > line_limit():
        return None
    return raw[:-1] if raw.endswith(b"\r") else raw


def row_items(job: Job, first: int, rows: Iterable[dict[str, Any]]) -> list[Item]:
    """Items of Parquet rows numbered from ``first``; a null ``id`` or ``channel`` is absent."""
    return [
        parse_object(
            {k: v for k, v in row.items() if v is not None or k == "text"},
            str(first + i),
            job.channel,
        )
        for i, row in enumerate(rows)
    ]


def records(job: Job, items: list[Item]) -> list[dict[str, Any]]:
    """The contract record of every item, in order."""
    return [outcome.record() for outcome in analyse_items(job.pipeline(), items)]


def record_line(record: dict[str, Any]) -> str:
    """A record as the JSON line ``socialrx analyze`` writes."""
    return json.dumps(record, ensure_ascii=False)
