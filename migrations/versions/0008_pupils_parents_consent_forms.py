"""pupils, parents' consent, forms

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 04:21:08.300500
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "guardianships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guardian_user_id", sa.Integer(), nullable=False),
        sa.Column("child_user_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("guardian_name", sa.String(length=200), nullable=False),
        sa.Column(
            "relation",
            sa.Enum(
                "mother",
                "father",
                "guardian",
                name="guardianrelation",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("text_version", sa.String(length=32), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_user_id"],
            ["users.id"],
            name=op.f("fk_guardianships_child_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["guardian_user_id"],
            ["users.id"],
            name=op.f("fk_guardianships_guardian_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_guardianships_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guardianships")),
        sa.UniqueConstraint(
            "guardian_user_id",
            "child_user_id",
            "org_id",
            name=op.f("uq_guardianships_guardian_user_id_child_user_id_org_id"),
        ),
    )
    with op.batch_alter_table("guardianships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_guardianships_child_user_id"), ["child_user_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_guardianships_guardian_user_id"), ["guardian_user_id"], unique=False
        )

    op.create_table(
        "guardian_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("invite_id", sa.Integer(), nullable=True),
        sa.Column(
            "role",
            sa.Enum("curator", "mentor", "mentee", name="role", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("child_telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("child_first_name", sa.String(length=60), nullable=False),
        sa.Column("child_grade", sa.Integer(), nullable=False),
        sa.Column(
            "child_age_band",
            sa.Enum("under_14", "14_17", "18_plus", name="ageband", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["invite_id"],
            ["invites.id"],
            name=op.f("fk_guardian_requests_invite_id_invites"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_guardian_requests_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guardian_requests")),
        sa.UniqueConstraint(
            "child_telegram_id",
            "org_id",
            "role",
            name=op.f("uq_guardian_requests_child_telegram_id_org_id_role"),
        ),
        sa.UniqueConstraint("token", name=op.f("uq_guardian_requests_token")),
    )
    with op.batch_alter_table("guardian_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_guardian_requests_child_telegram_id"),
            ["child_telegram_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_guardian_requests_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_guardian_requests_org_id"), ["org_id"], unique=False)

    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "audience",
                sa.Enum(
                    "teacher", "pupil", "external", name="audience", native_enum=False, length=24
                ),
                server_default="teacher",
                nullable=False,
            )
        )

    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "audience",
                sa.Enum(
                    "teacher", "pupil", "external", name="audience", native_enum=False, length=24
                ),
                server_default="teacher",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("grade", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("mentor_kind", sa.String(length=16), nullable=True))

    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pupils_total", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("enabled_forms", sa.JSON(none_as_null=True), nullable=True))

    with op.batch_alter_table("pairings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("safeguarding_checked_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("safeguarding_checked_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_pairings_safeguarding_checked_by_users"),
            "users",
            ["safeguarding_checked_by"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "age_band",
                sa.Enum(
                    "under_14", "14_17", "18_plus", name="ageband", native_enum=False, length=24
                ),
                nullable=True,
            )
        )


def downgrade() -> None:
    # the older schema would read pupils and external mentors as teachers, and has nowhere to
    # keep who gave a child's consent: refuse rather than mislabel them or lose the record
    bind = op.get_bind()
    others = bind.scalar(sa.text("SELECT count(*) FROM memberships WHERE audience <> 'teacher'"))
    guardianships = bind.scalar(sa.text("SELECT count(*) FROM guardianships"))
    if others or guardianships:
        raise RuntimeError(
            f"cannot downgrade below 0008: {others} pupils and external mentors and "
            f"{guardianships} parents' consents have no place in the older schema"
        )
    op.execute("DELETE FROM guardian_requests")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("age_band")

    with op.batch_alter_table("pairings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_pairings_safeguarding_checked_by_users"), type_="foreignkey"
        )
        batch_op.drop_column("safeguarding_checked_by")
        batch_op.drop_column("safeguarding_checked_at")

    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_column("enabled_forms")
        batch_op.drop_column("pupils_total")

    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_column("mentor_kind")
        batch_op.drop_column("grade")
        batch_op.drop_column("audience")

    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.drop_column("audience")

    with op.batch_alter_table("guardian_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guardian_requests_org_id"))
        batch_op.drop_index(batch_op.f("ix_guardian_requests_expires_at"))
        batch_op.drop_index(batch_op.f("ix_guardian_requests_child_telegram_id"))

    op.drop_table("guardian_requests")
    with op.batch_alter_table("guardianships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guardianships_guardian_user_id"))
        batch_op.drop_index(batch_op.f("ix_guardianships_child_user_id"))

    op.drop_table("guardianships")
