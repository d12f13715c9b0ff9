"""Announcements curators send to chosen roles of their organizations."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime, str_enum, utcnow


class AnnouncementKind(StrEnum):
    SEMINAR = "seminar"
    MENTOR_SCHOOL = "mentor_school"  # «Школа наставников»
    MENTOR_OF_YEAR = "mentor_of_year"  # contest «Наставник года»
    BEST_PAIR = "best_pair"  # contest «Лучшая пара»
    OTHER = "other"


class Announcement(Base):
    """What was announced, by whom, to whom; delivery is counted from its outbox rows
    (dedupe keys ``announcement:<id>:<user id>``)."""

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    # the organization the curator sent it from (a school, or a municipal office for all schools)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[AnnouncementKind] = mapped_column(str_enum(AnnouncementKind))
    text: Mapped[str] = mapped_column(Text)
    roles: Mapped[list[str]] = mapped_column(JSON)  # Role values
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
