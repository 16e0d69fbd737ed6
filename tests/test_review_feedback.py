"""Reviewers mark findings as false flags: stored against the version's finding (its words stay
encrypted in the version, never copied), once per reviewer, audited, shown on the review page,
summarised per code by ``socialrx feedback summary``; bad indexes and strangers are refused, and
the post's state is not changed by it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import Maker
from fastapi.testclient import TestClient
from test_store_cli import env_of, run
from test_web_consents import sign_in

from socialrx.errors import InputError, NotFoundError
from socialrx.settings import Settings
from socialrx.store import audit_log, feedback, posts, reviews, users
from socialrx.store.database import Database
from socialrx.store.models import FindingFeedback, PostVersion, User
from socialrx.web import create_app

TEXT = "Thrilled to welcome Dr. Vexamorra to our cardiology team this spring (synthetic)."


@pytest.fixture
def pending(database: Database, people: dict[str, User], analysis_of: Maker) -> tuple[int, int]:
    """A submitted post held for review with two findings: (review id, version id)."""
    with database.transaction() as s:
        author = users.by_id(s, people["author"].id)
        analysis = analysis_of(TEXT, "review", ("phi.name", "claim.unsubstantiated"))
        post = posts.create_post(s, author, TEXT, analysis, ["x"])
        posts.submit_post(s, post, author)
        return reviews.queue(s)[0].id, posts.current(s, post).id


def test_a_false_flag_is_kept_once_per_reviewer_and_audited(
    database: Database, people: dict[str, User], pending: tuple[int, int]
) -> None:
    _, version_id = pending
    with database.transaction() as s:
        reviewer = users.by_id(s, people["reviewer"].id)
        first = feedback.dispute(s, version_id, 0, reviewer, "staff member, not a patient")
        again = feedback.dispute(s, version_id, 0, reviewer, "said twice")
        compliance = users.by_id(s, people["compliance"].id)
        feedback.dispute(s, version_id, 0, compliance)
        assert first.id == again.id and (first.code, first.detector) == ("phi.name", "test")
        assert feedback.disputed(s, version_id) == {
            0: ["reviewer@example.org", "compliance@example.org"]}  # fmt: skip
        events = [e.body for e in audit_log.events(s) if e.body.action == "finding.disputed"]
        assert [(e.actor, e.subject_id, e.codes) for e in events] == [
            ("reviewer@example.org", str(version_id), ("phi.name",)),
            ("compliance@example.org", str(version_id), ("phi.name",))]  # fmt: skip
        summary = feedback.summary(s)
        assert [(r.code, r.flagged, r.disputed) for r in summary] == [("phi.name", 1, 1)]
        version = s.get(PostVersion, version_id)
        assert version is not None and version.post.state == "pending"  # the decision is theirs
    with database.engine.connect() as connection:  # the note is encrypted, the words not kept
        raw = connection.exec_driver_sql("SELECT * FROM finding_feedback").all()
    assert b"staff member" not in repr(raw).encode() and b"Vexamorra" not in repr(raw).encode()


@pytest.mark.parametrize(("index", "error", "message"),
                         [(2, InputError, "has 2 findings; there is no finding 2"),
                          (-1, InputError, "no finding -1")])  # fmt: skip
def test_a_finding_that_is_not_there_is_refused(
    database: Database, people: dict[str, User], pending: tuple[int, int], index: int,
    error: type[Exception], message: str,
) -> None:  # fmt: skip
    with pytest.raises(error, match=message), database.transaction() as s:
        feedback.dispute(s, pending[1], index, users.by_id(s, people["reviewer"].id))
    with pytest.raises(NotFoundError), database.transaction() as s:
        feedback.dispute(s, 999, 0, users.by_id(s, people["reviewer"].id))
    with database.transaction() as s:
        assert s.query(FindingFeedback).count() == 0


@pytest.fixture
def browser(database: Database, people: dict[str, User]) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url="sqlite://"), database=database)) as c:
        yield c


def test_the_review_page_marks_a_false_flag(
    browser: TestClient, database: Database, people: dict[str, User], pending: tuple[int, int]
) -> None:
    review_id, version_id = pending
    csrf = sign_in(browser, database, people, "reviewer")
    page = browser.get(f"/reviews/{review_id}").text
    assert page.count("as a false flag…</summary>") == 2
    done = browser.post(f"/reviews/{review_id}/findings/1/dispute",
                        data={"csrf_token": csrf, "note": "the study is cited"},
                        follow_redirects=False)  # fmt: skip
    assert (done.status_code, done.headers["location"]) == (303, f"/reviews/{review_id}#finding-1")
    page = browser.get(f"/reviews/{review_id}").text
    assert "marked a false flag by reviewer@example.org" in page
    assert page.count("as a false flag…</summary>") == 1  # only the other finding is offered
    missing = browser.post(f"/reviews/{review_id}/findings/7/dispute", data={"csrf_token": csrf})
    assert missing.status_code == 400 and "there is no finding 7" in missing.text
    assert browser.post(f"/reviews/{review_id}/findings/0/dispute").status_code == 403  # no CSRF
    with database.transaction() as s:
        assert feedback.disputed(s, version_id) == {1: ["reviewer@example.org"]}


def test_authors_cannot_mark_false_flags(
    browser: TestClient, database: Database, people: dict[str, User], pending: tuple[int, int]
) -> None:
    csrf = sign_in(browser, database, people, "author")
    refused = browser.post(f"/reviews/{pending[0]}/findings/0/dispute", data={"csrf_token": csrf})
    assert refused.status_code == 403
    with database.transaction() as s:
        assert feedback.disputed(s, pending[1]) == {}


def test_the_summary_from_the_command_line(
    database: Database, people: dict[str, User], pending: tuple[int, int]
) -> None:
    env = env_of(database)
    empty = run(["feedback", "summary"], env)
    assert (empty.returncode, empty.stdout) == (0, "no finding has been marked a false flag\n")
    with database.transaction() as s:
        feedback.dispute(s, pending[1], 1, users.by_id(s, people["reviewer"].id))
    shown = run(["feedback", "summary"], env)
    assert shown.stdout == "claim.unsubstantiated\t1 of 1 post versions (100%)\n"
    as_json = run(["feedback", "summary", "--json"], env).stdout
    assert re.fullmatch(r'\{"code": "claim.unsubstantiated", "flagged": 1, "disputed": 1\}\n',
                        as_json)  # fmt: skip
