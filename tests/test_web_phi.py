"""PHI hygiene: unique synthetic identifiers planted in every kind of input never reach a log
line (any logger, any level) nor an error answer, whatever the flow or failure."""

from __future__ import annotations

import logging

import pytest
from conftest import Api

PLANTED = {
    "name": "Quillon Vexamorra",
    "mrn": "MRN 88442217",
    "handle": "@vexamorra_q",
    "note": "Ostrava-Nightjar",
    "alias": "Zephyrine-Okonkwo-Tal",
}


def test_planted_phi_never_reaches_logs_or_errors(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, every level
    name, mrn = PLANTED["name"], PLANTED["mrn"]
    errors: list[str] = []

    def fail(who: str, method: str, path: str, body: object) -> None:
        response = api.call(who, method, path, body)
        assert response.status_code >= 400
        errors.append(response.text)

    text = f"Congrats to our patient {name} ({mrn}) on finishing chemo today!"
    api.ok("author", "POST", "/api/v1/analyze", {"text": text})
    post = api.ok("author", "POST", "/api/v1/posts", {"text": text, "channels": ["mastodon"]})
    api.ok("author", "PUT", f"/api/v1/posts/{post['id']}", {"text": text + " Proud of you!"})
    api.ok("author", "POST", f"/api/v1/posts/{post['id']}/submit")
    review = api.ok("compliance", "GET", "/api/v1/reviews?state=blocked")[0]
    api.ok("compliance", "POST", f"/api/v1/reviews/{review['id']}/override",
           {"reason": f"family of {name} agreed", "note": PLANTED["note"]})  # fmt: skip
    api.ok("compliance", "POST", "/api/v1/consents",
           {"subject_alias": PLANTED["alias"], "scope": f"story of {name}",
            "channels": ["mastodon"], "document_ref": mrn,
            "valid_from": "2026-01-01T00:00:00+00:00"})  # fmt: skip
    item = {"text": f"{name} here, {mrn}, i took all my pills tonight",
            "channel": "mastodon", "external_id": "x-1", "author_handle": PLANTED["handle"]}  # fmt: skip
    api.ok("admin", "POST", "/api/v1/inbound", item)
    # failures of every kind, each carrying the planted values
    fail("author", "POST", "/api/v1/analyze", {"text": text, "channel": name})
    fail("author", "POST", "/api/v1/analyze", {"text": f"{name}\x00{mrn}"})
    fail("author", "POST", "/api/v1/analyze", {"text": text, name: mrn})
    fail("author", "POST", "/api/v1/posts", {"text": text, "channels": [name]})
    fail("author", "PUT", "/api/v1/posts/999999", {"text": text})
    fail("reviewer", "POST", f"/api/v1/reviews/{review['id']}/approve", {"note": name})
    fail("author", "POST", "/api/v1/inbound", item)
    fail("admin", "POST", "/api/v1/inbound/1/assign", {"email": f"{name}@example.org"})
    login = api.client.post("/api/v1/login", json={"email": f"{name}@x.org", "password": mrn})
    errors.append(login.text)
    raw = api.client.post("/api/v1/analyze", content=f'{{"text": "{name}'.encode(),
                          headers={**api.headers("author"), "content-type": "application/json"})  # fmt: skip
    errors.append(raw.text)

    logged = "\n".join(
        f"{r.name} {r.levelname} {r.getMessage()} {r.args!r}" for r in caplog.records
    )
    for kind, value in PLANTED.items():
        for part in value.split():
            assert part not in logged, f"the planted {kind} reached a log line"
            leaked = [e for e in errors if part in e]
            assert not leaked, f"the planted {kind} reached an error: {leaked}"
    assert len(errors) == 10
