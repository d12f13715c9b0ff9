"""Withdrawal (152-FZ) against a real database: erased everywhere, filed pairs kept anonymously.

Every person here has a unique name, and the checks look for that name in every row of the
outbox (and, on SQLite, in the bytes of the database file and its WAL).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import func, select
from sqlalchemy.exc import SAWarning
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.deps import AppDeps
from bot.infra.db import scrub_deleted_pages
from bot.infra.fsm_storage import SqlStorage, bind_update_session
from bot.notify.meetings import queue_curator_alert, queue_schedule_messages
from bot.notify.withdrawals import queue_withdrawal_notices
from models import (
    Answer,
    Assignment,
    AssignmentState,
    Consent,
    ConsentKind,
    FsmRecord,
    Goal,
    Meeting,
    MeetingStatus,
    Membership,
    Organization,
    OutboxMessage,
    OutboxState,
    Pairing,
    ProgramState,
    QuestionnaireResponse,
    ResponseStatus,
    Role,
    User,
)
from services.erasure import WITHDRAWAL_NOTICE_KIND, Erasure, Withdrawal
from services.matching import MatchWeights
from services.meetings.plan import YEAR_SHAPE, PlanSettings
from services.meetings.repository import MeetingRepository
from services.outbox import Outbox
from services.pairing.service import PairingService
from services.people import DUTIES_TEXT_VERSION
from services.programs.service import ProgramService
from services.questionnaire.schema import Form
from services.reports.dataset import load_dataset
from services.reports.indicators import compute
from tests.unit.app_factory import MovableClock, make_deps
from tests.unit.factories import join, make_org
from tests.unit.pairing_factories import add_person
from tests.unit.survey_factories import CURATOR_TG, active_pair

CONFIRMED = datetime(2026, 9, 7, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 9, 14, 9, 0, tzinfo=UTC)
MEETING_AT = datetime(2026, 9, 18, 12, 0, tzinfo=UTC)


@dataclass
class Scene:
    deps: AppDeps
    org_id: int
    pairing_id: int
    mentor_tg: int
    mentee_tgs: tuple[int, ...]


async def _scene(
    session_factory: async_sessionmaker[AsyncSession],
    forms: dict[str, Form],
    mentee_tgs: tuple[int, ...],
) -> Scene:
    """A confirmed pair (or group) whose first meeting is scheduled: invitations, reminders
    and a curator alert are queued, all of them naming people."""
    deps = make_deps(session_factory, MovableClock(NOW))
    async with session_factory() as session, session.begin():
        pair = await active_pair(
            session, forms, mentor_tg=1, mentee_tgs=mentee_tgs, confirmed=CONFIRMED
        )
        repo = MeetingRepository(session)
        first = await repo.next_open(pair.pairing.id)
        assert first is not None
        ctx = await repo.context(first.id)
        await repo.schedule(ctx, MEETING_AT, fmt="offline", place="Кабинет 12")
        ctx = await repo.context(first.id)
        await queue_schedule_messages(session, deps, ctx, NOW, moved=False)
        await queue_curator_alert(
            session,
            deps,
            ctx,
            NOW,
            key="log-missing-curator",
            dedupe="logesc:test",
            render=lambda i18n: {"mentor": "Наставник 1", "kind": "—", "at": "—"},
        )
        return Scene(deps, pair.org.id, pair.pairing.id, 1, mentee_tgs)


async def _user(session: AsyncSession, telegram_id: int) -> User:
    user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
    assert user is not None
    return user


async def _withdraw(
    scene: Scene, session_factory: async_sessionmaker[AsyncSession], tg: int
) -> Withdrawal:
    async with session_factory() as session, session.begin():
        withdrawal = await Erasure(session).withdraw(await _user(session, tg), NOW)
        await queue_withdrawal_notices(session, scene.deps, withdrawal, NOW)
    return withdrawal


async def _rows_naming(session: AsyncSession, name: str) -> list[OutboxMessage]:
    rows = await session.scalars(select(OutboxMessage))
    return [row for row in rows if name in row.text or name in str(row.reply_markup)]


async def test_mentor_withdrawal_erases_queued_messages_and_keeps_the_pair(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    scene = await _scene(session_factory, forms, (11,))
    async with session_factory() as session:
        # the report as it was filed before the withdrawal
        org = await session.get(Organization, scene.org_id)
        assert org is not None
        before = await load_dataset(session, org, now=NOW)
        assert await _rows_naming(session, "Наставник 1")  # the scene does name the mentor

    withdrawal = await _withdraw(scene, session_factory, scene.mentor_tg)
    # the explicit mentions found every message: the name scan had nothing left to do
    assert withdrawal.outbox.by_name == 0
    # the meeting's own messages went with the meeting (cancelled by its key prefix); the
    # curator's alert about the pair is found through its mention
    assert withdrawal.outbox.by_mention == 1
    assert withdrawal.outbox.to_person >= 2  # the mentor's own reminders
    assert withdrawal.tombstones == 1

    async with session_factory() as session:
        # nothing to the mentor, nothing naming them but the curator's notice of who left
        assert not list(
            await session.scalars(select(OutboxMessage).where(OutboxMessage.chat_id == 1))
        )
        naming = await _rows_naming(session, "Наставник 1")
        assert [(r.kind, r.chat_id, r.state) for r in naming] == [
            (WITHDRAWAL_NOTICE_KIND, CURATOR_TG, OutboxState.PENDING)
        ]
        # the mentee is told their pair ended, without the name, and gets no more reminders
        to_mentee = list(
            await session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.chat_id == 11, OutboxMessage.state == OutboxState.PENDING
                )
            )
        )
        assert [r.kind for r in to_mentee] == ["notification"]
        assert "наставник вышел" in to_mentee[0].text.lower()
        # the pair the school filed is still there, ended, without a person behind the mentor
        pairing = await session.get(Pairing, scene.pairing_id)
        assert pairing is not None
        tomb = await session.get(Membership, pairing.mentor_membership_id)
        assert tomb is not None
        assert tomb.user_id is None
        assert tomb.withdrawn_at == NOW
        assignment = await session.scalar(
            select(Assignment).where(Assignment.pairing_id == scene.pairing_id)
        )
        assert assignment is not None
        assert (assignment.state, assignment.reason) == (AssignmentState.ENDED, "withdrawn")
        meetings = list(
            await session.scalars(select(Meeting).where(Meeting.pairing_id == scene.pairing_id))
        )
        assert meetings
        assert {m.status for m in meetings} == {MeetingStatus.CANCELLED}
        assert all(m.place is None for m in meetings)
        assert not list(await session.scalars(select(Consent).where(Consent.user_id == tomb.id)))
        assert await session.scalar(select(User).where(User.telegram_id == 1)) is None

        # the report keeps the pair, its dates and meetings, and counts the mentor anonymously
        after = await load_dataset(session, org, now=NOW)
        assert [(p.pairing_id, p.confirmed_at, p.start_on) for p in after.pairs] == [
            (p.pairing_id, p.confirmed_at, p.start_on) for p in before.pairs
        ]
        assert len(after.meetings) == len(before.meetings)
        assert compute(after).mentors == compute(before).mentors == 1
        assert compute(after).participants == compute(before).participants
        (mentor,) = after.mentors
        assert (mentor.user_id, mentor.name) == (None, "")

        # once delivered, the curator's notice keeps no text either
        notice = naming[0]
        await Outbox(session).mark_sent(notice.id, sent_at=NOW, telegram_message_id=7)
        await session.commit()
        assert await _rows_naming(session, "Наставник 1") == []


async def test_a_group_goes_on_without_the_mentee_who_left(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    scene = await _scene(session_factory, forms, (11, 12))
    async with session_factory() as session:
        assert await _rows_naming(session, "Наставляемый 12")
    withdrawal = await _withdraw(scene, session_factory, 12)
    assert withdrawal.outbox.by_name == 0
    assert withdrawal.continuing_pairings == [scene.pairing_id]
    async with session_factory() as session:
        naming = await _rows_naming(session, "Наставляемый 12")
        assert [(r.kind, r.chat_id) for r in naming] == [(WITHDRAWAL_NOTICE_KIND, CURATOR_TG)]
        pending = list(
            await session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.state == OutboxState.PENDING,
                    OutboxMessage.kind == "reminder",
                )
            )
        )
        # the mentor and the other mentee are still reminded, of each other only
        assert sorted({r.chat_id for r in pending}) == [1, 11]
        mentor_reminders = [r for r in pending if r.chat_id == 1]
        assert mentor_reminders
        assert all("Наставляемый 11" in r.text for r in mentor_reminders)
        told = list(
            await session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.chat_id == 1, OutboxMessage.kind == "notification"
                )
            )
        )
        assert len(told) == 1
        assert "группы" in told[0].text
        meetings = list(
            await session.scalars(select(Meeting).where(Meeting.pairing_id == scene.pairing_id))
        )
        assert MeetingStatus.SCHEDULED in {m.status for m in meetings}
        open_ones = await session.scalar(
            select(func.count(Assignment.id)).where(
                Assignment.pairing_id == scene.pairing_id, Assignment.is_open
            )
        )
        assert open_ones == 1


async def test_withdrawal_leaves_no_trace_in_the_sqlite_file_or_wal(
    db_url: str,
    session_factory: async_sessionmaker[AsyncSession],
    forms: dict[str, Form],
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the bytes of a SQLite file; PostgreSQL relies on VACUUM")
    name = "Зюзикова Евлампия Тестовна"
    answer = "Боюсь родительских собраний до дрожи"
    async with session_factory() as session, session.begin():
        org = await make_org(session)
        await join(session, CURATOR_TG, org, Role.CURATOR)
        await add_person(
            session,
            forms,
            org,
            77,
            Role.MENTEE,
            name,
            expectations=answer,
        )
    path = Path(db_url.split("///", 1)[1])
    wal = Path(f"{path}-wal")

    def wal_bytes() -> bytes:
        return wal.read_bytes() if wal.exists() else b""

    def raw() -> bytes:
        return path.read_bytes() + wal_bytes()

    assert name.encode() in raw()
    deps = make_deps(session_factory, MovableClock(NOW))
    async with session_factory() as session:
        async with session.begin():
            withdrawal = await Erasure(session).withdraw(await _user(session, 77), NOW)
            await queue_withdrawal_notices(session, deps, withdrawal, NOW)
        notice = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.kind == WITHDRAWAL_NOTICE_KIND)
        )
        assert notice is not None
        await Outbox(session).mark_sent(notice.id, sent_at=NOW, telegram_message_id=1)
        await session.commit()
        await scrub_deleted_pages(session)
    data = raw()
    assert name.encode() not in data
    assert answer.encode() not in data
    assert wal_bytes() == b""  # the WAL is truncated to nothing


async def test_a_mentee_accepting_a_pair_consents_to_the_duties(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    org = await make_org(session)
    mentor = await add_person(session, forms, org, 1, Role.MENTOR, "Н")
    mentee = await add_person(session, forms, org, 11, Role.MENTEE, "М")
    service = PairingService(session, MatchWeights())
    offered = await service.offer(org, mentee.id, mentor.id, by_user_id=None, now=NOW)
    await service.reply(
        offered.assignment, mentor.id, accept=True, reason=None, now=NOW, locale="ru"
    )
    duties = select(Consent).where(Consent.kind == ConsentKind.MENTEE_DUTIES)
    assert list(await session.scalars(duties)) == []  # the mentor's «yes» is not the mentee's
    later = NOW + timedelta(hours=2)
    await service.reply(
        offered.assignment, mentee.id, accept=True, reason=None, now=later, locale="en"
    )
    (consent,) = list(await session.scalars(duties))
    assert (consent.user_id, consent.org_id) == (mentee.user_id, org.id)
    assert (consent.text_version, consent.locale) == (DUTIES_TEXT_VERSION, "en")
    assert consent.accepted_at == later


async def test_an_ended_pair_keeps_its_past_and_cancels_what_is_ahead(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    """Meetings already due stay planned-and-not-held (reported figures do not change after
    the fact); those still to come are cancelled with their messages."""
    pair = await active_pair(session, forms, confirmed=CONFIRMED)
    meetings = await MeetingRepository(session).meetings(pair.pairing.id)
    later = datetime.combine(meetings[2].due_on, datetime.min.time(), tzinfo=UTC)
    service = PairingService(session, MatchWeights())
    (assignment,) = list(
        await session.scalars(select(Assignment).where(Assignment.pairing_id == pair.pairing.id))
    )
    await service.end(assignment, "completed_early", later + timedelta(hours=12))
    statuses = [m.status for m in await MeetingRepository(session).meetings(pair.pairing.id)]
    assert statuses[:2] == [MeetingStatus.PLANNED, MeetingStatus.PLANNED]
    assert set(statuses[2:]) == {MeetingStatus.CANCELLED}


async def test_the_mentors_log_answers_about_the_pair_go_with_the_mentee(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    """The meeting log is a questionnaire of the mentor: its answers hold the same free text
    as the meeting row, and both must go when the mentee withdraws."""
    scene = await _scene(session_factory, forms, (12,))
    words = "Алиса рассказала про олимпиаду"
    async with session_factory() as session, session.begin():
        mentor = await _user(session, scene.mentor_tg)
        first = await MeetingRepository(session).next_open(scene.pairing_id)
        assert first is not None
        log = QuestionnaireResponse(
            user_id=mentor.id,
            form_id="meeting_log",
            form_version=1,
            status=ResponseStatus.COMPLETED,
            subject=f"meeting:{first.id}",
        )
        other = QuestionnaireResponse(
            user_id=mentor.id,
            form_id="meeting_log",
            form_version=1,
            status=ResponseStatus.COMPLETED,
            subject="meeting:999999",  # another pair's meeting: not theirs to erase
        )
        session.add_all([log, other])
        await session.flush()
        session.add_all(
            [
                Answer(response_id=log.id, question_id="topics", value=words),
                Answer(response_id=other.id, question_id="topics", value="чужая встреча"),
            ]
        )
    await _withdraw(scene, session_factory, 12)
    async with session_factory() as session:
        values = list(await session.scalars(select(Answer.value)))
    assert words not in values
    assert "чужая встреча" in values


async def _program_with_goals(
    session_factory: async_sessionmaker[AsyncSession], scene: Scene, words: str
) -> None:
    """The pair's program: two goals naming the mentee, returned once with a comment naming
    them, then approved by the curator."""
    async with session_factory() as session, session.begin():
        programs = ProgramService(session)
        program = await programs.of_pairing(scene.pairing_id)
        for title in (f"{words}: дисциплина", f"{words}: планирование"):
            await programs.add_goal(
                program, title, ["classroom_management"], f"{words} проведёт урок", NOW
            )
        curator = await _user(session, CURATOR_TG)
        await programs.submit(program, NOW)
        await programs.send_back(program, program.version, curator, f"{words}: уточните сроки")
        assert program.comment is not None
        await programs.submit(program, NOW)
        pairing = await session.get(Pairing, scene.pairing_id)
        assert pairing is not None
        await programs.approve(
            program, pairing, program.version, curator, NOW, PlanSettings(), YEAR_SHAPE
        )
        # the curator's comment of the first return is still on the approved program
        program.comment = f"{words}: уточните сроки"


async def test_the_pairs_program_words_go_with_the_mentee(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    scene = await _scene(session_factory, forms, (12,))
    words = "Алиса Программная"
    await _program_with_goals(session_factory, scene, words)
    async with session_factory() as session, session.begin():
        other = await active_pair(
            session,
            forms,
            org=await session.get(Organization, scene.org_id),
            mentor_tg=2,
            mentee_tgs=(13,),
            confirmed=CONFIRMED,
        )
        other_program = await ProgramService(session).of_pairing(other.pairing.id)
        await ProgramService(session).add_goal(other_program, "чужая цель", [], None, NOW)
    await _withdraw(scene, session_factory, 12)
    async with session_factory() as session:
        goals = list(await session.scalars(select(Goal).order_by(Goal.id)))
        program = await ProgramService(session).of_pairing(scene.pairing_id)
        texts = [(g.title, g.expected_result) for g in goals]
    assert not any(words in (title + (result or "")) for title, result in texts)
    # the filed program keeps its goals' rows, codes and approved period
    assert [g.difficulties for g in goals if g.pairing_id == scene.pairing_id] == [
        ["classroom_management"],
        ["classroom_management"],
    ]
    assert program.comment is None
    assert program.state is ProgramState.APPROVED
    assert ("чужая цель", None) in texts


async def test_the_approvers_withdrawal_unlinks_the_approved_program(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    scene = await _scene(session_factory, forms, (12,))
    await _program_with_goals(session_factory, scene, "Борис")
    async with session_factory() as session:
        program = await ProgramService(session).of_pairing(scene.pairing_id)
        assert program.approved_by is not None
    await _withdraw(scene, session_factory, CURATOR_TG)
    async with session_factory() as session:
        program = await ProgramService(session).of_pairing(scene.pairing_id)
        assert program.approved_by is None
        assert program.approved_at is not None


@pytest.mark.parametrize("clear_first", [True, False])
async def test_withdrawal_mid_conversation_deletes_the_conversation_once(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form], clear_first: bool
) -> None:
    """Issue 17.7: /forget clears the conversation through the storage (a pending ORM delete)
    and the erasure deletes every conversation row of the person: one DELETE must not find
    the row the other took, which SQLAlchemy reports as "expected to delete 1 row(s)"."""
    scene = await _scene(session_factory, forms, (11,))
    storage = SqlStorage(session_factory)
    key = StorageKey(bot_id=42, chat_id=11, user_id=11)
    await storage.set_state(key, "Questionnaire:answer")
    await storage.set_data(key, {"step": 3})
    with warnings.catch_warnings():
        warnings.simplefilter("error", SAWarning)
        async with session_factory() as session, session.begin():
            with bind_update_session(session):
                assert await storage.get_state(key) == "Questionnaire:answer"
                if clear_first:
                    await storage.set_state(key, None)
                    await storage.set_data(key, {})
                user = await _user(session, 11)
                withdrawal = await Erasure(session).withdraw(user, NOW)
                await queue_withdrawal_notices(session, scene.deps, withdrawal, NOW)
                if not clear_first:
                    await storage.set_state(key, None)
                    await storage.set_data(key, {})
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(FsmRecord)) == 0
