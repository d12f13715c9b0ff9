"""pairs and groups

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-20 23:22:34.690986
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pairings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("mentor_membership_id", sa.Integer(), nullable=False),
        sa.Column(
            "form",
            sa.Enum(
                "teacher_teacher",
                "head_teacher",
                "teacher_pupil",
                "pupil_pupil",
                "student_pupil",
                "employer_pupil",
                "employer_student",
                "college_teacher",
                name="mentoringform",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "type",
            sa.Enum(
                "traditional",
                "group",
                "virtual",
                "short_term",
                "reverse",
                "situational",
                "speed",
                name="mentoringtype",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mentor_membership_id"],
            ["memberships.id"],
            name=op.f("fk_pairings_mentor_membership_id_memberships"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_pairings_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pairings")),
    )
    with op.batch_alter_table("pairings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pairings_mentor_membership_id"), ["mentor_membership_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pairings_org_id"), ["org_id"], unique=False)

    op.create_table(
        "preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("chooser_membership_id", sa.Integer(), nullable=False),
        sa.Column("target_membership_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chooser_membership_id"],
            ["memberships.id"],
            name=op.f("fk_preferences_chooser_membership_id_memberships"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_preferences_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_membership_id"],
            ["memberships.id"],
            name=op.f("fk_preferences_target_membership_id_memberships"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_preferences")),
        sa.UniqueConstraint(
            "chooser_membership_id",
            "target_membership_id",
            name=op.f("uq_preferences_chooser_membership_id_target_membership_id"),
        ),
    )
    with op.batch_alter_table("preferences", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_preferences_chooser_membership_id"),
            ["chooser_membership_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_preferences_org_id"), ["org_id"], unique=False)

    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pairing_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("mentor_membership_id", sa.Integer(), nullable=False),
        sa.Column("mentee_membership_id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "offered",
                "agreed",
                "active",
                "declined",
                "ended",
                name="assignmentstate",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column(
            "mentor_reply",
            sa.Enum("pending", "accepted", "declined", name="reply", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column(
            "mentee_reply",
            sa.Enum("pending", "accepted", "declined", name="reply", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("declined_by", sa.String(length=16), nullable=True),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("offered_by", sa.Integer(), nullable=True),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("agreed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["mentee_membership_id"],
            ["memberships.id"],
            name=op.f("fk_assignments_mentee_membership_id_memberships"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_membership_id"],
            ["memberships.id"],
            name=op.f("fk_assignments_mentor_membership_id_memberships"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offered_by"],
            ["users.id"],
            name=op.f("fk_assignments_offered_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_assignments_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pairing_id"],
            ["pairings.id"],
            name=op.f("fk_assignments_pairing_id_pairings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
    )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assignments_mentee_membership_id"),
            ["mentee_membership_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_assignments_mentor_membership_id"),
            ["mentor_membership_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_assignments_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignments_pairing_id"), ["pairing_id"], unique=False)
        batch_op.create_index(
            "uq_assignments_open_mentee",
            ["mentee_membership_id"],
            unique=True,
            sqlite_where=sa.text("is_open"),
            postgresql_where=sa.text("is_open"),
        )

    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("capacity", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("load", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_check_constraint(
            "load_within_capacity", "load >= 0 AND (capacity IS NULL OR load <= capacity)"
        )


def downgrade() -> None:
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_memberships_load_within_capacity"), type_="check")
        batch_op.drop_column("load")
        batch_op.drop_column("capacity")

    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_assignments_open_mentee",
            sqlite_where=sa.text("is_open"),
            postgresql_where=sa.text("is_open"),
        )
        batch_op.drop_index(batch_op.f("ix_assignments_pairing_id"))
        batch_op.drop_index(batch_op.f("ix_assignments_org_id"))
        batch_op.drop_index(batch_op.f("ix_assignments_mentor_membership_id"))
        batch_op.drop_index(batch_op.f("ix_assignments_mentee_membership_id"))

    op.drop_table("assignments")
    with op.batch_alter_table("preferences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_preferences_org_id"))
        batch_op.drop_index(batch_op.f("ix_preferences_chooser_membership_id"))

    op.drop_table("preferences")
    with op.batch_alter_table("pairings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pairings_org_id"))
        batch_op.drop_index(batch_op.f("ix_pairings_mentor_membership_id"))

    op.drop_table("pairings")
