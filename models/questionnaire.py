from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime, str_enum, utcnow


class ResponseStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    REVIEW = "review"
    COMPLETED = "completed"


class QuestionnaireResponse(Base):
    """One person's run through one form; the position is kept so a restart loses nothing."""

    __tablename__ = "questionnaire_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True
    )
    form_id: Mapped[str] = mapped_column(String(32))
    form_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[ResponseStatus] = mapped_column(str_enum(ResponseStatus))
    current_question: Mapped[str | None] = mapped_column(String(32))
    # what the form is about when it is not the person's intake, e.g. "meeting:12"
    subject: Mapped[str | None] = mapped_column(String(64), index=True)
    # set while the person edits one answer from the summary: go back to the summary after it
    editing: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_responses.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(32))
    # str | int | list[str] | bool | ISO date string, or None for a skipped optional question
    value: Mapped[Any] = mapped_column(JSON)
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
