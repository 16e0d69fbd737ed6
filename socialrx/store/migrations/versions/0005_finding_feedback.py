"""Reviewers mark findings as false flags (kept for tuning the detectors).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "finding_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("finding", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("detector", sa.String(length=64), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.LargeBinary(), nullable=True),  # EncryptedText
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["users.id"], name=op.f("fk_finding_feedback_reviewer_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["post_versions.id"],
            name=op.f("fk_finding_feedback_version_id_post_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_feedback")),
        sa.UniqueConstraint(
            "version_id",
            "finding",
            "reviewer_id",
            name=op.f("uq_finding_feedback_version_id_finding_reviewer_id"),
        ),
    )
    with op.batch_alter_table("finding_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finding_feedback_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_finding_feedback_version_id"), ["version_id"],
                              unique=False)  # fmt: skip


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("finding_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_feedback_version_id"))
        batch_op.drop_index(batch_op.f("ix_finding_feedback_code"))
    op.drop_table("finding_feedback")
