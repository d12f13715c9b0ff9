"""Organizations and who may manage them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Membership, Organization, OrgKind, Role, User
from services.errors import AccessDenied, DomainError, NotFound

MAX_ORG_NAME = 200


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DomainError("org-bad-timezone", timezone=name) from exc
    return name


def check_org_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise DomainError("org-name-empty")
    if len(cleaned) > MAX_ORG_NAME:
        raise DomainError("org-name-too-long", limit=MAX_ORG_NAME)
    return cleaned


class OrgService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self,
        name: str,
        timezone: str,
        kind: OrgKind = OrgKind.SCHOOL,
        parent_id: int | None = None,
        *,
        now: datetime | None = None,
    ) -> Organization:
        """``now``: the bot's clock (a moved one in rehearsals); the system's when omitted."""
        org = Organization(
            name=check_org_name(name),
            timezone=check_timezone(timezone),
            kind=kind,
            parent_id=parent_id,
        )
        if now is not None:
            org.created_at = now
        self.session.add(org)
        await self.session.flush()
        return org

    async def get(self, org_id: int) -> Organization:
        org = await self.session.get(Organization, org_id)
        if org is None:
            raise NotFound
        return org

    async def children(self, org_id: int) -> list[Organization]:
        rows = await self.session.scalars(
            select(Organization).where(Organization.parent_id == org_id).order_by(Organization.name)
        )
        return list(rows)

    async def curated_by(self, user_id: int) -> list[Organization]:
        """Organizations the user curates directly, then the schools under their offices."""
        direct = list(
            await self.session.scalars(
                select(Organization)
                .join(Membership, Membership.org_id == Organization.id)
                .where(Membership.user_id == user_id, Membership.role == Role.CURATOR)
                .order_by(Organization.name)
            )
        )
        result = list(direct)
        seen = {o.id for o in direct}
        for org in direct:
            if org.kind is OrgKind.MUNICIPALITY:
                for child in await self.children(org.id):
                    if child.id not in seen:
                        seen.add(child.id)
                        result.append(child)
        return result

    async def can_manage(self, user_id: int, org_id: int) -> bool:
        org = await self.session.get(Organization, org_id)
        if org is None:
            return False
        candidates = [org.id] + ([org.parent_id] if org.parent_id is not None else [])
        found = await self.session.scalar(
            select(Membership.id).where(
                Membership.user_id == user_id,
                Membership.role == Role.CURATOR,
                Membership.org_id.in_(candidates),
            )
        )
        return found is not None

    async def require_manage(self, user_id: int, org_id: int) -> Organization:
        if not await self.can_manage(user_id, org_id):
            raise AccessDenied
        return await self.get(org_id)

    async def is_head(self, user_id: int, org_id: int) -> bool:
        found = await self.session.scalar(
            select(Membership.id).where(
                Membership.user_id == user_id,
                Membership.org_id == org_id,
                Membership.role == Role.HEAD,
            )
        )
        return found is not None

    async def is_own_curator(self, user_id: int, org_id: int) -> bool:
        """A curator of this very organization (not of its office)."""
        found = await self.session.scalar(
            select(Membership.id).where(
                Membership.user_id == user_id,
                Membership.org_id == org_id,
                Membership.role == Role.CURATOR,
            )
        )
        return found is not None

    async def toggle_auto_quarterly_report(self, user_id: int, org: Organization) -> bool:
        """The quarterly report sent to the office on the calendar's due dates is the school's
        decision: only its own curator switches it. Returns the new setting."""
        if org.kind is OrgKind.MUNICIPALITY or not await self.is_own_curator(user_id, org.id):
            raise DomainError("period-auto-school-only")
        org.auto_quarterly_report = not org.auto_quarterly_report
        return org.auto_quarterly_report

    async def member_counts(self, org_id: int) -> dict[str, int]:
        """People of the organization by role (``Role`` values); participants who have not
        finished their questionnaire are counted apart, as ``pending``."""
        rows = await self.session.execute(
            select(Membership.role, Membership.profile_completed_at.is_(None), func.count())
            .where(Membership.org_id == org_id, Membership.user_id.is_not(None))
            .group_by(Membership.role, Membership.profile_completed_at.is_(None))
        )
        counts: dict[str, int] = {}
        for role, pending, count in rows:
            if pending and role not in (Role.CURATOR, Role.HEAD):
                counts["pending"] = counts.get("pending", 0) + count
            else:
                counts[role.value] = counts.get(role.value, 0) + count
        return counts

    async def can_view(self, user_id: int, org_id: int) -> bool:
        """Curators manage; the head of the organization reads everything they read."""
        return await self.can_manage(user_id, org_id) or await self.is_head(user_id, org_id)

    async def require_view(self, user_id: int, org_id: int) -> Organization:
        if not await self.can_view(user_id, org_id):
            raise AccessDenied
        return await self.get(org_id)

    async def headed_by(self, user_id: int) -> list[Organization]:
        rows = await self.session.scalars(
            select(Organization)
            .join(Membership, Membership.org_id == Organization.id)
            .where(Membership.user_id == user_id, Membership.role == Role.HEAD)
            .order_by(Organization.name)
        )
        return list(rows)

    async def heads_of(self, org_id: int) -> list[User]:
        rows = await self.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.org_id == org_id, Membership.role == Role.HEAD)
            .order_by(User.id)
        )
        return list(rows)

    async def participant_user_ids(self, org_ids: Sequence[int]) -> list[int]:
        """Mentors and mentees of these organizations (the people a digest may name)."""
        rows = await self.session.scalars(
            select(Membership.user_id)
            .where(
                Membership.org_id.in_(org_ids),
                Membership.role.in_((Role.MENTOR, Role.MENTEE)),
                Membership.user_id.is_not(None),
            )
            .distinct()
        )
        return [user_id for user_id in rows if user_id is not None]

    async def curators_of(self, org_id: int) -> list[User]:
        """The organization's own curators (not its office's)."""
        return list(
            await self.session.scalars(
                select(User)
                .join(Membership, Membership.user_id == User.id)
                .where(Membership.org_id == org_id, Membership.role == Role.CURATOR)
                .order_by(User.id)
            )
        )

    async def curators_to_notify(self, org_id: int) -> list[User]:
        """Who hears about changes in an organization: its curators, else its office's."""
        org = await self.get(org_id)
        for candidate in (org.id, org.parent_id):
            if candidate is None:
                continue
            curators = await self.curators_of(candidate)
            if curators:
                return curators
        return []
