"""The personalized program's rules and database service, plain: period, plan, states, approver."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import MeetingStatus, Membership, ProgramState, Role, User
from services.errors import DomainError
from services.meetings.plan import (
    YEAR_SHAPE,
    MeetingKind,
    PeriodUnit,
    PlanError,
    PlanSettings,
    PlanShape,
    build_plan,
)
from services.meetings.repository import MeetingRepository
from services.programs.period import end_for, month_options, months_of
from services.programs.service import ProgramService
from services.questionnaire.schema import Form
from tests.unit.survey_factories import CURATOR_TG, Pair, active_pair

CONFIRMED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
START = date(2026, 11, 20)


def test_periods_are_3_to_12_months_and_default_to_the_school_year() -> None:
    assert month_options(YEAR_SHAPE) == list(range(3, 13))
    assert end_for(START, None, YEAR_SHAPE) == date(2027, 5, 31)
    assert end_for(START, 6, YEAR_SHAPE) == date(2027, 5, 20)
    # a start in April: the school year's end is too near, so 3 months
    assert end_for(date(2027, 4, 10), None, YEAR_SHAPE) == date(2027, 7, 10)
    with pytest.raises(ValueError, match="not a period"):
        end_for(START, 2, YEAR_SHAPE)
    weeks = PlanShape(
        kinds=(MeetingKind.FINAL,),
        unit=PeriodUnit.WEEKS,
        min_length=1,
        max_length=4,
        default_length=2,
        first_deadlines_days=(),
    )
    assert month_options(weeks) == []
    assert months_of(START, date(2027, 5, 20)) == 6
    assert months_of(START, date(2027, 5, 31)) is None


async def _pair(session: AsyncSession, forms: dict[str, Form]) -> Pair:
    return await active_pair(session, forms, confirmed=CONFIRMED, start=START)


async def test_a_new_period_rebuilds_the_meeting_plan(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    pair = await _pair(session, forms)
    programs = ProgramService(session)
    program = await programs.of_pairing(pair.pairing.id)
    repo = MeetingRepository(session)
    assert program.end_on == date(2027, 5, 31)
    assert program.state is ProgramState.DRAFT
    six = date(2027, 5, 20)
    count = await programs.set_period(program, pair.pairing, six, PlanSettings(), YEAR_SHAPE)
    meetings = await repo.meetings(pair.pairing.id)
    expected = build_plan(START, six)
    assert count == len(expected) == len(meetings)
    assert [(m.kind.value, m.due_on) for m in meetings] == [
        (p.kind.value, p.due_on) for p in expected
    ]
    assert meetings[-1].due_on == six == program.end_on
    assert program.version == 1
    # shorter: fewer regular meetings, the final one on the new end
    three = date(2027, 2, 20)
    fewer = await programs.set_period(program, pair.pairing, three, PlanSettings(), YEAR_SHAPE)
    assert fewer < count
    assert (await repo.meetings(pair.pairing.id))[-1].due_on == three
    with pytest.raises(PlanError):
        await programs.set_period(
            program, pair.pairing, date(2027, 1, 20), PlanSettings(), YEAR_SHAPE
        )


async def test_a_period_cannot_drop_a_scheduled_meeting(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    pair = await _pair(session, forms)
    programs = ProgramService(session)
    program = await programs.of_pairing(pair.pairing.id)
    repo = MeetingRepository(session)
    meetings = await repo.meetings(pair.pairing.id)
    late = meetings[-2]  # the last regular meeting of the school-year plan
    # as if the pair had worked through the plan up to it (scheduling goes in order)
    late.status, late.version, late.scheduled_at = MeetingStatus.SCHEDULED, 1, NOW
    await session.flush()
    with pytest.raises(DomainError) as refused:
        await programs.set_period(
            program, pair.pairing, date(2027, 2, 20), PlanSettings(), YEAR_SHAPE
        )
    assert refused.value.key == "program-period-started"
    assert late.status is MeetingStatus.SCHEDULED
    assert program.end_on == date(2027, 5, 31)


async def test_draft_submit_return_approve(session: AsyncSession, forms: dict[str, Form]) -> None:
    pair = await _pair(session, forms)
    programs = ProgramService(session)
    program = await programs.of_pairing(pair.pairing.id)
    curator = await _user(session, CURATOR_TG)
    with pytest.raises(DomainError, match="program-needs-goal"):
        await programs.submit(program, NOW)
    goal = await programs.add_goal(
        program, "Удерживать внимание", ["classroom_management", "planning"], "Урок", NOW
    )
    assert goal.difficulty == "classroom_management"
    assert goal.difficulties == ["classroom_management", "planning"]
    await programs.agree(program, program.version, NOW)
    assert program.mentee_agreed_at == NOW
    await programs.add_goal(program, "Вторая", [], None, NOW)
    assert program.mentee_agreed_at is None  # the mentee agreed to the older text
    with pytest.raises(DomainError, match="program-stale"):
        await programs.agree(program, program.version - 1, NOW)
    await programs.submit(program, NOW)
    with pytest.raises(DomainError, match="program-submitted-locked"):
        await programs.add_goal(program, "Третья", [], None, NOW)
    submitted = program.version
    await programs.send_back(program, submitted, curator, "Уточните результат")
    assert program.state is ProgramState.RETURNED
    with pytest.raises(DomainError, match="program-stale"):
        await programs.approve(
            program, pair.pairing, submitted, curator, NOW, PlanSettings(), YEAR_SHAPE
        )
    await programs.submit(program, NOW)
    assert program.comment is None
    mentor = await _user(session, 1)
    with pytest.raises(DomainError, match="program-not-approver"):
        await programs.approve(
            program, pair.pairing, program.version, mentor, NOW, PlanSettings(), YEAR_SHAPE
        )
    await programs.approve(
        program, pair.pairing, program.version, curator, NOW, PlanSettings(), YEAR_SHAPE
    )
    assert program.state is ProgramState.APPROVED
    assert (program.approved_by, program.approved_at) == (curator.id, NOW)
    with pytest.raises(DomainError, match="program-approved-locked"):
        await programs.set_period(
            program, pair.pairing, date(2027, 5, 20), PlanSettings(), YEAR_SHAPE
        )


async def test_the_head_approves_where_one_uses_the_bot(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    pair = await _pair(session, forms)
    programs = ProgramService(session)
    curator = await _user(session, CURATOR_TG)
    assert await programs.may_approve(curator.id, pair.org.id)
    approvers = await programs.approvers(pair.org.id)
    assert (approvers.heads, [u.id for u in approvers.users]) == (False, [curator.id])
    head = await add_head(session, pair.org.id, 70)
    assert not await programs.may_approve(curator.id, pair.org.id)
    assert await programs.may_approve(head.id, pair.org.id)
    approvers = await programs.approvers(pair.org.id)
    assert (approvers.heads, [u.id for u in approvers.users]) == (True, [head.id])


async def add_head(session: AsyncSession, org_id: int, telegram_id: int) -> User:
    """A head of the organization (their invites are another feature's: made directly)."""
    user = User(telegram_id=telegram_id, locale="ru", full_name="Директор Петрова Ольга")
    session.add(user)
    await session.flush()
    session.add(Membership(user_id=user.id, org_id=org_id, role=Role.HEAD))
    await session.flush()
    return user


async def _user(session: AsyncSession, telegram_id: int) -> User:
    user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
    assert user is not None
    return user
