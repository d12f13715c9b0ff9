"""Survey campaigns, who was asked, and the anonymous results that outlive a withdrawal.

A survey is a questionnaire form (``locales/forms``) sent to chosen people of one organization
at a date. The person's own answers live in ``questionnaire_responses``/``answers`` and are
deleted with the person (152-FZ). When a response is completed, its countable answers (scales,
choices, yes/no, numbers; never free text) are copied into ``survey_results`` without any link
to the person, so reports keep their numbers after a withdrawal.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime, str_enum, utcnow


class SurveyKind(StrEnum):
    INTERIM = "interim"  # mid-year: progress and difficulties (January by default)
    FINAL = "final"  # the national satisfaction form, at the final meeting or the program's end
    ENTRY = "entry"  # the mentee's self-assessment of difficulties when the program starts
    EXIT = "exit"  # the same self-assessment at the end: growth is exit minus entry
    MENTOR_REPORT = "mentor_report"  # the mentor's final report on the program


class CampaignState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class SurveyCampaign(Base):
    """One run of a survey in one organization, e.g. the interim survey of school 7 in 2027."""

    __tablename__ = "survey_campaigns"
    __table_args__ = (UniqueConstraint("org_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[SurveyKind] = mapped_column(str_enum(SurveyKind))
    # idempotency: "interim:2027", "final:2027", "program:12:final"; a job that runs twice
    # finds the campaign it already opened
    key: Mapped[str] = mapped_column(String(64))
    state: Mapped[CampaignState] = mapped_column(
        str_enum(CampaignState), default=CampaignState.OPEN
    )
    opens_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class SurveyInvitation(Base):
    """A person asked to fill one form of a campaign; deleted with the person."""

    __tablename__ = "survey_invitations"
    __table_args__ = (
        UniqueConstraint("campaign_id", "membership_id", "form_id"),
        # the reminder job: open invitations by campaign
        Index("ix_survey_invitations_campaign_id_completed_at", "campaign_id", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("survey_campaigns.id", ondelete="CASCADE"))
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True
    )
    form_id: Mapped[str] = mapped_column(String(32))
    # the pair the answers are about, when there is one
    pairing_id: Mapped[int | None] = mapped_column(ForeignKey("pairings.id", ondelete="SET NULL"))
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("questionnaire_responses.id", ondelete="SET NULL")
    )
    invited_at: Mapped[datetime] = mapped_column(UtcDateTime)
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0)
    last_reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SurveyResult(Base):
    """One countable answer, with no link to the person who gave it."""

    __tablename__ = "survey_results"
    __table_args__ = (Index("ix_survey_results_org_id_form_id", "org_id", "form_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("survey_campaigns.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    kind: Mapped[SurveyKind] = mapped_column(str_enum(SurveyKind))
    role: Mapped[str] = mapped_column(String(16))  # mentor | mentee
    form_id: Mapped[str] = mapped_column(String(32))
    question_id: Mapped[str] = mapped_column(String(32))
    # a random token shared by the rows of one response: counts respondents, names nobody
    respondent: Mapped[str] = mapped_column(String(32))
    value_num: Mapped[int | None] = mapped_column(Integer)  # scale, number, yes/no as 1/0
    value_option: Mapped[str | None] = mapped_column(String(32))  # one row per chosen option
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
