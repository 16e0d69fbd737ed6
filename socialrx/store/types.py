"""Column types: encrypted text and JSON (ciphertext in the database, plain values in Python),
and UTC timestamps that come back timezone-aware from SQLite too.

The cipher belongs to the engine: ``bind_cipher(engine, cipher)`` attaches it to the engine's
dialect, where the encrypted types find it. An engine without one refuses to read or write
encrypted columns (a clear ``StoreError``), so text is never stored in clear by mistake.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import DateTime, Engine, LargeBinary
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from socialrx.errors import StoreError
from socialrx.store.cipher import Cipher

_ATTRIBUTE = "socialrx_cipher"
T = TypeVar("T")


def bind_cipher(engine: Engine, cipher: Cipher) -> None:
    setattr(engine.dialect, _ATTRIBUTE, cipher)


def _cipher(dialect: Dialect, column: str) -> Cipher:
    cipher = getattr(dialect, _ATTRIBUTE, None)
    if not isinstance(cipher, Cipher):
        raise StoreError(f"no encryption key is bound to this database engine ({column})")
    return cipher


class _Encrypted(TypeDecorator[T]):
    """A value stored as AES-GCM ciphertext bound to the column name ``column``."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, column: str) -> None:
        super().__init__()
        self.column = column

    def encode(self, value: T) -> bytes:
        raise NotImplementedError

    def decode(self, data: bytes) -> T:
        raise NotImplementedError

    def process_bind_param(self, value: T | None, dialect: Dialect) -> bytes | None:
        if value is None:
            return None
        return _cipher(dialect, self.column).encrypt(self.encode(value), self.column)

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> T | None:
        if value is None:
            return None
        return self.decode(_cipher(dialect, self.column).decrypt(bytes(value), self.column))


class EncryptedText(_Encrypted[str]):
    """A ``str``, encrypted."""

    cache_ok = True

    def encode(self, value: str) -> bytes:
        return value.encode("utf-8")

    def decode(self, data: bytes) -> str:
        return data.decode("utf-8")


class EncryptedJSON(_Encrypted[Any]):
    """A JSON value, encrypted (for records that quote post text)."""

    cache_ok = True

    def encode(self, value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def decode(self, data: bytes) -> Any:
        return json.loads(data)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes; naive values are refused (they are ambiguous)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise StoreError("a timestamp without a timezone cannot be stored; expected UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)
