"""Which questionnaire each role fills in, and what finishing it changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models import Membership, QuestionnaireResponse, Role, User

INTAKE_FORMS: dict[Role, str] = {
    Role.CURATOR: "curator_profile",
    Role.MENTOR: "mentor_intake",
    Role.MENTEE: "mentee_intake",
}
NAME_QUESTION = "full_name"
CAPACITY_QUESTION = "capacity"


@dataclass(frozen=True)
class IntakeDone:
    membership: Membership
    full_name: str


async def complete_intake(
    session: AsyncSession,
    user: User,
    response: QuestionnaireResponse,
    answers: dict[str, Any],
    now: datetime,
) -> IntakeDone | None:
    """An intake form confirmed: the person enters the organization's bank."""
    if response.membership_id is None:
        return None
    membership = await session.get(Membership, response.membership_id)
    if membership is None or INTAKE_FORMS.get(membership.role) != response.form_id:
        return None
    name = answers.get(NAME_QUESTION)
    if isinstance(name, str) and name.strip():
        user.full_name = name.strip()
    capacity = answers.get(CAPACITY_QUESTION)
    if membership.role is Role.MENTOR and isinstance(capacity, int):
        # never below the places already taken, or the load check would refuse the update
        membership.capacity = max(capacity, membership.load)
    first_time = membership.profile_completed_at is None
    membership.profile_completed_at = now
    await session.flush()
    if not first_time:
        return None
    return IntakeDone(membership, user.full_name or "")
