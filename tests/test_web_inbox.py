"""The inbox page over HTTP: crises pinned first, assign and resolve, and escalation to the
on-call contact through a real loopback webhook receiver (signed, without the item's text),
with every outcome — delivered, failed, not configured — on the page and in the audit trail."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from conftest import Maker
from fastapi.testclient import TestClient
from test_web_pages import field, log_in

from socialrx.channels import notify
from socialrx.errors import ConfigError
from socialrx.settings import Settings, load_settings
from socialrx.store.database import Database
from socialrx.store.models import User
from socialrx.web import create_app

SECRET = "test-webhook-secret"
CRISIS = "Synthetic crisis text: I can't go on, this is goodbye (test item 7Q)"
CALM = "Synthetic praise: the parking was easy to find (test item 8R)"


class Receiver:
    """An HTTP server on a loopback port that records each POST (headers and body) and
    answers ``status``: the on-call system's side of the webhook wire format."""

    def __init__(self, status: int = 204) -> None:
        self.status = status
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/escalation"


@contextmanager
def receiving(status: int = 204) -> Iterator[Receiver]:
    receiver = Receiver(status)
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
        thread.join()


def client_for(database: Database, webhook: str | None = None) -> TestClient:
    settings = Settings(database_url="sqlite://", escalation_webhook=webhook,
                        escalation_webhook_secret=SECRET if webhook else None)  # fmt: skip
    return TestClient(create_app(settings, database=database))


def add_items(database: Database, analysis_of: Maker) -> dict[str, int]:
    """A crisis between two calm items (so newest-first alone would not put it on top)."""
    from socialrx.store import inbound

    ids = {}
    with database.transaction() as s:
        for key, text, labels in (("old", CALM, ("praise",)), ("crisis", CRISIS, ("crisis",)),
                                  ("new", CALM + " again", ("complaint",))):  # fmt: skip
            analysis = analysis_of(text, channel="inbound", labels=labels)
            item, _ = inbound.ingest(s, "mastodon", f"ext-{key}", "@someone", analysis, "test")
            ids[key] = item.id
    return ids


def audit(database: Database, action: str) -> list[tuple[str, str, tuple[str, ...]]]:
    from socialrx.store import audit_log

    with database.transaction() as s:
        return [(e.body.actor, e.body.subject_id, e.body.codes) for e in audit_log.events(s)
                if e.body.action == action]  # fmt: skip


@pytest.fixture
def items(database: Database, people: dict[str, User], analysis_of: Maker) -> dict[str, int]:
    return add_items(database, analysis_of)


def test_strangers_are_sent_to_the_login(database: Database) -> None:
    with client_for(database) as c:
        assert c.get("/inbox", follow_redirects=False).headers["location"] == "/login"


def test_crises_are_pinned_first_with_the_crisis_line(
    database: Database, items: dict[str, int]
) -> None:
    with client_for(database) as c:
        log_in(c, "author")
        page = c.get("/inbox").text
        order = [
            int(i) for i in re.findall(r'<article class="card item[^"]*" id="item-(\d+)"', page)
        ]
        assert order == [items["crisis"], items["new"], items["old"]]
        assert "CRISIS" in page and "988" in page and 'class="card item crisis"' in page
        assert page.count("/escalate") == 1  # only the crisis can be escalated
        assert 'href="/inbox" aria-current="page"' in page
        filtered = c.get("/inbox?label=praise").text
        assert f'id="item-{items["old"]}"' in filtered and "CRISIS" not in filtered


def test_pages_of_the_inbox_and_an_old_crisis_stays_pinned(
    database: Database, items: dict[str, int], analysis_of: Maker
) -> None:
    from socialrx.store import inbound
    from socialrx.web.pages_inbox import PAGE

    newer = []
    with database.transaction() as s:  # a busy week: the crisis is far below the newest page
        analysis = analysis_of(CALM, channel="inbound", labels=("praise",))
        for n in range(PAGE + 5):
            newer.append(inbound.ingest(s, "mastodon", f"ext-busy-{n}", "@x", analysis, "t")[0].id)
    with client_for(database) as c:
        log_in(c, "author")
        first = c.get("/inbox").text
        shown = [int(i) for i in re.findall(r'id="item-(\d+)"', first)]
        assert shown == [items["crisis"], *newer[::-1][:PAGE]]  # pinned, then the newest 100
        older = re.search(r'href="/inbox\?before=(\d+)" rel="next"', first)
        assert older is not None and int(older.group(1)) == newer[5]
        second = c.get(f"/inbox?before={older.group(1)}").text
        shown = [int(i) for i in re.findall(r'id="item-(\d+)"', second)]
        assert shown == [items["crisis"], *newer[4::-1], items["new"], items["old"]]
        assert 'rel="next"' not in second and 'href="/inbox">Newest items' in second
        assert c.get("/inbox?before=0").status_code == 422
        csrf = field(first, "csrf_token")  # an item below the first page, shown in full
        shown = c.post(f"/inbox/{items['old']}/reveal", data={"csrf_token": csrf,
                                                             "reason": "reply"}).text  # fmt: skip
        assert f'id="item-{items["old"]}"' in shown and CALM in shown
    with database.transaction() as s:  # the API pages the same way
        assert [i.id for i in inbound.items(s, limit=3, before=newer[2])] == [
            newer[1],
            newer[0],
            items["new"],
        ]


def test_escalation_reaches_the_webhook_signed_and_without_the_text(
    database: Database, items: dict[str, int]
) -> None:
    with receiving() as hook, client_for(database, hook.url) as c:
        log_in(c, "author")
        csrf = field(c.get("/inbox").text, "csrf_token")
        done = c.post(f"/inbox/{items['crisis']}/escalate", data={"csrf_token": csrf},
                      follow_redirects=False)  # fmt: skip
        assert done.status_code == 303
        page = c.get(done.headers["location"]).text
    assert "the on-call contact has been notified" in page
    [(headers, body)] = hook.received
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["x-socialrx-signature"], expected)
    sent = json.loads(body)
    assert sent["item_id"] == items["crisis"] and sent["labels"] == ["crisis"]
    assert sent["link"].endswith(f"/inbox#item-{items['crisis']}")
    assert datetime.fromisoformat(sent["at"]).tzinfo is not None
    assert b"goodbye" not in body and b"7Q" not in body and b"someone" not in body
    assert audit(database, "inbound.escalated") == [
        ("author@example.org", str(items["crisis"]), ("escalation.webhook.delivered",))
    ]


def test_escalation_without_a_route_says_so_and_is_audited(
    database: Database, items: dict[str, int]
) -> None:
    with client_for(database) as c:
        log_in(c, "author")
        csrf = field(c.get("/inbox").text, "csrf_token")
        page = c.post(f"/inbox/{items['crisis']}/escalate", data={"csrf_token": csrf}).text
    assert "no escalation route is configured" in page and 'role="alert"' in page
    assert audit(database, "inbound.escalated")[0][2] == ("escalation.not_configured",)


def escalate_via(database: Database, url: str, item_id: int) -> str:
    """The page shown after escalating ``item_id`` with the webhook at ``url``."""
    with client_for(database, url) as c:
        log_in(c, "author")
        csrf = field(c.get("/inbox").text, "csrf_token")
        page: str = c.post(f"/inbox/{item_id}/escalate", data={"csrf_token": csrf}).text
        return page


@pytest.mark.parametrize("status", [500, None], ids=["receiver-error", "unreachable"])
def test_a_failed_escalation_says_so_and_is_audited(
    database: Database, items: dict[str, int], status: int | None
) -> None:
    if status is None:
        with receiving() as gone:
            pass  # its port is closed now
        page = escalate_via(database, gone.url, items["crisis"])
    else:
        with receiving(status) as failing:
            page = escalate_via(database, failing.url, items["crisis"])
    assert "could not be delivered" in page and "Call the on-call contact now" in page
    assert audit(database, "inbound.escalated")[0][2] == ("escalation.webhook.failed",)


def test_only_crises_are_escalated(database: Database, items: dict[str, int]) -> None:
    with client_for(database) as c:
        log_in(c, "author")
        csrf = field(c.get("/inbox").text, "csrf_token")
        refused = c.post(f"/inbox/{items['old']}/escalate", data={"csrf_token": csrf})
        assert refused.status_code == 404 and "only crises" in refused.text
        forged = c.post(f"/inbox/{items['crisis']}/escalate", data={"csrf_token": "forged"})
        assert forged.status_code == 403
    assert audit(database, "inbound.escalated") == []


def test_assign_and_resolve(database: Database, items: dict[str, int]) -> None:
    from socialrx.store.models import InboundItem

    with client_for(database) as c:
        log_in(c, "author")
        csrf = field(c.get("/inbox").text, "csrf_token")

        def post(path: str, **data: str) -> Any:
            return c.post(path, data={"csrf_token": csrf, **data}, follow_redirects=False)

        assert post(f"/inbox/{items['new']}/assign").headers["location"] == "/inbox"
        assert "assigned to author@example.org" in c.get("/inbox").text
        assert (
            post(f"/inbox/{items['old']}/assign", email="reviewer@example.org").status_code == 303
        )
        assert post(f"/inbox/{items['old']}/assign", email="nobody@example.org").status_code == 404
        assert post(f"/inbox/{items['crisis']}/resolve").status_code == 303
        again = post(f"/inbox/{items['crisis']}/resolve")
        assert again.status_code == 409 and "already resolved" in again.text
        page = c.get("/inbox").text
    assert "CRISIS" not in page  # a resolved crisis is no longer pinned
    with database.transaction() as s:
        states = {k: s.get(InboundItem, v).state for k, v in items.items()}  # type: ignore[union-attr]
    assert states == {"old": "assigned", "crisis": "closed", "new": "assigned"}
    assert [e[1] for e in audit(database, "inbound.resolved")] == [str(items["crisis"])]


@pytest.mark.parametrize(("env", "message"), [
    ({"SOCIALRX_ESCALATION_WEBHOOK": "http://127.0.0.1:9/h"}, "WEBHOOK_SECRET"),
    ({"SOCIALRX_ESCALATION_WEBHOOK": "ftp://x", "SOCIALRX_ESCALATION_WEBHOOK_SECRET": "k"}, "http"),
    ({"SOCIALRX_ESCALATION_EMAIL": "oncall@example.org"}, "SOCIALRX_SMTP_URL"),
    ({"SOCIALRX_ESCALATION_EMAIL": "oncall", "SOCIALRX_SMTP_URL": "smtp://mail"}, "e-mail address"),
    ({"SOCIALRX_SMTP_URL": "http://mail"}, "smtp://"),
])  # fmt: skip
def test_escalation_settings_are_checked(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(env)


def test_configured_routes_make_a_notifier() -> None:
    assert notify.from_settings(load_settings({})) is None
    both = load_settings({"SOCIALRX_ESCALATION_WEBHOOK": "https://oncall.example.org/h",
                          "SOCIALRX_ESCALATION_WEBHOOK_SECRET": "k",
                          "SOCIALRX_ESCALATION_EMAIL": "oncall@example.org",
                          "SOCIALRX_SMTP_URL": "smtp://mail.example.org:2525"})  # fmt: skip
    assert isinstance(notify.from_settings(both), notify.Fanout)


def test_the_escalation_email_carries_no_text() -> None:
    alert = notify.Alert(7, "x", ("crisis",), "https://srx.example.org/inbox#item-7",
                         datetime(2026, 3, 2, 9, 30, tzinfo=UTC))  # fmt: skip
    message = notify.Email("oncall@example.org", "smtp://alerts@example.org@mail:25").message(alert)
    assert message["To"] == "oncall@example.org"
    assert "item-7" in message.get_content() and "crisis" in message.get_content()
