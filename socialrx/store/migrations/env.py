"""Alembic environment: socialrx runs migrations in-process (``Database.upgrade``), handing
over an open connection; there is no alembic.ini."""

from alembic import context

from socialrx.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run socialrx migrations with `socialrx db upgrade` (Database.upgrade)")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
