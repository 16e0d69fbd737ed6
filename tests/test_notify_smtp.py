"""Crisis escalation by e-mail against a real SMTP server on loopback (aiosmtpd): the on-call
contact receives the alert without the item's text or author; the server's log-in is used when
the URL names one; a refused recipient, a refused log-in and an unreachable server are reported
as failed deliveries (and audited) instead of passing silently."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as attribute
from datetime import UTC, datetime
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from conftest import Maker
from test_web_inbox import CRISIS, add_items, audit
from test_web_pages import field, log_in

from socialrx.channels import notify
from socialrx.settings import Settings
from socialrx.store.database import Database
from socialrx.store.models import User
from socialrx.web import create_app

ALERT = notify.Alert(7, "mastodon", ("crisis",), "https://srx.example.org/inbox#item-7",
                     datetime(2026, 3, 2, 9, 30, tzinfo=UTC))  # fmt: skip
USER, PASSWORD = "alerts@example.org", "s3cret pass"


@dataclass
class Mailbox:
    """The on-call side: what arrived, and who logged in."""

    refuse: set[str] = attribute(default_factory=set)  # recipients the server refuses
    received: list[tuple[str, list[str], bytes]] = attribute(default_factory=list)
    logins: list[str] = attribute(default_factory=list)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:  # fmt: skip
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                     data: Any) -> AuthResult:  # fmt: skip
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(), PASSWORD.encode())  # fmt: skip
        if ok:
            self.logins.append(data.login.decode())
        return AuthResult(success=ok)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server(mailbox: Mailbox) -> Iterator[int]:
    """A real SMTP server on a loopback port (plain SMTP, AUTH allowed without TLS: loopback)."""
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port,
                            authenticator=mailbox.authenticate, auth_require_tls=False)  # fmt: skip
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def test_the_alert_arrives_without_the_text() -> None:
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        [delivery] = notify.Email("oncall@example.org", f"smtp://127.0.0.1:{port}").notify(ALERT)
    assert delivery == notify.Delivery("email", True)
    [(sender, recipients, raw)] = mailbox.received
    assert (sender, recipients) == ("socialrx@127.0.0.1", ["oncall@example.org"])
    message = message_from_bytes(raw)
    assert message["Subject"] == "socialrx: crisis escalation, inbound item 7"
    body = message.get_payload(decode=True)
    assert b"https://srx.example.org/inbox#item-7" in body and b"Labels: crisis" in body
    assert mailbox.logins == []  # no user in the URL: no log-in


def test_the_server_log_in_is_used() -> None:
    mailbox = Mailbox()
    url_user, url_password = USER.replace("@", "%40"), PASSWORD.replace(" ", "%20")
    with smtp_server(mailbox) as port:
        url = f"smtp://{url_user}:{url_password}@127.0.0.1:{port}"
        [delivery] = notify.Email("oncall@example.org", url).notify(ALERT)
    assert delivery.ok and mailbox.logins == [USER]
    assert mailbox.received[0][0] == USER  # the account is the sender


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("refused recipient", "SMTPRecipientsRefused"),
        # smtplib tries the next mechanism after a 535; this server then hangs up
        ("wrong password", "SMTPAuthenticationError|SMTPServerDisconnected"),
        ("unreachable", "ConnectionRefusedError"),
    ],
)
def test_failures_are_reported(case: str, error: str) -> None:
    mailbox = Mailbox(refuse={"oncall@example.org"} if case == "refused recipient" else set())
    with smtp_server(mailbox) as port:
        login = f"{USER.replace('@', '%40')}:wrong@" if case == "wrong password" else ""
        url = f"smtp://{login}127.0.0.1:{free_port() if case == 'unreachable' else port}"
        [delivery] = notify.Email("oncall@example.org", url, timeout=5).notify(ALERT)
    assert not delivery.ok
    assert re.fullmatch(
        rf"the mail server refused or was unreachable \(({error})\)", delivery.detail
    )
    assert mailbox.received == []


def test_escalating_from_the_inbox_sends_the_mail_and_audits_it(
    database: Database, people: dict[str, User], analysis_of: Maker
) -> None:
    from fastapi.testclient import TestClient

    items = add_items(database, analysis_of)
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        settings = Settings(database_url="sqlite://", escalation_email="oncall@example.org",
                            smtp_url=f"smtp://127.0.0.1:{port}")  # fmt: skip
        with TestClient(create_app(settings, database=database)) as c:
            log_in(c, "author")
            csrf = field(c.get("/inbox").text, "csrf_token")
            page = c.post(f"/inbox/{items['crisis']}/escalate", data={"csrf_token": csrf}).text
    assert "the on-call contact has been notified" in page
    [(_, recipients, raw)] = mailbox.received
    assert recipients == ["oncall@example.org"]
    assert f"inbound item {items['crisis']}".encode() in raw
    assert CRISIS.encode() not in raw and b"goodbye" not in raw and b"someone" not in raw
    assert audit(database, "inbound.escalated") == [
        ("author@example.org", str(items["crisis"]), ("escalation.email.delivered",))
    ]
