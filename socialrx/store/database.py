"""The database: one engine per ``Database``, transactions, and schema migrations.

SQLite (the embedded default) runs in WAL mode with ``synchronous=FULL`` and foreign keys on,
and every transaction starts with ``BEGIN IMMEDIATE``, so writers queue instead of failing
half-way. PostgreSQL needs nothing special. Errors from the driver become ``StoreError``s whose
messages name the kind of failure, never the statement or its parameters.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session, sessionmaker

from socialrx.errors import ConflictError, SocialrxError, StoreError
from socialrx.settings import Settings, redact_url
from socialrx.store.cipher import Cipher, load_key
from socialrx.store.types import bind_cipher

__all__ = ["Database", "Session"]

__all__ = ["Database", "Session"]  # Session: the handle store functions take (for typing)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class Database:
    """Connections to the database of ``settings``; ``key`` overrides the settings' key."""

    def __init__(self, settings: Settings, key: bytes | None = None) -> None:
        self.settings = settings
        self.key = key

    def __repr__(self) -> str:
        return f"Database({redact_url(self.settings.database_url)!r})"

    @cached_property
    def engine(self) -> Engine:
        url = self.settings.database_url
        cipher = Cipher(self.key if self.key is not None else load_key(self.settings))
        if url.startswith("sqlite"):
            _sqlite_parent(url).mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        bind_cipher(engine, cipher)
        return engine

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose changes are committed when the block ends, rolled back on error."""
        try:
            with self.sessions.begin() as session:
                yield session
        except exc.IntegrityError as error:
            raise ConflictError(f"the database refused the change: {_constraint(error)}") from None
        except exc.SQLAlchemyError as error:
            orig = getattr(error, "orig", None)
            if isinstance(orig, SocialrxError):  # ours, raised while binding a value
                raise orig from None
            raise StoreError(f"database failure ({type(error).__name__}) on {self!r}") from None

    def upgrade(self, revision: str = "head") -> None:
        """Apply the migrations up to ``revision`` (Alembic, run in-process)."""
        from alembic import command

        with self.engine.begin() as connection:
            command.upgrade(self._alembic(connection), revision)

    def downgrade(self, revision: str) -> None:
        """Undo migrations down to ``revision`` (``base``: drop every table)."""
        from alembic import command

        with self.engine.begin() as connection:
            command.downgrade(self._alembic(connection), revision)

    def revision(self) -> str | None:
        """The schema's current migration, ``None`` for an empty database."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def dispose(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()

    def _alembic(self, connection: Any) -> Any:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        return config


def _sqlite_parent(url: str) -> Path:
    path = url.split("///", 1)[1] if "///" in url else ""
    return Path(path).parent if path and path != ":memory:" else Path()


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _constraint(error: exc.IntegrityError) -> str:
    """Which kind of constraint failed, without the statement, its parameters or values."""
    message = str(error.orig).lower()
    for kind in ("unique", "foreign key", "check", "not null"):
        if kind in message or kind.replace(" ", "_") in message:
            return f"a {kind} constraint failed"
    return "a constraint failed"
