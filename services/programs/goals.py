"""The mentee's development plan: who may see and change a pair's goals. Plain Python."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from models import Goal, Pairing, User
from services.errors import DomainError
from services.meetings.repository import MeetingRepository, Participant
from services.orgs import OrgService
from services.pairing.bank import load_pool
from services.programs import rules
from services.programs.actions import mentee_difficulties
from services.programs.service import ProgramService


async def pair_access(
    session: AsyncSession, user: User | None, pairing_id: int
) -> tuple[Pairing, Participant | None]:
    """Both sides of the pair, and the curators of its organization, may see the plan."""
    if user is None:
        raise DomainError("error-no-access")
    pairing = await session.get(Pairing, pairing_id)
    if pairing is None:
        raise DomainError("error-not-found")
    repo = MeetingRepository(session)
    me = next((p for p in await repo.participants(pairing) if p.user.id == user.id), None)
    if me is None and not await OrgService(session).can_manage(user.id, pairing.org_id):
        raise DomainError("error-no-access")
    return pairing, me


def require_mentor(me: Participant | None) -> Participant:
    if me is None or not me.is_mentor:
        raise DomainError("meeting-mentor-only")
    return me


async def check_goal_add(session: AsyncSession, pairing: Pairing, me: Participant | None) -> None:
    """The mentor adds goals while the pair's program (if any) is a draft."""
    require_mentor(me)
    program = await ProgramService(session).find(pairing.id)
    if program is not None:
        rules.require_editable(program)


async def toggle_goal(
    session: AsyncSession, pairing: Pairing, me: Participant | None, goal_id: int, now: datetime
) -> list[Goal]:
    """Either side ticks a goal off (or back); the pair's goals after that."""
    if me is None:
        raise DomainError("error-no-access")
    goal = await session.get(Goal, goal_id)
    if goal is None or goal.pairing_id != pairing.id:
        raise DomainError("error-stale-button")
    repo = MeetingRepository(session)
    await repo.toggle_goal(goal, me.membership.id, now)
    return await repo.goals(pairing.id)


async def difficulty_options(session: AsyncSession, pairing: Pairing) -> list[str]:
    """The difficulties the pair's mentees marked, which a new goal may address."""
    participants = await MeetingRepository(session).participants(pairing)
    pool = await load_pool(session, await OrgService(session).get(pairing.org_id))
    return mentee_difficulties(pool, participants)
