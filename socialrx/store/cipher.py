"""AES-256-GCM encryption of text at rest, and where the key comes from.

A ciphertext is ``version byte (1) ‖ 12-byte random nonce ‖ AES-GCM(ciphertext ‖ tag)``; the
associated data names the column (``posts.text`` …) so a value cannot be moved to another
column unnoticed.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from socialrx.errors import ConfigError, StoreError
from socialrx.settings import Settings

VERSION = b"\x01"
NONCE = 12
KEY_BYTES = 32


class Cipher:
    """Encrypts and decrypts with one 256-bit key. ``repr`` never shows the key."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ConfigError(f"the encryption key has {len(key)} bytes; expected {KEY_BYTES}")
        self._aead = AESGCM(key)

    def __repr__(self) -> str:
        return "Cipher(AES-256-GCM)"

    def encrypt(self, plaintext: bytes, column: str) -> bytes:
        nonce = secrets.token_bytes(NONCE)
        return VERSION + nonce + self._aead.encrypt(nonce, plaintext, column.encode())

    def decrypt(self, data: bytes, column: str) -> bytes:
        if data[:1] != VERSION or len(data) < 1 + NONCE + 16:
            raise StoreError(f"a value of {column} is not a socialrx ciphertext (version 1)")
        try:
            return self._aead.decrypt(data[1 : 1 + NONCE], data[1 + NONCE :], column.encode())
        except InvalidTag:
            raise StoreError(
                f"a value of {column} cannot be decrypted: wrong key, or the data was altered"
            ) from None


def generate_key() -> str:
    """A new key, URL-safe base64 (the form of ``SOCIALRX_SECRET_KEY``)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def parse_key(text: str, source: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise ConfigError(
            f"{source} is not a {KEY_BYTES}-byte key in URL-safe base64; "
            "generate one with `socialrx db keygen`"
        )
    return key


def load_key(settings: Settings) -> bytes:
    """The key of ``settings``: the variable, the key file, or (development only) a key
    generated once into ``<data dir>/socialrx.key``."""
    if settings.secret_key is not None:
        return parse_key(settings.secret_key, "SOCIALRX_SECRET_KEY")
    path = settings.secret_key_file
    if path is None:
        if settings.production:
            raise ConfigError(
                "production mode needs SOCIALRX_SECRET_KEY or SOCIALRX_SECRET_KEY_FILE"
            )
        path = settings.dev_key_file
        if not path.exists():
            _create_key_file(path)
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the key file {str(path)!r}: {exc}") from None
    return parse_key(text, f"the key file {str(path)!r}")


def _create_key_file(path: Path) -> None:
    """Write a new key atomically (a temporary file hard-linked into place), so a concurrent
    process sees either no key file or a complete one, and never replaces an existing key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(generate_key() + "\n")
        os.link(tmp, path)
    except FileExistsError:
        pass  # another process created it first: use that one
    finally:
        tmp.unlink(missing_ok=True)
