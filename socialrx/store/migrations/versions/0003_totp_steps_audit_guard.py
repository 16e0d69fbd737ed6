"""A TOTP code works once (users.totp_last_step), and the database itself refuses to update or
delete audit events (triggers; an administrator who drops them is still caught by
``socialrx audit verify``).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

MESSAGE = "audit events are append-only"
SQLITE_TRIGGERS = {
    f"audit_events_no_{verb.lower()}": f"""
        CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """
    for verb in ("UPDATE", "DELETE")
}
POSTGRES_FUNCTION = f"""
    CREATE FUNCTION socialrx_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$
"""
POSTGRES_TRIGGER = """
    CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION socialrx_audit_append_only()
"""


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        op.execute(POSTGRES_TRIGGER)
    else:
        for statement in SQLITE_TRIGGERS.values():
            op.execute(statement)


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION socialrx_audit_append_only()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
