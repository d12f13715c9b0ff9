"""People: created only when they consent (152-FZ); deleting a user cascades to all their data."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime, str_enum, utcnow


class Role(StrEnum):
    CURATOR = "curator"
    MENTOR = "mentor"
    MENTEE = "mentee"
    # the head of the organization (руководитель ОО): reads everything, approves by order
    HEAD = "head"


class Audience(StrEnum):
    """Who an invite link is for, and so which questionnaire and consent path a person takes."""

    TEACHER = "teacher"  # the school's staff (today's flow)
    PUPIL = "pupil"  # pupils: mentees, or peer mentors from older classes
    EXTERNAL = "external"  # students, employers' specialists, graduates, parents as mentors


class AgeBand(StrEnum):
    """What a pupil says of their age: enough to choose who consents, nothing more precise."""

    UNDER_14 = "under_14"
    TEEN = "14_17"
    ADULT = "18_plus"


class ConsentKind(StrEnum):
    PERSONAL_DATA = "personal_data"
    # a mentor's appointment needs their explicit written consent (seed 003)
    MENTOR_APPOINTMENT = "mentor_appointment"
    # a mentee accepting a pair takes on the program's duties (seed 002 §4.3.3)
    MENTEE_DUTIES = "mentee_duties"
    # a parent or legal representative consented for a minor (guardianships say who)
    PARENTAL = "parental"


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    locale: Mapped[str] = mapped_column(String(8))
    full_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # set when Telegram answers 403 (the person blocked the bot); curators see who
    unreachable_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # pupils only: the age band they gave, which decided who consented
    age_band: Mapped[AgeBand | None] = mapped_column(str_enum(AgeBand))


class Membership(Base):
    """A person's role in one organization (one person may hold several).

    After a withdrawal (152-FZ) a membership that the school already filed (a confirmed pair)
    stays as an anonymous tombstone: ``user_id`` is NULL and ``withdrawn_at`` set, so pairs,
    their dates and meeting counts already reported do not change; nothing personal is left.
    """

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "org_id", "role"),
        # a mentor never holds more mentees than they said they can take
        CheckConstraint(
            "load >= 0 AND (capacity IS NULL OR load <= capacity)", name="load_within_capacity"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(str_enum(Role))
    invite_id: Mapped[int | None] = mapped_column(ForeignKey("invites.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # set when the intake questionnaire is confirmed; until then the person is not in the bank
    profile_completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # mentors only: places from the intake answer, and places taken by open assignments
    capacity: Mapped[int | None] = mapped_column(Integer)
    load: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # from the invite: which questionnaire the person filled in
    audience: Mapped[Audience] = mapped_column(
        str_enum(Audience), default=Audience.TEACHER, server_default=Audience.TEACHER.value
    )
    # pupils: their class (1–11); a peer mentor is from an older class than their mentee
    grade: Mapped[int | None] = mapped_column(Integer)
    # external mentors: student, employer, graduate or parent (the intake's mentor_kind)
    mentor_kind: Mapped[str | None] = mapped_column(String(16))
    # said at a year's closing they do not continue: kept for the record (reports, lists), out
    # of the bank and not asked again; answering «yes» later clears it
    left_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Consent(Base):
    """What the person agreed to, when, and to which version of the text."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    kind: Mapped[ConsentKind] = mapped_column(str_enum(ConsentKind))
    text_version: Mapped[str] = mapped_column(String(32))
    locale: Mapped[str] = mapped_column(String(8))
    accepted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AuditEvent(Base):
    """Anonymous events kept after a withdrawal: numbers for reports, never a person."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32))
    role: Mapped[str | None] = mapped_column(String(16))
    detail: Mapped[str | None] = mapped_column(Text)
    count: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
