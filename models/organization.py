from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime, str_enum, utcnow
from models.orders import PairFixing
from models.person import Audience, Role


class OrgKind(StrEnum):
    SCHOOL = "school"
    MUNICIPALITY = "municipality"


class Organization(Base):
    """A school (образовательная организация) or a municipal office that oversees schools."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrgKind] = mapped_column(str_enum(OrgKind))
    # a school belongs to at most one municipal office, whose curators see it
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    timezone: Mapped[str] = mapped_column(String(64))
    # weeks between regular meetings; None: the deployment's MEETING_EVERY_WEEKS
    meeting_every_weeks: Mapped[int | None] = mapped_column(Integer)
    # the school's own "MM-DD" the interim survey opens each school year; None: its calendar's
    # (services/school_year/org_calendar.py)
    interim_survey_on: Mapped[str | None] = mapped_column(String(5))
    # the regional calendar (calendars/<id>.yaml) of the program cycle; None: the municipal
    # office's, else the default one (services/school_year/org_calendar.py)
    calendar_id: Mapped[str | None] = mapped_column(String(64))
    # teachers on the staff, for the share of teachers involved in mentoring; set by the curator
    teachers_total: Mapped[int | None] = mapped_column(Integer)
    # pupils aged 10–18, for the methodology's share of pupils in mentoring; set by the curator
    pupils_total: Mapped[int | None] = mapped_column(Integer)
    # MentoringForm values the curator enabled; None: the teacher forms only
    enabled_forms: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    # who fixes pairs: the curator (default) or the head's order (models/orders.py PairFixing)
    pair_fixing: Mapped[PairFixing] = mapped_column(
        str_enum(PairFixing), default=PairFixing.CURATOR, server_default=PairFixing.CURATOR.value
    )
    # the curator lets the bot send each quarter's report to the office on its due date
    auto_quarterly_report: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Invite(Base):
    """A revocable deep-link token that lets a person join an organization in one role."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(str_enum(Role))
    audience: Mapped[Audience] = mapped_column(
        str_enum(Audience), default=Audience.TEACHER, server_default=Audience.TEACHER.value
    )
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    max_uses: Mapped[int | None] = mapped_column(Integer)
    uses: Mapped[int] = mapped_column(Integer, default=0)
