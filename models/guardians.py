"""Parents' consent for minors (152-FZ art. 9; seed 003 item 2.2).

A pupil who needs a parent's consent leaves only a :class:`GuardianRequest`: what is needed to
hold the request (first name, class, their Telegram id to tell them the answer, the link token).
It is deleted when the parent declines, when it expires, or when the parent accepts; accepting
creates the child's user and membership and a :class:`Guardianship` that records who consented.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime, str_enum, utcnow
from models.person import AgeBand, Role


class GuardianRelation(StrEnum):
    MOTHER = "mother"
    FATHER = "father"
    GUARDIAN = "guardian"  # опекун, попечитель or another legal representative


class GuardianRequest(Base):
    __tablename__ = "guardian_requests"
    __table_args__ = (UniqueConstraint("child_telegram_id", "org_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # the parent's link: https://t.me/<bot>?start=<token>
    token: Mapped[str] = mapped_column(String(64), unique=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    invite_id: Mapped[int | None] = mapped_column(ForeignKey("invites.id", ondelete="SET NULL"))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    child_telegram_id: Mapped[int] = mapped_column(BigInteger, index=True)
    child_first_name: Mapped[str] = mapped_column(String(60))
    child_grade: Mapped[int] = mapped_column(Integer)
    child_age_band: Mapped[AgeBand] = mapped_column(str_enum(AgeBand))
    locale: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class Guardianship(Base):
    """A parent's consent for a child in one organization: who, how related, when, which text."""

    __tablename__ = "guardianships"
    __table_args__ = (UniqueConstraint("guardian_user_id", "child_user_id", "org_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guardian_user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    child_user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    guardian_name: Mapped[str] = mapped_column(String(200))
    relation: Mapped[GuardianRelation] = mapped_column(str_enum(GuardianRelation))
    text_version: Mapped[str] = mapped_column(String(32))
    locale: Mapped[str] = mapped_column(String(8))
    consented_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
