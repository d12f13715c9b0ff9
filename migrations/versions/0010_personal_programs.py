"""personalized programs: approval state of a program, goals with difficulties and results

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 08:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "state",
                sa.Enum(
                    "draft",
                    "submitted",
                    "returned",
                    "approved",
                    name="programstate",
                    native_enum=False,
                    length=24,
                ),
                server_default="draft",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("comment", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("mentee_agreed_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("approved_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_programs_approved_by_users"),
            "users",
            ["approved_by"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("difficulties", sa.JSON(none_as_null=True), nullable=True))
        batch_op.add_column(sa.Column("expected_result", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.drop_column("expected_result")
        batch_op.drop_column("difficulties")

    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_programs_approved_by_users"), type_="foreignkey")
        batch_op.drop_column("approved_by")
        batch_op.drop_column("approved_at")
        batch_op.drop_column("submitted_at")
        batch_op.drop_column("mentee_agreed_at")
        batch_op.drop_column("comment")
        batch_op.drop_column("version")
        batch_op.drop_column("state")
