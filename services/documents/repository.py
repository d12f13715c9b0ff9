"""What the documents menu reads from the database.

The menu only reads: a curator of the school (or of its municipal office) and the school's
head (руководитель ОО, read-only everywhere else) may build every document (handlers/documents.py
checks the school with ``OrgAccess(read_only=True)``). Each object a
button names (a mentor, a curator, a person, a pair) is re-read here within that school, so a
forged or stale button for another school's row finds nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Answer,
    Audience,
    Guardianship,
    Membership,
    QuestionnaireResponse,
    ResponseStatus,
    Role,
    SurveyCampaign,
    SurveyInvitation,
    SurveyKind,
    User,
)
from services.errors import NotFound
from services.onboarding import INTAKE_FORMS

__all__ = ["DocumentsRepository", "Guardian", "MentorReport", "Person"]


@dataclass(frozen=True)
class Person:
    membership_id: int
    user_id: int
    role: Role
    name: str
    audience: Audience
    grade: int | None
    position: str | None  # the intake's position option id, or the curator's free text


@dataclass(frozen=True)
class Guardian:
    name: str
    relation: str  # GuardianRelation value


@dataclass(frozen=True)
class MentorReport:
    membership_id: int
    form_id: str
    completed_at: datetime
    answers: dict[str, Any]


class DocumentsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def people(self, org_id: int, roles: tuple[Role, ...]) -> list[Person]:
        """Named members with these roles, by name."""
        rows = await self.session.execute(
            select(Membership, User.full_name)
            .join(User, User.id == Membership.user_id)
            .where(Membership.org_id == org_id, Membership.role.in_(roles))
            .order_by(User.full_name, Membership.id)
        )
        memberships = [(m, name) for m, name in rows if m.user_id is not None]
        positions = await self._positions([m for m, _ in memberships])
        return [
            Person(
                membership_id=m.id,
                user_id=m.user_id,
                role=m.role,
                name=name or "",
                audience=m.audience,
                grade=m.grade,
                position=positions.get(m.id),
            )
            for m, name in memberships
            if m.user_id is not None
        ]

    async def person(self, org_id: int, membership_id: int, roles: tuple[Role, ...]) -> Person:
        for person in await self.people(org_id, roles):
            if person.membership_id == membership_id:
                return person
        raise NotFound

    async def head_name(self, org_id: int) -> str:
        name = await self.session.scalar(
            select(User.full_name)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.org_id == org_id, Membership.role == Role.HEAD)
            .order_by(Membership.id)
        )
        return name or ""

    async def guardian(self, child_user_id: int, org_id: int) -> Guardian | None:
        """Who consented for this pupil in this school, as they wrote it in the bot."""
        row = (
            await self.session.execute(
                select(Guardianship.guardian_name, Guardianship.relation)
                .where(Guardianship.child_user_id == child_user_id, Guardianship.org_id == org_id)
                .order_by(Guardianship.id)
            )
        ).first()
        return Guardian(row[0], row[1].value) if row is not None else None

    async def mentor_reports(self, org_id: int) -> dict[int, MentorReport]:
        """Each mentor's latest finished report in this school, by membership."""
        rows = await self.session.execute(
            select(QuestionnaireResponse)
            .join(SurveyInvitation, SurveyInvitation.response_id == QuestionnaireResponse.id)
            .join(SurveyCampaign, SurveyCampaign.id == SurveyInvitation.campaign_id)
            .where(
                SurveyCampaign.org_id == org_id,
                SurveyCampaign.kind == SurveyKind.MENTOR_REPORT,
                SurveyInvitation.completed_at.is_not(None),
                QuestionnaireResponse.status == ResponseStatus.COMPLETED,
            )
            .order_by(QuestionnaireResponse.completed_at, QuestionnaireResponse.id)
        )
        latest: dict[int, QuestionnaireResponse] = {}
        for response in rows.scalars():
            if response.membership_id is not None and response.completed_at is not None:
                latest[response.membership_id] = response
        answers = await self._answers([r.id for r in latest.values()])
        return {
            membership_id: MentorReport(
                membership_id=membership_id,
                form_id=response.form_id,
                completed_at=response.completed_at,
                answers=answers.get(response.id, {}),
            )
            for membership_id, response in latest.items()
            if response.completed_at is not None
        }

    async def _answers(self, response_ids: list[int]) -> dict[int, dict[str, Any]]:
        if not response_ids:
            return {}
        rows = await self.session.execute(
            select(Answer.response_id, Answer.question_id, Answer.value).where(
                Answer.response_id.in_(response_ids)
            )
        )
        result: dict[int, dict[str, Any]] = defaultdict(dict)
        for response_id, question_id, value in rows:
            result[response_id][question_id] = value
        return result

    async def _positions(self, memberships: list[Membership]) -> dict[int, str]:
        """The «position» answer of each member's intake (or curator's profile) questionnaire."""
        if not memberships:
            return {}
        forms = set(INTAKE_FORMS.values())
        rows = await self.session.execute(
            select(QuestionnaireResponse.membership_id, Answer.value)
            .join(Answer, Answer.response_id == QuestionnaireResponse.id)
            .where(
                QuestionnaireResponse.membership_id.in_([m.id for m in memberships]),
                QuestionnaireResponse.status == ResponseStatus.COMPLETED,
                QuestionnaireResponse.form_id.in_(forms),
                Answer.question_id == "position",
            )
        )
        return {
            membership_id: value
            for membership_id, value in rows
            if membership_id is not None and isinstance(value, str)
        }
