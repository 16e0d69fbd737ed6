"""Inbound PHI is masked for agents by default: names, numbers and the author's handle do not
reach the inbox page until someone shows one item in full, for a stated reason; that is
recorded in the audit trail first (``inbound.revealed``, ``reveal.<reason>``) and lasts for
that one page only."""

from __future__ import annotations

import pytest
from conftest import Maker
from test_web_inbox import audit, client_for
from test_web_pages import field, log_in

from socialrx.pipeline import Pipeline
from socialrx.store.database import Database
from socialrx.store.models import User
from socialrx.web.masking import REASONS, masked_handle, masked_text

SECRET_NAME, PHONE, HANDLE = "Quillon Vexamorra", "(617) 555-0143", "@vexamorra_q"
TEXT = (f"My mother {SECRET_NAME} got hives after the new antibiotic, call me at {PHONE} "
        "(synthetic test item)")  # fmt: skip


@pytest.fixture
def item(database: Database, people: dict[str, User], analysis_of: Maker) -> int:
    from socialrx.store import inbound

    with database.transaction() as s:
        analysis = analysis_of(TEXT, channel="inbound", labels=("adverse_event",))
        made, _ = inbound.ingest(s, "facebook", "ext-m1", HANDLE, analysis, "test")
        return made.id


def test_the_inbox_masks_names_numbers_and_handles(database: Database, item: int) -> None:
    with client_for(database) as c:
        log_in(c, "author")
        page = c.get("/inbox").text
    assert f'id="item-{item}"' in page and "hives after the new antibiotic" in page
    for secret in ("Quillon", "Vexamorra", "555-0143", "vexamorra_q"):
        assert secret not in page
    assert "[NAME]" in page and "[PHONE]" in page and "@v…" in page
    assert audit(database, "inbound.revealed") == []


@pytest.mark.parametrize("reason", sorted(REASONS))
def test_showing_an_item_in_full_is_audited_with_its_reason(
    database: Database, item: int, reason: str
) -> None:
    with client_for(database) as c:
        log_in(c, "author")
        csrf = field(c.get("/inbox").text, "csrf_token")
        shown = c.post(f"/inbox/{item}/reveal", data={"csrf_token": csrf, "reason": reason})
        again = c.get("/inbox").text
    assert shown.status_code == 200
    assert SECRET_NAME in shown.text and PHONE in shown.text and HANDLE in shown.text
    assert "recorded in the audit trail" in shown.text
    assert SECRET_NAME not in again  # masked again on the next page
    assert audit(database, "inbound.revealed") == [
        ("author@example.org", str(item), (f"reveal.{reason}",))
    ]


@pytest.mark.parametrize(("reason", "status"), [("", 400), ("curiosity", 400), ("reply", 404)])
def test_no_reason_or_no_item_shows_nothing(
    database: Database, item: int, reason: str, status: int
) -> None:
    target = item + 99 if status == 404 else item
    with client_for(database) as c:
        log_in(c, "author")
        csrf = field(c.get("/inbox").text, "csrf_token")
        refused = c.post(f"/inbox/{target}/reveal", data={"csrf_token": csrf, "reason": reason})
    assert refused.status_code == status
    assert SECRET_NAME not in refused.text and PHONE not in refused.text
    assert audit(database, "inbound.revealed") == []


def test_revealing_needs_the_csrf_token(database: Database, item: int) -> None:
    with client_for(database) as c:
        log_in(c, "author")
        refused = c.post(f"/inbox/{item}/reveal", data={"reason": "reply"})
    assert refused.status_code == 403 and SECRET_NAME not in refused.text
    assert audit(database, "inbound.revealed") == []


@pytest.mark.parametrize(
    ("handle", "shown"),
    [("@vexamorra_q", "@v…"), ("vexamorra", "v…"), ("@q", "…"), ("", "…"), ("  @ab ", "@a…")],
)
def test_handles_keep_one_letter(handle: str, shown: str) -> None:
    assert masked_handle(handle) == shown


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        (f"Call {PHONE} about my results", PHONE),
        ("Email jo.vexamorra@example.net about my mother", "jo.vexamorra@example.net"),
        ("My MRN is 88442217, why no call back?", "88442217"),
    ],
)
def test_masking_replaces_each_kind_of_phi(text: str, hidden: str) -> None:
    masked = masked_text(Pipeline(), text)
    assert hidden not in masked and "[" in masked


def test_text_without_phi_is_unchanged() -> None:
    text = "The parking garage was full again today (synthetic)"
    assert masked_text(Pipeline(), text) == text
