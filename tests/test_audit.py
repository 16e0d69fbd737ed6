"""The audit chain (pure): canonical encoding, sealing, and verify() pinpointing the first
modified, deleted or reordered event."""

from __future__ import annotations

import dataclasses
import hashlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialrx.audit import (
    GENESIS,
    Event,
    EventBody,
    canonical,
    chain_hash,
    content_hash,
    decode,
    seal,
    verify,
)


def body(seq: int, **changes: object) -> EventBody:
    fields: dict[str, object] = {
        "seq": seq, "at": f"2026-03-02T09:{seq % 60:02d}:00.000000+00:00",
        "actor": "ann@example.org", "action": "post.created", "subject_type": "post",
        "subject_id": str(seq), "policy": "default@1", "content_hash": "ab" * 32,
        "codes": ("phi.name",),
    }  # fmt: skip
    fields.update(changes)
    return EventBody(**fields)  # type: ignore[arg-type]


def chain(n: int) -> list[Event]:
    events: list[Event] = []
    for seq in range(1, n + 1):
        events.append(seal(body(seq), events[-1].hash if events else GENESIS))
    return events


def test_canonical_encoding_is_sorted_compact_utf8() -> None:
    data = canonical(body(1, actor="zoë@example.org", codes=("a", "b")))
    text = data.decode("utf-8")
    assert " " not in text.replace("zoë", "")
    assert "zoë" in text  # UTF-8, not \\u escapes
    keys = list(json.loads(text))
    assert keys == sorted(keys)
    assert text.startswith('{"action":"post.created","actor":')


def test_hash_is_sha256_over_prev_hash_and_canonical_body() -> None:
    b = body(1)
    expected = hashlib.sha256(GENESIS.encode() + canonical(b)).hexdigest()
    assert seal(b).hash == expected == chain_hash(GENESIS, b)


def test_content_hash_is_sha256_of_the_exact_text() -> None:
    assert content_hash("héllo") == hashlib.sha256("héllo".encode()).hexdigest()
    assert content_hash("hello ") != content_hash("hello")


@pytest.mark.parametrize("n", [0, 1, 2, 10])
def test_an_intact_chain_verifies(n: int) -> None:
    verdict = verify(chain(n))
    assert verdict.ok and verdict.count == n
    assert verdict.head == (chain(n)[-1].hash if n else GENESIS)


def modify(events: list[Event], i: int) -> list[Event]:
    e = events[i]
    return [*events[:i], Event(dataclasses.replace(e.body, actor="mallory"), e.prev_hash, e.hash),
            *events[i + 1 :]]  # fmt: skip


def rehash(events: list[Event], i: int) -> list[Event]:
    """Modify event i and recompute its own hash (the next link breaks)."""
    e = events[i]
    return [*events[:i], seal(dataclasses.replace(e.body, actor="mallory"), e.prev_hash),
            *events[i + 1 :]]  # fmt: skip


def swap_seq(events: list[Event], i: int) -> list[Event]:
    """Swap the seq of events i and i+1 and re-sort, as an UPDATE of the seq column would."""
    a, b = events[i], events[i + 1]
    a2 = Event(dataclasses.replace(a.body, seq=b.body.seq), a.prev_hash, a.hash)
    b2 = Event(dataclasses.replace(b.body, seq=a.body.seq), b.prev_hash, b.hash)
    return [*events[:i], b2, a2, *events[i + 2 :]]


TAMPER = [
    ("modify first", lambda es: modify(es, 0), "modified", 1),
    ("modify middle", lambda es: modify(es, 3), "modified", 4),
    ("modify last", lambda es: modify(es, 5), "modified", 6),
    ("rehash middle", lambda es: rehash(es, 2), "modified", 3),
    ("delete first", lambda es: es[1:], "deleted", 1),
    ("delete middle", lambda es: es[:2] + es[3:], "deleted", 3),
    ("delete two", lambda es: es[:2] + es[4:], "deleted", 3),
    ("reorder", lambda es: swap_seq(es, 2), "reordered", 3),
    ("reorder first", lambda es: swap_seq(es, 0), "reordered", 1),
    ("out of order", lambda es: [es[0], es[2], es[1], *es[3:]], "reordered", 2),
]  # fmt: skip


@pytest.mark.parametrize(("name", "tamper", "problem", "seq"), TAMPER, ids=[t[0] for t in TAMPER])
def test_verify_pinpoints_the_first_problem(name: str, tamper: object, problem: str,
                                            seq: int) -> None:  # fmt: skip
    verdict = verify(tamper(chain(6)))  # type: ignore[operator]
    assert (verdict.ok, verdict.problem, verdict.seq) == (False, problem, seq)
    assert verdict.detail and "mallory" not in verdict.detail


def test_truncating_the_newest_events_is_visible_only_in_the_head() -> None:
    full, short = verify(chain(6)), verify(chain(6)[:4])
    assert short.ok and short.head != full.head


codes = st.lists(st.text(min_size=1, max_size=12), max_size=4).map(tuple)
bodies = st.builds(
    EventBody,
    seq=st.integers(1, 10**9), at=st.text(max_size=40), actor=st.text(max_size=40),
    action=st.text(max_size=30), subject_type=st.text(max_size=10),
    subject_id=st.text(max_size=20), policy=st.none() | st.text(max_size=20),
    content_hash=st.none() | st.text("0123456789abcdef", min_size=64, max_size=64),
    codes=codes,
)  # fmt: skip


@given(bodies)
def test_canonical_round_trip(b: EventBody) -> None:
    assert decode(canonical(b)) == b
    assert canonical(decode(canonical(b))) == canonical(b)


@given(st.lists(st.text(max_size=30), min_size=1, max_size=12), st.data())
def test_any_single_change_is_detected(actors: list[str], data: st.DataObject) -> None:
    events: list[Event] = []
    for seq, actor in enumerate(actors, start=1):
        events.append(seal(body(seq, actor=actor), events[-1].hash if events else GENESIS))
    assert verify(events).ok
    i = data.draw(st.integers(0, len(events) - 1))
    new_actor = data.draw(st.text(max_size=30).filter(lambda a: a != actors[i]))
    tampered = [*events]
    tampered[i] = Event(dataclasses.replace(events[i].body, actor=new_actor),
                        events[i].prev_hash, events[i].hash)  # fmt: skip
    verdict = verify(tampered)
    assert (verdict.problem, verdict.seq) == ("modified", i + 1)
