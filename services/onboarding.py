"""Which questionnaire each role fills in, and what finishing it changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models import Audience, Membership, QuestionnaireResponse, Role, User

# the questionnaire of each role for each audience of invite links
INTAKE_FORMS: dict[tuple[Role, Audience], str] = {
    (Role.CURATOR, Audience.TEACHER): "curator_profile",
    # the head fills no matching questionnaire: a name and a position for the order's signature
    (Role.HEAD, Audience.TEACHER): "head_profile",
    (Role.MENTOR, Audience.TEACHER): "mentor_intake",
    (Role.MENTEE, Audience.TEACHER): "mentee_intake",
    (Role.MENTOR, Audience.PUPIL): "pupil_mentor_intake",
    (Role.MENTEE, Audience.PUPIL): "pupil_mentee_intake",
    (Role.MENTOR, Audience.EXTERNAL): "external_mentor_intake",
}
# the invite kinds a curator can make: (role, audience)
INVITE_KINDS: tuple[tuple[Role, Audience], ...] = (
    (Role.MENTOR, Audience.TEACHER),
    (Role.MENTEE, Audience.TEACHER),
    (Role.MENTOR, Audience.PUPIL),
    (Role.MENTEE, Audience.PUPIL),
    (Role.MENTOR, Audience.EXTERNAL),
)
# a curator link makes someone a curator of the organization: always the staff's flow
CURATOR_KIND: tuple[Role, Audience] = (Role.CURATOR, Audience.TEACHER)
# a head link makes someone the head of a school (руководитель ОО): one person, one link
HEAD_KIND: tuple[Role, Audience] = (Role.HEAD, Audience.TEACHER)
POSITION_QUESTION = "position"
NAME_QUESTION = "full_name"
CAPACITY_QUESTION = "capacity"
GRADE_QUESTION = "grade"
MENTOR_KIND_QUESTION = "mentor_kind"


def intake_form(role: Role, audience: Audience) -> str:
    """The intake questionnaire for a membership; unknown pairs fall back to the teacher's."""
    return INTAKE_FORMS.get((role, audience)) or INTAKE_FORMS[(role, Audience.TEACHER)]


def is_invite_kind(role: Role, audience: Audience) -> bool:
    """A link a curator may make: one of INVITE_KINDS, a curator's or a head's link."""
    return (role, audience) in INVITE_KINDS or (role, audience) in (CURATOR_KIND, HEAD_KIND)


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
    if membership is None or intake_form(membership.role, membership.audience) != response.form_id:
        return None
    name = answers.get(NAME_QUESTION)
    if isinstance(name, str) and name.strip():
        user.full_name = name.strip()
    capacity = answers.get(CAPACITY_QUESTION)
    if membership.role is Role.MENTOR and isinstance(capacity, int):
        # never below the places already taken, or the load check would refuse the update
        membership.capacity = max(capacity, membership.load)
    grade = answers.get(GRADE_QUESTION)
    if membership.audience is Audience.PUPIL and isinstance(grade, int):
        membership.grade = grade
    kind = answers.get(MENTOR_KIND_QUESTION)
    if membership.audience is Audience.EXTERNAL and isinstance(kind, str):
        membership.mentor_kind = kind
    first_time = membership.profile_completed_at is None
    membership.profile_completed_at = now
    await session.flush()
    if not first_time:
        return None
    return IntakeDone(membership, user.full_name or "")
