"""The audit chain: append-only events, each sealed with SHA-256 over the previous event's hash
and its own canonical encoding. Pure: no database, no clock.

Canonical encoding of an event's body (every field except ``hash``): JSON, keys sorted, no
whitespace (``","`` and ``":"`` separators), non-ASCII kept as UTF-8, then encoded as UTF-8::

    hash = sha256(prev_hash as ASCII hex ‖ canonical(body)).hexdigest()

The first event's ``prev_hash`` is ``GENESIS`` (64 zeros). ``verify`` walks the events in
``seq`` order and reports the first one that was modified, deleted or reordered.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

GENESIS = "0" * 64
Problem = Literal["modified", "deleted", "reordered"]


@dataclass(frozen=True, slots=True)
class EventBody:
    """What happened: who did what to which subject, when, under which policy version, over
    which exact text (its SHA-256) and with which finding codes. Never any text."""

    seq: int
    at: str  # ISO 8601, UTC
    actor: str
    action: str
    subject_type: str
    subject_id: str
    policy: str | None = None
    content_hash: str | None = None
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    body: EventBody
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of ``verify``: ok, or the first problem found and where."""

    count: int
    head: str  # the hash of the last event (GENESIS when empty): keep it outside to spot truncation
    problem: Problem | None = None
    seq: int | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the exact text, UTF-8: what an approval pins and an event names."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical(body: EventBody) -> bytes:
    """The one byte encoding of a body that its hash covers."""
    fields: dict[str, Any] = asdict(body)
    fields["codes"] = list(body.codes)
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def decode(data: bytes) -> EventBody:
    """The body whose canonical encoding is ``data``."""
    fields = json.loads(data.decode("utf-8"))
    fields["codes"] = tuple(fields["codes"])
    return EventBody(**fields)


def chain_hash(prev_hash: str, body: EventBody) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(body)).hexdigest()


def seal(body: EventBody, prev_hash: str = GENESIS) -> Event:
    """The event appending ``body`` after the event whose hash is ``prev_hash``."""
    return Event(body, prev_hash, chain_hash(prev_hash, body))


def verify(events: Iterable[Event]) -> Verdict:
    """Check a chain given in ``seq`` order (as stored); the first problem wins:

    - ``deleted``: a ``seq`` is missing (an event was removed);
    - ``reordered``: an event follows another event than the one its ``prev_hash`` names;
    - ``modified``: an event's body no longer matches its hash, or its hash was rewritten so
      that the next event's link is broken.

    Removing the newest events leaves a valid shorter chain: compare ``head`` with a copy kept
    elsewhere to detect that.
    """
    chain: Sequence[Event] = list(events)
    hashes, seqs = {e.hash for e in chain}, {e.body.seq for e in chain}
    head = GENESIS
    for expected, event in enumerate(chain, start=1):
        problem = _problem(event, expected, head, hashes, seqs)
        if problem is not None:
            return Verdict(len(chain), head, *problem)
        head = event.hash
    return Verdict(len(chain), head)


def _problem(
    event: Event, expected: int, head: str, hashes: set[str], seqs: set[int]
) -> tuple[Problem, int, str] | None:
    seq = event.body.seq
    if seq != expected:
        if expected in seqs:
            return "reordered", expected, f"event {seq} is stored where event {expected} belongs"
        return "deleted", expected, f"event {expected} is missing (the next stored is {seq})"
    if event.prev_hash != head:
        if event.prev_hash in hashes:
            return "reordered", seq, f"event {seq} does not follow the event stored before it"
        if seq == 1:
            return "modified", seq, "event 1 does not start from the genesis hash"
        return "modified", seq - 1, f"event {seq - 1} was rewritten: event {seq} no longer links"
    if chain_hash(event.prev_hash, event.body) != event.hash:
        return "modified", seq, f"event {seq} does not match its hash"
    return None
