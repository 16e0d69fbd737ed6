"""Settings, keys, encryption and migrations."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from conftest import KEY, PASSWORD
from sqlalchemy import text

from socialrx.errors import ConfigError, ConflictError, StoreError
from socialrx.settings import SETTINGS, Settings, load_settings
from socialrx.store import users
from socialrx.store.cipher import Cipher, generate_key, load_key
from socialrx.store.database import MIGRATIONS, Database
from socialrx.store.models import Base, User

GOOD_KEY = generate_key()


@pytest.mark.parametrize(("env", "expected"), [
    ({}, {"database_url": "sqlite:///socialrx.db", "production": False, "lockout_after": 5}),
    ({"SOCIALRX_DATA_DIR": "/var/lib/srx"}, {"database_url": "sqlite:////var/lib/srx/socialrx.db"}),
    ({"SOCIALRX_DATABASE_URL": "postgresql://u:pw@db/srx"},
     {"database_url": "postgresql+psycopg://u:pw@db/srx"}),
    ({"SOCIALRX_DATABASE_URL": "postgres://db/srx"}, {"database_url": "postgresql+psycopg://db/srx"}),
    ({"SOCIALRX_ENV": "production", "SOCIALRX_SECRET_KEY": GOOD_KEY}, {"production": True}),
    ({"SOCIALRX_ENV": "production", "SOCIALRX_SECRET_KEY_FILE": "/run/key"},
     {"secret_key_file": Path("/run/key")}),
    ({"SOCIALRX_LOCKOUT_AFTER": "3", "SOCIALRX_LOCKOUT_MINUTES": "60"},
     {"lockout_after": 3, "lockout_minutes": 60}),
])  # fmt: skip
def test_settings(env: dict[str, str], expected: dict[str, object]) -> None:
    settings = load_settings(env)
    assert {k: getattr(settings, k) for k in expected} == expected


@pytest.mark.parametrize(("env", "error"), [
    ({"SOCIALRX_ENV": "production"}, "production mode needs an encryption key"),
    ({"SOCIALRX_ENV": "staging"}, "expected development or production"),
    ({"SOCIALRX_DATABASE_URL": "mysql://db/x"}, "unsupported database 'mysql'"),
    ({"SOCIALRX_LOCKOUT_AFTER": "0"}, "at least 1"),
    ({"SOCIALRX_LOCKOUT_MINUTES": "ten"}, "at least 1"),
])  # fmt: skip
def test_bad_settings(env: dict[str, str], error: str) -> None:
    with pytest.raises(ConfigError, match=error):
        load_settings(env)


def test_settings_repr_hides_secrets() -> None:
    settings = load_settings({"SOCIALRX_DATABASE_URL": "postgresql://u:hunter2@db/x",
                              "SOCIALRX_SECRET_KEY": GOOD_KEY})  # fmt: skip
    assert "hunter2" not in repr(settings) and GOOD_KEY not in repr(settings)
    assert "hunter2" not in repr(Database(settings))


def test_every_setting_is_read() -> None:
    source = (Path(__file__).parents[1] / "socialrx" / "settings.py").read_text()
    assert all(source.count(f'"{name}"') >= 2 for name in SETTINGS)


def test_keys(tmp_path: Path) -> None:
    dev = Settings(database_url="sqlite://", data_dir=tmp_path / "data")
    key = load_key(dev)
    assert len(key) == 32 and load_key(dev) == key  # generated once, then reused
    assert os.stat(dev.dev_key_file).st_mode & 0o077 == 0
    assert load_key(Settings(database_url="sqlite://", secret_key=GOOD_KEY)) != key
    key_file = tmp_path / "k"
    key_file.write_text(GOOD_KEY + "\n")
    assert load_key(Settings(database_url="sqlite://", secret_key_file=key_file)) == load_key(
        Settings(database_url="sqlite://", secret_key=GOOD_KEY)
    )
    for bad in ("short", "!!!!", generate_key()[:-4]):
        with pytest.raises(ConfigError, match="32-byte key"):
            load_key(Settings(database_url="sqlite://", secret_key=bad))
    with pytest.raises(ConfigError, match="cannot read the key file"):
        load_key(Settings(database_url="sqlite://", secret_key_file=tmp_path / "missing"))


def test_cipher() -> None:
    cipher = Cipher(KEY)
    data = cipher.encrypt(b"Zebulon Quixote", "posts.text")
    assert b"Zebulon" not in data and data != cipher.encrypt(b"Zebulon Quixote", "posts.text")
    assert cipher.decrypt(data, "posts.text") == b"Zebulon Quixote"
    with pytest.raises(StoreError, match="wrong key, or the data was altered"):
        cipher.decrypt(data, "inbound_items.text")  # moved to another column
    with pytest.raises(StoreError, match="wrong key"):
        Cipher(bytes(32)).decrypt(data, "posts.text")
    with pytest.raises(StoreError, match="not a socialrx ciphertext"):
        cipher.decrypt(b"\x02" + data[1:], "posts.text")
    with pytest.raises(ConfigError, match="expected 32"):
        Cipher(b"short")
    assert repr(cipher) == "Cipher(AES-256-GCM)"


def test_the_wrong_key_cannot_read_the_data(database: Database, people: dict[str, User]) -> None:
    with database.transaction() as s:
        users.enroll_totp(s, people["reviewer"])
    other = Database(database.settings, key=bytes(range(1, 33)))
    with pytest.raises(StoreError, match="cannot be decrypted"), other.transaction() as s:
        users.get_user(s, "reviewer@example.org")
    other.dispose()


def test_naive_timestamps_are_refused(database: Database, people: dict[str, User]) -> None:
    with pytest.raises(StoreError, match="without a timezone"), database.transaction() as s:
        users.get_user(s, "author@example.org").locked_until = datetime(2026, 1, 1)


def test_constraint_errors_never_quote_values(database: Database, people: dict[str, User]) -> None:
    with pytest.raises(ConflictError) as info, database.transaction() as s:
        s.add(User(email="author@example.org", role="author", password_hash="x", failed_logins=0))
    assert str(info.value) == "the database refused the change: a unique constraint failed"


def test_migrations_create_exactly_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert database.revision() == head
    database.upgrade()  # idempotent
    assert database.revision() == head


def test_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    db = Database(Settings(database_url=f"sqlite:///{tmp_path / 'd.db'}"), key=KEY)
    assert db.revision() is None
    db.upgrade()
    db.downgrade("base")
    with db.engine.connect() as connection:
        tables = connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        assert {row[0] for row in tables} <= {"alembic_version"}
    db.upgrade()
    with db.transaction() as s:
        users.create_user(s, "a@example.org", "admin", PASSWORD, "test")
    db.dispose()
