"""Triggers that make a table append-only (the database refuses UPDATE and DELETE), for the
migrations that need them. Released migrations call these: keep the SQL they produce as it is.
"""

from alembic import op


def create(table: str, function: str, message: str) -> None:
    """Refuse UPDATE and DELETE on ``table`` with ``message`` (PostgreSQL: one trigger calling
    ``function``; SQLite: one trigger per verb)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{message}'; END $$
        """)
        op.execute(f"""
            CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {function}()
        """)
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"""
            CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}
            BEGIN SELECT RAISE(ABORT, '{message}'); END
        """)


def drop(table: str, function: str) -> None:
    """Undo ``create``."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
        op.execute(f"DROP FUNCTION {function}()")
        return
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER {table}_no_{verb}")
