"""An index on the audit trail's subject, for the service figures that look up when an inbound
item was resolved or escalated (``socialrx.store.measures``).

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index(
        op.f("ix_audit_events_subject_type"),
        "audit_events",
        ["subject_type", "subject_id"],
        unique=False,
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_audit_events_subject_type"), table_name="audit_events")
