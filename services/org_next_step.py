"""What a school's curator should do next, shown at the top of the organization menu."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Assignment, AssignmentState, Membership, Organization, PairFixing, Role


class Step(StrEnum):
    INVITE = "invite"  # nobody to pair yet: send invite links
    CONFIRM = "confirm"  # pairs both sides agreed to wait for the curator's «закрепление»
    SUBMIT = "submit"  # …or, fixed by the head's order, for the head's approval
    PAIR = "pair"  # mentees without a pair while mentors are there


@dataclass(frozen=True)
class NextStep:
    step: Step
    count: int


async def next_step(session: AsyncSession, org: Organization) -> NextStep | None:
    """The most pressing step first: agreed pairs wait on the curator alone, unmatched
    mentees on a proposal; an empty bank needs invitations before anything else."""
    agreed = await session.scalar(
        select(func.count())
        .select_from(Assignment)
        .where(Assignment.org_id == org.id, Assignment.state == AssignmentState.AGREED)
    )
    if agreed:
        fixing = Step.SUBMIT if org.pair_fixing is PairFixing.HEAD_ORDER else Step.CONFIRM
        return NextStep(fixing, agreed)
    rows = await session.execute(
        select(Membership.role, func.count())
        .where(
            Membership.org_id == org.id,
            Membership.user_id.is_not(None),
            Membership.profile_completed_at.is_not(None),
            Membership.role.in_((Role.MENTOR, Role.MENTEE)),
        )
        .group_by(Membership.role)
    )
    people: dict[Role, int] = {row[0]: row[1] for row in rows}
    if not people:
        return NextStep(Step.INVITE, 0)
    paired = exists().where(
        Assignment.mentee_membership_id == Membership.id,
        Assignment.is_open | (Assignment.state == AssignmentState.ACTIVE),
    )
    unmatched = await session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(
            Membership.org_id == org.id,
            Membership.user_id.is_not(None),
            Membership.profile_completed_at.is_not(None),
            Membership.role == Role.MENTEE,
            ~paired,
        )
    )
    if unmatched and people.get(Role.MENTOR):
        return NextStep(Step.PAIR, unmatched)
    return None
