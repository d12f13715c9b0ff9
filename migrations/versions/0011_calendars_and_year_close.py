"""regional calendars per organization; the school year's closing and carry-overs

No data moves: organizations.interim_survey_on stays the school's own interim date (it
overrides the calendar's), and every organization starts on the default calendar (NULL).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 07:56:26.599433
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "year_closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_year_closures_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_year_closures")),
        sa.UniqueConstraint("org_id", "year", name=op.f("uq_year_closures_org_id_year")),
    )
    with op.batch_alter_table("year_closures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_year_closures_org_id"), ["org_id"], unique=False)

    op.create_table(
        "carry_overs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("closure_id", sa.Integer(), nullable=False),
        sa.Column("membership_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column(
            "answer",
            sa.Enum(
                "pending",
                "same",
                "changed",
                "continue",
                "leave",
                name="carryanswer",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["closure_id"],
            ["year_closures.id"],
            name=op.f("fk_carry_overs_closure_id_year_closures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["memberships.id"],
            name=op.f("fk_carry_overs_membership_id_memberships"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carry_overs")),
        sa.UniqueConstraint(
            "membership_id", "year", name=op.f("uq_carry_overs_membership_id_year")
        ),
    )
    with op.batch_alter_table("carry_overs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_carry_overs_closure_id"), ["closure_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_carry_overs_membership_id"), ["membership_id"], unique=False
        )

    op.create_table(
        "archived_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("closure_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("pairing_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("final_held", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_archived_pairs_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["closure_id"],
            ["year_closures.id"],
            name=op.f("fk_archived_pairs_closure_id_year_closures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pairing_id"],
            ["pairings.id"],
            name=op.f("fk_archived_pairs_pairing_id_pairings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archived_pairs")),
        sa.UniqueConstraint("assignment_id", name=op.f("uq_archived_pairs_assignment_id")),
    )
    with op.batch_alter_table("archived_pairs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_archived_pairs_closure_id"), ["closure_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_archived_pairs_pairing_id"), ["pairing_id"], unique=False
        )

    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_column("calendar_id")

    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_column("left_at")

    with op.batch_alter_table("archived_pairs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archived_pairs_pairing_id"))
        batch_op.drop_index(batch_op.f("ix_archived_pairs_closure_id"))

    op.drop_table("archived_pairs")
    with op.batch_alter_table("carry_overs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_carry_overs_membership_id"))
        batch_op.drop_index(batch_op.f("ix_carry_overs_closure_id"))

    op.drop_table("carry_overs")
    with op.batch_alter_table("year_closures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_year_closures_org_id"))

    op.drop_table("year_closures")
