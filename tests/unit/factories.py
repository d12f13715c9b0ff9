"""Small builders for database rows used across unit tests."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from models import Invite, Organization, OrgKind, Role
from services.invites import InviteService
from services.orgs import OrgService
from services.people import Joined, PeopleService

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


async def make_org(
    session: AsyncSession,
    name: str = "МБОУ СОШ № 1",
    kind: OrgKind = OrgKind.SCHOOL,
    parent: Organization | None = None,
) -> Organization:
    return await OrgService(session).create(
        name, "Europe/Moscow", kind, parent_id=parent.id if parent else None
    )


async def make_invite(
    session: AsyncSession, org: Organization, role: Role, max_uses: int | None = None
) -> Invite:
    return await InviteService(session).create(org.id, role, now=NOW, max_uses=max_uses)


async def join(
    session: AsyncSession, telegram_id: int, org: Organization, role: Role, locale: str = "ru"
) -> Joined:
    invite = await make_invite(session, org, role)
    return await PeopleService(session).join(telegram_id, locale, invite.token, NOW)
