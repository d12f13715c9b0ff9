"""Invite links: opaque random tokens, revocable, optionally expiring or single-use."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Audience, Invite, Organization, Role
from services.errors import DomainError, NotFound
from services.onboarding import is_invite_kind

TOKEN_BYTES = 16  # 22 URL-safe characters, well inside Telegram's 64-character start payload


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def deep_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


@dataclass(frozen=True)
class ValidInvite:
    invite: Invite
    org: Organization


class InviteService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self,
        org_id: int,
        role: Role,
        *,
        now: datetime,
        audience: Audience = Audience.TEACHER,
        ttl: timedelta | None = None,
        max_uses: int | None = None,
        created_by: int | None = None,
    ) -> Invite:
        if not is_invite_kind(role, audience):
            # e.g. a pupil curator or an external mentee: no questionnaire, no consent path
            raise DomainError("invite-kind-unknown")
        invite = Invite(
            token=new_token(),
            org_id=org_id,
            role=role,
            audience=audience,
            created_at=now,
            expires_at=now + ttl if ttl else None,
            max_uses=max_uses,
            created_by=created_by,
        )
        self.session.add(invite)
        await self.session.flush()
        return invite

    async def check(self, token: str, now: datetime) -> ValidInvite:
        """Raise a DomainError that says why a link cannot be used, or return the invite."""
        if not token or len(token) > 64:
            raise DomainError("invite-unknown")
        row = (
            await self.session.execute(
                select(Invite, Organization)
                .join(Organization, Organization.id == Invite.org_id)
                .where(Invite.token == token)
            )
        ).first()
        if row is None:
            raise DomainError("invite-unknown")
        invite, org = row
        if invite.revoked_at is not None:
            raise DomainError("invite-revoked")
        if invite.expires_at is not None and invite.expires_at <= now:
            raise DomainError("invite-expired")
        if invite.max_uses is not None and invite.uses >= invite.max_uses:
            raise DomainError("invite-used-up")
        return ValidInvite(invite, org)

    async def consume(self, invite: Invite) -> None:
        # a conditional update, so two people racing for a single-use link cannot both win
        guard = Invite.max_uses.is_(None) | (Invite.uses < Invite.max_uses)
        result = await self.session.execute(
            update(Invite)
            .where(Invite.id == invite.id, guard)
            .values(uses=Invite.uses + 1)
            .returning(Invite.uses)
        )
        if result.scalar_one_or_none() is None:
            raise DomainError("invite-used-up")
        await self.session.refresh(invite)

    async def active_for_org(self, org_id: int, now: datetime) -> list[Invite]:
        rows = await self.session.scalars(
            select(Invite)
            .where(Invite.org_id == org_id, Invite.revoked_at.is_(None))
            .where(Invite.expires_at.is_(None) | (Invite.expires_at > now))
            .order_by(Invite.created_at.desc(), Invite.id.desc())
        )
        return [i for i in rows if i.max_uses is None or i.uses < i.max_uses]

    async def get(self, invite_id: int) -> Invite:
        invite = await self.session.get(Invite, invite_id)
        if invite is None:
            raise NotFound
        return invite

    async def revoke(self, invite: Invite, now: datetime) -> None:
        if invite.revoked_at is None:
            invite.revoked_at = now
            await self.session.flush()
