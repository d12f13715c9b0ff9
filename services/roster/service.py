"""The roster in the database: one single-use invite per person, and who joined by it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Invite, Membership, Role, RosterEntry
from services.invites import InviteService
from services.roster.parse import RosterRow


@dataclass(frozen=True, slots=True)
class RosterLink:
    full_name: str
    position: str
    role: Role
    token: str


@dataclass(frozen=True, slots=True)
class RosterStatus:
    full_name: str
    position: str
    role: Role
    joined: bool


class RosterService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self,
        org_id: int,
        rows: Sequence[RosterRow],
        default_role: Role,
        *,
        now: datetime,
        created_by: int | None,
    ) -> list[RosterLink]:
        invites = InviteService(self.session)
        links = []
        for row in rows:
            role = row.role or default_role
            invite = await invites.create(org_id, role, now=now, max_uses=1, created_by=created_by)
            self.session.add(
                RosterEntry(
                    org_id=org_id,
                    invite_id=invite.id,
                    full_name=row.full_name,
                    position=row.position,
                    role=role,
                    created_at=now,
                )
            )
            links.append(RosterLink(row.full_name, row.position, role, invite.token))
        await self.session.flush()
        return links

    async def status(self, org_id: int) -> list[RosterStatus]:
        """Everyone on the roster, in the order uploaded; marks those who joined since."""
        rows = await self.session.execute(
            select(RosterEntry, Membership.id)
            .outerjoin(
                Membership,
                (Membership.invite_id == RosterEntry.invite_id) & Membership.user_id.is_not(None),
            )
            .where(RosterEntry.org_id == org_id)
            .order_by(RosterEntry.id)
        )
        result = []
        for entry, membership_id in rows:
            if membership_id is not None and entry.joined_membership_id != membership_id:
                entry.joined_membership_id = membership_id
            result.append(
                RosterStatus(entry.full_name, entry.position, entry.role, membership_id is not None)
            )
        return result

    async def delete(self, org_id: int, now: datetime) -> int:
        """The roster goes, and the links nobody used yet stop working."""
        unused = select(RosterEntry.invite_id).where(
            RosterEntry.org_id == org_id, RosterEntry.joined_membership_id.is_(None)
        )
        invites = list(await self.session.scalars(select(Invite).where(Invite.id.in_(unused))))
        for invite in invites:
            if invite.uses == 0 and invite.revoked_at is None:
                invite.revoked_at = now
        result = await self.session.execute(delete(RosterEntry).where(RosterEntry.org_id == org_id))
        await self.session.flush()
        return int(getattr(result, "rowcount", 0) or 0)
