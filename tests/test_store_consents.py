"""The consent register and inbound items (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from conftest import Maker
from sqlalchemy import text

from socialrx.errors import ConflictError, InputError, WorkflowError
from socialrx.store import audit_log, consents, inbound, posts, reviews
from socialrx.store.database import Database
from socialrx.store.models import User
from socialrx.store.types import utcnow

STORY = "Thanks to Ola for sharing her story, shared with her consent."  # synthetic
CODE = consents.CONSENT_CODE


def consent(database: Database, user: User, channels: tuple[str, ...] = ("x",),
            days: int | None = 30) -> int:  # fmt: skip
    now = utcnow()
    with database.transaction() as s:
        return consents.create_consent(
            s,
            user,
            "patient-017",
            "recovery story",
            list(channels),
            "DMS-4411",
            now - timedelta(days=1),
            None if days is None else now + timedelta(days=days),
        ).id


def approved_story(database: Database, people: dict[str, User], make: Maker) -> int:
    with database.transaction() as s:
        post = posts.create_post(s, people["author"], STORY, make(STORY, "review", (CODE,)), ["x"])
        posts.submit_post(s, post, people["author"])
        reviews.decide(s, reviews.queue(s)[0].id, people["reviewer"], "approved")
        return post.id


def test_revoking_a_consent_sends_linked_posts_back(database: Database, people: dict[str, User],
                                                    analysis_of: Maker) -> None:  # fmt: skip
    post_id = approved_story(database, people, analysis_of)
    consent_id = consent(database, people["compliance"])
    with database.transaction() as s:
        consents.link(s, posts.get_post(s, post_id), consents.get_consent(s, consent_id),
                      people["compliance"])  # fmt: skip
    with database.transaction() as s:
        lapsed = consents.revoke(s, consents.get_consent(s, consent_id), "compliance@example.org")
        assert [p.id for p in lapsed] == [post_id]
    with database.transaction() as s:
        assert posts.get_post(s, post_id).state == "pending"
        assert [r.post_id for r in reviews.queue(s)] == [post_id]
        actions = [e.body.action for e in audit_log.events(s)]
    assert actions[-3:] == ["consent.linked", "consent.revoked", "post.consent_lapsed"]
    with pytest.raises(ConflictError, match="already revoked"), database.transaction() as s:
        consents.revoke(s, consents.get_consent(s, consent_id), "x")


def test_expired_consents_lapse(database: Database, people: dict[str, User],
                                analysis_of: Maker) -> None:  # fmt: skip
    post_id = approved_story(database, people, analysis_of)
    consent_id = consent(database, people["compliance"], days=2)
    with database.transaction() as s:
        consents.link(s, posts.get_post(s, post_id), consents.get_consent(s, consent_id),
                      people["compliance"])  # fmt: skip
    with database.transaction() as s:
        assert consents.lapse_expired(s, "scheduler") == []
        later = utcnow() + timedelta(days=3)
        assert [p.id for p in consents.lapse_expired(s, "scheduler", later)] == [post_id]
        assert posts.get_post(s, post_id).state == "pending"


@pytest.mark.parametrize(("case", "error"), [
    ("no claim", "not flagged"), ("revoked", "revoked, expired"), ("channels", "does not cover"),
    ("twice", "already linked"),
])  # fmt: skip
def test_link_rules(database: Database, people: dict[str, User], analysis_of: Maker, case: str,
                    error: str) -> None:  # fmt: skip
    codes = () if case == "no claim" else (CODE,)
    with database.transaction() as s:
        post = posts.create_post(s, people["author"], STORY, analysis_of(STORY, "review", codes),
                                 ["x", "facebook"] if case == "channels" else ["x"])  # fmt: skip
        post_id = post.id
    consent_id = consent(database, people["compliance"])
    with database.transaction() as s:
        c = consents.get_consent(s, consent_id)
        if case == "revoked":
            consents.revoke(s, c, "compliance@example.org")
        if case == "twice":
            consents.link(s, posts.get_post(s, post_id), c, people["compliance"])
    with pytest.raises((WorkflowError, ConflictError), match=error), database.transaction() as s:
        consents.link(s, posts.get_post(s, post_id), consents.get_consent(s, consent_id),
                      people["compliance"])  # fmt: skip


@pytest.mark.parametrize(("alias", "scope", "ref", "days"), [
    ("", "story", "DMS-1", 30), ("p", " ", "DMS-1", 30), ("p", "story", "", 30),
    ("p" * 201, "story", "DMS-1", 30), ("p", "story", "DMS-1", -2),
])  # fmt: skip
def test_consent_validation(database: Database, people: dict[str, User], alias: str, scope: str,
                            ref: str, days: int) -> None:  # fmt: skip
    now = utcnow()
    with pytest.raises(InputError), database.transaction() as s:
        consents.create_consent(s, people["compliance"], alias, scope, ["x"], ref, now,
                                now + timedelta(days=days))  # fmt: skip


CRISIS = "i cant do this anymore, goodbye everyone"  # synthetic


def test_ingest_is_idempotent(database: Database, analysis_of: Maker) -> None:
    item = analysis_of(CRISIS, channel="inbound", labels=("crisis", "toxicity"))
    with database.transaction() as s:
        first, new = inbound.ingest(s, "x", "tweet-1", "@someone", item, "ingest")
        again, new_again = inbound.ingest(s, "x", "tweet-1", "@someone", item, "ingest")
        other, new_other = inbound.ingest(s, "facebook", "tweet-1", "@someone", item, "ingest")
    assert (new, new_again, new_other) == (True, False, True)
    assert first.id == again.id != other.id
    assert first.queue == "crisis" and first.labels[0] == {"name": "crisis", "score": 0.9}
    with database.transaction() as s:
        assert len(inbound.items(s, label="crisis")) == 2
        assert inbound.items(s, label="complaint") == []
        assert inbound.items(s, label="cris") == []
        assert len(inbound.items(s, queue="crisis")) == 2
    with database.engine.connect() as connection:
        raw = connection.execute(text("SELECT text, author_handle FROM inbound_items")).all()
    assert b"goodbye" not in b"".join(bytes(r[0]) for r in raw)
    assert b"someone" not in b"".join(bytes(r[1]) for r in raw)


def test_concurrent_ingests_store_one_item(database: Database, analysis_of: Maker) -> None:
    item = analysis_of("great staff, thanks", channel="inbound", labels=("praise",))
    results: list[bool] = []

    def ingest() -> None:
        with database.transaction() as s:
            results.append(inbound.ingest(s, "x", "dup-7", "@fan", item, "ingest")[1])

    threads = [threading.Thread(target=ingest) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 5 + [True]


def test_unlabelled_items_go_to_general(database: Database, people: dict[str, User],
                                        analysis_of: Maker) -> None:  # fmt: skip
    item = analysis_of("what time do you open?", channel="inbound")
    with database.transaction() as s:
        stored, _ = inbound.ingest(s, "x", "q-1", "@asker", item, "ingest")
        assert stored.queue == "general"
        assigned = inbound.assign(s, stored.id, people["reviewer"], "admin@example.org")
        assert (assigned.state, assigned.assignee_id) == ("assigned", people["reviewer"].id)


@pytest.mark.parametrize(("channel", "external_id", "handle"), [
    ("", "1", "@a"), ("x", "", "@a"), ("x", "1", " "), ("x" * 65, "1", "@a"),
])  # fmt: skip
def test_ingest_validation(database: Database, analysis_of: Maker, channel: str,
                           external_id: str, handle: str) -> None:  # fmt: skip
    with pytest.raises(InputError, match="an inbound item needs"), database.transaction() as s:
        inbound.ingest(s, channel, external_id, handle, analysis_of("hi there"), "ingest")


def test_an_edited_item_replaces_its_text_and_triage(database: Database,
                                                     analysis_of: Maker) -> None:  # fmt: skip
    calm = analysis_of("the parking was easy today", channel="inbound", labels=("praise",))
    worse = analysis_of(CRISIS, channel="inbound", labels=("crisis",))
    with database.transaction() as s:
        first, _ = inbound.ingest(s, "x", "tweet-7", "@someone", calm, "ingest")
        inbound.resolve(s, first.id, "reviewer@example.org")
        same, new = inbound.ingest(s, "x", "tweet-7", "@someone", calm, "ingest")
        assert (same.id, new, same.state) == (first.id, False, "closed")  # nothing changed
        edited, new = inbound.ingest(s, "x", "tweet-7", "@someone", worse, "ingest")
        assert (edited.id, new) == (first.id, False)
        assert (edited.text, edited.queue, edited.state) == (CRISIS, "crisis", "open")
        actions = [e.body.action for e in audit_log.events(s) if e.body.subject_type == "inbound"]
    assert actions == ["inbound.ingested", "inbound.resolved", "inbound.edited"]
