"""Account secrets: argon2id password hashes, TOTP codes, API tokens and the lock-out rule.

No database: ``socialrx.store.users`` keeps the results. API tokens are shown once and only
their SHA-256 is stored; the first characters (the prefix) identify a token in listings.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import pyotp
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from socialrx.errors import AuthError

MIN_PASSWORD = 12
MAX_PASSWORD = 1024
TOKEN_PREFIX = "srx_"  # noqa: S105 - a public marker, not a secret
TOKEN_SHOWN = 12  # characters of a token kept in clear for display: "srx_" + 8


# argon2id, RFC 9106 "second recommended option": 64 MiB, 3 passes, 4 lanes.
PASSWORD_PARAMETERS = profiles.RFC_9106_LOW_MEMORY


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher.from_parameters(PASSWORD_PARAMETERS)


def check_password_rules(password: str) -> None:
    """Raises ``AuthError`` when ``password`` is too short or too long (never quoting it)."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AuthError(
            f"a password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters; "
            f"this one has {len(password)}"
        )


def hash_password(password: str) -> str:
    check_password_rules(password)
    return _hasher().hash(password)


def password_ok(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, email: str) -> str:
    """The otpauth:// URI an authenticator app scans."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name="socialrx")


def totp_ok(secret: str, code: str, at: datetime) -> bool:
    """Whether ``code`` is the TOTP of ``secret`` at ``at`` (± one 30-second step)."""
    return totp_step(secret, code, at) is not None


def totp_step(secret: str, code: str, at: datetime) -> int | None:
    """The 30-second step (counted from the epoch) whose TOTP ``code`` is, within one step of
    ``at``; ``None`` when it is none of them. Spending a step makes a code single-use."""
    code = code.strip()
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(at)
    for step in (now, now - 1, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def totp_now(secret: str, at: datetime) -> str:
    """The current code (for tests and for enrolling)."""
    return pyotp.TOTP(secret).at(at)


@dataclass(frozen=True, slots=True)
class NewToken:
    """A freshly minted API token: ``token`` is shown once; only ``digest`` is stored."""

    token: str
    prefix: str
    digest: str

    def __repr__(self) -> str:
        return f"NewToken(prefix={self.prefix!r})"


def new_token() -> NewToken:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return NewToken(token, token[:TOKEN_SHOWN], token_digest(token))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Lockout:
    """Lock an account for ``minutes`` after ``after`` consecutive failed log-ins."""

    after: int = 5
    minutes: int = 15

    def failed(self, failures: int, now: datetime) -> tuple[int, datetime | None]:
        """The failure count and lock expiry after one more failure."""
        failures += 1
        if failures >= self.after:
            return 0, now + timedelta(minutes=self.minutes)
        return failures, None


def locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and now < locked_until
