"""The one exception tree of socialrx.

    SocialrxError
    ├── InputError          an item cannot be analysed (bad JSON, missing text, too long, NUL …)
    ├── PolicyError         a policy file or value is invalid
    ├── RegistryError       an unknown or badly declared detector / classifier
    ├── DatasetError        an evaluation dataset is missing or malformed
    ├── ModelError          a shipped model file is missing or malformed
    ├── ConfigError         a setting is invalid or missing (production without a secret key …)
    ├── StoreError          the database refused or lacks something
    │   ├── NotFoundError   no such user, post, review, consent, item or token
    │   └── ConflictError   a duplicate (e-mail, consent link …) or a concurrent change
    ├── AuthError           wrong credentials, locked account, missing/wrong TOTP, revoked token
    ├── WorkflowError       an illegal post transition, or a role not allowed to make it
    └── ChannelError        a social platform's API refused or failed (socialrx.channels)
        ├── ChannelAuthError      the credentials are missing, invalid, expired or revoked
        ├── RateLimitedError      slow down: ``retry_at`` says when the platform allows again
        ├── ChannelUnavailable    a time-out, a dropped connection or a 5xx: try again later
        └── ChannelRejected       the platform refused this request (4xx): retrying won't help

Messages say what was wrong and what was expected. They never contain post text.
"""

from __future__ import annotations

from datetime import datetime


class SocialrxError(Exception):
    """Base class of every error socialrx raises on purpose."""


class InputError(SocialrxError, ValueError):
    """An input item cannot be analysed."""


class PolicyError(SocialrxError, ValueError):
    """A policy is invalid."""


class RegistryError(SocialrxError, LookupError):
    """A detector or classifier is unknown or declared wrongly."""


class DatasetError(SocialrxError, ValueError):
    """An evaluation dataset is missing or not in the expected format."""


class ModelError(SocialrxError, RuntimeError):
    """A shipped model file is missing or malformed (rebuild it with ``socialrx train``)."""


class ConfigError(SocialrxError, ValueError):
    """A setting is invalid or missing."""


class StoreError(SocialrxError, RuntimeError):
    """The database refused an operation or lacks a record."""


class NotFoundError(StoreError, LookupError):
    """No such record."""


class ConflictError(StoreError):
    """A duplicate, or a change that conflicts with a concurrent one."""


class AuthError(SocialrxError, PermissionError):
    """Authentication failed. The message says why in general terms only."""


class WorkflowError(SocialrxError, ValueError):
    """An illegal post transition, or a role not allowed to make it."""


class ChannelError(SocialrxError, RuntimeError):
    """A social platform's API refused or failed. ``status`` is the HTTP status (0: none).
    Messages name the platform and what it said in general terms, never post text."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


class ChannelAuthError(ChannelError):
    """The platform does not accept the credentials (missing, invalid, expired or revoked)."""


class RateLimitedError(ChannelError):
    """The platform asks to slow down; ``retry_at`` (UTC) is when it allows requests again."""

    def __init__(self, message: str, retry_at: datetime, status: int = 429) -> None:
        super().__init__(message, status)
        self.retry_at = retry_at


class ChannelUnavailable(ChannelError):
    """A time-out, a dropped connection or a server error: the same request may succeed later.
    ``sent`` is False when the request certainly never reached the platform (no connection
    could be made; a mail server refused before the message was handed over), ``None`` when
    whether it was carried out is unknown."""

    def __init__(self, message: str, status: int = 0, sent: bool | None = None) -> None:
        super().__init__(message, status)
        self.sent = sent


class ChannelRejected(ChannelError):
    """The platform refused the request itself (a 4xx other than 401/429): retrying won't help."""
