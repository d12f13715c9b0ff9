"""Parents' consent requests: what a pupil leaves while a parent decides, and the parent's answer.

Until a parent accepts, the request row is the only trace of the child (first name, class, age
band, Telegram id to tell them the answer, the link token). Declining or expiry deletes it;
accepting turns it, in one transaction, into the child's user, membership, consents and the
guardianship that records who consented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    AgeBand,
    Audience,
    Consent,
    ConsentKind,
    GuardianRelation,
    GuardianRequest,
    Guardianship,
    Invite,
    Membership,
    Organization,
    Role,
    User,
)
from services.errors import DomainError
from services.invites import InviteService, ValidInvite, new_token

# Bumped whenever the parent's consent text (guardian-consent-text in locales/) changes.
PARENTAL_TEXT_VERSION = "2026-11-p1"
# Bumped whenever the pupil's own consent text (pupil-consent-* in locales/) changes.
PUPIL_CONSENT_TEXT_VERSION = "2026-11-pupil-v1"

FIRST_NAME_LIMIT = 60
PARENT_NAME_LIMIT = 200
GRADES = range(1, 12)


def _clean_name(text: str, limit: int, marks: str) -> str | None:
    name = " ".join(text.split())
    if not name or len(name) > limit:
        return None
    if not all(ch.isalpha() or ch in marks for ch in name) or not name[0].isalpha():
        return None
    return name


def clean_first_name(text: str) -> str | None:
    """A first name as a pupil types it: letters, with a hyphen, apostrophe or space inside."""
    return _clean_name(text, FIRST_NAME_LIMIT, " -'’")


def clean_full_name(text: str) -> str | None:
    """A parent's full name for the consent record; initials may carry a dot."""
    return _clean_name(text, PARENT_NAME_LIMIT, " -'’.")


def parental_kinds(role: Role) -> tuple[ConsentKind, ...]:
    """The parent's consent stands for the personal-data one; a peer mentor's appointment too."""
    if role is Role.MENTOR:
        return (ConsentKind.PARENTAL, ConsentKind.MENTOR_APPOINTMENT)
    return (ConsentKind.PARENTAL,)


@dataclass(frozen=True)
class PendingRequest:
    request: GuardianRequest
    org: Organization


@dataclass(frozen=True)
class Accepted:
    parent: User
    child: User
    membership: Membership
    guardianship: Guardianship
    org: Organization
    already_member: bool


class GuardianRequests:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def pending(
        self, child_telegram_id: int, org_id: int, role: Role, now: datetime
    ) -> GuardianRequest | None:
        """The pupil's request still waiting for a parent (an expired one is not waiting)."""
        request = await self.session.scalar(
            select(GuardianRequest).where(
                GuardianRequest.child_telegram_id == child_telegram_id,
                GuardianRequest.org_id == org_id,
                GuardianRequest.role == role,
            )
        )
        if request is None:
            return None
        if request.expires_at <= now:
            await self.session.delete(request)
            await self.session.flush()
            return None
        return request

    async def create(
        self,
        valid: ValidInvite,
        *,
        child_telegram_id: int,
        first_name: str,
        grade: int,
        band: AgeBand,
        locale: str,
        now: datetime,
        ttl: timedelta,
    ) -> GuardianRequest:
        """The pupil's request; the one already waiting if they ask again."""
        if valid.invite.audience is not Audience.PUPIL:
            raise DomainError("invite-unknown")
        existing = await self.pending(child_telegram_id, valid.org.id, valid.invite.role, now)
        if existing is not None:
            return existing
        name = clean_first_name(first_name)
        if name is None or grade not in GRADES:
            raise DomainError("pupil-name-invalid")
        request = GuardianRequest(
            token=new_token(),
            org_id=valid.org.id,
            invite_id=valid.invite.id,
            role=valid.invite.role,
            child_telegram_id=child_telegram_id,
            child_first_name=name,
            child_grade=grade,
            child_age_band=band,
            locale=locale,
            created_at=now,
            expires_at=now + ttl,
        )
        self.session.add(request)
        await self.session.flush()
        return request

    async def by_token(self, token: str) -> PendingRequest | None:
        """The request a parent's link names, expired or not; None for an unknown token."""
        if not token or len(token) > 64:
            return None
        row = (
            await self.session.execute(
                select(GuardianRequest, Organization)
                .join(Organization, Organization.id == GuardianRequest.org_id)
                .where(GuardianRequest.token == token)
            )
        ).first()
        if row is None:
            return None
        request, org = row
        return PendingRequest(request, org)

    async def check(self, token: str, parent_telegram_id: int, now: datetime) -> PendingRequest:
        """The request a parent may answer now, or a DomainError saying why not."""
        found = await self.by_token(token)
        if found is None:
            raise DomainError("guardian-link-unknown")
        return self.verify(found, parent_telegram_id, now)

    @staticmethod
    def verify(found: PendingRequest, parent_telegram_id: int, now: datetime) -> PendingRequest:
        if found.request.expires_at <= now:
            raise DomainError("guardian-link-expired")
        if found.request.child_telegram_id == parent_telegram_id:
            raise DomainError("guardian-link-self")
        return found

    async def decline(self, request: GuardianRequest) -> None:
        await self.session.execute(delete(GuardianRequest).where(GuardianRequest.id == request.id))
        await self.session.flush()

    async def accept(
        self,
        found: PendingRequest,
        *,
        parent_telegram_id: int,
        parent_locale: str,
        parent_name: str,
        relation: GuardianRelation,
        now: datetime,
    ) -> Accepted:
        """The parent agreed: the first moment anything about the child is stored."""
        request, org = found.request, found.org
        if request.child_telegram_id == parent_telegram_id:
            raise DomainError("guardian-link-self")
        invite = await self._invite(request)
        parent = await self._user(parent_telegram_id)
        if parent is None:
            parent = User(
                telegram_id=parent_telegram_id,
                locale=parent_locale,
                full_name=parent_name,
                created_at=now,
            )
            self.session.add(parent)
        elif parent.full_name is None:
            parent.full_name = parent_name
        child = await self._user(request.child_telegram_id)
        if child is None:
            child = User(
                telegram_id=request.child_telegram_id,
                locale=request.locale,
                full_name=request.child_first_name,
                created_at=now,
            )
            self.session.add(child)
        child.age_band = request.child_age_band
        await self.session.flush()
        membership = await self.session.scalar(
            select(Membership).where(
                Membership.user_id == child.id,
                Membership.org_id == org.id,
                Membership.role == request.role,
            )
        )
        already_member = membership is not None
        if membership is None:
            if invite is not None:
                await InviteService(self.session).consume(invite)
            membership = Membership(
                user_id=child.id,
                org_id=org.id,
                role=request.role,
                audience=Audience.PUPIL,
                grade=request.child_grade,
                invite_id=invite.id if invite is not None else None,
                created_at=now,
            )
            self.session.add(membership)
        for kind in parental_kinds(request.role):
            self.session.add(
                Consent(
                    user_id=child.id,
                    org_id=org.id,
                    kind=kind,
                    text_version=PARENTAL_TEXT_VERSION,
                    locale=parent_locale,
                    accepted_at=now,
                )
            )
        guardianship = await self.session.scalar(
            select(Guardianship).where(
                Guardianship.guardian_user_id == parent.id,
                Guardianship.child_user_id == child.id,
                Guardianship.org_id == org.id,
            )
        )
        if guardianship is None:
            guardianship = Guardianship(
                guardian_user_id=parent.id, child_user_id=child.id, org_id=org.id
            )
            self.session.add(guardianship)
        guardianship.guardian_name = parent_name
        guardianship.relation = relation
        guardianship.text_version = PARENTAL_TEXT_VERSION
        guardianship.locale = parent_locale
        guardianship.consented_at = now
        await self.session.execute(delete(GuardianRequest).where(GuardianRequest.id == request.id))
        await self.session.flush()
        return Accepted(parent, child, membership, guardianship, org, already_member)

    async def expired(self, now: datetime) -> list[GuardianRequest]:
        rows = await self.session.scalars(
            select(GuardianRequest)
            .where(GuardianRequest.expires_at <= now)
            .order_by(GuardianRequest.id)
        )
        return list(rows)

    async def _invite(self, request: GuardianRequest) -> Invite | None:
        """The pupil link the request came from; one the curator revoked since is refused."""
        if request.invite_id is None:
            return None
        invite = await self.session.get(Invite, request.invite_id)
        if invite is not None and invite.revoked_at is not None:
            raise DomainError("invite-revoked")
        return invite

    async def _user(self, telegram_id: int) -> User | None:
        return await self.session.scalar(select(User).where(User.telegram_id == telegram_id))
