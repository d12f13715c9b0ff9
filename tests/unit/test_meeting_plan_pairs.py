"""A pair's program follows its mentoring type: through the curator's buttons (feed_update,
a real SQLite database), the repository, the mentor's «Мои встречи» and the digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.config import Settings
from bot.app.deps import AppDeps
from bot.notify.meetings import queue_reminders
from bot.tg.callbacks import (
    DigestAct,
    DigestCb,
    DocAct,
    DocumentsCb,
    MenuAct,
    MenuCb,
    PairAct,
    PairCb,
    ReportAct,
    ReportCb,
    RosterAct,
    RosterCb,
)
from bot.tg.i18n import Translator
from models import (
    Assignment,
    AssignmentState,
    Meeting,
    MeetingKindDb,
    MeetingStatus,
    MentoringForm,
    MentoringType,
    Organization,
    OutboxMessage,
    Pairing,
    Program,
    Role,
)
from services.matching import MatchWeights
from services.meetings.plan import PlanSettings
from services.meetings.repository import MeetingRepository, Replan
from services.meetings.shapes import PLANS_FILE, load_plan_shapes
from services.meetings.snapshots import org_digest
from services.pairing.service import PairingService
from services.questionnaire.schema import Form
from tests.recording import make_callback_update, make_message_update
from tests.unit.app_factory import BotApp, MovableClock
from tests.unit.factories import NOW, join, make_org
from tests.unit.pairing_factories import add_person

CURATOR, MENTOR, MENTEE = 50, 1, 11


class App(BotApp):
    async def feed(self, update: object) -> None:
        # ``_press`` hands its updates on as plain objects
        await super().feed(update)  # type: ignore[arg-type]


@pytest.fixture
def app(
    session_factory: async_sessionmaker[AsyncSession],
    forms: dict[str, Form],
    translator: Translator,
) -> App:
    return App.build(session_factory, NOW, forms=forms, translator=translator)


@dataclass(frozen=True)
class AgreedPair:
    org_id: int
    pairing_id: int
    assignment_id: int


async def _agreed_pair(
    factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> AgreedPair:
    async with factory() as session, session.begin():
        org = await make_org(session)
        await join(session, CURATOR, org, Role.CURATOR)
        mentor = await add_person(session, forms, org, MENTOR, Role.MENTOR, "Наставник")
        mentee = await add_person(session, forms, org, MENTEE, Role.MENTEE, "Наставляемая")
        service = PairingService(session, MatchWeights())
        offered = await service.offer(org, mentee.id, mentor.id, by_user_id=None, now=NOW)
        for side in (mentor.id, mentee.id):
            await service.reply(offered.assignment, side, accept=True, reason=None, now=NOW)
        return AgreedPair(org.id, offered.pairing.id, offered.assignment.id)


async def _plan(factory: async_sessionmaker[AsyncSession], pairing_id: int) -> list[Meeting]:
    async with factory() as session:
        return await MeetingRepository(session).meetings(pairing_id)


def _press(pair: AgreedPair, act: str, **fields: object) -> object:
    data = PairCb(act=act, org=pair.org_id, pairing=pair.pairing_id, **fields).pack()
    return make_callback_update(CURATOR, data)


async def test_a_speed_pair_confirmed_by_the_curator_has_one_meeting(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _agreed_pair(app.factory, forms)
    await app.feed(_press(pair, "settype", value=MentoringType.SPEED.value))
    card = app.rec.last(EditMessageText).text or ""
    assert "Вид: скоростное" in card
    assert "План встреч: заключительная · 1–2 нед." in card
    assert await _plan(app.factory, pair.pairing_id) == []  # not confirmed: no program yet

    await app.feed(_press(pair, "confirm", assignment=pair.assignment_id))
    assert app.rec.last(AnswerCallbackQuery).text is not None
    meetings = await _plan(app.factory, pair.pairing_id)
    # confirmed on 20 November (Moscow): one final meeting, due a week later
    assert [(m.sequence, m.kind, m.due_on) for m in meetings] == [
        (1, MeetingKindDb.FINAL, date(2026, 11, 27))
    ]
    async with app.factory() as session:
        program = await session.scalar(select(Program).where(Program.pairing_id == pair.pairing_id))
        assert program is not None
        assert (program.start_on, program.end_on) == (date(2026, 11, 20), date(2026, 11, 27))

    # the mentor's «Мои встречи» shows the one meeting and offers to schedule it
    await app.feed(make_message_update(MENTOR, "/meetings"))
    sent = app.rec.last(SendMessage)
    assert "1. Заключительная встреча" in sent.text
    assert "2." not in sent.text
    assert sent.reply_markup is not None
    buttons = [b.text for row in sent.reply_markup.inline_keyboard for b in row]  # type: ignore[union-attr]
    assert any("Заключительная встреча" in text for text in buttons)

    # the digest's stage of the pair is its only meeting, up to the program's last day
    async with app.factory() as session:
        organization = await session.get(Organization, pair.org_id)
        assert organization is not None
        digest = await org_digest(
            session,
            organization,
            now=NOW + timedelta(days=7),
            weights=MatchWeights(),
            overdue_log_after=timedelta(hours=48),
        )
    assert digest.pairs_by_stage == {"final": 1}
    assert digest.overdue_meetings == []  # due that very day


async def test_changing_the_type_replans_until_a_meeting_is_scheduled(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _agreed_pair(app.factory, forms)
    await app.feed(_press(pair, "confirm", assignment=pair.assignment_id))
    year = await _plan(app.factory, pair.pairing_id)
    assert [m.kind for m in year[:3]] == [
        MeetingKindDb.ORGANIZATIONAL,
        MeetingKindDb.TRIAL,
        MeetingKindDb.PLANNING,
    ]
    assert year[-1].due_on == date(2027, 5, 31)

    await app.feed(_press(pair, "settype", value=MentoringType.SITUATIONAL.value))
    assert app.rec.last(AnswerCallbackQuery).text == ("План встреч обновлён: 2 встречи.")
    situational = await _plan(app.factory, pair.pairing_id)
    assert [(m.kind, m.due_on) for m in situational] == [
        (MeetingKindDb.ORGANIZATIONAL, date(2026, 11, 23)),
        (MeetingKindDb.FINAL, date(2026, 12, 4)),
    ]
    # the same type again changes nothing and says nothing
    await app.feed(_press(pair, "settype", value=MentoringType.SITUATIONAL.value))
    assert app.rec.last(AnswerCallbackQuery).text is None
    assert [m.id for m in await _plan(app.factory, pair.pairing_id)] == [m.id for m in situational]

    # once the mentor scheduled the first meeting, the plan stays as it is
    async with app.factory() as session, session.begin():
        repo = MeetingRepository(session)
        ctx = await repo.context(situational[0].id)
        await repo.schedule(ctx, NOW + timedelta(days=1), fmt="offline", place=None)
    await app.feed(_press(pair, "settype", value=MentoringType.TRADITIONAL.value))
    kept_answer = app.rec.last(AnswerCallbackQuery)
    assert kept_answer.text is not None
    assert "план встреч остаётся прежним" in kept_answer.text
    kept = await _plan(app.factory, pair.pairing_id)
    assert [(m.id, m.kind) for m in kept] == [(m.id, m.kind) for m in situational]
    async with app.factory() as session:
        pairing = await session.get(Pairing, pair.pairing_id)
        assert pairing is not None
        assert pairing.type is MentoringType.TRADITIONAL


async def test_repository_picks_the_shape_of_the_type_and_form(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form], tmp_path: Path
) -> None:
    custom = tmp_path / "plans.yaml"
    custom.write_text(
        PLANS_FILE.read_text(encoding="utf-8").replace(
            "forms: {}",
            "forms:\n  pupil_pupil:\n    speed:\n"
            "      kinds: [organizational, final]\n"
            "      period: {unit: weeks, min: 1, max: 2, default: 2}\n"
            "      first_deadlines_days: [2]\n",
        ),
        encoding="utf-8",
    )
    shapes = load_plan_shapes(custom)
    pair = await _agreed_pair(session_factory, forms)
    async with session_factory() as session, session.begin():
        pairing = await session.get(Pairing, pair.pairing_id)
        assert pairing is not None
        pairing.type = MentoringType.SPEED
        pairing.form = MentoringForm.PUPIL_PUPIL
        repo = MeetingRepository(session)
        program = await repo.ensure_program(
            pairing, date(2026, 9, 1), PlanSettings(), shapes=shapes
        )
        assert program.end_on == date(2026, 9, 15)
        assert [(m.kind, m.due_on) for m in await repo.meetings(pairing.id)] == [
            (MeetingKindDb.ORGANIZATIONAL, date(2026, 9, 3)),
            (MeetingKindDb.FINAL, date(2026, 9, 15)),
        ]
        # another form of the same type: the type's own plan
        pairing.form = MentoringForm.TEACHER_TEACHER
        assert await repo.replan(pairing, PlanSettings(), shapes=shapes) is Replan.REBUILT
        assert [(m.kind, m.due_on) for m in await repo.meetings(pairing.id)] == [
            (MeetingKindDb.FINAL, date(2026, 9, 8)),
        ]
        assert program.end_on == date(2026, 9, 8)
        assert await repo.replan(pairing, PlanSettings(), shapes=shapes) is Replan.SAME


async def test_a_pair_far_behind_gets_one_nudge_button_and_the_nudge_names_the_mentee(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _agreed_pair(app.factory, forms)
    await app.feed(_press(pair, "confirm", assignment=pair.assignment_id))
    meetings = await _plan(app.factory, pair.pairing_id)
    assert len(meetings) >= 3
    async with app.factory() as session, session.begin():
        # three meetings of the pair are past their deadlines
        for back, meeting in enumerate(meetings[:3], start=1):
            row = await session.get(Meeting, meeting.id)
            assert row is not None
            row.due_on = date(2026, 11, 1) + timedelta(days=back)

    await app.feed(
        make_callback_update(CURATOR, DigestCb(act=DigestAct.SHOW, org=pair.org_id).pack())
    )
    digest = app.rec.last(SendMessage)
    assert digest.reply_markup is not None
    nudges = [
        b
        for row in digest.reply_markup.inline_keyboard  # type: ignore[union-attr]
        for b in row
        if b.text.startswith("🔔")
    ]
    assert len(nudges) == 1, [b.text for b in nudges]  # one per pair, not one per meeting

    press = make_callback_update(CURATOR, nudges[0].callback_data or "")
    await app.feed(press)
    assert app.rec.last(AnswerCallbackQuery).text == "Напоминание отправлено наставнику"
    async with app.factory() as session:
        (nudge,) = await session.scalars(
            select(OutboxMessage).where(OutboxMessage.dedupe_key.like("mtg:%:nudge:%"))
        )
    assert "Наставляемые: Наставляемая" in nudge.text
    # keyed under the earliest overdue meeting: moving or dropping it cancels the nudge
    assert nudge.dedupe_key == f"mtg:{meetings[0].id}:nudge:2026-11-20"
    await app.feed(make_callback_update(CURATOR, nudges[0].callback_data or ""))
    assert app.rec.last(AnswerCallbackQuery).text == (
        "Сегодня наставнику уже напоминали об этой встрече"
    )


async def test_a_program_whose_period_is_over_leaves_the_digest(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _agreed_pair(app.factory, forms)
    await app.feed(_press(pair, "confirm", assignment=pair.assignment_id))
    meetings = await _plan(app.factory, pair.pairing_id)

    async def digest_at(now: datetime) -> tuple[dict[str, int], int]:
        async with app.factory() as session:
            organization = await session.get(Organization, pair.org_id)
            assert organization is not None
            digest = await org_digest(
                session,
                organization,
                now=now,
                weights=MatchWeights(),
                overdue_log_after=timedelta(hours=48),
            )
        return digest.pairs_by_stage, len(digest.overdue_meetings)

    async with app.factory() as session:
        program = await session.scalar(select(Program).where(Program.pairing_id == pair.pairing_id))
        assert program is not None
        end_on = program.end_on
    assert end_on is not None
    # on the program's last day (Moscow) every unheld meeting is overdue and the pair runs
    last_day = datetime.combine(end_on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
    stages, overdue = await digest_at(last_day)
    assert sum(stages.values()) == 1
    assert overdue == len(meetings) - 1  # the final meeting is due that very day
    # the day after, the program has run its course: no running pair, nothing overdue
    stages, overdue = await digest_at(last_day + timedelta(days=1))
    assert (stages, overdue) == ({}, 0)


async def test_my_meetings_shows_where_the_pair_stands_and_the_whole_plan_on_demand(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _agreed_pair(app.factory, forms)
    await app.feed(_press(pair, "confirm", assignment=pair.assignment_id))
    meetings = await _plan(app.factory, pair.pairing_id)
    assert len(meetings) > 3
    async with app.factory() as session, session.begin():
        first = await session.get(Meeting, meetings[0].id)
        assert first is not None
        first.status = MeetingStatus.HELD
        first.held_at = NOW

    await app.feed(make_message_update(MENTEE, "/meetings"))
    card = app.rec.last(SendMessage)
    assert f"Проведено встреч: 1 из {len(meetings)} по плану." in card.text
    assert "Последняя: ✅ 1. Организационная встреча" in card.text
    assert "Следующая: ⏳ 2. Пробная рабочая встреча" in card.text
    assert f"{len(meetings)}. " not in card.text  # not the whole year line by line
    assert card.reply_markup is not None
    (whole,) = [
        b
        for row in card.reply_markup.inline_keyboard  # type: ignore[union-attr]
        for b in row
        if b.text == f"📋 Весь план ({len(meetings)})"
    ]

    await app.feed(make_callback_update(MENTEE, whole.callback_data or ""))
    full = app.rec.last(EditMessageText).text or ""
    assert f"⏳ {len(meetings)}. Заключительная встреча" in full
    assert "Весь план" not in str(app.rec.last(EditMessageText).reply_markup)
    # someone else's pair, by a forged press, is refused
    await app.feed(make_callback_update(CURATOR, whole.callback_data or ""))
    assert app.rec.last(AnswerCallbackQuery).show_alert


async def test_the_day_before_and_the_hour_before_read_differently_and_offer_buttons(
    app: App,
    forms: dict[str, Form],
    session_factory: async_sessionmaker[AsyncSession],
    translator: Translator,
) -> None:
    pair = await _agreed_pair(app.factory, forms)
    await app.feed(_press(pair, "confirm", assignment=pair.assignment_id))
    meetings = await _plan(app.factory, pair.pairing_id)
    deps = AppDeps(
        settings=Settings(bot_token="1:x", reminder_leads="24h,1h"),
        translator=translator,
        forms=forms,
        clock=MovableClock(NOW),
        session_factory=session_factory,
        bot_username="mentor_test_bot",
    )
    at = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # Monday 15:00 in Moscow
    async with app.factory() as session, session.begin():
        meeting = await session.get(Meeting, meetings[0].id)
        assert meeting is not None
        meeting.status, meeting.scheduled_at = MeetingStatus.SCHEDULED, at
        await session.flush()
        await queue_reminders(
            session, deps, await MeetingRepository(session).context(meeting.id), NOW
        )
    async with app.factory() as session:
        rows = list(
            await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.kind == "reminder")
                .order_by(OutboxMessage.not_before, OutboxMessage.chat_id)
            )
        )
    texts = [(row.chat_id, row.text.split(" — ")[0]) for row in rows]
    assert texts == [
        (MENTOR, "⏰ Напоминание: завтра в 15:00"),
        (MENTEE, "⏰ Напоминание: завтра в 15:00"),
        (MENTOR, "⏰ Напоминание: сегодня в 15:00"),
        (MENTEE, "⏰ Напоминание: сегодня в 15:00"),
    ]
    buttons = {
        row.chat_id: [
            b["text"] for line in (row.reply_markup or {})["inline_keyboard"] for b in line
        ]
        for row in rows
    }
    assert buttons[MENTEE] == ["✅ Подтверждаю", "🕓 Прошу другое время"]
    assert any("Перенести" in text for text in buttons[MENTOR])


async def test_every_agreed_pair_is_confirmed_with_one_press(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _agreed_pair(app.factory, forms)
    async with app.factory() as session, session.begin():
        org = await session.get(Organization, pair.org_id)
        assert org is not None
        mentor = await add_person(session, forms, org, 2, Role.MENTOR, "Второй Наставник")
        mentee = await add_person(session, forms, org, 12, Role.MENTEE, "Вторая Наставляемая")
        service = PairingService(session, MatchWeights())
        offered = await service.offer(org, mentee.id, mentor.id, by_user_id=None, now=NOW)
        for side in (mentor.id, mentee.id):
            await service.reply(offered.assignment, side, accept=True, reason=None, now=NOW)

    await app.feed(make_callback_update(CURATOR, PairCb(act=PairAct.LIST, org=pair.org_id).pack()))
    listing = app.rec.last(SendMessage)
    assert listing.reply_markup is not None
    (confirm_all,) = [
        b
        for row in listing.reply_markup.inline_keyboard  # type: ignore[union-attr]
        for b in row
        if b.text == "✅ Закрепить все согласованные (2)"
    ]
    # a mentee cannot press the curator's button
    await app.feed(make_callback_update(MENTEE, confirm_all.callback_data or ""))
    assert app.rec.last(AnswerCallbackQuery).show_alert
    await app.feed(make_callback_update(CURATOR, confirm_all.callback_data or ""))
    assert app.rec.last(AnswerCallbackQuery).text == "Закреплено пар: 2."
    async with app.factory() as session:
        states = list(await session.scalars(select(Assignment.state)))
        notices = await session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.chat_id == 12)
        )
    assert states == [AssignmentState.ACTIVE, AssignmentState.ACTIVE]
    assert notices  # both sides of each pair are told
    # nothing agreed is left: the button is gone from the list shown after the press
    assert "Закрепить все" not in str(app.rec.last(SendMessage).reply_markup)


async def test_the_school_menu_shows_the_next_step_on_top(app: App, forms: dict[str, Form]) -> None:
    def shown() -> SendMessage | EditMessageText:
        """The menu as last drawn: a new message, or the live one edited in place."""
        return next(
            r
            for r in reversed(app.rec.requests)
            if isinstance(r, SendMessage | EditMessageText) and r.reply_markup is not None
        )

    def first_button() -> str:
        markup = shown().reply_markup
        assert markup is not None
        return markup.inline_keyboard[0][0].text  # type: ignore[union-attr]

    pair = await _agreed_pair(app.factory, forms)

    def open_org() -> object:  # a fresh update each time: a repeated update id is skipped
        return make_callback_update(CURATOR, MenuCb(act=MenuAct.ORG, org=pair.org_id).pack())

    await app.feed(open_org())
    menu = shown().text or ""
    assert "Часовой пояс: Москва (UTC+3)" in menu
    assert "👉 <b>Что дальше:</b> 1 пара ждёт закрепления." in menu
    assert first_button() == "✅ Закрепить все согласованные (1)"

    await app.feed(_press(pair, "confirm", assignment=pair.assignment_id))
    await app.feed(make_message_update(CURATOR, "/menu"))
    await app.feed(open_org())
    # nothing waits on the curator now: no step, the bank comes first
    assert "Дальше" not in (shown().text or "")
    assert first_button().startswith("👥")

    async with app.factory() as session, session.begin():
        org = await session.get(Organization, pair.org_id)
        assert org is not None
        await add_person(session, forms, org, 13, Role.MENTEE, "Ещё Наставляемая")
    await app.feed(make_message_update(CURATOR, "/menu"))
    await app.feed(open_org())
    assert (
        "👉 <b>Что дальше:</b> 1 наставляемый без пары — подберите пары."
        in app.rec.last(SendMessage).text
    )
    assert first_button() == "🤝 Подбор пар"


async def test_every_school_sub_menu_has_a_way_back(app: App, forms: dict[str, Form]) -> None:
    pair = await _agreed_pair(app.factory, forms)
    org = pair.org_id
    presses = {
        "pairs": PairCb(act=PairAct.LIST, org=org),
        "digest": DigestCb(act=DigestAct.SHOW, org=org),
        "documents": DocumentsCb(act=DocAct.MENU, org=org),
        "roster": RosterCb(act=RosterAct.START, org=org),
        "reports": ReportCb(act=ReportAct.MENU, org=org),
    }
    for name, data in presses.items():
        before = len(app.rec.requests)
        await app.feed(make_callback_update(CURATOR, data.pack()))
        drawn = [
            r
            for r in app.rec.requests[before:]
            if isinstance(r, SendMessage | EditMessageText) and r.reply_markup is not None
        ]
        assert drawn, name
        texts = [b.text for row in drawn[-1].reply_markup.inline_keyboard for b in row]  # type: ignore[union-attr]
        back = MenuCb(act=MenuAct.ORG, org=org).pack()
        datas = [b.callback_data for row in drawn[-1].reply_markup.inline_keyboard for b in row]  # type: ignore[union-attr]
        assert "← К организации" in texts, (name, texts)
        assert back in datas, name
