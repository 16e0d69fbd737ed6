"""The newsletter connector against a real SMTP server on loopback (aiosmtpd, one for the
module): the approved text arrives byte for byte (decoded), the subject is derived from its first
line, several recipients are Bcc only, the Message-ID follows the idempotency key, the log-in is
used, and every refusal or failure becomes the right ``ChannelError`` without a word of the text,
the subject or an address in its message."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as attribute
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from hypothesis import given, settings
from hypothesis import strategies as st

from socialrx.channels.base import Connector, Fetched, Outgoing, Published
from socialrx.channels.newsletter import Newsletter, from_account, message_id, subject
from socialrx.errors import (
    ChannelAuthError,
    ChannelError,
    ChannelRejected,
    ChannelUnavailable,
    ConfigError,
)

SENDER, LIST = "Clinic News <news@clinic.example>", "patients@lists.clinic.example"
USER, PASSWORD = "news@clinic.example", "s3cret pass"
KEY = "srx-7-newsletter-0123456789abcdef"


@dataclass
class Mailbox:
    """The server's side: what arrived, who logged in, and the answers it is told to give."""

    refuse: dict[str, str] = attribute(default_factory=dict)  # recipient -> answer
    answer: dict[str, str] = attribute(default_factory=dict)  # "MAIL" / "DATA" -> answer
    received: list[tuple[str, list[str], bytes]] = attribute(default_factory=list)
    logins: list[str] = attribute(default_factory=list)

    def reset(self) -> None:
        self.refuse.clear()
        self.answer.clear()
        self.received.clear()
        self.logins.clear()

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:  # fmt: skip
        if "MAIL" in self.answer:
            return self.answer["MAIL"]
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:  # fmt: skip
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if "DATA" in self.answer:
            return self.answer["DATA"]
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                     data: Any) -> AuthResult:  # fmt: skip
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(), PASSWORD.encode())  # fmt: skip
        if ok:
            self.logins.append(data.login.decode())
        # handled=False: aiosmtpd answers 535 (the default, handled=True, answers nothing)
        return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    port: int
    mailbox: Mailbox


@pytest.fixture(scope="module")
def running() -> Iterator[Server]:
    """One real SMTP server for the module (plain SMTP, AUTH allowed without TLS: loopback)."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port,
                            authenticator=mailbox.authenticate, auth_require_tls=False)  # fmt: skip
    controller.start()
    try:
        yield Server(port, mailbox)
    finally:
        controller.stop()


@pytest.fixture
def server(running: Server) -> Server:
    running.mailbox.reset()
    return running


def newsletter(port: int = 25, **options: Any) -> Newsletter:
    arguments: dict[str, Any] = {"host": "127.0.0.1", "port": port, "sender": SENDER,
                                 "to": (LIST,), "subject_prefix": "[Clinic news]",
                                 "timeout": 5.0} | options  # fmt: skip
    return Newsletter(**arguments)


def post(text: str, key: str = KEY) -> Outgoing:
    return Outgoing(7, "newsletter", text, "0123456789abcdef" * 4, key)


def parsed(raw: bytes) -> EmailMessage:
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def body(raw: bytes) -> str:
    payload = parsed(raw).get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode("utf-8")


TEXTS = {
    "plain": "Our flu clinic opens on Monday.",
    "accents": "Vaccination gratuite à l'hôpital Saint-Étienne, côté pédiatrie — bienvenue !",
    "emoji": "Stay safe this winter 🧣❄️ 👩‍⚕️👨🏽‍⚕️ family: 👨‍👩‍👧",
    "long line": "word " * 199 + "end",  # 1,000 characters on one line
    "long word": "x" * 1000,
    "leading dots": ".\n.. two\n.hidden\nend\n.",
    "crlf": "line one\r\nline two\r\n",
    "lf": "line one\nline two\n",
    "lone cr": "one\rtwo",
    "no final newline": "last line without newline",
    "blank first lines": "\n\n   \nHeadline here\nBody",
    "trailing spaces": "spaces at the end   \n\ttab first\n",
    "from line": "From the team: hello\nFrom here on",
    "empty": "",
    "nul and controls": "a\x00b\x1bc\x7f",
    "rtl and separators": "مرحبا\u2028שלום\u2029end\x85",
}


@pytest.mark.parametrize("text", TEXTS.values(), ids=TEXTS.keys())
def test_the_text_arrives_exactly(server: Server, text: str) -> None:
    published = newsletter(server.port).publish(post(text))
    [(sender, recipients, raw)] = server.mailbox.received
    assert (sender, recipients) == ("news@clinic.example", [LIST])
    message = parsed(raw)
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert message["Content-Transfer-Encoding"] == "base64"
    assert body(raw) == text  # byte for byte: line endings and all
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998  # SMTP's line limit
    assert published == Published(f"<{KEY}@clinic.example>", None)
    assert message["Message-ID"] == published.external_id


def test_the_headers(server: Server) -> None:
    text = "Flu shots are here 💉\nCome by on Monday."
    newsletter(server.port, unsubscribe="mailto:leave@clinic.example?subject=unsubscribe").publish(
        post(text)
    )
    message = parsed(server.mailbox.received[0][2])
    assert str(message["From"]) == SENDER
    assert str(message["To"]) == LIST
    assert str(message["Subject"]) == "[Clinic news] Flu shots are here 💉"
    assert message["List-Unsubscribe"] == "<mailto:leave@clinic.example?subject=unsubscribe>"
    assert message["Date"] is not None and message["MIME-Version"] == "1.0"
    assert "Bcc" not in message


@pytest.mark.parametrize(
    ("prefix", "text", "expected"),
    [
        ("[News]", "Hello world\nsecond line", "[News] Hello world"),
        ("", "Hello world", "Hello world"),
        ("[News]", "", "[News]"),
        ("", "", ""),
        ("[News]  ", "\n \n  Spaced    out\ttext  \nmore", "[News] Spaced out text"),
        ("", "a\x00b\x1fc", "ab c"),  # \x1f is whitespace to str.split
        ("", "one\u2028two", "one"),
        ("", "word " * 30, ("word " * 15).strip() + "…"),  # cut at a word boundary
        ("", "x" * 100, "x" * 79 + "…"),  # no boundary to cut at
        ("", "y" * 80, "y" * 80),
    ],
)
def test_the_subject(prefix: str, text: str, expected: str) -> None:
    assert subject(prefix, text) == expected
    first = subject("", text)
    assert len(first) <= 80


def test_a_long_subject_arrives_intact(server: Server) -> None:
    text = "Ünïcödé héadline with émoji 🎉 and a great many words to go past the limit " * 3
    newsletter(server.port).publish(post(text))
    received = str(parsed(server.mailbox.received[0][2])["Subject"])
    assert received == "[Clinic news] " + subject("", text)
    assert received.endswith("…") and len(received) <= len("[Clinic news] ") + 80


def test_several_recipients_are_bcc_only(server: Server) -> None:
    to = ("ann@example.org", "bob@example.net", "cyd@example.com")
    newsletter(server.port, to=to).publish(post("Hello all"))
    [(_, recipients, raw)] = server.mailbox.received
    assert recipients == list(to)  # every one in the envelope (RCPT TO) …
    message = parsed(raw)
    assert str(message["To"]) == "undisclosed-recipients:;"
    assert "Bcc" not in message and "Cc" not in message
    for address in to:  # … and none of them in the message itself
        assert address.encode() not in raw
        assert address.split("@")[1].encode() not in raw


def test_the_message_id_follows_the_key(server: Server) -> None:
    channel = newsletter(server.port)
    first, again = channel.publish(post("Same text")), channel.publish(post("Same text"))
    other = channel.publish(post("Same text", key="srx-8-newsletter-fedcba9876543210"))
    assert first == again == Published(f"<{KEY}@clinic.example>", None)
    assert other.external_id == "<srx-8-newsletter-fedcba9876543210@clinic.example>"
    ids = [parsed(raw)["Message-ID"] for _, _, raw in server.mailbox.received]
    assert ids == [first.external_id, first.external_id, other.external_id]
    # a key that cannot be a Message-ID's left part is hashed, still deterministically
    odd = message_id("srx 9:news/ça", "Clinic.Example")
    assert odd == message_id("srx 9:news/ça", "clinic.example")
    assert odd.startswith("<srx.") and odd.endswith("@clinic.example>") and " " not in odd


def test_the_log_in_is_used(server: Server) -> None:
    channel = newsletter(server.port, username=USER, password=PASSWORD)
    channel.publish(post("Members only"))
    assert server.mailbox.logins == [USER]
    assert body(server.mailbox.received[0][2]) == "Members only"
    assert PASSWORD not in repr(channel)


def test_a_wrong_password_is_an_auth_error(server: Server) -> None:
    channel = newsletter(server.port, username=USER, password="wrong")
    with pytest.raises(ChannelAuthError) as caught:
        channel.publish(post("Members only"))
    assert str(caught.value).startswith("newsletter: the mail server refused the log-in (535")
    assert caught.value.status == 535
    assert server.mailbox.received == [] and server.mailbox.logins == []
    assert_discreet(caught.value, "Members only", "wrong")


def assert_discreet(error: ChannelError, *secrets: str) -> None:
    """The message names the platform, never the text, the subject or an address."""
    message = str(error)
    assert message.startswith("newsletter")
    for secret in (*secrets, "Clinic", "clinic.example", LIST, "@", "example.org"):
        assert secret not in message


TEXT = "Private: appointment reminders for Mrs Example"


@pytest.mark.parametrize(
    ("where", "answer", "error", "status"),
    [
        ("MAIL", "421 4.7.0 lists.clinic.example closing, try later", ChannelUnavailable, 421),
        ("MAIL", "451 4.3.0 patients@lists.clinic.example greylisted", ChannelUnavailable, 451),
        ("MAIL", "550 5.7.1 news@clinic.example not allowed", ChannelRejected, 550),
        ("MAIL", "530 5.7.0 Authentication required", ChannelAuthError, 530),
        ("RCPT", "450 4.2.0 patients@lists.clinic.example mailbox busy", ChannelUnavailable, 450),
        ("RCPT", "452 4.5.3 too many recipients", ChannelUnavailable, 452),
        ("RCPT", "550 5.1.1 <patients@lists.clinic.example>: no such user", ChannelRejected, 550),
        ("DATA", "451 4.3.0 local error in processing", ChannelUnavailable, 451),
        ("DATA", "421 4.3.2 service shutting down", ChannelUnavailable, 421),
        ("DATA", "554 5.6.0 Private: appointment content refused", ChannelRejected, 554),
    ],
)
def test_refusals(
    server: Server, where: str, answer: str, error: type[ChannelError], status: int
) -> None:
    if where == "RCPT":
        server.mailbox.refuse[LIST] = answer
    else:
        server.mailbox.answer[where] = answer
    with pytest.raises(error) as caught:
        newsletter(server.port).publish(post(TEXT))
    assert type(caught.value) is error and caught.value.status == status
    message = str(caught.value)
    step = {"MAIL": "MAIL FROM", "RCPT": "RCPT TO", "DATA": "the end of DATA"}[where]
    enhanced = answer.split()[1]
    assert f"answered {status} {enhanced} to {step}" in message
    if error is not ChannelAuthError:
        assert "nothing was sent" in message
    assert server.mailbox.received == []
    assert_discreet(caught.value, TEXT, "[Clinic news]", "greylisted", "no such user", "busy")


def test_some_refused_recipients_do_not_stop_the_others(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    to = ("ann@example.org", "gone@example.net", "cyd@example.com")
    server.mailbox.refuse["gone@example.net"] = "550 5.1.1 no such user gone@example.net"
    published = newsletter(server.port, to=to).publish(post("Hello"))
    [(_, recipients, _)] = server.mailbox.received
    assert recipients == ["ann@example.org", "cyd@example.com"]
    assert published.external_id == f"<{KEY}@clinic.example>"  # it went out: no retry
    assert "refused 1 of 3 recipients (550 5.1.1)" in caplog.text
    assert "gone" not in caplog.text and "example" not in caplog.text


def test_all_recipients_refused_temporarily_is_unavailable(server: Server) -> None:
    to = ("ann@example.org", "bob@example.net")
    server.mailbox.refuse.update({to[0]: "550 5.1.1 no", to[1]: "451 4.3.0 later"})
    with pytest.raises(ChannelUnavailable, match=r"answered 451 4\.3\.0 to RCPT TO"):
        newsletter(server.port, to=to).publish(post("Hello"))


def test_nothing_listening_is_unavailable() -> None:
    with pytest.raises(ChannelUnavailable) as caught:
        newsletter(free_port()).publish(post(TEXT))
    assert str(caught.value) == ("newsletter: the mail server could not be reached "
                                 "(ConnectionRefusedError); nothing was sent, it can be tried "
                                 "again later")  # fmt: skip
    assert caught.value.status == 0


def test_a_silent_server_times_out() -> None:
    with socket.socket() as listener:  # accepts connections (backlog) but never speaks
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        channel = newsletter(listener.getsockname()[1], timeout=0.3)
        with pytest.raises(ChannelUnavailable, match="did not answer in time"):
            channel.publish(post(TEXT))


def fake_smtp(script: dict[bytes, bytes], hang_up_after_data: bool) -> tuple[int, threading.Thread]:
    """A one-connection SMTP server that answers commands from ``script`` and, after the
    message, either says 250 or hangs up without a word (the outcome is then unknown)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve() -> None:
        connection, _ = listener.accept()
        with connection, listener:
            stream = connection.makefile("rb")
            connection.sendall(b"220 fake ESMTP\r\n")
            for line in stream:
                verb = line.split(b" ")[0].split(b":")[0].strip().upper()
                if verb == b"DATA":
                    connection.sendall(b"354 go ahead\r\n")
                    for content in stream:
                        if content == b".\r\n":
                            break
                    if hang_up_after_data:
                        return
                    connection.sendall(b"250 queued\r\n")
                    continue
                connection.sendall(script.get(verb, b"250 OK\r\n"))
                if verb == b"QUIT":
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener.getsockname()[1], thread


def test_a_connection_lost_after_the_message_leaves_the_outcome_unknown() -> None:
    port, thread = fake_smtp({}, hang_up_after_data=True)
    with pytest.raises(ChannelUnavailable) as caught:
        newsletter(port).publish(post(TEXT))
    thread.join(5)
    message = str(caught.value)
    assert "after the whole message was handed over" in message
    assert "whether it was sent is unknown" in message and "nothing was sent" not in message
    assert_discreet(caught.value, TEXT)


def test_a_failed_goodbye_after_acceptance_is_still_published() -> None:
    port, thread = fake_smtp({b"QUIT": b"500 what\r\n"}, hang_up_after_data=False)
    assert newsletter(port).publish(post(TEXT)).external_id == f"<{KEY}@clinic.example>"
    thread.join(5)


def test_a_refused_greeting_or_ehlo() -> None:
    port, thread = fake_smtp({b"EHLO": b"421 4.3.2 go away\r\n", b"HELO": b"421 go away\r\n"},
                             hang_up_after_data=False)  # fmt: skip
    with pytest.raises(ChannelUnavailable, match=r"answered 421 .*to EHLO.*nothing was sent"):
        newsletter(port).publish(post(TEXT))
    thread.join(5)


def test_starttls_that_is_not_offered_sends_nothing(server: Server) -> None:
    with pytest.raises(ChannelRejected, match="does not offer STARTTLS; nothing was sent"):
        newsletter(server.port, starttls=True).publish(post(TEXT))
    assert server.mailbox.received == []


def test_implicit_tls_against_a_plain_server_is_unavailable(server: Server) -> None:
    with pytest.raises(ChannelUnavailable, match="nothing was sent") as caught:
        newsletter(server.port, ssl=True).publish(post(TEXT))
    assert_discreet(caught.value, TEXT)
    assert server.mailbox.received == []


def test_a_log_in_the_server_does_not_offer(server: Server) -> None:
    port, thread = fake_smtp({}, hang_up_after_data=False)  # no AUTH in its EHLO answer
    with pytest.raises(ChannelAuthError, match="offers no log-in"):
        newsletter(port, username=USER, password=PASSWORD).publish(post(TEXT))
    thread.join(5)


def test_the_other_seams() -> None:
    channel: Connector = newsletter(25)
    assert channel.name == "newsletter" and channel.idempotent_for is None
    assert channel.find(post(TEXT)) is None  # SMTP cannot tell: a human checks
    assert channel.fetch(None) == Fetched([], None)
    assert channel.fetch("cursor-1") == Fetched([], "cursor-1")


@pytest.mark.parametrize(
    ("options", "complaint"),
    [
        ({"host": ""}, "needs host"),
        ({"host": "mail example"}, "needs host"),
        ({"port": 0}, "needs port"),
        ({"port": 70000}, "needs port"),
        ({"port": True}, "needs port"),
        ({"sender": "not an address"}, "needs sender"),
        ({"sender": "a@b.example, c@d.example"}, "needs sender"),
        ({"sender": "news@clinic.example\r\nBcc: x@evil.example"}, "needs sender"),
        ({"sender": "nouvelles@clinique-été.example"}, "needs sender"),
        ({"to": ()}, "needs to"),
        ({"to": "patients@lists.clinic.example"}, "needs to"),
        ({"to": (LIST, "bad address")}, "recipient 2 of 2 is not one e-mail address"),
        ({"subject_prefix": "[News]\r\nBcc: x@evil.example"}, "subject_prefix"),
        ({"ssl": True, "starttls": True}, "not both"),
        ({"username": USER}, "needs both a username"),
        ({"password": "hunter2"}, "needs both a username"),
        (
            {"host": "smtp.clinic.example", "username": USER, "password": "hunter2"},
            "needs ssl or starttls",
        ),
        ({"unsubscribe": "javascript:alert(1)"}, "unsubscribe"),
        ({"unsubscribe": "https://x.example/u> <mailto:evil@x.example"}, "unsubscribe"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": "10"}, "timeout"),
    ],
)
def test_configuration_errors(options: dict[str, Any], complaint: str) -> None:
    with pytest.raises(ConfigError, match=complaint) as caught:
        newsletter(**options)
    assert "hunter2" not in str(caught.value) and "evil" not in str(caught.value)
    assert str(caught.value).startswith("a newsletter channel")


def test_a_log_in_without_tls_is_fine_on_loopback_and_with_tls_elsewhere() -> None:
    newsletter(25, host="localhost", username=USER, password=PASSWORD)
    newsletter(25, host="::1", username=USER, password=PASSWORD)
    newsletter(587, host="smtp.clinic.example", username=USER, password=PASSWORD, starttls=True)
    newsletter(465, host="smtp.clinic.example", username=USER, password=PASSWORD, ssl=True)


def test_from_account(server: Server) -> None:
    channel = from_account(
        {"host": "127.0.0.1", "port": server.port, "sender": SENDER, "to": LIST,
         "subject_prefix": "[News]", "username": USER,
         "unsubscribe": "https://clinic.example/unsubscribe"},
        {"password": PASSWORD},
    )  # fmt: skip
    channel.publish(post("From the account"))
    assert server.mailbox.logins == [USER]
    assert str(parsed(server.mailbox.received[0][2])["Subject"]) == "[News] From the account"
    assert from_account({"host": "smtp.x.example", "sender": USER, "to": [LIST], "ssl": True},
                        {}).port == 465  # fmt: skip
    assert from_account({"host": "smtp.x.example", "sender": USER, "to": [LIST],
                         "starttls": True}, {}).port == 587  # fmt: skip
    with pytest.raises(ConfigError, match="needs host"):
        from_account({"sender": USER, "to": LIST}, {})
    with pytest.raises(ConfigError, match="needs to"):
        from_account({"host": "smtp.x.example", "sender": USER, "to": 5}, {})
    with pytest.raises(ConfigError, match="ssl and starttls"):
        from_account({"host": "smtp.x.example", "sender": USER, "to": LIST, "ssl": "yes"}, {})


@settings(max_examples=50, deadline=None)
@given(text=st.text())
def test_any_text_round_trips(running: Server, text: str) -> None:
    running.mailbox.reset()
    newsletter(running.port).publish(post(text))
    [(_, _, raw)] = running.mailbox.received
    assert body(raw) == text
    assert str(parsed(raw)["Subject"]) == subject("[Clinic news]", text)
