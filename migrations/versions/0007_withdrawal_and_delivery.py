"""withdrawal tombstones, outbox mentions, processed update ids

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite rebuilds the table for this (batch mode); bot.infra.db turns foreign keys off around
    # migrations so the rebuild's DROP does not cascade into pairs and meetings
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "outbox_mentions",
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outbox.id"],
            name=op.f("fk_outbox_mentions_outbox_id_outbox"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_outbox_mentions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("outbox_id", "user_id", name=op.f("pk_outbox_mentions")),
    )
    with op.batch_alter_table("outbox_mentions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_mentions_user_id"), ["user_id"], unique=False)

    op.create_table(
        "processed_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_processed_updates")),
    )
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_processed_updates_handled_at"), ["handled_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_processed_updates_handled_at"))
    op.drop_table("processed_updates")

    with op.batch_alter_table("outbox_mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_mentions_user_id"))
    op.drop_table("outbox_mentions")

    # a tombstone has no person to point to, and deleting it would orphan the pairs and
    # meetings the school filed: refuse rather than lose them
    tombstones = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM memberships WHERE user_id IS NULL")
    )
    if tombstones:
        raise RuntimeError(
            f"cannot downgrade below 0007: {tombstones} withdrawn participants' pairs are kept "
            "anonymously and the older schema cannot hold them"
        )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_at")
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
