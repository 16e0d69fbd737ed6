"""The whole route × role matrix: every /api/v1 route admits exactly the roles it declares,
refuses the others with 403, and refuses anonymous callers with 401."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import Api
from fastapi.routing import APIRoute

from socialrx.web.app import ROUTERS
from socialrx.web.auth import Allow
from socialrx.workflow import ROLES

# Routes that need no credentials: the log-in, and webhooks, which check a signature instead.
PUBLIC = {("POST", "/api/v1/login"), ("POST", "/api/v1/hooks/{channel}"),
          ("GET", "/api/v1/hooks/graph/{channel}"), ("POST", "/api/v1/hooks/graph/{channel}"),
          ("POST", "/api/v1/hooks/conversions/{channel}")}  # fmt: skip

# What each route must admit: a change to a route's roles must be made here too, on purpose.
EXPECTED: dict[tuple[str, str], frozenset[str]] = {
    ("POST", "/api/v1/analyze"): frozenset(ROLES),
    ("POST", "/api/v1/logout"): frozenset(ROLES),
    ("GET", "/api/v1/me"): frozenset(ROLES),
    ("POST", "/api/v1/totp/enroll"): frozenset(ROLES),
    ("POST", "/api/v1/totp/confirm"): frozenset(ROLES),
    ("POST", "/api/v1/posts"): frozenset(ROLES),
    ("GET", "/api/v1/posts/{post_id}"): frozenset(ROLES),
    ("PUT", "/api/v1/posts/{post_id}"): frozenset(ROLES),
    ("POST", "/api/v1/posts/{post_id}/submit"): frozenset(ROLES),
    ("POST", "/api/v1/posts/{post_id}/consents"): frozenset(ROLES),
    ("GET", "/api/v1/reviews"): frozenset({"reviewer", "compliance", "admin"}),
    ("POST", "/api/v1/reviews/{review_id}/claim"): frozenset({"reviewer", "compliance", "admin"}),
    ("POST", "/api/v1/reviews/{review_id}/approve"): frozenset({"reviewer", "compliance", "admin"}),
    ("POST", "/api/v1/reviews/{review_id}/reject"): frozenset({"reviewer", "compliance", "admin"}),
    ("POST", "/api/v1/reviews/{review_id}/request-changes"): frozenset(
        {"reviewer", "compliance", "admin"}
    ),
    ("POST", "/api/v1/reviews/{review_id}/override"): frozenset({"compliance"}),
    ("POST", "/api/v1/consents"): frozenset({"compliance", "admin"}),
    ("GET", "/api/v1/consents"): frozenset(ROLES),
    ("GET", "/api/v1/consents/{consent_id}"): frozenset(ROLES),
    ("POST", "/api/v1/consents/{consent_id}/revoke"): frozenset({"compliance", "admin"}),
    ("POST", "/api/v1/inbound"): frozenset({"admin"}),
    ("GET", "/api/v1/inbound"): frozenset(ROLES),
    ("POST", "/api/v1/inbound/{item_id}/assign"): frozenset(ROLES),
    ("GET", "/api/v1/audit"): frozenset({"compliance", "admin"}),
    ("GET", "/api/v1/audit/verify"): frozenset({"compliance", "admin"}),
    ("GET", "/api/v1/policy"): frozenset({"reviewer", "compliance", "admin"}),
    ("GET", "/api/v1/policy/versions"): frozenset({"reviewer", "compliance", "admin"}),
    ("GET", "/api/v1/policy/versions/{number}"): frozenset({"reviewer", "compliance", "admin"}),
    ("POST", "/api/v1/policy/versions"): frozenset({"compliance", "admin"}),
    ("POST", "/api/v1/links"): frozenset({"author", "compliance", "admin"}),
    ("GET", "/api/v1/links"): frozenset(ROLES),
    ("POST", "/api/v1/campaigns"): frozenset({"compliance", "admin"}),
    ("GET", "/api/v1/campaigns"): frozenset(ROLES),
}


def api_routes() -> Iterator[tuple[str, str, frozenset[str] | None]]:
    """(method, path, roles the route declares — None when it declares none)."""
    for route in (r for router in ROUTERS for r in router.routes):
        if isinstance(route, APIRoute):
            declared = [d.call for d in route.dependant.dependencies if isinstance(d.call, Allow)]
            roles = frozenset(declared[0].roles) if declared else None
            for method in sorted(route.methods or ()):
                yield method, route.path, roles


def test_every_route_declares_the_roles_expected() -> None:
    declared = {(m, p): roles for m, p, roles in api_routes()}
    assert {k for k, v in declared.items() if v is None} == PUBLIC
    assert {k: v for k, v in declared.items() if v is not None} == EXPECTED


MATRIX = [(m, p, role) for (m, p) in sorted(EXPECTED) for role in ROLES]


@pytest.mark.parametrize(("method", "path", "role"), MATRIX)
def test_route_by_role(api: Api, method: str, path: str, role: str) -> None:
    concrete = re.sub(r"\{[a-z_]+\}", "999999", path)
    response = api.call(role, method, concrete, {})
    if role in EXPECTED[(method, path)]:
        assert response.status_code not in (401, 403), response.text
    else:
        assert response.status_code == 403, response.text
        assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(("method", "path"), sorted(EXPECTED))
def test_route_refuses_anonymous_callers(api: Api, method: str, path: str) -> None:
    concrete = re.sub(r"\{[a-z_]+\}", "1", path)
    response = api.client.request(method, concrete, json={})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


ID_ROUTES = sorted((m, p) for (m, p) in EXPECTED if re.search(r"\{[a-z_]+\}", p))


@pytest.mark.parametrize(("method", "path"), ID_ROUTES)
def test_ids_beyond_the_database_integer_are_refused_plainly(api: Api, method: str,
                                                             path: str) -> None:  # fmt: skip
    """PostgreSQL's INTEGER is 32-bit: a larger id is a 422 naming the field, never a database
    error (503)."""
    concrete = re.sub(r"\{[a-z_]+\}", str(2**31), path)
    role = sorted(EXPECTED[(method, path)])[0]
    response = api.call(role, method, concrete, {})
    assert response.status_code == 422, response.text
