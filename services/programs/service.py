"""Programs in the database: drafting, the mentee's agreement, submission and approval.

Who approves: the head of the organization (members with the role ``head`` there); where no
head uses the bot, the curator (of the school, or of its office), as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Goal, Membership, Pairing, Program, ProgramState, Role, User
from services.errors import DomainError
from services.meetings.plan import PlanSettings, PlanShape, check_period
from services.orgs import OrgService
from services.programs import rules
from services.programs.plan_sync import fit_plan


@dataclass(frozen=True)
class Approvers:
    users: list[User]
    heads: bool  # True: the organization's heads; False: its curators


class ProgramService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def find(self, pairing_id: int) -> Program | None:
        return await self.session.scalar(select(Program).where(Program.pairing_id == pairing_id))

    async def of_pairing(self, pairing_id: int) -> Program:
        program = await self.find(pairing_id)
        if program is None:
            raise DomainError("program-missing")
        return program

    async def goals(self, pairing_id: int) -> list[Goal]:
        rows = await self.session.scalars(
            select(Goal).where(Goal.pairing_id == pairing_id).order_by(Goal.id)
        )
        return list(rows)

    # ----- who approves ----------------------------------------------------------------------
    async def heads(self, org_id: int) -> list[User]:
        rows = await self.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.org_id == org_id,
                Membership.role == Role.HEAD,
                Membership.withdrawn_at.is_(None),
            )
            .order_by(User.id)
        )
        return list(rows)

    async def approvers(self, org_id: int) -> Approvers:
        heads = await self.heads(org_id)
        if heads:
            return Approvers(heads, heads=True)
        return Approvers(await OrgService(self.session).curators_to_notify(org_id), heads=False)

    async def may_approve(self, user_id: int, org_id: int) -> bool:
        heads = await self.heads(org_id)
        if heads:
            return any(head.id == user_id for head in heads)
        return await OrgService(self.session).can_manage(user_id, org_id)

    async def goals_changed(self, pairing_id: int) -> None:
        """The pair's goals are its program's: they change only while it is a draft, and a
        change is a new version (see :mod:`services.programs.rules`)."""
        program = await self.find(pairing_id)
        if program is not None:
            rules.require_editable(program)
            rules.touch(program)

    # ----- drafting ----------------------------------------------------------------------------
    async def set_period(
        self,
        program: Program,
        pairing: Pairing,
        end: date,
        settings: PlanSettings,
        shape: PlanShape,
    ) -> int:
        """A new end for the draft; the meeting plan follows. How many meetings it has."""
        rules.require_editable(program)
        check_period(program.start_on, end, shape)
        count = await fit_plan(self.session, pairing, program.start_on, end, settings, shape)
        if program.end_on != end:
            program.end_on = end
            rules.touch(program)
        await self.session.flush()
        return count

    async def add_goal(
        self,
        program: Program,
        title: str,
        difficulties: list[str],
        expected_result: str | None,
        now: datetime,
    ) -> Goal:
        rules.require_editable(program)
        count = await self.session.scalar(
            select(func.count(Goal.id)).where(Goal.pairing_id == program.pairing_id)
        )
        if (count or 0) >= rules.MAX_GOALS:
            raise DomainError("program-too-many-goals", limit=rules.MAX_GOALS)
        goal = Goal(
            pairing_id=program.pairing_id,
            title=title,
            difficulty=difficulties[0] if difficulties else None,
            difficulties=list(difficulties) or None,
            expected_result=expected_result or None,
            created_at=now,
        )
        self.session.add(goal)
        rules.touch(program)
        await self.session.flush()
        return goal

    async def delete_goal(self, program: Program, goal_id: int) -> None:
        rules.require_editable(program)
        goal = await self.session.get(Goal, goal_id)
        if goal is None or goal.pairing_id != program.pairing_id:
            raise DomainError("error-stale-button")
        await self.session.delete(goal)
        rules.touch(program)
        await self.session.flush()

    async def agree(self, program: Program, version: int, now: datetime) -> None:
        """The mentee agrees with this version of the draft."""
        rules.require_version(program, version, *rules.EDITABLE)
        program.mentee_agreed_at = now
        await self.session.flush()

    # ----- approval ----------------------------------------------------------------------------
    async def submit(self, program: Program, now: datetime) -> None:
        goals = len(await self.goals(program.pairing_id))
        rules.require_submittable(program, goals)
        program.state = ProgramState.SUBMITTED
        program.submitted_at = now
        program.comment = None
        program.version += 1
        await self.session.flush()

    async def approve(
        self,
        program: Program,
        pairing: Pairing,
        version: int,
        approver: User,
        now: datetime,
        settings: PlanSettings,
        shape: PlanShape,
    ) -> None:
        """Fix the period: the meeting plan is made to end on the approved date."""
        rules.require_version(program, version, ProgramState.SUBMITTED)
        if not await self.may_approve(approver.id, program.org_id):
            raise DomainError("program-not-approver")
        await fit_plan(self.session, pairing, program.start_on, program.end_on, settings, shape)
        program.state = ProgramState.APPROVED
        program.approved_at = now
        program.approved_by = approver.id
        program.version += 1
        await self.session.flush()

    async def send_back(self, program: Program, version: int, approver: User, comment: str) -> None:
        rules.require_version(program, version, ProgramState.SUBMITTED)
        if not await self.may_approve(approver.id, program.org_id):
            raise DomainError("program-not-approver")
        program.state = ProgramState.RETURNED
        program.comment = comment
        program.version += 1
        await self.session.flush()
