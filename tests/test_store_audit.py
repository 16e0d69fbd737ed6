"""The stored audit chain: tampering directly in SQL (modify, delete, reorder) is reported at
the right event; appends never fork the chain."""

from __future__ import annotations

import threading

import pytest
from conftest import drop_audit_guard
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from socialrx.audit import GENESIS
from socialrx.store import audit_log
from socialrx.store.database import Database

TAMPER = [
    ("modify actor", ["UPDATE audit_events SET actor = 'mallory' WHERE seq = 3"], "modified", 3),
    ("modify codes", ["UPDATE audit_events SET codes = '[]' WHERE seq = 5"], "modified", 5),
    ("modify time", ["UPDATE audit_events SET at = '2020-01-01T00:00:00+00:00' WHERE seq = 1"],
     "modified", 1),
    ("modify hash", ["UPDATE audit_events SET hash = :fake WHERE seq = 2"], "modified", 2),
    ("delete", ["DELETE FROM audit_events WHERE seq = 4"], "deleted", 4),
    ("delete first", ["DELETE FROM audit_events WHERE seq = 1"], "deleted", 1),
    ("reorder", ["UPDATE audit_events SET seq = 0 WHERE seq = 2",
                 "UPDATE audit_events SET seq = 2 WHERE seq = 3",
                 "UPDATE audit_events SET seq = 3 WHERE seq = 0"], "reordered", 2),
]  # fmt: skip


def fill(database: Database, n: int = 6) -> None:
    with database.transaction() as s:
        for i in range(n):
            audit_log.append(s, "ann@example.org", "post.created", ("post", i),
                             policy="default@1", codes=["phi.name", "phi.date"])  # fmt: skip


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET actor = 'mallory' WHERE seq = 1",
                                       "DELETE FROM audit_events WHERE seq = 2"])  # fmt: skip
def test_the_database_refuses_to_change_audit_events(database: Database, statement: str) -> None:
    fill(database)
    with pytest.raises(DBAPIError), database.engine.begin() as connection:
        connection.execute(text(statement))
    with database.transaction() as s:
        verdict = audit_log.verify_log(s)
    assert verdict.ok
    assert verdict.count == 6


@pytest.mark.parametrize(("name", "statements", "problem", "seq"), TAMPER,
                         ids=[t[0] for t in TAMPER])  # fmt: skip
def test_tampering_in_sql_is_reported(database: Database, name: str, statements: list[str],
                                      problem: str, seq: int) -> None:  # fmt: skip
    fill(database)
    with database.transaction() as s:
        assert audit_log.verify_log(s).ok
    with database.engine.begin() as connection:
        drop_audit_guard(connection)  # someone with the rights to drop the database's guard
        for statement in statements:
            connection.execute(text(statement), {"fake": "f" * 64})
    with database.transaction() as s:
        verdict = audit_log.verify_log(s)
    assert (verdict.ok, verdict.problem, verdict.seq) == (False, problem, seq)


def test_events_are_stored_as_sealed(database: Database) -> None:
    fill(database, 3)
    with database.transaction() as s:
        events = audit_log.events(s)
        assert [e.body.seq for e in events] == [1, 2, 3]
        assert events[0].prev_hash == GENESIS
        assert events[0].body.codes == ("phi.date", "phi.name")  # sorted, unique
        assert [e.body.seq for e in audit_log.events(s, after=1, limit=1)] == [2]
        verdict = audit_log.verify_log(s)
    assert verdict.ok and verdict.count == 3 and verdict.head == events[-1].hash


def test_an_empty_chain_verifies(database: Database) -> None:
    with database.transaction() as s:
        verdict = audit_log.verify_log(s)
    assert verdict.ok and verdict.count == 0 and verdict.head == GENESIS


def test_a_rolled_back_change_leaves_no_event(database: Database) -> None:
    fill(database, 1)
    with pytest.raises(RuntimeError), database.transaction() as s:
        audit_log.append(s, "ann@example.org", "post.created", ("post", 9))
        raise RuntimeError("the change failed")
    with database.transaction() as s:
        assert len(audit_log.events(s)) == 1


def test_concurrent_appends_keep_one_chain(database: Database) -> None:
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(10):
                with database.transaction() as s:
                    audit_log.append(s, f"w{n}@example.org", "inbound.ingested", ("inbound", i))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with database.transaction() as s:
        verdict = audit_log.verify_log(s)
    assert verdict.ok and verdict.count == 40
