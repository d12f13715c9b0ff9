"""The survey jobs under a moved clock: the interim survey opens on its local date, reminds
non-responders exactly twice, closes after the open days; entry and overdue final surveys —
each message once, however often (and on however many instances) the jobs run."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import CampaignState, OutboxMessage, SurveyCampaign, SurveyInvitation
from scheduler import meeting_jobs, survey_jobs
from services.questionnaire.schema import Form
from tests.unit.app_factory import MovableClock, make_deps
from tests.unit.survey_factories import CURATOR_TG, active_pair

CONFIRMED = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
# 20 January 2027, 00:00 in Moscow
INTERIM_DAY = datetime(2027, 1, 19, 21, 0, tzinfo=UTC)
MORNING = datetime(2027, 1, 20, 5, 0, tzinfo=UTC)  # 08:00 in Moscow: quiet hours end


async def _outbox(
    session_factory: async_sessionmaker[AsyncSession],
) -> list[tuple[str | None, int, str, datetime]]:
    async with session_factory() as session:
        rows = await session.execute(
            select(
                OutboxMessage.dedupe_key,
                OutboxMessage.chat_id,
                OutboxMessage.kind,
                OutboxMessage.not_before,
            ).order_by(OutboxMessage.id)
        )
        return [(key, chat, kind, at) for key, chat, kind, at in rows]


async def test_interim_opens_reminds_twice_and_closes(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    async with session_factory() as session, session.begin():
        await active_pair(session, forms, confirmed=CONFIRMED)
    clock = MovableClock(INTERIM_DAY - timedelta(minutes=1))
    deps = make_deps(session_factory, clock)

    async def run() -> None:
        for _ in range(3):  # a job that runs again finds nothing new to do
            await survey_jobs.tick(deps, clock.now())

    await run()
    assert await _outbox(session_factory) == []
    clock.value = INTERIM_DAY
    await run()
    async with session_factory() as session:
        invitations = list(
            await session.scalars(select(SurveyInvitation).order_by(SurveyInvitation.id))
        )
    assert [i.form_id for i in invitations] == ["interim_mentor", "interim_mentee"]
    ids = [i.id for i in invitations]
    opened = await _outbox(session_factory)
    assert [(key, chat, kind) for key, chat, kind, _ in opened] == [
        (f"survey:{ids[0]}:invite", 1, "survey"),
        (f"survey:{ids[1]}:invite", 11, "survey"),
        (opened[2][0], CURATOR_TG, "alert"),
    ]
    # midnight is in the quiet hours: everything waits for 08:00 local
    assert {at for *_, at in opened} == {MORNING}

    clock.value = INTERIM_DAY + timedelta(days=3) - timedelta(minutes=1)
    await run()
    assert len(await _outbox(session_factory)) == 3
    clock.value = INTERIM_DAY + timedelta(days=3)
    await run()
    clock.value = INTERIM_DAY + timedelta(days=7)
    await run()
    clock.value = INTERIM_DAY + timedelta(days=10)
    await run()
    keys = [key for key, *_ in await _outbox(session_factory)]
    assert keys[3:] == [
        f"survey:{ids[0]}:remind:1",
        f"survey:{ids[1]}:remind:1",
        f"survey:{ids[0]}:remind:2",
        f"survey:{ids[1]}:remind:2",
    ]

    clock.value = INTERIM_DAY + timedelta(days=14)
    await run()
    messages = await _outbox(session_factory)
    assert len(messages) == 8
    assert messages[-1][1:3] == (CURATOR_TG, "alert")
    async with session_factory() as session:
        campaign = await session.scalar(select(SurveyCampaign))
        assert campaign is not None
        assert campaign.state is CampaignState.CLOSED
        assert campaign.closed_at == clock.value
        closing = await session.scalar(
            select(OutboxMessage.text).where(OutboxMessage.id == (await _last_id(session)))
        )
    assert closing is not None
    assert "0 из 2" in closing
    clock.value += timedelta(days=30)
    await run()
    assert len(await _outbox(session_factory)) == 8


async def _last_id(session: AsyncSession) -> int:
    ids = list(await session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)))
    return ids[-1]


async def test_an_organization_may_pick_its_own_interim_date(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    async with session_factory() as session, session.begin():
        pair = await active_pair(session, forms, confirmed=CONFIRMED)
        pair.org.interim_survey_on = "12-15"
    deps = make_deps(session_factory, MovableClock(CONFIRMED))
    assert await survey_jobs.open_interims(deps, datetime(2027, 1, 20, 9, 0, tzinfo=UTC)) == 0
    assert await survey_jobs.open_interims(deps, datetime(2026, 12, 15, 9, 0, tzinfo=UTC)) == 1
    # January is the same school year: nothing new
    assert await survey_jobs.open_interims(deps, datetime(2027, 1, 20, 9, 0, tzinfo=UTC)) == 0
    async with session_factory() as session:
        assert list(await session.scalars(select(SurveyCampaign.key))) == ["interim:2027"]


async def test_two_instances_at_once_open_and_send_once(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    async with session_factory() as session, session.begin():
        await active_pair(session, forms, confirmed=CONFIRMED, mentee_tgs=(11, 12))
    clock = MovableClock(INTERIM_DAY + timedelta(hours=10))
    deps = make_deps(session_factory, clock)
    await asyncio.gather(*(survey_jobs.tick(deps, clock.now()) for _ in range(3)))
    clock.value += timedelta(days=3)
    await asyncio.gather(*(survey_jobs.tick(deps, clock.now()) for _ in range(3)))
    keys = [key for key, *_ in await _outbox(session_factory)]
    assert len(keys) == len(set(keys)) == 3 + 1 + 3  # invites, the curator's notice, reminders
    async with session_factory() as session:
        assert len(list(await session.scalars(select(SurveyCampaign)))) == 1


async def test_entry_self_assessment_when_the_pair_is_confirmed(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    async with session_factory() as session, session.begin():
        await active_pair(session, forms, confirmed=CONFIRMED)
    clock = MovableClock(CONFIRMED + timedelta(seconds=30))
    deps = make_deps(session_factory, clock)
    for _ in range(2):
        await meeting_jobs.tick(deps)  # the meeting tick runs the survey jobs too
    messages = await _outbox(session_factory)
    async with session_factory() as session:
        invitation = await session.scalar(select(SurveyInvitation))
        campaign = await session.scalar(select(SurveyCampaign))
    assert invitation is not None
    assert campaign is not None
    assert invitation.form_id == "self_assessment"
    assert campaign.key.endswith(":entry")
    assert [(key, chat) for key, chat, kind, _ in messages if kind == "survey"] == [
        (f"survey:{invitation.id}:invite", 11)
    ]
    async with session_factory() as session:
        survey = select(OutboxMessage).where(OutboxMessage.kind == "survey")
        message = await session.scalar(survey)
    assert message is not None
    text, markup = message.text, message.reply_markup
    assert text is not None
    assert "Самооценка" in text
    assert "Наставник 1" in text  # the pair it is about
    assert markup == {
        "inline_keyboard": [
            [{"text": "📝 Пройти опрос", "callback_data": f"sv:take:0:{invitation.id}:"}]
        ]
    }


async def test_final_surveys_after_the_program_ended_without_a_final_meeting(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    async with session_factory() as session, session.begin():
        await active_pair(
            session, forms, confirmed=CONFIRMED, start=date(2026, 10, 5), end=date(2027, 5, 31)
        )
    clock = MovableClock(datetime(2027, 5, 31, 12, 0, tzinfo=UTC))
    deps = make_deps(session_factory, clock)
    await survey_jobs.tick(deps, clock.now())
    assert await _outbox(session_factory) == []
    clock.value = datetime(2027, 6, 1, 7, 0, tzinfo=UTC)
    for _ in range(2):
        await survey_jobs.tick(deps, clock.now())
    sent = [(chat, kind) for _, chat, kind, _ in await _outbox(session_factory)]
    assert sorted(sent) == [(1, "survey"), (1, "survey"), (11, "survey"), (11, "survey")]
    async with session_factory() as session:
        forms_sent = sorted(await session.scalars(select(SurveyInvitation.form_id)))
    assert forms_sent == ["final_mentee", "final_mentor", "mentor_report", "self_assessment"]
