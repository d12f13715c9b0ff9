"""The personalized program of a pair, its meetings, their logs, feedback and the plan's goals."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime, str_enum, utcnow


class MeetingKindDb(StrEnum):
    ORGANIZATIONAL = "organizational"
    TRIAL = "trial"
    PLANNING = "planning"
    REGULAR = "regular"
    FINAL = "final"


class MeetingStatus(StrEnum):
    PLANNED = "planned"  # in the plan, no date yet
    SCHEDULED = "scheduled"  # the mentor set a date
    HELD = "held"  # logged as held
    CANCELLED = "cancelled"  # the program ended before it


class Attendance(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    OTHER_TIME = "other_time"


class ProgramState(StrEnum):
    DRAFT = "draft"  # the mentor drafts it with the mentee
    SUBMITTED = "submitted"  # waiting for the head (or the curator) to approve
    RETURNED = "returned"  # sent back with a comment: the mentor edits it again
    APPROVED = "approved"  # the period and goals are fixed


class Program(Base):
    """The personalized mentoring program (персонализированная программа) of a pair or group:
    its period, goals (the pair's :class:`Goal` rows) and planned meetings; approved by the
    head of the organization, or by the curator where no head uses the bot."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(
        ForeignKey("pairings.id", ondelete="CASCADE"), unique=True
    )
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    state: Mapped[ProgramState] = mapped_column(
        str_enum(ProgramState), default=ProgramState.DRAFT, server_default=ProgramState.DRAFT.value
    )
    # bumped on every change: buttons naming an older draft are stale
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # the approver's words when returning it (may name people: erased on withdrawal)
    comment: Mapped[str | None] = mapped_column(Text)
    mentee_agreed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("pairing_id", "sequence"),
        Index("ix_meetings_status_scheduled_at", "status", "scheduled_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(
        ForeignKey("pairings.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    sequence: Mapped[int] = mapped_column(Integer)
    kind: Mapped[MeetingKindDb] = mapped_column(str_enum(MeetingKindDb))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[MeetingStatus] = mapped_column(str_enum(MeetingStatus))
    scheduled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # bumped on every (re)scheduling: reminder keys carry it, so a move never re-sends old ones
    version: Mapped[int] = mapped_column(Integer, default=0)
    format: Mapped[str | None] = mapped_column(String(16))
    place: Mapped[str | None] = mapped_column(Text)
    times_moved: Mapped[int] = mapped_column(Integer, default=0)
    times_missed: Mapped[int] = mapped_column(Integer, default=0)
    log_prompted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    log_reasked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    log_escalated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    held_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    topics: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    next_steps: Mapped[str | None] = mapped_column(Text)
    file_id: Mapped[str | None] = mapped_column(String(255))
    file_name: Mapped[str | None] = mapped_column(String(255))


class MeetingAttendee(Base):
    """A mentee's answer to the invitation."""

    __tablename__ = "meeting_attendees"
    __table_args__ = (UniqueConstraint("meeting_id", "membership_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id", ondelete="CASCADE"))
    response: Mapped[Attendance] = mapped_column(str_enum(Attendance))
    responded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class MeetingFeedback(Base):
    __tablename__ = "meeting_feedback"
    __table_args__ = (UniqueConstraint("meeting_id", "membership_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id", ondelete="CASCADE"))
    usefulness: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    fits: Mapped[bool | None] = mapped_column(Boolean)
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Goal(Base):
    """A goal or task of the mentee's individual development plan."""

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(
        ForeignKey("pairings.id", ondelete="CASCADE"), index=True
    )
    mentee_membership_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(Text)
    difficulty: Mapped[str | None] = mapped_column(String(32))
    # the program's goals: every difficulty of the mentee's intake it addresses, and the
    # result expected (``difficulty`` keeps the first code for the older single-choice view)
    difficulties: Mapped[list[Any] | None] = mapped_column(JSON(none_as_null=True))
    expected_result: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("memberships.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
