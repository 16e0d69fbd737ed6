"""The HTTP API: analyze, the error format, size limits and token authentication."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from socialrx.settings import Settings
from socialrx.store import users
from socialrx.store.database import Database
from socialrx.store.models import User
from socialrx.web import create_app
from socialrx.web.limits import MAX_BODY_BYTES


@pytest.fixture
def client(database: Database) -> Iterator[TestClient]:
    app = create_app(Settings(database_url="sqlite://"), database=database)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def tokens(database: Database, people: dict[str, User]) -> dict[str, str]:
    with database.transaction() as session:
        return {
            name: users.create_token(session, session.merge(user), "test").token
            for name, user in people.items()
        }


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


DISCLOSURE = "Congrats to our patient Maria Gonzalez, who rang the bell after her last chemo!"


def test_analyze_returns_the_contract_record(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/analyze", json={"text": DISCLOSURE, "id": "p1"}, headers=bearer(tokens["author"])
    )
    assert response.status_code == 200
    record = response.json()
    assert record["id"] == "p1"
    assert record["decision"] == "block"
    assert set(record) == {"id", "channel", "decision", "policy", "findings", "labels",
                           "sentiment", "sentiment_score", "escalation"}  # fmt: skip
    for finding in record["findings"]:
        if finding["start"] is not None:
            assert DISCLOSURE[finding["start"] : finding["end"]] == finding["text"]


def test_analyze_inbound_carries_labels_and_escalation(
    client: TestClient, tokens: dict[str, str]
) -> None:
    text = "my dad has chest pain and can't breathe, his lips are turning blue"
    record = client.post(
        "/api/v1/analyze",
        json={"text": text, "channel": "inbound"},
        headers=bearer(tokens["admin"]),
    ).json()
    assert record["labels"][0]["name"] == "crisis"
    assert record["escalation"]["crisis_line"]


def test_clean_text_is_allowed(client: TestClient, tokens: dict[str, str]) -> None:
    text = "Our flu clinic is open Saturday 9am-1pm at the Westside campus."
    record = client.post("/api/v1/analyze", json={"text": text}, headers=bearer(tokens["author"]))
    assert record.json()["decision"] == "allow"


@pytest.mark.parametrize(
    ("body", "code", "where"),
    [
        ({"text": "x", "channel": "fax"}, "invalid_request", "body.channel"),
        ({"channel": "outbound"}, "invalid_request", "body.text"),
        ({"text": 5}, "invalid_request", "body.text"),
        ({"text": ""}, "invalid_request", "body.text"),
        ({"text": "   "}, "invalid_request", "body.text"),
        ({"text": "a\x00b"}, "invalid_request", "body.text"),
        ({"text": "x", "extra": 1}, "invalid_request", "body: a field the schema does not have"),
        ({"text": "x", "id": 7}, "invalid_request", "body.id"),
    ],
)
def test_bad_input_is_a_clear_4xx(
    client: TestClient, tokens: dict[str, str], body: dict[str, object], code: str, where: str
) -> None:
    response = client.post("/api/v1/analyze", json=body, headers=bearer(tokens["author"]))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == code
    assert where in error["message"]


def test_errors_never_echo_the_text(client: TestClient, tokens: dict[str, str]) -> None:
    secret = "Zebulon Quackenbush-Secretname"
    for body in ({"text": secret, "channel": "fax"}, {"text": secret, "extra": secret}):
        response = client.post("/api/v1/analyze", json=body, headers=bearer(tokens["author"]))
        assert response.status_code == 422
        assert "Zebulon" not in response.text


def test_malformed_json_is_invalid_request(client: TestClient, tokens: dict[str, str]) -> None:
    headers = bearer(tokens["author"]) | {"content-type": "application/json"}
    response = client.post("/api/v1/analyze", content=b'{"text": "Maria', headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
    assert "Maria" not in response.text


def test_oversized_body_is_refused_before_reading(
    client: TestClient, tokens: dict[str, str]
) -> None:
    body = b"x" * (MAX_BODY_BYTES + 1)
    response = client.post("/api/v1/analyze", content=body, headers=bearer(tokens["author"]))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_chunked_oversized_body_is_refused(client: TestClient, tokens: dict[str, str]) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"x" * 65536

    response = client.post("/api/v1/analyze", content=chunks(), headers=bearer(tokens["author"]))
    assert response.status_code == 413


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
    ],
)
def test_analyze_needs_a_valid_token(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/api/v1/analyze", json={"text": "hello"}, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_revoked_token_stops_working(
    client: TestClient, database: Database, people: dict[str, User]
) -> None:
    with database.transaction() as session:
        new = users.create_token(session, session.merge(people["author"]), "test")
    assert client.post("/api/v1/analyze", json={"text": "hi"}, headers=bearer(new.token)).is_success
    with database.transaction() as session:
        assert users.revoke_token(session, new.prefix, "test") == 1
    client.app.state.authenticator.forget()  # type: ignore[attr-defined]  # skip the TTL
    response = client.post("/api/v1/analyze", json={"text": "hi"}, headers=bearer(new.token))
    assert response.status_code == 401


def test_unknown_route_and_method_use_the_error_format(client: TestClient) -> None:
    assert client.get("/api/v1/nothing").json()["error"]["code"] == "not_found"
    response = client.get("/api/v1/analyze")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_openapi_documents_the_api(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "/api/v1/analyze" in schema["paths"]
    assert client.get("/healthz").json()["status"] == "ok"


def test_a_repeated_query_parameter_is_refused(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.get("/api/v1/inbound?queue=crisis&queue=general",
                          headers=bearer(tokens["admin"]))  # fmt: skip
    assert response.status_code == 422
    assert "repeated" in response.json()["error"]["message"]


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+03:00", "1899-12-31T23:00:00Z",
                                  "9999-12-31T23:59:59-05:00", "2026-03-01T09:00:00"])  # fmt: skip
def test_implausible_or_naive_dates_are_refused(
    client: TestClient, tokens: dict[str, str], when: str
) -> None:
    body = {"text": "Flu clinic Saturday", "channels": ["x"], "scheduled_at": when}
    response = client.post("/api/v1/posts", json=body, headers=bearer(tokens["author"]))
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("body.scheduled_at")
