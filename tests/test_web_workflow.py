"""The review workflow over HTTP: drafts, submit, the review queue, overrides, consents,
inbound triage and the audit trail — every transition with the role that may make it."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from conftest import Api

from socialrx.store.database import Database

DISCLOSURE = "Congrats to our patient Maria Gonzalez, who rang the bell after her last chemo!"
CLAIM = "Our new stem cell therapy cures arthritis in 100% of cases, guaranteed!"
CLEAN = "Our flu clinic is open Saturday 9am-1pm at the Westside campus. No appointment needed."
CONSENT = "Shared with her permission: after six rounds of treatment she is home and thriving."
CRISIS = "my dad has chest pain and can't breathe, his lips are turning blue, what do we do??"


def draft(api: Api, text: str, who: str = "author", kind: str = "post") -> Any:
    body = {"text": text, "channels": ["mastodon", "facebook"], "kind": kind}
    post = api.ok(who, "POST", "/api/v1/posts", body)
    assert post["state"] == "draft"
    return post


def test_a_clean_post_is_approved_on_submit_and_pinned(api: Api) -> None:
    post = draft(api, CLEAN)
    assert post["analysis"]["decision"] == "allow"
    submitted = api.ok("author", "POST", f"/api/v1/posts/{post['id']}/submit")
    assert submitted["state"] == "approved"
    assert submitted["approved_hash"] == submitted["content_hash"]


def test_a_held_post_is_reviewed_and_an_edit_sends_it_back(api: Api) -> None:
    post = draft(api, CLAIM)
    assert api.ok("author", "POST", f"/api/v1/posts/{post['id']}/submit")["state"] == "pending"
    queue = api.ok("reviewer", "GET", "/api/v1/reviews?state=pending")
    review = next(r for r in queue if r["post_id"] == post["id"])
    assert review["post"]["text"] == CLAIM
    claimed = api.ok("reviewer", "POST", f"/api/v1/reviews/{review['id']}/claim")
    assert claimed["assignee"] == "reviewer@example.org"
    other = api.call("compliance", "POST", f"/api/v1/reviews/{review['id']}/approve", {})
    assert other.status_code == 409  # claimed by someone else
    done = api.ok("reviewer", "POST", f"/api/v1/reviews/{review['id']}/approve", {"note": "ok"})
    assert (done["verdict"], done["post_state"]) == ("approved", "approved")
    edited = api.ok("author", "PUT", f"/api/v1/posts/{post['id']}", {"text": CLAIM + " Call us."})
    assert edited["state"] == "pending"
    assert edited["version"] == 2
    assert edited["approved_hash"] is None


def test_changes_requested_then_edited_then_resubmitted(api: Api) -> None:
    post = draft(api, CLAIM)
    api.ok("author", "POST", f"/api/v1/posts/{post['id']}/submit")
    review = api.ok("reviewer", "GET", "/api/v1/reviews")[0]
    asked = api.ok("reviewer", "POST", f"/api/v1/reviews/{review['id']}/request-changes",
                   {"note": "drop the 100% claim"})  # fmt: skip
    assert asked["post_state"] == "changes_requested"
    edited = api.ok("author", "PUT", f"/api/v1/posts/{post['id']}", {"text": CLEAN})
    assert edited["state"] == "draft"
    assert api.ok("author", "POST", f"/api/v1/posts/{post['id']}/submit")["state"] == "approved"


def test_a_block_is_overridden_only_by_compliance_with_a_reason(api: Api) -> None:
    post = draft(api, DISCLOSURE)
    assert post["analysis"]["decision"] == "block"
    assert api.ok("author", "POST", f"/api/v1/posts/{post['id']}/submit")["state"] == "blocked"
    review = api.ok("compliance", "GET", "/api/v1/reviews?state=blocked")[0]
    path = f"/api/v1/reviews/{review['id']}"
    assert api.call("reviewer", "POST", f"{path}/approve", {}).status_code == 409
    assert api.call("reviewer", "POST", f"{path}/override", {"reason": "x"}).status_code == 403
    assert api.call("compliance", "POST", f"{path}/override", {}).status_code == 422
    assert api.call("compliance", "POST", f"{path}/override", {"reason": ""}).status_code == 422
    done = api.ok("compliance", "POST", f"{path}/override",
                  {"reason": "signed release on file, family asked for the post"})  # fmt: skip
    assert (done["verdict"], done["post_state"]) == ("overridden", "approved")


def test_nobody_approves_their_own_post(api: Api) -> None:
    post = draft(api, CLAIM, who="reviewer")
    api.ok("reviewer", "POST", f"/api/v1/posts/{post['id']}/submit")
    review = api.ok("reviewer", "GET", "/api/v1/reviews")[0]
    response = api.call("reviewer", "POST", f"/api/v1/reviews/{review['id']}/approve", {})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"


def test_people_see_only_their_own_posts_unless_they_review(api: Api) -> None:
    post = draft(api, CLEAN)
    path = f"/api/v1/posts/{post['id']}"
    assert api.call("author2", "GET", path).status_code == 404
    assert api.call("author2", "PUT", path, {"text": CLEAN}).status_code == 404
    assert api.call("author2", "POST", f"{path}/submit").status_code == 404
    for reader in ("reviewer", "compliance", "admin"):
        assert api.call(reader, "GET", path).status_code == 200
    assert api.call("author", "GET", "/api/v1/posts/999999").status_code == 404


def test_review_replies_are_checked_strictly(api: Api) -> None:
    reply = "Thanks for sharing, we're glad your knee surgery went well and hope you're healing!"
    post = draft(api, reply, kind="reply")
    assert post["analysis"]["channel"] == "reply"
    assert post["analysis"]["decision"] == "block"


def test_consents_tie_to_posts_and_revocation_sends_them_back(api: Api) -> None:
    body = {"subject_alias": "patient-story-0042", "scope": "recovery story, first name only",
            "channels": ["mastodon", "facebook"], "document_ref": "DMS-2026-0042",
            "valid_from": "2026-01-01T00:00:00Z"}  # fmt: skip
    assert api.call("author", "POST", "/api/v1/consents", body).status_code == 403
    consent = api.ok("compliance", "POST", "/api/v1/consents", body)
    assert consent["in_force"] is True
    post = draft(api, CONSENT)
    assert "disclosure.consent_claimed" in {f["code"] for f in post["analysis"]["findings"]}
    linked = api.ok("author", "POST", f"/api/v1/posts/{post['id']}/consents",
                    {"consent_id": consent["id"]})  # fmt: skip
    assert linked["consents"] == [consent["id"]]
    api.ok("author", "POST", f"/api/v1/posts/{post['id']}/submit")
    review = api.ok("reviewer", "GET", "/api/v1/reviews")[0]
    api.ok("reviewer", "POST", f"/api/v1/reviews/{review['id']}/approve", {})
    revoked = api.ok("compliance", "POST", f"/api/v1/consents/{consent['id']}/revoke")
    assert (revoked["in_force"], revoked["posts"]) == (False, [post["id"]])
    assert api.ok("author", "GET", f"/api/v1/posts/{post['id']}")["state"] == "pending"
    clean = draft(api, CLEAN)
    refused = api.call("author", "POST", f"/api/v1/posts/{clean['id']}/consents",
                       {"consent_id": consent["id"]})  # fmt: skip
    assert refused.status_code == 409


def test_inbound_is_triaged_idempotent_and_filterable(api: Api) -> None:
    item = {"text": CRISIS, "channel": "mastodon", "external_id": "m-1", "author_handle": "@a"}
    assert api.call("author", "POST", "/api/v1/inbound", item).status_code == 403
    first = api.ok("admin", "POST", "/api/v1/inbound", item)
    assert first["created"] is True
    assert first["labels"][0]["name"] == "crisis"
    assert first["queue"] == "crisis"
    again = api.ok("admin", "POST", "/api/v1/inbound", item)
    assert (again["id"], again["created"]) == (first["id"], False)
    api.ok("admin", "POST", "/api/v1/inbound", {**item, "external_id": "m-2", "text": CLEAN})
    crises = api.ok("author", "GET", "/api/v1/inbound?label=crisis")
    assert [i["id"] for i in crises] == [first["id"]]
    assigned = api.ok("author", "POST", f"/api/v1/inbound/{first['id']}/assign",
                      {"email": "reviewer@example.org"})  # fmt: skip
    assert (assigned["state"], assigned["assignee"]) == ("assigned", "reviewer@example.org")


def test_every_decision_is_in_a_verifiable_audit_trail(api: Api) -> None:
    post = draft(api, DISCLOSURE)
    api.ok("author", "POST", f"/api/v1/posts/{post['id']}/submit")
    assert api.call("author", "GET", "/api/v1/audit").status_code == 403
    events = api.ok("compliance", "GET", "/api/v1/audit?limit=1000")
    mine = [e for e in events if e["subject_type"] == "post" and e["subject_id"] == str(post["id"])]
    assert [e["action"] for e in mine] == ["post.created", "post.submitted.blocked"]
    assert mine[-1]["content_hash"] == post["content_hash"]
    assert "disclosure.patient" in mine[-1]["codes"]
    assert mine[-1]["policy"] == "default@1"
    assert "Maria" not in str(events)
    verdict = api.ok("admin", "GET", "/api/v1/audit/verify")
    assert verdict["ok"] is True
    assert verdict["count"] == len(events)


def test_an_expired_consent_sends_its_approved_posts_back_to_review(
    api: Api, database: Database
) -> None:
    from socialrx.web.chores import lapse_expired_consents

    soon = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()
    body = {"subject_alias": "story-0099", "scope": "recovery story", "channels": ["mastodon"],
            "document_ref": "DMS-2026-0099", "valid_from": "2026-01-01T00:00:00Z",
            "valid_until": soon}  # fmt: skip
    consent = api.ok("compliance", "POST", "/api/v1/consents", body)
    post = api.ok("author", "POST", "/api/v1/posts", {"text": CONSENT, "channels": ["mastodon"]})
    api.ok("author", "POST", f"/api/v1/posts/{post['id']}/consents", {"consent_id": consent["id"]})
    api.ok("author", "POST", f"/api/v1/posts/{post['id']}/submit")
    review = api.ok("reviewer", "GET", "/api/v1/reviews")[0]
    api.ok("reviewer", "POST", f"/api/v1/reviews/{review['id']}/approve", {})
    assert lapse_expired_consents(database) == 0  # still in force
    time.sleep(2.1)
    assert lapse_expired_consents(database) == 1
    assert api.ok("author", "GET", f"/api/v1/posts/{post['id']}")["state"] == "pending"
    assert lapse_expired_consents(database) == 0  # idempotent
