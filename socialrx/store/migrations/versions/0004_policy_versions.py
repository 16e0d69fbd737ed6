"""Policy versions: the organisation's policy, every change a new append-only row.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from socialrx.store.migrations import append_only

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "policy_versions",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("actor", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_policy_versions")),
    )
    append_only.create("policy_versions", "socialrx_policy_append_only",
                       "policy versions are append-only: save a new version instead")  # fmt: skip


def downgrade() -> None:
    """Downgrade schema."""
    append_only.drop("policy_versions", "socialrx_policy_append_only")
    op.drop_table("policy_versions")
