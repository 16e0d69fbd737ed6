"""Crisis escalation: tell the organisation's on-call contact that an inbound item needs them,
by webhook (JSON, signed with HMAC-SHA256) and/or e-mail (SMTP).

An ``Alert`` carries ids, channel, labels, a link and a time, never the item's text. A notifier
never raises for a failed delivery: it answers one ``Delivery`` per route, so that the caller
can record every outcome in the audit trail and tell the user.

The webhook body is the UTF-8 JSON of ``Alert.payload()``; the header
``X-Socialrx-Signature: sha256=<hex>`` is the HMAC-SHA256 of exactly those bytes under
``SOCIALRX_ESCALATION_WEBHOOK_SECRET``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any, Literal, Protocol
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    import httpx

    from socialrx.settings import Settings

log = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Socialrx-Signature"
TIMEOUT = 5.0  # seconds: a crisis must not wait on a slow receiver; the page says it failed
Route = Literal["webhook", "email"]


@dataclass(frozen=True, slots=True)
class Alert:
    """What an escalation says: which item, where it came from, how it was labelled, where to
    look, when. No text of the item, no author."""

    item_id: int
    channel: str
    labels: tuple[str, ...]
    link: str
    at: datetime

    def payload(self) -> dict[str, Any]:
        return {"event": "inbound.escalated", "item_id": self.item_id, "channel": self.channel,
                "labels": list(self.labels), "link": self.link,
                "at": self.at.isoformat(timespec="seconds")}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Delivery:
    """The outcome of one route; ``detail`` names what went wrong (never a secret)."""

    route: Route
    ok: bool
    detail: str = ""


class Notifier(Protocol):
    """The seam: deliver ``alert`` by every configured route."""

    def notify(self, alert: Alert) -> list[Delivery]: ...


def sign(body: bytes, secret: str) -> str:
    """The signature header's value for ``body``."""
    from socialrx.channels.webhooks import signature

    return signature(secret, body)


class Webhook:
    """POST the alert as JSON to ``url``; ``client`` may be injected (else one per call)."""

    def __init__(self, url: str, secret: str, client: httpx.Client | None = None,
                 timeout: float = TIMEOUT) -> None:  # fmt: skip
        self.url = url
        self.secret = secret
        self.client = client
        self.timeout = timeout

    def notify(self, alert: Alert) -> list[Delivery]:
        import httpx

        body = json.dumps(alert.payload(), separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(body, self.secret)}
        try:
            if self.client is not None:
                response = self.client.post(self.url, content=body, headers=headers,
                                            timeout=self.timeout)  # fmt: skip
            else:
                with httpx.Client(timeout=self.timeout) as client:
                    response = client.post(self.url, content=body, headers=headers)
        except httpx.TimeoutException:
            return [_failed("webhook", "the receiver did not answer in time")]
        except httpx.HTTPError as error:
            why = f"the receiver could not be reached ({type(error).__name__})"
            return [_failed("webhook", why)]
        if not response.is_success:
            return [_failed("webhook", f"the receiver answered HTTP {response.status_code}")]
        return [Delivery("webhook", True)]


class Email:
    """Send the alert to ``to`` through the SMTP server of ``smtp_url``
    (``smtp://[user:password@]host[:port]``, STARTTLS when offered; ``smtps://`` for TLS)."""

    def __init__(self, to: str, smtp_url: str, timeout: float = TIMEOUT) -> None:
        self.to = to
        self.smtp_url = smtp_url
        self.timeout = timeout

    def message(self, alert: Alert) -> EmailMessage:
        parts = urlsplit(self.smtp_url)
        user = unquote(parts.username or "")
        message = EmailMessage()
        message["Subject"] = f"socialrx: crisis escalation, inbound item {alert.item_id}"
        message["From"] = user if "@" in user else f"socialrx@{parts.hostname or 'localhost'}"
        message["To"] = self.to
        p = alert.payload()
        message.set_content(
            "An inbound item was labelled as a crisis and escalated to you.\n\n"
            f"Item: {p['item_id']}\nChannel: {p['channel']}\nLabels: {', '.join(p['labels'])}\n"
            f"Escalated at: {p['at']}\nOpen it: {p['link']}\n"
        )
        return message

    def notify(self, alert: Alert) -> list[Delivery]:
        import smtplib

        parts = urlsplit(self.smtp_url)
        host, port = parts.hostname or "localhost", parts.port
        try:
            smtp: smtplib.SMTP
            if parts.scheme == "smtps":
                smtp = smtplib.SMTP_SSL(host, port or 465, timeout=self.timeout)
            else:
                smtp = smtplib.SMTP(host, port or 25, timeout=self.timeout)
            with smtp:
                smtp.ehlo()
                if parts.scheme == "smtp" and smtp.has_extn("starttls"):
                    smtp.starttls()
                    smtp.ehlo()
                if parts.username:
                    smtp.login(unquote(parts.username), unquote(parts.password or ""))
                smtp.send_message(self.message(alert))
        except (OSError, smtplib.SMTPException) as error:
            why = f"the mail server refused or was unreachable ({type(error).__name__})"
            return [_failed("email", why)]
        return [Delivery("email", True)]


class Fanout:
    """Every route in turn; one failing does not stop the others."""

    def __init__(self, notifiers: list[Notifier]) -> None:
        self.notifiers = notifiers

    def notify(self, alert: Alert) -> list[Delivery]:
        return [d for n in self.notifiers for d in n.notify(alert)]


def from_settings(settings: Settings) -> Notifier | None:
    """The notifier the settings configure, or ``None`` when no route is configured."""
    routes: list[Notifier] = []
    if settings.escalation_webhook and settings.escalation_webhook_secret:
        routes.append(Webhook(settings.escalation_webhook, settings.escalation_webhook_secret))
    if settings.escalation_email and settings.smtp_url:
        routes.append(Email(settings.escalation_email, settings.smtp_url))
    if not routes:
        return None
    return routes[0] if len(routes) == 1 else Fanout(routes)


def _failed(route: Route, detail: str) -> Delivery:
    log.warning("escalation by %s failed: %s", route, detail)
    return Delivery(route, False, detail)
