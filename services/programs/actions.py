"""What each button of the program does, decided here; the handlers only answer and render.

Every function takes the person's :class:`~services.programs.access.Access` to the program and
refuses what their side of the pair (or their right to approve) does not allow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from models import Pairing, ProgramState
from services.errors import DomainError
from services.meetings.plan import PlanError, PlanSettings, PlanShape
from services.meetings.repository import MeetingRepository, Participant
from services.meetings.shapes import default_plan_shapes
from services.pairing.bank import Pool, load_pool
from services.programs import rules
from services.programs.access import Access
from services.programs.period import end_for, month_options, months_of
from services.programs.service import Approvers, ProgramService
from services.school_year.org_calendar import org_calendar_by_id


class CommentKind(StrEnum):
    """Why a comment is typed: the mentee asks for a change, or the approver returns it."""

    CHANGE = "change"
    RETURN = "ret"


def plan_shape(pairing: Pairing) -> PlanShape:
    return default_plan_shapes().for_pair(pairing.type, pairing.form)


def mentee_difficulties(pool: Pool, participants: list[Participant]) -> list[str]:
    """The difficulties the mentees marked in their intake, in their order, once each."""
    seen: list[str] = []
    for participant in participants:
        if participant.is_mentor:
            continue
        person = pool.people.get(participant.membership.id)
        for code in (person.answers.get("difficulties") or []) if person else []:
            if isinstance(code, str) and code not in seen:
                seen.append(code)
    return seen


# ----- the period ----------------------------------------------------------------------------
@dataclass(frozen=True)
class PeriodChoice:
    months: list[int]  # the lengths the pair may pick
    default_end: date  # the end of the school year, as the default
    current: int | None  # the length picked now, if it is a whole number of months


async def period_choice(session: AsyncSession, access: Access) -> PeriodChoice:
    access.require_mentor()
    program = access.program
    rules.require_editable(program)
    shape = plan_shape(access.pairing)
    months = month_options(shape)
    if not months:
        raise DomainError("program-period-fixed")
    calendar = await org_calendar_by_id(session, access.pairing.org_id)
    return PeriodChoice(
        months,
        end_for(program.start_on, None, shape, calendar),
        months_of(program.start_on, program.end_on),
    )


@dataclass(frozen=True)
class PeriodSet:
    end: date
    meetings: int  # how many meetings the plan has now


async def set_months(
    session: AsyncSession, access: Access, months: int, settings: PlanSettings
) -> PeriodSet:
    """The draft ends ``months`` after its start (0: at the end of the school year)."""
    access.require_mentor()
    shape = plan_shape(access.pairing)
    if months and months not in month_options(shape):
        raise DomainError("error-stale-button")
    calendar = await org_calendar_by_id(session, access.pairing.org_id)
    end = end_for(access.program.start_on, months or None, shape, calendar)
    try:
        count = await ProgramService(session).set_period(
            access.program, access.pairing, end, settings, shape
        )
    except PlanError as error:
        raise DomainError(error.code, **error.params) from None
    return PeriodSet(end, count)


# ----- goals -----------------------------------------------------------------------------------
def check_goal_add(access: Access) -> None:
    access.require_mentor()
    rules.require_editable(access.program)


async def difficulty_options(session: AsyncSession, access: Access) -> list[str]:
    """The difficulties a new goal of the pair may address (its mentees')."""
    participants = await MeetingRepository(session).participants(access.pairing)
    pool = await load_pool(session, access.org)
    return mentee_difficulties(pool, participants)


def check_goal_draft(access: Access, draft_pairing: object, title: object) -> None:
    """The goal being written (remembered in the conversation) is this pair's."""
    access.require_mentor()
    if draft_pairing != access.pairing.id or not title:
        raise DomainError("error-stale-button")
    rules.require_editable(access.program)


def toggle_difficulty(chosen: list[str], code: str, options: list[str]) -> list[str]:
    if code not in options:
        raise DomainError("error-stale-button")
    return [c for c in chosen if c != code] if code in chosen else [*chosen, code]


async def delete_goal(session: AsyncSession, access: Access, goal_id: int) -> None:
    access.require_mentor()
    await ProgramService(session).delete_goal(access.program, goal_id)


# ----- agreement and approval --------------------------------------------------------------
def check_share(access: Access) -> None:
    access.require_mentor()
    rules.require_editable(access.program)


async def agree(session: AsyncSession, access: Access, version: int, now: datetime) -> None:
    access.require_mentee()
    await ProgramService(session).agree(access.program, version, now)


def check_comment(access: Access, kind: CommentKind, version: int) -> None:
    """The mentee may ask to change a draft; the approver may return a submitted program."""
    if kind is CommentKind.CHANGE:
        access.require_mentee()
        wanted: tuple[ProgramState, ...] = tuple(rules.EDITABLE)
    else:
        access.require_approver()
        wanted = (ProgramState.SUBMITTED,)
    rules.require_version(access.program, version, *wanted)


async def submit(session: AsyncSession, access: Access, now: datetime) -> Approvers:
    """The mentor submits the program; who approves it (to be told)."""
    access.require_mentor()
    programs = ProgramService(session)
    await programs.submit(access.program, now)
    return await programs.approvers(access.org.id)


async def approve(
    session: AsyncSession, access: Access, version: int, now: datetime, settings: PlanSettings
) -> None:
    access.require_approver()
    await ProgramService(session).approve(
        access.program,
        access.pairing,
        version,
        access.user,
        now,
        settings,
        plan_shape(access.pairing),
    )


def check_docx(access: Access) -> None:
    if access.program.state is not ProgramState.APPROVED:
        raise DomainError("program-not-approved")
