"""Announcements: who receives one, queueing it through the outbox, and how far it got.

Recipients are people who hold one of the chosen roles in the organization (for a municipal
office: in all its schools, whose curators may be chosen too). A membership exists only after
consent, so nobody is written to who has not agreed. People who blocked the bot are skipped and
counted. One announcement is one transaction: the row and every outbox message, keyed
``announcement:<id>:<user id>``, so delivery is counted from the outbox alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Announcement,
    AnnouncementKind,
    Membership,
    Organization,
    OrgKind,
    OutboxMessage,
    OutboxState,
    Role,
    User,
)
from services.errors import DomainError
from services.outbox import NewMessage, Outbox
from services.outbox_keys import announcement_key, announcement_prefix

MAX_TEXT = 3000  # leaves room for the header within Telegram's 4096
RECENT_LIMIT = 10
OUTBOX_KIND = "announcement"
DEFAULT_ROLES = (Role.MENTOR, Role.MENTEE)

# locale → the whole message in that language (the bot renders; this module stays aiogram-free)
Renderer = Callable[[str], str]


def allowed_roles(org: Organization) -> tuple[Role, ...]:
    # a school's curator is the sender; an office writes to its schools' curators as well
    if org.kind is OrgKind.MUNICIPALITY:
        return (Role.MENTOR, Role.MENTEE, Role.CURATOR)
    return (Role.MENTOR, Role.MENTEE)


def parse_kind(value: str) -> AnnouncementKind:
    try:
        return AnnouncementKind(value)
    except ValueError:
        raise DomainError("error-stale-button") from None


def check_roles(org: Organization, values: Iterable[str]) -> list[Role]:
    """The chosen roles in a stable order; a role the organization cannot address is stale."""
    allowed = allowed_roles(org)
    chosen = set(values)
    if not chosen <= {r.value for r in allowed}:
        raise DomainError("error-stale-button")
    if not chosen:
        raise DomainError("announce-no-roles")
    return [role for role in allowed if role.value in chosen]


def check_text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise DomainError("announce-text-empty")
    if len(cleaned) > MAX_TEXT:
        raise DomainError("announce-text-too-long", limit=MAX_TEXT, length=len(cleaned))
    return cleaned


@dataclass(frozen=True)
class Audience:
    reachable: list[User]
    unreachable: int  # blocked the bot: skipped, and said so


@dataclass(frozen=True)
class Delivery:
    sent: int = 0
    pending: int = 0
    blocked: int = 0
    failed: int = 0
    cancelled: int = 0

    @property
    def queued(self) -> int:
        return self.sent + self.pending + self.blocked + self.failed + self.cancelled


@dataclass(frozen=True)
class Sent:
    announcement: Announcement
    queued: int
    unreachable: int


class AnnouncementService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _org_ids(self, org: Organization) -> list[int]:
        if org.kind is not OrgKind.MUNICIPALITY:
            return [org.id]
        rows = await self.session.scalars(
            select(Organization.id).where(Organization.parent_id == org.id)
        )
        return list(rows)

    async def audience(self, org: Organization, roles: Iterable[Role]) -> Audience:
        org_ids = await self._org_ids(org)
        role_list = list(roles)
        if not org_ids or not role_list:
            return Audience([], 0)
        people = list(
            await self.session.scalars(
                select(User)
                .where(
                    User.id.in_(
                        select(Membership.user_id).where(
                            Membership.org_id.in_(org_ids), Membership.role.in_(role_list)
                        )
                    )
                )
                .order_by(User.id)
            )
        )
        reachable = [p for p in people if p.unreachable_at is None]
        return Audience(reachable, len(people) - len(reachable))

    async def send(
        self,
        org: Organization,
        *,
        author_id: int | None,
        kind: AnnouncementKind,
        text: str,
        roles: Iterable[str],
        render: Renderer,
        now: datetime,
    ) -> Sent:
        """Record the announcement and queue it to everyone reachable; the caller commits."""
        cleaned = check_text(text)
        chosen = check_roles(org, roles)
        audience = await self.audience(org, chosen)
        announcement = Announcement(
            org_id=org.id,
            author_id=author_id,
            kind=kind,
            text=cleaned,
            roles=[r.value for r in chosen],
            recipients=len(audience.reachable),
            created_at=now,
        )
        self.session.add(announcement)
        await self.session.flush()
        rendered: dict[str, str] = {}
        messages = []
        for person in audience.reachable:
            if person.locale not in rendered:
                rendered[person.locale] = render(person.locale)
            messages.append(
                NewMessage(
                    chat_id=person.telegram_id,
                    text=rendered[person.locale],
                    kind=OUTBOX_KIND,
                    not_before=now,
                    dedupe_key=announcement_key(announcement.id, person.id),
                )
            )
        queued = await Outbox(self.session).enqueue_many(messages)
        return Sent(announcement, queued, audience.unreachable)

    async def delivery(self, announcement_id: int) -> Delivery:
        prefix = announcement_prefix(announcement_id)
        key = OutboxMessage.dedupe_key
        stmt = (
            select(OutboxMessage.state, func.count())
            # substr, not LIKE, as in Outbox.cancel_pending (LIKE ignores case, "_" is a wildcard)
            .where(func.substr(key, 1, len(prefix)) == prefix)
            .group_by(OutboxMessage.state)
        )
        if self.session.get_bind().dialect.name == "sqlite":
            # a range on the unique index instead of a scan over every message ever sent
            stmt = stmt.where(key >= prefix, key < prefix + "\U0010ffff")
        counts: dict[OutboxState, int] = {
            row[0]: row[1] for row in await self.session.execute(stmt)
        }
        return Delivery(
            sent=counts.get(OutboxState.SENT, 0),
            pending=counts.get(OutboxState.PENDING, 0),
            blocked=counts.get(OutboxState.BLOCKED, 0),
            failed=counts.get(OutboxState.FAILED, 0),
            cancelled=counts.get(OutboxState.CANCELLED, 0),
        )

    async def recent(
        self, org_id: int, limit: int = RECENT_LIMIT
    ) -> list[tuple[Announcement, Delivery]]:
        rows = await self.session.scalars(
            select(Announcement)
            .where(Announcement.org_id == org_id)
            .order_by(Announcement.created_at.desc(), Announcement.id.desc())
            .limit(limit)
        )
        return [(a, await self.delivery(a.id)) for a in rows]
