"""The preference survey after the group meeting: mentees rank up to three mentors they met,
mentors mark the mentees they would take. The next proposal weighs these in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Membership, Preference, Role
from services.errors import DomainError

MAX_RANKED_MENTORS = 3


async def chosen(session: AsyncSession, chooser_id: int) -> list[int]:
    """Targets in rank order."""
    rows = await session.scalars(
        select(Preference)
        .where(Preference.chooser_membership_id == chooser_id)
        .order_by(Preference.rank, Preference.id)
    )
    return [p.target_membership_id for p in rows]


async def chooser(session: AsyncSession, user_id: int, org_id: int) -> Membership:
    """Who answers the survey in this organization: the person's mentor membership first,
    else their mentee one; nobody else may."""
    found = await session.scalar(
        select(Membership)
        .where(
            Membership.user_id == user_id,
            Membership.org_id == org_id,
            Membership.role.in_((Role.MENTOR, Role.MENTEE)),
        )
        .order_by(Membership.role.desc())
    )
    if found is None:
        raise DomainError("error-no-access")
    return found


async def target(session: AsyncSession, membership_id: int) -> Membership:
    """The membership a button picks; ``toggle`` checks it may be picked."""
    found = await session.get(Membership, membership_id)
    if found is None:
        raise DomainError("error-stale-button")
    return found


async def toggle(
    session: AsyncSession, chooser: Membership, target: Membership, now: datetime
) -> list[int]:
    """Add the target at the next rank, or remove it and close the gap."""
    if chooser.org_id != target.org_id or chooser.role is target.role:
        raise DomainError("error-no-access")
    if chooser.role not in (Role.MENTOR, Role.MENTEE) or target.role not in (
        Role.MENTOR,
        Role.MENTEE,
    ):
        raise DomainError("error-no-access")
    current = await chosen(session, chooser.id)
    if target.id in current:
        current.remove(target.id)
    else:
        if chooser.role is Role.MENTEE and len(current) >= MAX_RANKED_MENTORS:
            raise DomainError("pref-too-many", max=MAX_RANKED_MENTORS)
        current.append(target.id)
    await session.execute(delete(Preference).where(Preference.chooser_membership_id == chooser.id))
    for rank, target_id in enumerate(current, start=1):
        session.add(
            Preference(
                org_id=chooser.org_id,
                chooser_membership_id=chooser.id,
                target_membership_id=target_id,
                rank=rank,
                created_at=now,
            )
        )
    await session.flush()
    return current
