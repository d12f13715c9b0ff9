"""The meeting jobs with a movable clock: log prompt, re-ask after 48 h, escalation, digests —
each exactly once however often the job runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.deps import AppDeps
from bot.notify.meetings import queue_reminders
from models import (
    AssignmentState,
    Meeting,
    MeetingStatus,
    Organization,
    OrgKind,
    OutboxMessage,
    Role,
)
from scheduler import meeting_jobs
from services.matching import MatchWeights
from services.meetings.plan import PlanSettings
from services.meetings.repository import MeetingRepository
from services.outbox import Outbox
from services.pairing.service import PairingService
from services.questionnaire.schema import Form
from tests.unit.app_factory import MovableClock, make_deps
from tests.unit.factories import NOW, join, make_org
from tests.unit.pairing_factories import add_person


async def _active_pair_with_meeting(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form], at: datetime
) -> int:
    async with session_factory() as session, session.begin():
        org = await make_org(session)
        await join(session, 50, org, Role.CURATOR)
        mentor = await add_person(session, forms, org, 1, Role.MENTOR, "Наставник")
        mentee = await add_person(session, forms, org, 11, Role.MENTEE, "Наставляемая")
        service = PairingService(session, MatchWeights())
        offered = await service.offer(org, mentee.id, mentor.id, by_user_id=None, now=NOW)
        for side in (mentor.id, mentee.id):
            await service.reply(offered.assignment, side, accept=True, reason=None, now=NOW)
        await service.confirm(offered.assignment, NOW)
        assert offered.assignment.state is AssignmentState.ACTIVE
        repo = MeetingRepository(session)
        await repo.ensure_program(offered.pairing, date(2026, 11, 20), PlanSettings())
        first = (await repo.meetings(offered.pairing.id))[0]
        ctx = await repo.context(first.id)
        await repo.schedule(ctx, at, fmt="offline", place="каб. 1")
        return first.id


async def _kinds(session_factory: async_sessionmaker[AsyncSession]) -> list[tuple[str, int]]:
    async with session_factory() as session:
        rows = await session.execute(
            select(OutboxMessage.kind, OutboxMessage.chat_id).order_by(OutboxMessage.id)
        )
        return [(kind, chat) for kind, chat in rows]


async def test_log_prompt_reask_and_escalation_once_each(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    meeting_at = datetime(2026, 11, 25, 12, 30, tzinfo=UTC)
    meeting_id = await _active_pair_with_meeting(session_factory, forms, meeting_at)
    clock = MovableClock(meeting_at - timedelta(minutes=5))
    deps = make_deps(session_factory, clock)

    async def run_ticks() -> None:
        for _ in range(3):  # a job that runs again finds nothing new to do
            await meeting_jobs.prompt_logs(deps, clock.now())

    await run_ticks()
    assert await _kinds(session_factory) == []
    clock.value = meeting_at + deps.settings.log_prompt_after
    await run_ticks()
    assert await _kinds(session_factory) == [("log_prompt", 1)]
    clock.value += timedelta(hours=47)
    await run_ticks()
    assert len(await _kinds(session_factory)) == 1
    clock.value += timedelta(hours=1)
    await run_ticks()
    assert await _kinds(session_factory) == [("log_prompt", 1), ("log_prompt", 1)]
    clock.value += timedelta(hours=48)
    await run_ticks()
    assert await _kinds(session_factory) == [("log_prompt", 1), ("log_prompt", 1), ("alert", 50)]
    async with session_factory() as session:
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        assert meeting.status is MeetingStatus.SCHEDULED
        assert meeting.log_escalated_at == clock.value


async def test_weekly_digest_once_a_week_at_the_local_time(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    await _active_pair_with_meeting(
        session_factory, forms, datetime(2026, 11, 25, 12, 30, tzinfo=UTC)
    )
    # Monday 30 November 2026, 08:59 in Moscow: not yet
    clock = MovableClock(datetime(2026, 11, 30, 5, 59, tzinfo=UTC))
    deps = make_deps(session_factory, clock)
    assert await meeting_jobs.weekly_digests(deps, clock.now()) == 0
    clock.value += timedelta(minutes=1)
    assert await meeting_jobs.weekly_digests(deps, clock.now()) == 1
    clock.value += timedelta(hours=30)
    assert await meeting_jobs.weekly_digests(deps, clock.now()) == 0
    clock.value = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
    assert await meeting_jobs.weekly_digests(deps, clock.now()) == 1
    async with session_factory() as session:
        texts = list(
            await session.scalars(select(OutboxMessage.text).where(OutboxMessage.kind == "digest"))
        )
    assert len(texts) == 2
    assert "Дайджест" in texts[0]


async def test_yearly_calendar_reminds_curators_on_their_days(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session, session.begin():
        org = await make_org(session)
        await join(session, 50, org, Role.CURATOR)
    clock = MovableClock(datetime(2026, 9, 17, 7, 0, tzinfo=UTC))  # 14 days before 1 October
    deps = make_deps(session_factory, clock)
    assert await meeting_jobs.yearly_calendar(deps, clock.now()) == 1
    assert await meeting_jobs.yearly_calendar(deps, clock.now()) == 0
    clock.value += timedelta(days=1)
    assert await meeting_jobs.yearly_calendar(deps, clock.now()) == 0


async def test_stale_reminders_are_dropped_not_sent_late(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    meeting_at = datetime(2026, 11, 25, 12, 30, tzinfo=UTC)
    await _active_pair_with_meeting(session_factory, forms, meeting_at)
    async with session_factory() as session, session.begin():
        outbox = Outbox(session)
        await outbox.enqueue(
            1, "через час", kind="reminder", not_before=meeting_at - timedelta(hours=1)
        )
        await outbox.enqueue(
            1, "через сутки", kind="reminder", not_before=meeting_at - timedelta(hours=24)
        )
    # the bot was down and comes back 20 minutes before the meeting
    clock = MovableClock(meeting_at - timedelta(minutes=20))
    deps = make_deps(session_factory, clock)
    assert await meeting_jobs.drop_stale_reminders(deps, clock.now()) == 1
    async with session_factory() as session:
        states = {
            at: (s.value, t)
            for at, s, t in await session.execute(
                select(OutboxMessage.not_before, OutboxMessage.state, OutboxMessage.text)
            )
        }
    # a cancelled message keeps nothing of what it said
    assert states == {
        meeting_at - timedelta(hours=1): ("pending", "через час"),
        meeting_at - timedelta(hours=24): ("cancelled", ""),
    }


async def _queue_reminders_for(
    session_factory: async_sessionmaker[AsyncSession],
    forms: dict[str, Form],
    meeting_at: datetime,
    deps: AppDeps,
) -> None:
    meeting_id = await _active_pair_with_meeting(session_factory, forms, meeting_at)
    async with session_factory() as session, session.begin():
        ctx = await MeetingRepository(session).context(meeting_id)
        await queue_reminders(session, deps, ctx, NOW)


async def _reminders_after_downtime(
    session_factory: async_sessionmaker[AsyncSession], deps: AppDeps, back_at: datetime
) -> tuple[list[datetime], dict[datetime, str]]:
    """The bot comes back at ``back_at``: which reminders (by due time) go out, and the
    state each reminder row is left in after the tick's cleanup."""
    async with session_factory() as session, session.begin():
        claimed = await Outbox(session).claim(back_at, "w", 100, timedelta(seconds=60))
        due = sorted({row.not_before for row in claimed})
        await Outbox(session).release([row.id for row in claimed], "w")
    await meeting_jobs.drop_stale_reminders(deps, back_at)
    async with session_factory() as session:
        rows = await session.execute(
            select(OutboxMessage.not_before, OutboxMessage.state).where(
                OutboxMessage.kind == "reminder"
            )
        )
        return due, {at: state.value for at, state in rows}


async def test_after_downtime_a_reminder_goes_while_its_meeting_is_ahead(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    """Issue 17.1: booked for 10.09 11:00 MSK, down from 08.09 16:00 to 09.09 14:45: the 24 h
    reminder (due 09.09 11:00) still goes, once; the 1 h one stays for its time."""
    meeting_at = datetime(2026, 12, 10, 8, 0, tzinfo=UTC)  # 11:00 in Moscow
    clock = MovableClock(NOW)
    deps = make_deps(session_factory, clock)
    await _queue_reminders_for(session_factory, forms, meeting_at, deps)
    day_before, hour_before = meeting_at - timedelta(hours=24), meeting_at - timedelta(hours=1)
    back = datetime(2026, 12, 9, 11, 45, tzinfo=UTC)
    due, states = await _reminders_after_downtime(session_factory, deps, back)
    assert due == [day_before]
    assert states == {day_before: "pending", hour_before: "pending"}


async def test_after_downtime_only_the_most_recent_due_reminder_goes(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    meeting_at = datetime(2026, 12, 10, 8, 0, tzinfo=UTC)
    deps = make_deps(session_factory, MovableClock(NOW))
    await _queue_reminders_for(session_factory, forms, meeting_at, deps)
    day_before, hour_before = meeting_at - timedelta(hours=24), meeting_at - timedelta(hours=1)
    # back 20 minutes before the meeting: both are overdue, only the 1 h one is worth sending
    due, states = await _reminders_after_downtime(
        session_factory, deps, meeting_at - timedelta(minutes=20)
    )
    assert due == [hour_before]
    assert states == {day_before: "cancelled", hour_before: "pending"}


async def test_after_downtime_no_reminder_once_the_meeting_has_begun(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    meeting_at = datetime(2026, 12, 10, 8, 0, tzinfo=UTC)
    deps = make_deps(session_factory, MovableClock(NOW))
    await _queue_reminders_for(session_factory, forms, meeting_at, deps)
    due, states = await _reminders_after_downtime(session_factory, deps, meeting_at)
    assert due == []
    assert set(states.values()) == {"cancelled"}


async def test_no_weekly_digest_about_a_school_nobody_has_joined_yet(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """Issue 17: a curator registering a school after Monday's slot got «Всё в порядке» a minute
    later. A school is in a week's digest once it had a mentor or mentee by that week's slot."""
    monday_slot = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)  # 09:00 in Moscow
    async with session_factory() as session, session.begin():
        office = await make_org(session, "МКУ ЦРО", OrgKind.MUNICIPALITY)
        school = await make_org(session, "МБОУ СОШ № 3", parent=office)
        curator = await join(session, 50, school, Role.CURATOR)
        curator.membership.created_at = monday_slot + timedelta(minutes=3)
        await join(session, 60, office, Role.CURATOR)
    clock = MovableClock(monday_slot + timedelta(minutes=4))
    deps = make_deps(session_factory, clock)
    assert await meeting_jobs.weekly_digests(deps, clock.now()) == 0

    # the first mentor joins after this week's slot: still nothing until next Monday
    async with session_factory() as session, session.begin():
        school_row = await session.get(Organization, school.id)
        assert school_row is not None
        mentor = await join(session, 1, school_row, Role.MENTOR)
        mentor.membership.created_at = monday_slot + timedelta(hours=2)
    clock.value = monday_slot + timedelta(hours=3)
    assert await meeting_jobs.weekly_digests(deps, clock.now()) == 0
    assert await _kinds(session_factory) == []

    clock.value = monday_slot + timedelta(days=7)
    assert (
        await meeting_jobs.weekly_digests(deps, clock.now()) == 2
    )  # the school's and the office's
    assert sorted(chat for _, chat in await _kinds(session_factory)) == [50, 60]


async def test_a_digest_already_queued_this_week_is_not_built_again(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    await _active_pair_with_meeting(
        session_factory, forms, datetime(2026, 11, 25, 12, 30, tzinfo=UTC)
    )
    clock = MovableClock(datetime(2026, 11, 30, 6, 0, tzinfo=UTC))  # Monday 09:00 in Moscow
    deps = make_deps(session_factory, clock)
    engine = session_factory.kw["bind"]
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        assert await meeting_jobs.weekly_digests(deps, clock.now()) == 1
        building = len(statements)
        statements.clear()
        clock.value += timedelta(seconds=30)  # the next tick
        assert await meeting_jobs.weekly_digests(deps, clock.now()) == 0
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    # the week's key is found and the digest is not rebuilt to be turned away
    assert len(statements) <= 4, statements
    assert building > 10
