"""Replies and metrics: a post may answer an inbound item (a review, a comment), and the worker
collects metrics of published posts as a time series (``collect`` jobs).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

COUNTS = ("impressions", "reach", "reactions", "comments", "shares", "clicks", "video_views")


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("posts") as batch:
        batch.add_column(sa.Column("in_reply_to", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_posts_in_reply_to_inbound_items"), "inbound_items", ["in_reply_to"], ["id"]
        )
    with op.batch_alter_table("jobs") as batch:
        batch.drop_constraint(op.f("ck_jobs_kind"), type_="check")
        batch.create_check_constraint(
            op.f("ck_jobs_kind"), "kind IN ('publish', 'ingest', 'collect')"
        )
    op.create_table(
        "post_metrics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("collected_at", sa.DateTime(timezone=True), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=True) for name in COUNTS),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_post_metrics_publication_id_publications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post_metrics")),
    )
    op.create_index(
        op.f("ix_post_metrics_publication_id"),
        "post_metrics",
        ["publication_id", "collected_at"],
        unique=False,
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_post_metrics_publication_id"), table_name="post_metrics")
    op.drop_table("post_metrics")
    op.execute("DELETE FROM jobs WHERE kind = 'collect'")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_constraint(op.f("ck_jobs_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_jobs_kind"), "kind IN ('publish', 'ingest')")
    with op.batch_alter_table("posts") as batch:
        batch.drop_constraint(op.f("fk_posts_in_reply_to_inbound_items"), type_="foreignkey")
        batch.drop_column("in_reply_to")
