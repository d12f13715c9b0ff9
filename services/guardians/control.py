"""What a parent controls: the children they consented for, and withdrawing that consent."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Guardianship, Membership, Organization, User


@dataclass(frozen=True)
class Child:
    guardianship: Guardianship
    user: User
    org: Organization
    membership: Membership | None


class Guardians:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def children(self, guardian_user_id: int) -> list[Child]:
        rows = await self.session.execute(
            select(Guardianship, User, Organization)
            .join(User, User.id == Guardianship.child_user_id)
            .join(Organization, Organization.id == Guardianship.org_id)
            .where(Guardianship.guardian_user_id == guardian_user_id)
            .order_by(Guardianship.consented_at, Guardianship.id)
        )
        children: list[Child] = []
        for guardianship, child, org in rows:
            membership = await self.session.scalar(
                select(Membership)
                .where(Membership.user_id == child.id, Membership.org_id == org.id)
                .order_by(Membership.id)
                .limit(1)
            )
            children.append(Child(guardianship, child, org, membership))
        return children

    async def child(self, guardian_user_id: int, child_user_id: int) -> User | None:
        """The child, when this person is their guardian (a press names any user id)."""
        return await self.session.scalar(
            select(User)
            .join(Guardianship, Guardianship.child_user_id == User.id)
            .where(
                Guardianship.guardian_user_id == guardian_user_id,
                Guardianship.child_user_id == child_user_id,
            )
            .limit(1)
        )

    async def is_guardian(self, user_id: int) -> bool:
        found = await self.session.scalar(
            select(Guardianship.id).where(Guardianship.guardian_user_id == user_id).limit(1)
        )
        return found is not None

    async def nothing_left(self, user_id: int) -> bool:
        """A parent with no child left in any program and no role of their own: nothing of
        theirs has a purpose any more (152-FZ art. 5 §7)."""
        if await self.is_guardian(user_id):
            return False
        membership = await self.session.scalar(
            select(Membership.id).where(Membership.user_id == user_id).limit(1)
        )
        return membership is None
