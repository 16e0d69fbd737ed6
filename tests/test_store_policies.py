"""Policy versions in the store: the built-in default until something is saved, then each save
is the next number, carried in the saved text, audited with its hash; stale, empty, unchanged
and invalid saves are refused and leave nothing behind; the database refuses to rewrite a
version."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from socialrx.audit import content_hash
from socialrx.errors import ConflictError, InputError, NotFoundError, PolicyError
from socialrx.policy_edit import Lists, edit, lists_of
from socialrx.store import audit_log, policies
from socialrx.store.database import Database

ACTOR = "cora@example.org"


def with_phrases(source: str, **phrases: tuple[str, ...]) -> str:
    saved = lists_of(policies.builtin().policy)
    return edit(source, Lists(allow=saved.allow, phrases=phrases))[0]


def save(database: Database, source: str, note: str = "add competitors", base: int = 1) -> int:
    with database.transaction() as s:
        return policies.save(s, source, ACTOR, note, base).number


def test_nothing_saved_means_the_built_in_default(database: Database) -> None:
    with database.transaction() as s:
        now = policies.current(s)
        assert policies.latest_number(s) is None
        assert [v.number for v in policies.lineage(s)] == [1]
    assert (now.number, now.policy.ref, now.saved_at) == (1, "default@1", None)


def test_each_save_is_the_next_version_and_is_audited(database: Database) -> None:
    first = with_phrases(policies.builtin().source, competitors=("SuperClinic",))
    assert save(database, first) == 2
    second = with_phrases(first, competitors=("SuperClinic", "Acme Health"))
    assert save(database, second, "and Acme", base=2) == 3
    with database.transaction() as s:
        now = policies.current(s)
        assert [v.number for v in policies.lineage(s)] == [3, 2, 1]
        assert policies.version(s, 1).source == policies.builtin().source  # still readable
        events = [e.body for e in audit_log.events(s) if e.body.action == "policy.changed"]
    assert now.policy.ref == "default@3" and "version = 3" in now.source
    assert (now.actor, now.note) == (ACTOR, "and Acme")
    assert lists_of(now.policy).phrases == {"competitors": ("SuperClinic", "Acme Health")}
    assert [(e.subject_id, e.policy, e.actor) for e in events] == [
        ("2", "default@2", ACTOR), ("3", "default@3", ACTOR)]  # fmt: skip
    assert events[-1].content_hash == content_hash(now.source) == now.sha256


@pytest.mark.parametrize(
    ("source", "note", "base", "error", "message"),
    [
        ("CHANGED", "ok", 0, ConflictError, "changed since version 0"),
        ("CHANGED", "   ", 1, InputError, "say what changed and why"),
        ("CHANGED", "x" * 1001, 1, InputError, "1 to 1000"),
        ("SAME", "ok", 1, InputError, "nothing changed"),
        (
            'name = "x"\nversion = 1\n[actions]\ndefault = "shred"',
            "ok",
            1,
            PolicyError,
            "must be one of",
        ),
        ("name = [", "ok", 1, PolicyError, "not valid TOML"),
        (
            'name = "x"\nversion = 1\n[detectors.lexicon.lists]\n"Bad Name" = ["a"]',
            "ok",
            1,
            PolicyError,
            "lower-case letters",
        ),
    ],
)
def test_bad_saves_are_refused_and_leave_nothing(
    database: Database, source: str, note: str, base: int, error: type[Exception], message: str
) -> None:
    builtin = policies.builtin().source
    source = {"CHANGED": with_phrases(builtin, banned=("miracle",)), "SAME": builtin}.get(
        source, source
    )
    with pytest.raises(error, match=message), database.transaction() as s:
        policies.save(s, source, ACTOR, note, base)
    with database.transaction() as s:
        assert policies.latest_number(s) is None
        assert audit_log.events(s) == []


def test_a_save_based_on_an_older_version_is_refused(database: Database) -> None:
    builtin = policies.builtin().source
    save(database, with_phrases(builtin, banned=("miracle",)))
    with pytest.raises(ConflictError, match="it is now version 2"):
        save(database, with_phrases(builtin, competitors=("Acme",)))  # still based on 1


def test_an_unknown_version_is_not_found(database: Database) -> None:
    with pytest.raises(NotFoundError, match="no policy version has id 9"), \
            database.transaction() as s:  # fmt: skip
        policies.version(s, 9)


@pytest.mark.parametrize("statement", ["UPDATE policy_versions SET note = 'nothing to see'",
                                       "DELETE FROM policy_versions"])  # fmt: skip
def test_the_database_refuses_to_rewrite_a_version(database: Database, statement: str) -> None:
    save(database, with_phrases(policies.builtin().source, banned=("miracle",)))
    with pytest.raises(DBAPIError), database.engine.begin() as connection:
        connection.execute(text(statement))
    with database.transaction() as s:
        assert policies.current(s).note == "add competitors"
