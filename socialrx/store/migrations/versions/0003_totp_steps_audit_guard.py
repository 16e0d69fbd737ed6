"""A TOTP code works once (users.totp_last_step), and the database itself refuses to update or
delete audit events (triggers; an administrator who drops them is still caught by
``socialrx audit verify``).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from socialrx.store.migrations import append_only

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    append_only.create("audit_events", "socialrx_audit_append_only",
                       "audit events are append-only")  # fmt: skip


def downgrade() -> None:
    """Downgrade schema."""
    append_only.drop("audit_events", "socialrx_audit_append_only")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
