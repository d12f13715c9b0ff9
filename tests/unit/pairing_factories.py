"""A bank of mentors and mentees with confirmed intake answers, built straight in the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models import Membership, Organization, Role
from services.onboarding import complete_intake
from services.questionnaire.schema import Form
from services.questionnaire.store import QuestionnaireStore
from tests.unit.factories import NOW, join

MENTEE_DEFAULTS: dict[str, Any] = {
    "position": "teacher",
    "subjects": ["math"],
    "experience_years": 1,
    "category": "young_teacher",
    "difficulties": ["classroom_management"],
    "difficulties_other": None,
    "expectations": "Научиться",
    "format": "offline",
    "times": ["weekday_evening"],
    "start_date": None,
    "contact_ok": True,
}
MENTOR_DEFAULTS: dict[str, Any] = {
    "position": "teacher",
    "subjects": ["math"],
    "experience_years": 20,
    "achievements": None,
    "competences": ["classroom_management"],
    "categories": ["young_teacher"],
    "format": "offline",
    "times": ["weekday_evening"],
    "capacity": 1,
    "readiness": 9,
    "mentored_before": True,
    "open_to_others": False,
}


async def add_person(
    session: AsyncSession,
    forms: dict[str, Form],
    org: Organization,
    telegram_id: int,
    role: Role,
    name: str,
    **answers: Any,
) -> Membership:
    joined = await join(session, telegram_id, org, role)
    form_id = "mentor_intake" if role is Role.MENTOR else "mentee_intake"
    values = {**(MENTOR_DEFAULTS if role is Role.MENTOR else MENTEE_DEFAULTS), **answers}
    store = QuestionnaireStore(session, forms)
    step = await store.start(joined.user, joined.membership, form_id, NOW)
    await store.save(step.response, "full_name", name, NOW)
    for question_id, value in values.items():
        await store.save(step.response, question_id, value, NOW)
    done = await store.complete(step.response, NOW)
    await complete_intake(session, joined.user, step.response, done.answers, NOW)
    return joined.membership
