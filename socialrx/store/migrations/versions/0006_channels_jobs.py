"""Channels: connected accounts (credentials encrypted), the worker's durable jobs with leases,
publications (one per post and channel, recorded before each platform call) and ingestion
cursors.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

AT = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "channel_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("credentials", sa.LargeBinary(), nullable=False),  # EncryptedJSON
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_detail", sa.String(length=500), nullable=True),
        sa.Column("checked_at", AT, nullable=True),
        sa.Column("created_at", AT, nullable=False),
        sa.CheckConstraint(
            "status IN ('unknown', 'ok', 'auth_failed', 'failing')",
            name=op.f("ck_channel_accounts_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_accounts")),
        sa.UniqueConstraint("name", name=op.f("uq_channel_accounts_name")),
    )
    op.create_table(
        "cursors",
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("cursor", sa.String(length=500), nullable=True),
        sa.Column("updated_at", AT, nullable=False),
        sa.PrimaryKeyConstraint("channel", name=op.f("pk_cursors")),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("run_at", AT, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(length=100), nullable=True),
        sa.Column("lease_until", AT, nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", AT, nullable=False),
        sa.Column("updated_at", AT, nullable=False),
        sa.CheckConstraint("kind IN ('publish', 'ingest')", name=op.f("ck_jobs_kind")),
        sa.CheckConstraint(
            "state IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_jobs_state")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("key", name=op.f("uq_jobs_key")),
    )
    op.create_index(op.f("ix_jobs_run_at"), "jobs", ["run_at"], unique=False)
    op.create_index(op.f("ix_jobs_state"), "jobs", ["state"], unique=False)
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=255), nullable=True),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.Column("attempted_at", AT, nullable=True),
        sa.Column("published_at", AT, nullable=True),
        sa.CheckConstraint(
            "state IN ('attempting', 'published', 'failed', 'needs_check', 'cancelled')",
            name=op.f("ck_publications_state"),
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_publications_post_id_posts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publications")),
        sa.UniqueConstraint("key", name=op.f("uq_publications_key")),
        sa.UniqueConstraint("post_id", "channel", name=op.f("uq_publications_post_id_channel")),
    )
    op.create_index(op.f("ix_publications_post_id"), "publications", ["post_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_publications_post_id"), table_name="publications")
    op.drop_table("publications")
    op.drop_index(op.f("ix_jobs_state"), table_name="jobs")
    op.drop_index(op.f("ix_jobs_run_at"), table_name="jobs")
    op.drop_table("jobs")
    op.drop_table("cursors")
    op.drop_table("channel_accounts")
