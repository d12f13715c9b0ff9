"""The head's scheduled messages: a reminder of pairs waiting for approval at most once a day
(and not on the day they were sent), and a short weekly digest once a week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import OutboxMessage, PairFixing, Program, ProgramState, Role
from scheduler import head_jobs
from services.heads import Approvals
from services.matching import MatchWeights
from services.pairing.service import PairingService
from services.questionnaire.schema import Form
from tests.unit.app_factory import MovableClock, make_deps
from tests.unit.factories import NOW, join, make_org
from tests.unit.pairing_factories import add_person

HEAD = 60


async def _waiting_school(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    async with session_factory() as session, session.begin():
        org = await make_org(session, "МБОУ СОШ № 7")
        await join(session, 50, org, Role.CURATOR)
        await join(session, HEAD, org, Role.HEAD)
        org.pair_fixing = PairFixing.HEAD_ORDER
        mentor = await add_person(session, forms, org, 100, Role.MENTOR, "Наставник")
        mentee = await add_person(session, forms, org, 200, Role.MENTEE, "Наставляемый")
        service = PairingService(session, MatchWeights())
        offered = await service.offer(org, mentee.id, mentor.id, by_user_id=None, now=NOW)
        for side in (mentor.id, mentee.id):
            await service.reply(offered.assignment, side, accept=True, reason=None, now=NOW)

        async def no_check(_: object) -> bool:
            return False

        await Approvals(session).submit(org, NOW, no_check)


async def _texts(session_factory: async_sessionmaker[AsyncSession]) -> list[str]:
    async with session_factory() as session:
        rows = await session.scalars(
            select(OutboxMessage.text)
            .where(OutboxMessage.chat_id == HEAD)
            .order_by(OutboxMessage.id)
        )
        return list(rows)


async def test_reminder_waits_a_day_then_comes_once_a_day(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    await _waiting_school(session_factory, forms)
    clock = MovableClock(NOW + timedelta(hours=2))
    deps = make_deps(session_factory, clock)
    assert await head_jobs.remind_heads(deps, clock.now()) == 0  # the submission told them
    clock.value = NOW + timedelta(days=1, minutes=1)
    assert await head_jobs.remind_heads(deps, clock.now()) == 1
    clock.value += timedelta(hours=3)
    assert await head_jobs.remind_heads(deps, clock.now()) == 0  # the same local day
    clock.value += timedelta(days=1)
    assert await head_jobs.remind_heads(deps, clock.now()) == 1
    reminders = [t for t in await _texts(session_factory) if "ждут вашего утверждения" in t]
    assert len(reminders) == 2
    assert "наставнические пары: 1, персонализированные программы: 0" in reminders[0]


async def test_no_reminder_once_the_list_is_approved(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    await _waiting_school(session_factory, forms)
    async with session_factory() as session, session.begin():
        org = (await Approvals(session).orgs_waiting())[0]
        await Approvals(session).approve(org, 1, "15-о", NOW.date(), NOW)
    clock = MovableClock(NOW + timedelta(days=2))
    deps = make_deps(session_factory, clock)
    assert await head_jobs.remind_heads(deps, clock.now()) == 0


async def test_short_digest_once_a_week(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    await _waiting_school(session_factory, forms)
    clock = MovableClock(NOW)  # Friday: this week's Monday 09:00 has passed
    deps = make_deps(session_factory, clock)
    assert await head_jobs.head_digests(deps, clock.now()) == 1
    assert await head_jobs.head_digests(deps, clock.now()) == 0
    clock.value = NOW + timedelta(days=2, hours=20)  # Monday 08:00 Moscow: not yet
    assert await head_jobs.head_digests(deps, clock.now()) == 0
    clock.value += timedelta(hours=1)
    assert await head_jobs.head_digests(deps, clock.now()) == 1
    digests = [t for t in await _texts(session_factory) if "коротко за неделю" in t]
    assert len(digests) == 2
    assert "Ждут вашего утверждения: пары — 1, программы — 0" in digests[0]
    assert "Наставник" not in digests[0]  # counts only, no names


async def test_programs_waiting_are_reminded_in_the_morning(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    async with session_factory() as session, session.begin():
        org = await make_org(session, "МБОУ СОШ № 8")  # Europe/Moscow, the curator fixes pairs
        await join(session, 50, org, Role.CURATOR)
        await join(session, HEAD, org, Role.HEAD)
        mentor = await add_person(session, forms, org, 100, Role.MENTOR, "Наставник")
        mentee = await add_person(session, forms, org, 200, Role.MENTEE, "Наставляемый")
        service = PairingService(session, MatchWeights())
        offered = await service.offer(org, mentee.id, mentor.id, by_user_id=None, now=NOW)
        for side in (mentor.id, mentee.id):
            await service.reply(offered.assignment, side, accept=True, reason=None, now=NOW)
        await service.confirm(offered.assignment, NOW)
        session.add(
            Program(
                pairing_id=offered.pairing.id,
                org_id=org.id,
                start_on=NOW.date(),
                end_on=date(2027, 5, 31),
                state=ProgramState.SUBMITTED,
                submitted_at=NOW,
            )
        )
    # 00:30 Moscow the day after: due, but the message waits for the end of the quiet hours
    midnight = datetime(2026, 11, 21, 21, 30, tzinfo=UTC)
    clock = MovableClock(midnight)
    deps = make_deps(session_factory, clock)
    assert await head_jobs.remind_heads(deps, clock.now()) == 1
    async with session_factory() as session:
        row = await session.scalar(select(OutboxMessage).where(OutboxMessage.chat_id == HEAD))
        assert row is not None
        assert "персонализированные программы: 1" in row.text
        local = row.not_before.astimezone(ZoneInfo("Europe/Moscow"))
        assert (local.date(), local.hour) == (date(2026, 11, 22), 8)
