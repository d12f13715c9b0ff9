"""Pupils, outside mentors and parents in the database, built from answers dicts (the pupils'
questionnaire files are not needed: the bank reads any intake form's answers)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models import Guardianship, Membership, Organization, Role, User
from models.guardians import GuardianRelation
from models.person import AgeBand, Audience
from services.questionnaire.schema import Form
from tests.unit.factories import NOW
from tests.unit.pairing_factories import add_person

PUPIL_ANSWERS: dict[str, Any] = {
    "subjects": ["math"],
    "difficulties": ["classroom_management"],
    "format": "offline",
    "times": ["weekday_evening"],
}


async def add_pupil(
    session: AsyncSession,
    forms: dict[str, Form],
    org: Organization,
    telegram_id: int,
    role: Role,
    name: str,
    grade: int,
    band: AgeBand | None = AgeBand.TEEN,
    **answers: Any,
) -> Membership:
    membership = await add_person(session, forms, org, telegram_id, role, name, **answers)
    membership.audience = Audience.PUPIL
    membership.grade = grade
    user = await session.get(User, membership.user_id)
    assert user is not None
    user.age_band = band
    await session.flush()
    return membership


async def add_external(
    session: AsyncSession,
    forms: dict[str, Form],
    org: Organization,
    telegram_id: int,
    name: str,
    kind: str = "employer",
    **answers: Any,
) -> Membership:
    membership = await add_person(session, forms, org, telegram_id, Role.MENTOR, name, **answers)
    membership.audience = Audience.EXTERNAL
    membership.mentor_kind = kind
    await session.flush()
    return membership


async def add_parent(
    session: AsyncSession, org: Organization, telegram_id: int, child: Membership, name: str
) -> User:
    parent = User(telegram_id=telegram_id, locale="ru", full_name=name)
    session.add(parent)
    await session.flush()
    assert child.user_id is not None
    session.add(
        Guardianship(
            guardian_user_id=parent.id,
            child_user_id=child.user_id,
            org_id=org.id,
            guardian_name=name,
            relation=GuardianRelation.MOTHER,
            text_version="test",
            locale="ru",
            consented_at=NOW,
        )
    )
    await session.flush()
    return parent
