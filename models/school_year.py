"""The school year's closing: what was archived, and who carries over into the next year."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime, str_enum, utcnow


class YearClosure(Base):
    """One school year of one organization, closed once (the unique key is what makes a job
    running twice, or on two instances at once, close it once)."""

    __tablename__ = "year_closures"
    __table_args__ = (UniqueConstraint("org_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    # the school year closed, named by the calendar year it ends in (2026/27 is 2027)
    year: Mapped[int] = mapped_column(Integer)
    closed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # the curators' summary of who continues went out (all answered, or the time ran out)
    summary_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ArchivedPair(Base):
    """A pair of the closed year as it was at the closing; the assignment itself is kept
    (closed with the reason ``year_closed``), so the year's reports still show it."""

    __tablename__ = "archived_pairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    closure_id: Mapped[int] = mapped_column(
        ForeignKey("year_closures.id", ondelete="CASCADE"), index=True
    )
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), unique=True
    )
    pairing_id: Mapped[int] = mapped_column(
        ForeignKey("pairings.id", ondelete="CASCADE"), index=True
    )
    # the assignment's state before the closing (active), and whether its final meeting was held
    state: Mapped[str] = mapped_column(String(16))
    final_held: Mapped[bool] = mapped_column(default=False)


class CarryAnswer(StrEnum):
    PENDING = "pending"
    SAME = "same"  # a mentor continues with the same number of places
    CHANGED = "changed"  # a mentor continues with another number of places
    CONTINUE = "continue"  # a mentee still needs a mentor
    LEAVE = "leave"  # does not continue in the new year


CONTINUING = (CarryAnswer.SAME, CarryAnswer.CHANGED, CarryAnswer.CONTINUE)
# the reason an assignment archived at a year's closing is closed with (reports: finished)
YEAR_CLOSED_REASON = "year_closed"


class CarryOver(Base):
    """A participant's answer to «do you continue next year?» at a year's closing."""

    __tablename__ = "carry_overs"
    __table_args__ = (UniqueConstraint("membership_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    closure_id: Mapped[int] = mapped_column(
        ForeignKey("year_closures.id", ondelete="CASCADE"), index=True
    )
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    answer: Mapped[CarryAnswer] = mapped_column(str_enum(CarryAnswer), default=CarryAnswer.PENDING)
    # mentors: the places for the new year
    capacity: Mapped[int | None] = mapped_column(Integer)
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
