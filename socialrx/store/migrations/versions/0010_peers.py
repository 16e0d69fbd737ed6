"""Competitor benchmark: peer accounts (and the organisation's own, compared on the same public
figures), daily snapshots of their public figures, their latest public posts' counts (updated in
place), and the worker's ``benchmark`` jobs that collect them.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None

AT = sa.DateTime(timezone=True)
KINDS = "kind IN ('publish', 'ingest', 'collect'{})"


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("jobs") as batch:
        batch.drop_constraint(op.f("ck_jobs_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_jobs_kind"), KINDS.format(", 'benchmark'"))
    op.create_table(
        "peers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("handle", sa.String(length=255), nullable=False),
        sa.Column("own", sa.Boolean(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("created_at", AT, nullable=False),
        sa.CheckConstraint(
            "platform IN ('mastodon', 'bluesky', 'x')", name=op.f("ck_peers_platform")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peers")),
        sa.UniqueConstraint("name", name=op.f("uq_peers_name")),
        sa.UniqueConstraint("platform", "handle", name=op.f("uq_peers_platform_handle")),
    )
    op.create_table(
        "peer_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("peer_id", sa.Integer(), nullable=False),
        sa.Column("collected_at", AT, nullable=False),
        sa.Column("followers", sa.BigInteger(), nullable=True),
        sa.Column("following", sa.BigInteger(), nullable=True),
        sa.Column("posts_total", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["peer_id"], ["peers.id"], name=op.f("fk_peer_snapshots_peer_id_peers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_snapshots")),
    )
    op.create_index(
        op.f("ix_peer_snapshots_peer_id"),
        "peer_snapshots",
        ["peer_id", "collected_at"],
        unique=False,
    )
    op.create_table(
        "peer_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("peer_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=255), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("published_at", AT, nullable=False),
        sa.Column("reactions", sa.BigInteger(), nullable=True),
        sa.Column("comments", sa.BigInteger(), nullable=True),
        sa.Column("shares", sa.BigInteger(), nullable=True),
        sa.Column("collected_at", AT, nullable=False),
        sa.ForeignKeyConstraint(
            ["peer_id"], ["peers.id"], name=op.f("fk_peer_posts_peer_id_peers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_posts")),
        sa.UniqueConstraint(
            "peer_id", "external_id", name=op.f("uq_peer_posts_peer_id_external_id")
        ),
    )
    op.create_index(
        op.f("ix_peer_posts_published_at"), "peer_posts", ["published_at"], unique=False
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_peer_posts_published_at"), table_name="peer_posts")
    op.drop_table("peer_posts")
    op.drop_index(op.f("ix_peer_snapshots_peer_id"), table_name="peer_snapshots")
    op.drop_table("peer_snapshots")
    op.drop_table("peers")
    op.execute("DELETE FROM jobs WHERE kind = 'benchmark'")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_constraint(op.f("ck_jobs_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_jobs_kind"), KINDS.format(""))
