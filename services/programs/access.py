"""Who may open a pair's program and what each of them may do with it. Plain Python."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from models import Organization, Pairing, Program, User
from services.errors import DomainError
from services.meetings.repository import MeetingRepository, Participant
from services.orgs import OrgService
from services.programs.service import ProgramService


@dataclass(frozen=True)
class Access:
    """The pair's program as one person sees it: their side of the pair (if any) and whether
    they approve programs in its organization."""

    user: User
    pairing: Pairing
    program: Program
    org: Organization
    me: Participant | None
    may_approve: bool

    @property
    def is_mentor(self) -> bool:
        return self.me is not None and self.me.is_mentor

    @property
    def is_mentee(self) -> bool:
        return self.me is not None and not self.me.is_mentor

    def require_mentor(self) -> None:
        if not self.is_mentor:
            raise DomainError("program-mentor-only")

    def require_mentee(self) -> None:
        if not self.is_mentee:
            raise DomainError("program-mentee-only")

    def require_approver(self) -> None:
        if not self.may_approve:
            raise DomainError("program-not-approver")


async def program_access(session: AsyncSession, user: User | None, pairing_id: int) -> Access:
    """The pair's sides, its approver and its curators may open the program; nobody else."""
    if user is None:
        raise DomainError("error-no-access")
    pairing = await session.get(Pairing, pairing_id)
    if pairing is None:
        raise DomainError("error-not-found")
    programs = ProgramService(session)
    participants = await MeetingRepository(session).participants(pairing)
    me = next((p for p in participants if p.user.id == user.id), None)
    may_approve = await programs.may_approve(user.id, pairing.org_id)
    if (
        me is None
        and not may_approve
        and not await OrgService(session).can_manage(user.id, pairing.org_id)
    ):
        raise DomainError("error-no-access")
    program = await programs.of_pairing(pairing.id)
    org = await OrgService(session).get(pairing.org_id)
    return Access(user, pairing, program, org, me, may_approve)


async def sides(session: AsyncSession, pairing: Pairing) -> tuple[int | None, list[int]]:
    """The user ids of the pair's mentor and of its mentees."""
    participants = await MeetingRepository(session).participants(pairing)
    mentor = next((p.user.id for p in participants if p.is_mentor), None)
    return mentor, [p.user.id for p in participants if not p.is_mentor]
