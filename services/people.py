"""People: registration on consent, the data we hold about them, and its erasure (152-FZ)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    AgeBand,
    Consent,
    ConsentKind,
    Membership,
    Organization,
    Role,
    User,
)
from services.errors import DomainError
from services.invites import InviteService

# Bumped whenever the consent text in locales/ changes, so each record names what was agreed to.
# v2: says what is kept anonymously after a withdrawal.
CONSENT_TEXT_VERSION = "2026-11-v2"
# the mentee's duties, agreed to by accepting a pair (offer-to-mentee in locales/)
DUTIES_TEXT_VERSION = "2026-11-v1"


def consent_kinds(role: Role) -> tuple[ConsentKind, ...]:
    if role is Role.MENTOR:
        return (ConsentKind.PERSONAL_DATA, ConsentKind.MENTOR_APPOINTMENT)
    return (ConsentKind.PERSONAL_DATA,)


@dataclass(frozen=True)
class Joined:
    user: User
    membership: Membership
    org: Organization
    already_member: bool


class PeopleService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_telegram_id(self, telegram_id: int) -> User | None:
        return await self.session.scalar(select(User).where(User.telegram_id == telegram_id))

    async def join(
        self,
        telegram_id: int,
        locale: str,
        token: str,
        now: datetime,
        *,
        age_band: AgeBand | None = None,
        text_version: str = CONSENT_TEXT_VERSION,
    ) -> Joined:
        """Accepting consent: the first moment anything about the person is stored.

        A pupil who consents themselves gives ``age_band`` (which allowed it) and agreed to the
        pupils' version of the text."""
        invites = InviteService(self.session)
        valid = await invites.check(token, now)
        user = await self.by_telegram_id(telegram_id)
        if user is None:
            user = User(telegram_id=telegram_id, locale=locale, created_at=now)
            self.session.add(user)
            await self.session.flush()
        if age_band is not None:
            user.age_band = age_band
        existing = await self.membership_in(user.id, valid.org.id, valid.invite.role)
        if existing is not None:
            return Joined(user, existing, valid.org, already_member=True)
        await invites.consume(valid.invite)
        membership = Membership(
            user_id=user.id,
            org_id=valid.org.id,
            role=valid.invite.role,
            audience=valid.invite.audience,
            invite_id=valid.invite.id,
            created_at=now,
        )
        self.session.add(membership)
        for kind in consent_kinds(valid.invite.role):
            self.session.add(
                Consent(
                    user_id=user.id,
                    org_id=valid.org.id,
                    kind=kind,
                    text_version=text_version,
                    locale=locale,
                    accepted_at=now,
                )
            )
        await self.session.flush()
        return Joined(user, membership, valid.org, already_member=False)

    async def membership_in(self, user_id: int, org_id: int, role: Role) -> Membership | None:
        """The person's membership in the organization in this role, if they have joined."""
        return await self.session.scalar(
            select(Membership).where(
                Membership.user_id == user_id,
                Membership.org_id == org_id,
                Membership.role == role,
            )
        )

    async def memberships(self, user_id: int) -> list[tuple[Membership, Organization]]:
        rows = await self.session.execute(
            select(Membership, Organization)
            .join(Organization, Organization.id == Membership.org_id)
            .where(Membership.user_id == user_id)
            .order_by(Membership.created_at, Membership.id)
        )
        return [(membership, org) for membership, org in rows]

    async def consents(self, user_id: int) -> list[tuple[Consent, Organization]]:
        rows = await self.session.execute(
            select(Consent, Organization)
            .join(Organization, Organization.id == Consent.org_id)
            .where(Consent.user_id == user_id)
            .order_by(Consent.accepted_at, Consent.id)
        )
        return [(consent, org) for consent, org in rows]

    async def set_locale(self, user: User, locale: str) -> None:
        user.locale = locale
        await self.session.flush()

    async def bank(
        self, org_id: int, *, offset: int, limit: int
    ) -> tuple[list[tuple[Membership, User]], int]:
        """Mentors and mentees of an organization, by name; with the total for paging."""
        where = (
            Membership.org_id == org_id,
            Membership.role.in_((Role.MENTOR, Role.MENTEE)),
            Membership.user_id.is_not(None),  # a withdrawn participant is no longer in the bank
        )
        total = await self.session.scalar(select(func.count(Membership.id)).where(*where)) or 0
        rows = await self.session.execute(
            select(Membership, User)
            .join(User, User.id == Membership.user_id)
            .where(*where)
            .order_by(Membership.role, func.lower(func.coalesce(User.full_name, "")), Membership.id)
            .offset(offset)
            .limit(limit)
        )
        return [(membership, user) for membership, user in rows], total

    async def user_ids_of(self, membership_ids: Iterable[int]) -> list[int]:
        """The people behind memberships (withdrawn ones have none): whom a message names."""
        rows = await self.session.scalars(
            select(Membership.user_id).where(
                Membership.id.in_(list(membership_ids)), Membership.user_id.is_not(None)
            )
        )
        return [user_id for user_id in rows if user_id is not None]

    async def membership_with_user(self, membership_id: int) -> tuple[Membership, User]:
        row = (
            await self.session.execute(
                select(Membership, User)
                .join(User, User.id == Membership.user_id)
                .where(Membership.id == membership_id)
            )
        ).first()
        if row is None:
            raise DomainError("error-not-found")
        membership, user = row
        return membership, user
