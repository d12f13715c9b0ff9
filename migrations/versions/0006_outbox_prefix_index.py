"""outbox dedupe-key prefix index on PostgreSQL

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 01:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite finds prefixes through a range on the unique index; PostgreSQL needs this one
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_outbox_dedupe_key_prefix",
            "outbox",
            ["dedupe_key"],
            postgresql_ops={"dedupe_key": "text_pattern_ops"},
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_outbox_dedupe_key_prefix", table_name="outbox")
