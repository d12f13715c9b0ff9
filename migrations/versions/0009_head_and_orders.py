"""the head of the organization: pair fixing mode, orders, pairs sent for approval

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 08:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("pairs", name="orderkind", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("dated", sa.Date(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["users.id"],
            name=op.f("fk_orders_approved_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_orders_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_org_id"), ["org_id"], unique=False)

    with op.batch_alter_table("organizations", schema=None) as batch_op:
        # every existing organization keeps today's behaviour: the curator fixes pairs
        batch_op.add_column(
            sa.Column(
                "pair_fixing",
                sa.Enum("curator", "head_order", name="pairfixing", native_enum=False, length=24),
                server_default="curator",
                nullable=False,
            )
        )

    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("order_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_assignments_order_id"), ["order_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_assignments_order_id_orders"),
            "orders",
            ["order_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_assignments_order_id_orders"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_assignments_order_id"))
        batch_op.drop_column("order_id")
        batch_op.drop_column("submitted_at")

    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_column("pair_fixing")

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_org_id"))

    op.drop_table("orders")
