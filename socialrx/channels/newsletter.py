"""E-mail newsletters: publish an approved text as one e-mail through an SMTP server.

- ``publish``: one message per approved text, sent with the standard library (``smtplib``,
  ``email.message.EmailMessage``). ``From`` is the configured sender. With one address in
  ``to`` (a mailing list's or distribution address) that address is the visible ``To``; with
  several, each gets its copy by envelope only (``RCPT TO``, i.e. Bcc: no ``Bcc`` header is
  written at all) and ``To`` reads ``undisclosed-recipients:;``, so recipients never see each
  other. ``Subject`` is the subject prefix plus the text's first non-blank line (whitespace
  collapsed, control characters dropped, shortened to 80 characters at a word boundary).
  ``Message-ID`` is derived from ``post.key`` (``<{key}@{sender's domain}>``), so a resend of
  the same approved version carries the same id and can be recognised in the server's log and
  by the recipients' mail clients. ``List-Unsubscribe`` is added when configured.
- The body is ``text/plain; charset="utf-8"`` in base64, and is *exactly* the approved text:
  the decoded body's bytes are ``post.text.encode("utf-8")`` — no re-wrapping, no trailing
  newline added, line endings as written (``\\n``, ``\\r\\n`` or a lone ``\\r`` each survive).
  SMTP itself turns every line of the message into CRLF and dot-stuffs lines that start with
  ``.``; that only ever touches the base64 lines (at most 76 characters, no dots), never the
  text, which also keeps 1,000-character lines within SMTP's 998-octet line limit.
- Security: ``ssl`` (implicit TLS, usually port 465) or ``starttls`` (usually 587; a server
  that does not offer STARTTLS gets nothing rather than the text in clear), certificates
  verified against the system's trust store (or ``tls_context``). An optional log-in: the
  user name in the account's settings, the password in its credentials; a log-in without TLS
  is refused at construction unless the server is on loopback. Every socket operation has a
  time limit (``timeout``, 10 s).
- Errors: a refused log-in (535, or 530 "authentication required") is ``ChannelAuthError``;
  a 4xx answer (421, 450, 451, 452 …), a refused, timed-out or dropped connection
  ``ChannelUnavailable``; a 5xx answer to MAIL FROM, RCPT TO or DATA ``ChannelRejected``. Up to
  the server's answer to the end of DATA nothing has been sent, and the message says so; a
  connection lost *after* the message was handed over leaves the outcome unknown, and the
  message says that instead. Messages name the platform (``newsletter``), the SMTP step and
  code (with the enhanced status code, e.g. ``5.1.1``), never the text, the subject, an address
  or the server's free-text reply (which often quotes the address). ``ChannelError.status`` is
  the SMTP code (0 when there was none).
- ``idempotent_for`` is ``None`` and ``find`` answers ``None``: SMTP cannot be asked whether a
  message went out, so after a crash (or a connection lost once the server had the whole
  message) the worker marks the publication "needs a human check" instead of mailing every
  subscriber twice. ``fetch`` reads nothing (replies to a newsletter go to a mailbox, not here).

Addresses must be ASCII (an international domain in its ``xn--`` form): the message is sent
without the SMTPUTF8 extension, which many servers lack.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import re
import smtplib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, parseaddr
from ssl import SSLContext, create_default_context
from typing import Any

from socialrx.channels.base import Fetched, Outgoing, Published
from socialrx.errors import (
    ChannelAuthError,
    ChannelError,
    ChannelRejected,
    ChannelUnavailable,
    ConfigError,
)

log = logging.getLogger(__name__)
TIMEOUT = 10.0  # seconds, for the connection and for every answer of the server
SUBJECT_CHARS = 80  # of the text's first line (the prefix comes on top)
UNDISCLOSED = "undisclosed-recipients:;"
AUTH_CODES = frozenset({530, 534, 535, 538})  # authentication required / refused
_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_ENHANCED = re.compile(rb"\s*([245]\.\d{1,3}\.\d{1,3})\b")
_HOST = re.compile(r"[A-Za-z0-9.:\[\]_-]+")
_UNSUBSCRIBE = re.compile(r"(?:mailto:|https://|http://)[^\s<>\"]+")


@dataclass
class Newsletter:
    """``host``/``port`` are the SMTP server (submission); ``sender`` the ``From`` address
    (``news@clinic.example`` or ``Clinic News <news@clinic.example>``); ``to`` the list's
    address, or several recipients (then Bcc only). See the module's docstring."""

    host: str
    port: int
    sender: str
    to: tuple[str, ...]
    subject_prefix: str = ""
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = False
    ssl: bool = False
    unsubscribe: str | None = None
    timeout: float = TIMEOUT
    tls_context: SSLContext | None = field(default=None, repr=False)
    name: str = "newsletter"
    idempotent_for: timedelta | None = None

    def __post_init__(self) -> None:
        what = "a newsletter channel"
        if not isinstance(self.host, str) or not _HOST.fullmatch(self.host):
            raise ConfigError(f"{what} needs host: the SMTP server's name or address")
        if not isinstance(self.port, int) or isinstance(self.port, bool) or not (
                0 < self.port < 65536):  # fmt: skip
            raise ConfigError(f"{what} needs port: a number from 1 to 65535")
        self._from = _address(self.sender, f"{what} needs sender: one e-mail address")
        if isinstance(self.to, str) or not isinstance(self.to, Sequence) or not self.to:
            raise ConfigError(f"{what} needs to: the list's address, or a list of recipients")
        self.to = tuple(dict.fromkeys(self.to))
        self._to = tuple(_address(a, f"{what}'s recipient {n} of {len(self.to)} is not one "
                                     "e-mail address") for n, a in enumerate(self.to, 1))  # fmt: skip
        if not isinstance(self.subject_prefix, str) or _controls(self.subject_prefix):
            raise ConfigError(f"{what}'s subject_prefix must be one line of text")
        if self.ssl and self.starttls:
            raise ConfigError(f"{what} uses either ssl (implicit TLS) or starttls, not both")
        if self.username is not None and (not isinstance(self.username, str) or
                                          not self.username or _controls(self.username)):  # fmt: skip
            raise ConfigError(f"{what}'s username must be a non-empty line of text")
        if bool(self.username) != bool(self.password):
            raise ConfigError(f"{what}'s log-in needs both a username (settings) and a "
                              "password (credentials)")  # fmt: skip
        if self.username and not (self.ssl or self.starttls or _loopback(self.host)):
            raise ConfigError(f"{what}'s log-in needs ssl or starttls: the password would "
                              "cross the network in clear")  # fmt: skip
        if self.unsubscribe is not None and not (
                isinstance(self.unsubscribe, str) and _UNSUBSCRIBE.fullmatch(self.unsubscribe)):  # fmt: skip
            raise ConfigError(f"{what}'s unsubscribe must be a mailto: or https:// address")
        if isinstance(self.timeout, bool) or not isinstance(self.timeout, int | float) or not (
                0 < self.timeout <= 300):  # fmt: skip
            raise ConfigError(f"{what}'s timeout must be a number of seconds from 0 to 300")

    # ------------------------------------------------------------------------- the seams

    def publish(self, post: Outgoing) -> Published:
        message = self.message(post)
        message_id = str(message["Message-ID"])
        data = message.as_bytes(policy=policy.SMTP)
        self._send([a.addr_spec for a in self._to], data)
        return Published(message_id, None)

    def fetch(self, since: str | None) -> Fetched:
        """Nothing to read: replies to a newsletter arrive in a mailbox, not through SMTP."""
        return Fetched([], since)

    def find(self, post: Outgoing) -> Published | None:
        """Always ``None``: SMTP cannot be asked whether a message went out. When an attempt's
        outcome is unknown (a crash, or a connection lost after the server had the whole
        message), the worker therefore marks the publication "needs a human check" rather than
        sending it to every subscriber a second time."""
        return None

    # --------------------------------------------------------------------------- message

    def message(self, post: Outgoing, now: datetime | None = None) -> EmailMessage:
        """The e-mail ``publish`` sends for ``post`` (without envelope recipients)."""
        try:
            body = post.text.encode("utf-8")
        except UnicodeEncodeError:
            raise ChannelRejected(f"{self.name}: the text is not valid Unicode (a lone "
                                  "surrogate); nothing was sent") from None  # fmt: skip
        message = EmailMessage(policy=policy.SMTP)
        message["From"] = self._from
        message["To"] = self._to[0] if len(self._to) == 1 else UNDISCLOSED
        message["Subject"] = subject(self.subject_prefix, post.text)
        message["Date"] = format_datetime(now or datetime.now(UTC))
        message["Message-ID"] = message_id(post.key, self._from.domain)
        if self.unsubscribe:
            message["List-Unsubscribe"] = f"<{self.unsubscribe}>"
        message.set_content(body, maintype="text", subtype="plain", cte="base64",
                            params={"charset": "utf-8"})  # fmt: skip
        return message

    # -------------------------------------------------------------------------- sending

    def _connect(self) -> smtplib.SMTP:
        # the sender's domain names this client in EHLO (no DNS look-up of our own name)
        local = self._from.domain
        if self.ssl:
            return smtplib.SMTP_SSL(self.host, self.port, local_hostname=local,
                                    timeout=self.timeout, context=self._context())  # fmt: skip
        return smtplib.SMTP(self.host, self.port, local_hostname=local, timeout=self.timeout)

    def _context(self) -> SSLContext:
        return self.tls_context or create_default_context()

    def _send(self, recipients: list[str], data: bytes) -> None:
        """One SMTP transaction; raises the ``ChannelError`` its failure means."""
        at, smtp = _Progress(), None
        try:
            smtp = self._connect()
            refused = self._transact(smtp, recipients, data, at)
        except ChannelError:
            _close(smtp)
            raise
        except smtplib.SMTPAuthenticationError as error:
            _close(smtp)
            raise ChannelAuthError(f"{self.name}: the mail server refused the log-in "
                                   f"({_code(error.smtp_code, error.smtp_error)}); connect "
                                   "the account again", error.smtp_code) from None  # fmt: skip
        except smtplib.SMTPNotSupportedError:
            _close(smtp)
            raise ChannelAuthError(f"{self.name}: the mail server offers no log-in (AUTH); "
                                   "remove the username or use another server") from None  # fmt: skip
        except smtplib.SMTPResponseException as error:  # a refused greeting, EHLO/HELO
            _close(smtp)
            raise self._answered(at.step, error.smtp_code, error.smtp_error) from None
        except (smtplib.SMTPServerDisconnected, OSError) as error:  # refused, timed out, TLS
            _close(smtp)
            raise self._lost(at, error) from None
        except smtplib.SMTPException as error:
            _close(smtp)
            if at.step == "AUTH":  # no mechanism both sides know
                raise ChannelAuthError(f"{self.name}: the mail server offers no log-in method "
                                       "this client knows") from None  # fmt: skip
            raise self._lost(at, error) from None
        if refused:  # the others have it: retrying would send it to them again
            log.warning("%s: the mail server refused %d of %d recipients (%s); the others were "
                        "sent the message", self.name, len(refused), len(recipients),
                        ", ".join(refused))  # fmt: skip
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            _close(smtp)  # the message was accepted; a failed goodbye changes nothing

    def _transact(self, smtp: smtplib.SMTP, recipients: list[str], data: bytes,
                  at: _Progress) -> list[str]:  # fmt: skip
        """EHLO, STARTTLS, AUTH, MAIL FROM, RCPT TO, DATA; answers the refused recipients'
        codes when some (not all) were refused."""
        at.step = "EHLO"
        smtp.ehlo_or_helo_if_needed()
        if self.starttls:
            at.step = "STARTTLS"
            if not smtp.has_extn("starttls"):
                raise ChannelRejected(f"{self.name}: the mail server does not offer STARTTLS; "
                                      "nothing was sent (it is not sent in clear)")  # fmt: skip
            code, reply = smtp.starttls(context=self._context())
            if code != 220:
                raise self._answered(at.step, code, reply)
            at.step = "EHLO"
            smtp.ehlo_or_helo_if_needed()
        if self.username:
            at.step = "AUTH"
            smtp.login(self.username, self.password or "")
        at.step = "MAIL FROM"
        self._expect(at.step, smtp.mail(self._from.addr_spec), 250)
        at.step = "RCPT TO"
        refused: list[tuple[int, bytes]] = []
        for address in recipients:
            code, reply = smtp.rcpt(address)
            if code not in (250, 251):
                refused.append((code, reply))
        if len(refused) == len(recipients):
            temporary = [r for r in refused if 400 <= r[0] < 500]
            raise self._answered(at.step, *(temporary or refused)[0])
        at.step = "DATA"
        smtp.putcmd("data")
        self._expect(at.step, smtp.getreply(), 354)
        at.step, at.handed_over = "the end of DATA", True
        smtp.send(_stuffed(data) + b".\r\n")
        self._expect(at.step, smtp.getreply(), 250)
        return [_code(c, r) for c, r in refused]

    def _expect(self, step: str, answer: tuple[int, bytes], code: int) -> None:
        if answer[0] != code:
            raise self._answered(step, *answer)

    def _answered(self, step: str, code: int, reply: bytes | str) -> ChannelError:
        said = f"{self.name}: the mail server answered {_code(code, reply)} to {step}"
        if code in AUTH_CODES:
            return ChannelAuthError(f"{said}: it wants a (different) log-in; connect the "
                                    "account again", code)  # fmt: skip
        if 400 <= code < 500:
            return ChannelUnavailable(f"{said}: a temporary failure; nothing was sent, it can "
                                      "be tried again later", code, sent=False)  # fmt: skip
        if 500 <= code < 600:
            return ChannelRejected(f"{said}: it refused the message; nothing was sent", code)
        return ChannelUnavailable(f"{said}: an unexpected answer; nothing was sent",
                                  max(code, 0), sent=False)  # fmt: skip

    def _lost(self, at: _Progress, error: Exception) -> ChannelUnavailable:
        step, kind = at.step, type(error).__name__
        if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
            what = f"{self.name}: the mail server did not answer in time ({step})"
        elif step == "connect":
            what = f"{self.name}: the mail server could not be reached ({kind})"
        else:
            what = f"{self.name}: the connection to the mail server failed during {step} ({kind})"
        if at.handed_over:
            return ChannelUnavailable(f"{what}, after the whole message was handed over: "
                                      "whether it was sent is unknown; check before sending "
                                      "it again")  # fmt: skip
        return ChannelUnavailable(f"{what}; nothing was sent, it can be tried again later",
                                  sent=False)  # fmt: skip


@dataclass
class _Progress:
    """How far a transaction got: its current step, and whether the whole message is out."""

    step: str = "connect"
    handed_over: bool = False


def from_account(settings: Mapping[str, Any], credentials: Mapping[str, Any]) -> Newsletter:
    """The connector of a connected account: ``settings`` holds ``host``, ``port`` (default
    465 with ``ssl``, 587 with ``starttls``, else 25), ``sender``, ``to`` (one address or a
    list), and optionally ``subject_prefix``, ``username``, ``starttls``, ``ssl``,
    ``unsubscribe`` and ``timeout``; ``credentials`` the ``password`` (with a username)."""
    ssl, starttls = settings.get("ssl", False), settings.get("starttls", False)
    if not isinstance(ssl, bool) or not isinstance(starttls, bool):
        raise ConfigError("a newsletter channel's ssl and starttls are true or false")
    port = settings.get("port", 465 if ssl else 587 if starttls else 25)
    to = settings.get("to")
    if isinstance(to, str):
        to = [to]
    if not isinstance(to, list | tuple) or not all(isinstance(a, str) for a in to):
        raise ConfigError("a newsletter channel needs to: the list's address, or a list of "
                          "recipients")  # fmt: skip
    text = {key: settings.get(key) for key in ("host", "sender", "subject_prefix", "username",
                                                "unsubscribe")}  # fmt: skip
    for key, value in text.items():
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"a newsletter channel's {key} must be text")
    password = credentials.get("password")
    if password is not None and not isinstance(password, str):
        raise ConfigError("a newsletter channel's password must be text")
    return Newsletter(
        host=text["host"] or "", port=port, sender=text["sender"] or "", to=tuple(to),
        subject_prefix=text["subject_prefix"] or "", username=text["username"] or None,
        password=password or None, starttls=starttls, ssl=ssl, unsubscribe=text["unsubscribe"],
        timeout=settings.get("timeout", TIMEOUT),
    )  # fmt: skip


# ------------------------------------------------------------------------------ helpers


def subject(prefix: str, text: str, limit: int = SUBJECT_CHARS) -> str:
    """``prefix`` and the first non-blank line of ``text``: whitespace collapsed, control
    characters dropped, at most ``limit`` characters (cut at a word boundary, then ``…``)."""
    first = ""
    for line in text.splitlines():
        first = "".join(c for c in " ".join(line.split()) if not _control(c))
        if first:
            break
    if len(first) > limit:
        cut = first[: limit - 1]
        space = cut.rfind(" ")
        first = (cut[:space] if space > limit // 2 else cut).rstrip() + "…"
    prefix = " ".join(prefix.split())
    return f"{prefix} {first}" if prefix and first else prefix or first


def message_id(key: str, domain: str) -> str:
    """``<key@domain>``; a key that is not a valid left part becomes its SHA-256 (same key,
    same id)."""
    left = key if _ATOM.fullmatch(key) and len(key) <= 128 else (
        "srx." + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:40])  # fmt: skip
    return f"<{left}@{domain.lower()}>"


def _address(value: object, complaint: str) -> Address:
    if not isinstance(value, str) or not value.isascii() or _controls(value):
        raise ConfigError(complaint + " (ASCII; an international domain in its xn-- form)")
    if len(getaddresses([value])) != 1:
        raise ConfigError(complaint)
    name, spec = parseaddr(value)
    local, at, domain = spec.rpartition("@")
    if not at or not local or not domain or " " in spec or "@" in local:
        raise ConfigError(complaint)
    try:
        return Address(display_name=name, addr_spec=spec)
    except (ValueError, HeaderParseError, IndexError):
        raise ConfigError(complaint) from None


def _control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def _controls(value: str) -> bool:
    return any(_control(c) for c in value)


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _code(code: int, reply: bytes | str) -> str:
    """``550 5.1.1``: the code and the enhanced status code, never the reply's free text."""
    raw = reply.encode("utf-8", "replace") if isinstance(reply, str) else reply
    enhanced = _ENHANCED.match(raw or b"")
    return f"{code} {enhanced.group(1).decode()}" if enhanced else str(code)


def _stuffed(data: bytes) -> bytes:
    """The message as DATA carries it: CRLF lines, a leading ``.`` doubled, CRLF at the end."""
    data = re.sub(rb"(?:\r\n|\r|\n)", b"\r\n", data)
    data = re.sub(rb"(?m)^\.", b"..", data)
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def _close(smtp: smtplib.SMTP | None) -> None:
    if smtp is not None:
        smtp.close()
