"""The service's settings, read from environment variables. Pure: ``load_settings`` reads only
the mapping it is given (``os.environ`` by default) and touches no file.

===========================  ==================================================================
``SOCIALRX_ENV``             ``development`` (default) or ``production``
``SOCIALRX_DATA_DIR``        where the embedded database and the development key live [``.``]
``SOCIALRX_DATABASE_URL``    SQLAlchemy URL [``sqlite:///<data dir>/socialrx.db``];
                             ``postgresql://…`` uses psycopg 3
``SOCIALRX_SECRET_KEY``      32-byte key, URL-safe base64, for encryption of text at rest
``SOCIALRX_SECRET_KEY_FILE`` a file holding that key (instead of ``SOCIALRX_SECRET_KEY``)
``SOCIALRX_LOCKOUT_AFTER``   failed log-ins before an account is locked [5]
``SOCIALRX_LOCKOUT_MINUTES`` how long a locked account stays locked [15]
``SOCIALRX_TIMEZONE``        the organisation's time zone for schedules (IANA name) [``UTC``]
``SOCIALRX_SYNDROMES_FILE``  a TOML file of ``[[syndrome]]`` tables the signals count besides
                             the built-in ones (docs/signals.md) [none]
===========================  ==================================================================

Crisis escalation (``socialrx.channels.notify``): ``SOCIALRX_ESCALATION_WEBHOOK`` (a URL the
alert is POSTed to) with ``SOCIALRX_ESCALATION_WEBHOOK_SECRET`` (the HMAC-SHA256 key signing it),
and/or ``SOCIALRX_ESCALATION_EMAIL`` (the on-call address) with ``SOCIALRX_SMTP_URL``
(``smtp://[user:password@]host[:port]`` or ``smtps://…``). None is set by default.

In production a key (or key file) is mandatory: ``load_settings`` raises ``ConfigError``.
In development without one, the store keeps a generated key in ``<data dir>/socialrx.key``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from socialrx.errors import ConfigError

Env = Literal["development", "production"]

# Every setting, with a one-line description (docs/store.md documents each; a test checks).
SETTINGS: dict[str, str] = {
    "SOCIALRX_ENV": "development (default) or production",
    "SOCIALRX_DATA_DIR": "folder of the embedded database and the development key",
    "SOCIALRX_DATABASE_URL": "SQLAlchemy database URL",
    "SOCIALRX_SECRET_KEY": "encryption key for text at rest (32 bytes, URL-safe base64)",
    "SOCIALRX_SECRET_KEY_FILE": "file holding the encryption key",
    "SOCIALRX_LOCKOUT_AFTER": "failed log-ins before an account is locked",
    "SOCIALRX_LOCKOUT_MINUTES": "minutes a locked account stays locked",
    "SOCIALRX_TIMEZONE": "the organisation's time zone for schedules (IANA name)",
    "SOCIALRX_SYNDROMES_FILE": "TOML file of syndromes the signals count besides the built-in",
    "SOCIALRX_ESCALATION_WEBHOOK": "URL that crisis escalations are POSTed to",
    "SOCIALRX_ESCALATION_WEBHOOK_SECRET": "HMAC-SHA256 key that signs escalation webhooks",
    "SOCIALRX_ESCALATION_EMAIL": "e-mail address of the on-call contact for escalations",
    "SOCIALRX_SMTP_URL": "SMTP server that sends escalation e-mails",
}


@dataclass(frozen=True)
class Settings:
    """What the store and the service need. ``repr`` never shows the key."""

    database_url: str
    env: Env = "development"
    data_dir: Path = Path()
    secret_key: str | None = None
    secret_key_file: Path | None = None
    lockout_after: int = 5
    lockout_minutes: int = 15
    escalation_webhook: str | None = None
    escalation_webhook_secret: str | None = None
    escalation_email: str | None = None
    smtp_url: str | None = None
    timezone: str = "UTC"
    syndromes_file: Path | None = None

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def dev_key_file(self) -> Path:
        """Where development keeps its generated key when none is configured."""
        return self.data_dir / "socialrx.key"

    def __repr__(self) -> str:
        key = "set" if self.secret_key else ("file" if self.secret_key_file else "none")
        return f"Settings(env={self.env!r}, database={redact_url(self.database_url)!r}, key={key})"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from ``environ`` (``os.environ`` when omitted); raises ``ConfigError``."""
    env = os.environ if environ is None else environ
    mode = env.get("SOCIALRX_ENV", "development").strip() or "development"
    if mode not in ("development", "production"):
        raise ConfigError(f"SOCIALRX_ENV is {mode!r}; expected development or production")
    data_dir = Path(env.get("SOCIALRX_DATA_DIR", "") or ".")
    url = env.get("SOCIALRX_DATABASE_URL", "").strip() or f"sqlite:///{data_dir / 'socialrx.db'}"
    key = env.get("SOCIALRX_SECRET_KEY", "").strip() or None
    key_file = env.get("SOCIALRX_SECRET_KEY_FILE", "").strip() or None
    if mode == "production" and key is None and key_file is None:
        raise ConfigError(
            "production mode needs an encryption key: set SOCIALRX_SECRET_KEY or "
            "SOCIALRX_SECRET_KEY_FILE (generate one with `socialrx db keygen`)"
        )
    routes = _escalation(env)
    timezone = env.get("SOCIALRX_TIMEZONE", "").strip() or "UTC"
    from socialrx.schedule import zone

    zone(timezone)  # ConfigError for a name that is not a time zone
    return Settings(
        database_url=normalize_url(url),
        env="production" if mode == "production" else "development",
        data_dir=data_dir,
        secret_key=key,
        secret_key_file=Path(key_file) if key_file else None,
        lockout_after=_positive(env, "SOCIALRX_LOCKOUT_AFTER", 5),
        lockout_minutes=_positive(env, "SOCIALRX_LOCKOUT_MINUTES", 15),
        escalation_webhook=routes["escalation_webhook"],
        escalation_webhook_secret=routes["escalation_webhook_secret"],
        escalation_email=routes["escalation_email"],
        smtp_url=routes["smtp_url"],
        timezone=timezone,
        syndromes_file=Path(syndromes)
        if (syndromes := env.get("SOCIALRX_SYNDROMES_FILE", "").strip())
        else None,
    )


def _escalation(env: Mapping[str, str]) -> dict[str, str | None]:
    """The escalation routes: a webhook needs its secret, an e-mail address its SMTP server."""
    got = {field: env.get(name, "").strip() or None
           for field, name in (("escalation_webhook", "SOCIALRX_ESCALATION_WEBHOOK"),
                               ("escalation_webhook_secret", "SOCIALRX_ESCALATION_WEBHOOK_SECRET"),
                               ("escalation_email", "SOCIALRX_ESCALATION_EMAIL"),
                               ("smtp_url", "SOCIALRX_SMTP_URL"))}  # fmt: skip
    hook, email, smtp = got["escalation_webhook"], got["escalation_email"], got["smtp_url"]
    if hook is not None and not hook.startswith(("http://", "https://")):
        raise ConfigError("SOCIALRX_ESCALATION_WEBHOOK: expected an http:// or https:// URL")
    if hook is not None and got["escalation_webhook_secret"] is None:
        raise ConfigError("SOCIALRX_ESCALATION_WEBHOOK needs SOCIALRX_ESCALATION_WEBHOOK_SECRET "
                          "(the key that signs each escalation)")  # fmt: skip
    if email is not None and "@" not in email:
        raise ConfigError("SOCIALRX_ESCALATION_EMAIL: expected an e-mail address")
    if email is not None and smtp is None:
        raise ConfigError("SOCIALRX_ESCALATION_EMAIL needs SOCIALRX_SMTP_URL (the mail server)")
    if smtp is not None and not smtp.startswith(("smtp://", "smtps://")):
        raise ConfigError("SOCIALRX_SMTP_URL: expected smtp://HOST[:PORT] or smtps://HOST[:PORT]")
    return got


def normalize_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` select psycopg 3 (the driver socialrx ships)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if not url.startswith(("sqlite", "postgresql+")):
        raise ConfigError(
            f"SOCIALRX_DATABASE_URL uses an unsupported database {url.split(':', 1)[0]!r}; "
            "expected sqlite:///PATH or postgresql://USER@HOST/DB"
        )
    return url


def redact_url(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    return f"{scheme}{sep}{userinfo.split(':', 1)[0]}:***@{host}"


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"{name} is {raw!r}; expected a whole number of at least 1")
    return int(raw)
