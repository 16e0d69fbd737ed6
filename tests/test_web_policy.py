"""The policy over HTTP: the API reads and saves versions; the page shows the lists, tries a
text under the version in force and under unsaved edits, and saves a new version that decides
the next analysis at once; other worker processes follow within seconds; stale, empty and bad
saves are refused with a clear message and change nothing."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import Api
from fastapi.testclient import TestClient
from test_web_consents import sign_in

from socialrx.policy_edit import Lists, edit, lists_of
from socialrx.settings import Settings
from socialrx.store import policies
from socialrx.store.database import Database
from socialrx.store.models import User
from socialrx.web import create_app

PROMO = "Our flu shots are free this week, unlike SuperClinic."


def with_competitor(source: str, *names: str) -> str:
    allow = lists_of(policies.builtin().policy).allow
    return edit(source, Lists(allow=allow, phrases={"competitors": names or ("SuperClinic",)}))[0]


def decision(api: Api, text: str = PROMO) -> tuple[str, list[str]]:
    record = api.ok("author", "POST", "/api/v1/analyze", {"text": text, "channel": "outbound"})
    return record["decision"], [f["code"] for f in record["findings"]]


# --- the API ---------------------------------------------------------------------------------


def test_a_saved_version_decides_the_next_analysis(api: Api) -> None:
    assert decision(api) == ("allow", [])
    now = api.ok("reviewer", "GET", "/api/v1/policy")
    assert (now["number"], now["ref"], now["actor"]) == (1, "default@1", None)
    body = {"source": with_competitor(now["source"]), "note": "flag the competitor", "base": 1}
    saved = api.call("compliance", "POST", "/api/v1/policy/versions", body)
    assert saved.status_code == 201, saved.text
    assert (saved.json()["ref"], saved.json()["actor"]) == ("default@2", "compliance@example.org")
    assert decision(api) == ("review", ["lexicon.competitors"])
    listed = api.ok("admin", "GET", "/api/v1/policy/versions")
    assert [v["number"] for v in listed] == [2, 1]
    assert "source" not in listed[0]
    old = api.ok("reviewer", "GET", "/api/v1/policy/versions/1")
    assert old["source"] == now["source"]
    record = api.ok("author", "POST", "/api/v1/analyze", {"text": PROMO})
    assert record["policy"] == "default@2"
    events = api.ok("compliance", "GET", "/api/v1/audit")
    assert [(e["action"], e["policy"]) for e in events if e["subject_type"] == "policy"] == [
        ("policy.changed", "default@2")]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "status", "code", "message"),
    [
        ({"base": 0}, 409, "conflict", "changed since version 0"),
        ({"note": " "}, 422, "invalid_input", "say what changed"),
        ({"source": "name = ["}, 422, "invalid_policy", "not valid TOML"),
        (
            {"source": 'name = "x"\nversion = 1\n[detectors.lexicon.lists]\n"Bad Name" = ["a"]'},
            422,
            "invalid_policy",
            "lower-case",
        ),
        ({"extra": 1}, 422, "invalid_request", "a field the schema does not have"),
    ],
)
def test_bad_saves_change_nothing(api: Api, change: dict[str, object], status: int, code: str,
                                  message: str) -> None:  # fmt: skip
    source = with_competitor(policies.builtin().source)
    response = api.call("admin", "POST", "/api/v1/policy/versions",
                        {"source": source, "note": "n", "base": 1, **change})  # fmt: skip
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and message in error["message"]
    assert "SuperClinic" not in response.text  # the policy text is not echoed
    assert api.ok("reviewer", "GET", "/api/v1/policy")["number"] == 1
    assert decision(api) == ("allow", [])


def test_another_process_follows_a_saved_version(
    api: Api, database: Database, people: dict[str, User]
) -> None:
    other = create_app(Settings(database_url="sqlite://"), database=database)
    keeper = other.state.policies
    keeper.load()
    source = with_competitor(policies.builtin().source)
    api.ok("compliance", "POST", "/api/v1/policy/versions",
           {"source": source, "note": "flag", "base": 1})  # fmt: skip

    async def follow() -> int:
        job = asyncio.create_task(keeper.keep_current(every=0.01))
        for _ in range(500):
            await asyncio.sleep(0.01)
            if keeper.saved.number == 2:
                break
        job.cancel()
        return int(keeper.saved.number)

    with ThreadPoolExecutor(1) as pool:  # its own event loop (a browser test may hold this one)
        assert pool.submit(asyncio.run, follow()).result(timeout=30) == 2
    found = keeper.pipeline.analyze_text(PROMO, "outbound")
    assert (found.decision.action, found.decision.policy) == ("review", "default@2")


# --- the page --------------------------------------------------------------------------------


@pytest.fixture
def browser(database: Database, people: dict[str, User]) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url="sqlite://"), database=database)) as c:
        yield c


def page_form(c: TestClient) -> dict[str, str]:
    """The policy form's fields as the page filled them in."""
    html = c.get("/policy").text
    fields = {m[0]: m[1] for m in re.findall(r'<textarea id="[^"]*" name="([^"]+)"[^>]*>([^<]*)<',
                                             html)}  # fmt: skip
    fields["csrf_token"] = re.search(r'name="csrf_token" value="([^"]+)"', html)[1]  # type: ignore[index]
    fields["base"] = re.search(r'name="base" value="(\d+)"', html)[1]  # type: ignore[index]
    return fields


def test_authors_do_not_get_the_page(browser: TestClient, database: Database,
                                     people: dict[str, User]) -> None:  # fmt: skip
    sign_in(browser, database, people, "author")
    response = browser.get("/policy")
    assert response.status_code == 403
    assert "for reviewers, compliance officers and admins" in response.text


def test_a_reviewer_reads_and_tries_but_cannot_save(browser: TestClient, database: Database,
                                                    people: dict[str, User]) -> None:  # fmt: skip
    sign_in(browser, database, people, "reviewer")
    html = browser.get("/policy").text
    assert "default@1" in html and "readonly" in html and 'id="save-button"' not in html
    form = page_form(browser)
    tried = browser.post("/policy/try", data={**form, "try_text": PROMO, "try_channel": "outbound"})
    assert tried.status_code == 200
    assert "Version 1 (in force)" in tried.text and "With your changes" not in tried.text
    saved = browser.post("/policy", data={**form, "note": "sneaky"}, follow_redirects=False)
    assert saved.status_code == 403
    with database.transaction() as s:
        assert policies.latest_number(s) is None


def test_compliance_tries_a_change_then_saves_it(browser: TestClient, database: Database,
                                                 people: dict[str, User]) -> None:  # fmt: skip
    sign_in(browser, database, people, "compliance")
    form = {**page_form(browser), "new_name": "competitors", "new_phrases": "SuperClinic\n",
            "try_text": PROMO, "try_channel": "outbound"}  # fmt: skip
    tried = browser.post("/policy/try", data=form)
    assert tried.status_code == 200, tried.text
    results = re.findall(r'<h3>([^<]+)</h3>\s*<p class="decision" data-action="(\w+)"', tried.text)
    assert results == [
        ("Version 1 (in force)", "allow"),
        ("With your changes (not saved)", "review"),
    ]
    assert '<mark title="lexicon.competitors' in tried.text
    assert 'value="competitors"' in tried.text  # the unsaved edit is still on the page
    with database.transaction() as s:
        assert policies.latest_number(s) is None  # trying saved nothing

    no_note = browser.post("/policy", data=form)
    assert no_note.status_code == 400 and "say what changed and why" in no_note.text
    saved = browser.post("/policy", data={**form, "note": "flag SuperClinic"},
                         follow_redirects=False)  # fmt: skip
    assert (saved.status_code, saved.headers["location"]) == (303, "/policy?saved=2")
    html = browser.get("/policy?saved=2").text
    assert "Saved as version 2" in html and "default@2" in html and "flag SuperClinic" in html
    assert 'name="phrases__competitors"' in html

    again = browser.post("/policy/try", data={**page_form(browser), "try_text": PROMO,
                                              "try_channel": "outbound"})  # fmt: skip
    assert re.findall(r'<h3>([^<]+)</h3>\s*<p class="decision" data-action="(\w+)"', again.text) \
        == [("Version 2 (in force)", "review")]  # fmt: skip

    stale = browser.post("/policy", data={**form, "note": "from an old tab"})
    assert stale.status_code == 409 and "reload it" in stale.text

    diff = browser.get("/policy/versions/2").text
    assert "Changes from version 1" in diff and "<ins>+ competitors" in diff
    assert browser.get("/policy/versions/9").status_code == 404
    assert browser.get(f"/policy/versions/{2**40}").status_code == 422  # not a version number


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"new_name": "Competitors", "new_phrases": "x"}, "lower-case letters"),
        ({"new_name": "", "new_phrases": "SuperClinic"}, "give the new phrase list a name"),
        ({"allow__names": "x" * 201}, "longer than 200"),
        ({"base": "one"}, "reload the page"),
        ({}, "nothing changed"),
    ],
)
def test_bad_forms_are_refused_with_a_message(browser: TestClient, database: Database,
                                              people: dict[str, User], change: dict[str, str],
                                              message: str) -> None:  # fmt: skip
    sign_in(browser, database, people, "admin")
    response = browser.post("/policy", data={**page_form(browser), "note": "n", **change})
    assert response.status_code == 400 and message in response.text
    with database.transaction() as s:
        assert policies.latest_number(s) is None


@pytest.mark.parametrize("change", [{"try_text": " "}, {"try_channel": "fax"},
                                    {"try_text": "x" * 5001}])  # fmt: skip
def test_the_try_box_refuses_what_it_cannot_check(browser: TestClient, database: Database,
                                                  people: dict[str, User],
                                                  change: dict[str, str]) -> None:  # fmt: skip
    sign_in(browser, database, people, "reviewer")
    response = browser.post("/policy/try", data={**page_form(browser), "try_text": PROMO,
                                                 "try_channel": "outbound", **change})  # fmt: skip
    assert response.status_code == 400
    assert 'role="alert"' in response.text


def test_forms_without_the_csrf_token_are_refused(browser: TestClient, database: Database,
                                                  people: dict[str, User]) -> None:  # fmt: skip
    sign_in(browser, database, people, "compliance")
    form = {**page_form(browser), "new_name": "banned", "new_phrases": "miracle", "note": "n"}
    del form["csrf_token"]
    assert browser.post("/policy", data=form).status_code == 403
    with database.transaction() as s:
        assert policies.latest_number(s) is None


def test_what_is_tried_never_reaches_the_logs(browser: TestClient, database: Database,
                                              people: dict[str, User],
                                              caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)  # every logger, every level
    sign_in(browser, database, people, "compliance")
    planted = "Our patient Quillon Vexamorra (MRN 88442217) went home today."
    form = {**page_form(browser), "try_text": planted, "try_channel": "outbound",
            "new_name": "banned", "new_phrases": "Vexamorra"}  # fmt: skip
    tried = browser.post("/policy/try", data=form)
    assert tried.status_code == 200 and "Blocked" in tried.text  # shown to the person typing
    bad = browser.post("/policy/try", data={**form, "new_name": "Bad Name"})
    assert bad.status_code == 400 and "Quillon" not in bad.text.split('id="policy-error"')[1][:300]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Vexamorra" not in logged and "88442217" not in logged
