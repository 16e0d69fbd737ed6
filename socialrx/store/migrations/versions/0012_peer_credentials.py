"""Peer tokens encrypted at rest: a ``credentials`` column (EncryptedJSON) on ``peers``; an X
``bearer_token`` kept in a peer's plain ``settings`` before moves into it.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

from socialrx.store.types import EncryptedJSON

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | None = None
depends_on: str | None = None

SECRETS = ("bearer_token",)  # as socialrx.store.peers.SECRET_SETTINGS at this revision


def _peers() -> sa.TableClause:
    return sa.table(
        "peers",
        sa.column("id", sa.Integer()),
        sa.column("settings", sa.JSON()),
        sa.column("credentials", EncryptedJSON("peers.credentials")),
    )


def upgrade() -> None:
    """Upgrade schema (the encryption key bound to the database engine encrypts the tokens)."""
    with op.batch_alter_table("peers") as batch:
        batch.add_column(sa.Column("credentials", sa.LargeBinary(), nullable=True))
    bind = op.get_bind()
    peers = _peers()
    for peer_id, settings in bind.execute(sa.select(peers.c.id, peers.c.settings)).all():
        plain = dict(settings or {})
        secret = {key: plain.pop(key) for key in SECRETS if key in plain}
        bind.execute(
            peers.update().where(peers.c.id == peer_id).values(settings=plain, credentials=secret)
        )
    with op.batch_alter_table("peers") as batch:
        batch.alter_column("credentials", existing_type=sa.LargeBinary(), nullable=False)


def downgrade() -> None:
    """Downgrade schema (the tokens go back into the plain settings)."""
    bind = op.get_bind()
    peers = _peers()
    rows = bind.execute(sa.select(peers.c.id, peers.c.settings, peers.c.credentials)).all()
    for peer_id, settings, credentials in rows:
        merged = {**(settings or {}), **(credentials or {})}
        bind.execute(peers.update().where(peers.c.id == peer_id).values(settings=merged))
    with op.batch_alter_table("peers") as batch:
        batch.drop_column("credentials")
