"""Pairs and groups (наставнические пары и группы), offers to both sides, and preferences."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime, str_enum, utcnow


class MentoringForm(StrEnum):
    """Who mentors whom (seed 002 §3)."""

    TEACHER_TEACHER = "teacher_teacher"
    HEAD_TEACHER = "head_teacher"
    TEACHER_PUPIL = "teacher_pupil"
    PUPIL_PUPIL = "pupil_pupil"
    STUDENT_PUPIL = "student_pupil"
    EMPLOYER_PUPIL = "employer_pupil"
    EMPLOYER_STUDENT = "employer_student"
    COLLEGE_TEACHER = "college_teacher"


class MentoringType(StrEnum):
    """How the mentoring is done (seed 003 item 1)."""

    TRADITIONAL = "traditional"
    GROUP = "group"
    VIRTUAL = "virtual"
    SHORT_TERM = "short_term"
    REVERSE = "reverse"
    SITUATIONAL = "situational"
    SPEED = "speed"


class AssignmentState(StrEnum):
    OFFERED = "offered"  # both sides are asked
    AGREED = "agreed"  # both accepted; the curator has to confirm
    ACTIVE = "active"  # confirmed by the curator ("закрепление пары")
    DECLINED = "declined"
    ENDED = "ended"


OPEN_STATES = (AssignmentState.OFFERED, AssignmentState.AGREED, AssignmentState.ACTIVE)


class Reply(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Pairing(Base):
    """A pair, or a group when one mentor leads several mentees (групповое наставничество)."""

    __tablename__ = "pairings"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    mentor_membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True
    )
    form: Mapped[MentoringForm] = mapped_column(str_enum(MentoringForm))
    type: Mapped[MentoringType] = mapped_column(str_enum(MentoringType))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # an adult external mentor with a minor: the curator's recorded "the school checked the
    # mentor" (seed 002 §4.3.3), required before the pair is confirmed
    safeguarding_checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    safeguarding_checked_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class Assignment(Base):
    """One mentee in a pairing, with both sides' answers and the curator's confirmation.

    The database, not the code, guarantees that a mentee has at most one open assignment
    (a partial unique index) and that a mentor never holds more than their capacity (a
    conditional update of ``memberships.load`` under a CHECK constraint).
    """

    __tablename__ = "assignments"
    __table_args__ = (
        Index(
            "uq_assignments_open_mentee",
            "mentee_membership_id",
            unique=True,
            sqlite_where=text("is_open"),
            postgresql_where=text("is_open"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(
        ForeignKey("pairings.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    mentor_membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True
    )
    mentee_membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[AssignmentState] = mapped_column(str_enum(AssignmentState))
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    mentor_reply: Mapped[Reply] = mapped_column(str_enum(Reply), default=Reply.PENDING)
    mentee_reply: Mapped[Reply] = mapped_column(str_enum(Reply), default=Reply.PENDING)
    # why it was declined or ended: a reason code from the buttons, never free text
    reason: Mapped[str | None] = mapped_column(String(32))
    declined_by: Mapped[str | None] = mapped_column(String(16))
    score: Mapped[float | None] = mapped_column()
    offered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    offered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    agreed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # «head_order» mode: when the curator sent the agreed pair to the head for approval
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # the head's order that fixed the pair (None: fixed by the curator's confirmation)
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="SET NULL"), index=True
    )


class Preference(Base):
    """From the preference survey: a mentee ranks mentors (1–3), a mentor marks mentees."""

    __tablename__ = "preferences"
    __table_args__ = (UniqueConstraint("chooser_membership_id", "target_membership_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    chooser_membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True
    )
    target_membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE")
    )
    rank: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
