"""Posts, versions and reviews in the database (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import pytest
from conftest import Maker
from sqlalchemy import text

from socialrx.audit import content_hash
from socialrx.errors import ConflictError, InputError, NotFoundError, WorkflowError
from socialrx.store import audit_log, posts, reviews
from socialrx.store.database import Database
from socialrx.store.models import User

TEXT = "Join our flu clinic on Saturday at the Main Street campus."
PHI = "Zebulon Quixote had his hip replaced in Room 4B"  # synthetic


def new_post(database: Database, author: User, make: Maker, action: str = "allow",
             codes: tuple[str, ...] = (), body: str = TEXT) -> int:  # fmt: skip
    with database.transaction() as s:
        post = posts.create_post(s, author, body, make(body, action, codes), ["x", "facebook"])
        return post.id


def submit(database: Database, post_id: int, user: User) -> str:
    with database.transaction() as s:
        return posts.submit_post(s, posts.get_post(s, post_id), user).state


@pytest.mark.parametrize(("action", "state"), [("allow", "approved"), ("review", "pending"),
                                               ("block", "blocked")])  # fmt: skip
def test_submit_routes_by_analysis(database: Database, people: dict[str, User], analysis_of: Maker,
                                   action: str, state: str) -> None:  # fmt: skip
    post_id = new_post(database, people["author"], analysis_of, action)
    assert submit(database, post_id, people["author"]) == state
    with database.transaction() as s:
        post = posts.get_post(s, post_id)
        assert post.channels == ["facebook", "x"]
        assert (post.approved_hash == content_hash(TEXT)) is (state == "approved")
        queued = reviews.queue(s, "pending") + reviews.queue(s, "blocked")
        assert [r.post_id for r in queued] == ([] if state == "approved" else [post_id])


def test_review_approval_pins_the_text(database: Database, people: dict[str, User],
                                       analysis_of: Maker) -> None:  # fmt: skip
    post_id = new_post(
        database, people["author"], analysis_of, "review", ("claim.unsubstantiated",)
    )
    submit(database, post_id, people["author"])
    with database.transaction() as s:
        (review,) = reviews.queue(s)
        reviews.claim(s, review.id, people["reviewer"])
        reviews.decide(s, review.id, people["reviewer"], "approved", note="fine")
    with database.transaction() as s:
        post = posts.get_post(s, post_id)
        assert post.state == "approved"
        assert posts.pinned_text(s, post) == TEXT
        assert reviews.queue(s) == []


def test_claimed_reviews_belong_to_their_assignee(database: Database, people: dict[str, User],
                                                  analysis_of: Maker) -> None:  # fmt: skip
    post_id = new_post(database, people["author"], analysis_of, "review")
    submit(database, post_id, people["author"])
    with database.transaction() as s:
        review_id = reviews.queue(s)[0].id
        reviews.claim(s, review_id, people["reviewer"])
    with pytest.raises(ConflictError, match="claimed by another"), database.transaction() as s:
        reviews.claim(s, review_id, people["admin"])
    with pytest.raises(ConflictError, match="claimed by another"), database.transaction() as s:
        reviews.decide(s, review_id, people["admin"], "rejected")
    with pytest.raises(WorkflowError, match="cannot review"), database.transaction() as s:
        reviews.claim(s, review_id, people["author2"])


@pytest.mark.parametrize(("verdict", "role", "reason", "error", "state"), [
    ("overridden", "compliance", "signed release on file", None, "approved"),
    ("overridden", "compliance", None, "needs a reason", "blocked"),
    ("overridden", "reviewer", "ok", "only the compliance role", "blocked"),
    ("overridden", "admin", "ok", "only the compliance role", "blocked"),
    ("approved", "compliance", None, "cannot approve a blocked post", "blocked"),
])  # fmt: skip
def test_blocked_posts_need_compliance_and_a_reason(
    database: Database, people: dict[str, User], analysis_of: Maker, verdict: str, role: str,
    reason: str | None, error: str | None, state: str,
) -> None:  # fmt: skip
    post_id = new_post(database, people["author"], analysis_of, "block", ("phi.name",))
    submit(database, post_id, people["author"])
    with database.transaction() as s:
        review_id = reviews.queue(s, "blocked")[0].id
    if error is None:
        with database.transaction() as s:
            reviews.decide(s, review_id, people[role], verdict, reason=reason)  # type: ignore[arg-type]
    else:
        with pytest.raises(WorkflowError, match=error), database.transaction() as s:
            reviews.decide(s, review_id, people[role], verdict, reason=reason)  # type: ignore[arg-type]
    with database.transaction() as s:
        assert posts.get_post(s, post_id).state == state
        review = reviews.get_review(s, review_id)
        assert review.override_reason == (reason if error is None else None)


def test_an_edit_after_approval_goes_back_to_review(database: Database, people: dict[str, User],
                                                    analysis_of: Maker) -> None:  # fmt: skip
    post_id = new_post(database, people["author"], analysis_of, "allow")
    submit(database, post_id, people["author"])
    edited = TEXT + " Bring a friend."
    with database.transaction() as s:
        post = posts.edit_post(s, posts.get_post(s, post_id), people["author"], edited,
                               analysis_of(edited))  # fmt: skip
        assert (post.state, post.version, post.approved_hash) == ("pending", 2, None)
    with database.transaction() as s:
        post = posts.get_post(s, post_id)
        with pytest.raises(ConflictError, match="not approved"):
            posts.pinned_text(s, post)
        (review,) = reviews.queue(s)
        assert review.version == 2
        assert [v.text for v in post.versions] == [TEXT, edited]


def test_own_posts_are_not_approved_by_their_author(database: Database, people: dict[str, User],
                                                    analysis_of: Maker) -> None:  # fmt: skip
    post_id = new_post(database, people["reviewer"], analysis_of, "review")
    submit(database, post_id, people["reviewer"])
    with pytest.raises(WorkflowError, match="own author"), database.transaction() as s:
        reviews.decide(s, reviews.queue(s)[0].id, people["reviewer"], "approved")


def test_tampered_text_is_not_published(database: Database, people: dict[str, User],
                                        analysis_of: Maker) -> None:  # fmt: skip
    post_id = new_post(database, people["author"], analysis_of, "allow")
    submit(database, post_id, people["author"])
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE post_versions SET content_hash = :h"), {"h": "0" * 64})
    with pytest.raises(ConflictError, match="no longer matches"), database.transaction() as s:
        posts.pinned_text(s, posts.get_post(s, post_id))


@pytest.mark.parametrize("channels", [[], [""], ["x" * 65], [f"c{i}" for i in range(21)]])
def test_bad_channels(database: Database, people: dict[str, User], analysis_of: Maker,
                      channels: list[str]) -> None:  # fmt: skip
    with pytest.raises(InputError, match="target channels"), database.transaction() as s:
        posts.create_post(s, people["author"], TEXT, analysis_of(TEXT), channels)


def test_the_analysis_must_be_of_the_text(database: Database, people: dict[str, User],
                                          analysis_of: Maker) -> None:  # fmt: skip
    with pytest.raises(InputError, match="another text"), database.transaction() as s:
        posts.create_post(s, people["author"], TEXT, analysis_of("other"), ["x"])


def test_missing_records(database: Database, people: dict[str, User]) -> None:
    with pytest.raises(NotFoundError, match="no post has id 99"), database.transaction() as s:
        posts.get_post(s, 99)
    with pytest.raises(NotFoundError, match="no review has id 7"), database.transaction() as s:
        reviews.claim(s, 7, people["reviewer"])


def test_text_and_analysis_are_encrypted_at_rest(database: Database, people: dict[str, User],
                                                 analysis_of: Maker) -> None:  # fmt: skip
    post_id = new_post(database, people["author"], analysis_of, "block", ("phi.name",), PHI)
    with database.engine.connect() as connection:
        rows = connection.execute(text("SELECT text, analysis, codes FROM post_versions")).all()
    raw = repr(rows).encode() + b"".join(bytes(r[0]) + bytes(r[1]) for r in rows)
    assert b"Zebulon" not in raw and b"Quixote" not in raw
    assert "phi.name" in str(rows[0][2])  # codes stay queryable
    with database.transaction() as s:
        version = posts.current(s, posts.get_post(s, post_id))
        assert version.text == PHI
        assert version.analysis["findings"][0]["text"] == PHI[:4]
        assert (version.decision, version.policy, version.codes) == (
            "block",
            "test@3",
            ["phi.name"],
        )


def test_every_change_is_audited(database: Database, people: dict[str, User],
                                 analysis_of: Maker) -> None:  # fmt: skip
    post_id = new_post(database, people["author"], analysis_of, "review", ("advice.individual",))
    submit(database, post_id, people["author"])
    with database.transaction() as s:
        reviews.decide(s, reviews.queue(s)[0].id, people["reviewer"], "changes_requested")
        events = audit_log.events(s)
        assert audit_log.verify_log(s).ok
    post_events = [e.body for e in events if e.body.subject_type == "post"]
    assert [e.action for e in post_events] == ["post.created", "post.submitted.pending",
                                               "review.changes_requested"]  # fmt: skip
    assert {e.content_hash for e in post_events} == {content_hash(TEXT)}
    assert {e.codes for e in post_events} == {("advice.individual",)}
    assert {e.policy for e in post_events} == {"test@3"}
