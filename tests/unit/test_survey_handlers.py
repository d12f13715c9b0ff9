"""Surveys through ``Dispatcher.feed_update``: taking a survey from its invitation button to
the thanks, the curator's list and card, «remind again» once a day, closing, launching the
interim survey by hand, a municipal overview, and forged or stale presses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from aiogram.methods import SendMessage
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tg.i18n import Translator
from models import (
    CampaignState,
    Meeting,
    MeetingKindDb,
    MeetingStatus,
    OrgKind,
    OutboxMessage,
    QuestionnaireResponse,
    Role,
    SurveyCampaign,
    SurveyInvitation,
    SurveyResult,
)
from services.meetings.repository import MeetingRepository
from services.questionnaire.schema import Form
from services.surveys.campaigns import CampaignService
from tests.unit.app_factory import BotApp
from tests.unit.factories import join, make_org
from tests.unit.survey_factories import CURATOR_TG, Pair, active_pair

CONFIRMED = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
JAN = datetime(2027, 1, 20, 9, 0, tzinfo=UTC)  # 12:00 in Moscow


class App(BotApp):
    async def response_id(self, invitation_id: int) -> int:
        async with self.factory() as session:
            invitation = await session.get(SurveyInvitation, invitation_id)
            assert invitation is not None
            assert invitation.response_id is not None
            return invitation.response_id


@pytest.fixture
def app(
    session_factory: async_sessionmaker[AsyncSession],
    translator: Translator,
) -> App:
    return App.build(session_factory, JAN, translator=translator)


async def _pair(app: App, forms: dict[str, Form], mentees: tuple[int, ...] = (11,)) -> Pair:
    async with app.factory() as session, session.begin():
        return await active_pair(session, forms, confirmed=CONFIRMED, mentee_tgs=mentees)


async def _interim(app: App, pair: Pair) -> dict[int, int]:
    """Open the interim survey; telegram id → invitation id."""
    async with app.factory() as session, session.begin():
        opened = await CampaignService(session).open_interim(
            pair.org, 2027, now=app.clock.now(), open_days=14, created_by=None
        )
        assert opened is not None
        by_person = {}
        for invitation in opened.invitations:
            ctx = (await CampaignService(session).contexts([invitation.id]))[0]
            by_person[ctx.user.telegram_id] = invitation.id
        return by_person


async def _answer_interim_as_mentee(app: App, user_id: int, invitation_id: int) -> None:
    await app.press(user_id, f"sv:take:0:{invitation_id}:")
    rid = await app.response_id(invitation_id)
    await app.press(user_id, f"qa:{rid}:progress:v:7")
    await app.press(user_id, f"qa:{rid}:usefulness:v:9")
    await app.press(user_id, f"qa:{rid}:meetings_regular:v:1")
    await app.press(user_id, f"qa:{rid}:obstacles:d:0")
    await app.press(user_id, f"qa:{rid}:need_help:v:0")
    await app.say(user_id, "Больше практики на уроках")
    assert "Проверьте анкету" in app.last_text()
    await app.press(user_id, f"qr:{rid}:ok:0")


async def test_a_mentee_takes_the_entry_survey_from_the_invitation(
    app: App, forms: dict[str, Form]
) -> None:
    from scheduler import survey_jobs

    app.clock.value = CONFIRMED + timedelta(minutes=1)
    await _pair(app, forms)
    await survey_jobs.open_entries(app.deps, app.clock.now())
    async with app.factory() as session:
        invitation_id = await session.scalar(select(SurveyInvitation.id))
    assert invitation_id is not None

    answer = await app.press(11, f"sv:take:0:{invitation_id}:")
    assert answer.text is None
    texts = app.rec.sent_texts
    assert "Два коротких вопроса" in texts[-2]  # the form's intro
    assert "1 из 2" in texts[-1]
    rid = await app.response_id(invitation_id)
    # «Готово» with nothing ticked is a valid answer: no difficulties
    await app.press(11, f"qa:{rid}:difficulties:t:1")
    await app.press(11, f"qa:{rid}:difficulties:t:11")
    await app.press(11, f"qa:{rid}:difficulties:d:0")
    assert "2 из 2" in app.last_text()
    await app.press(11, f"qa:{rid}:confidence:v:4")
    # the thanks ends the flow: what comes next, and the main menu as its one button
    done = app.rec.last(SendMessage)
    assert "Самооценка сохранена" in done.text
    assert "о следующем опросе мы напишем здесь" in done.text
    assert isinstance(done.reply_markup, InlineKeyboardMarkup)
    assert [[b.text for b in row] for row in done.reply_markup.inline_keyboard] == [
        ["← Главное меню"]
    ]
    async with app.factory() as session:
        invitation = await session.get(SurveyInvitation, invitation_id)
        assert invitation is not None
        assert invitation.completed_at == app.clock.now()
        rows = sorted(
            (r.question_id, r.value_option, r.value_num)
            for r in await session.scalars(select(SurveyResult))
        )
    assert rows == [
        ("confidence", None, 4),
        ("difficulties", "burnout", None),
        ("difficulties", "classroom_management", None),
    ]
    again = await app.press(11, f"sv:take:0:{invitation_id}:")
    assert again.text is not None
    assert "уже ответили" in again.text


async def test_forged_and_stale_survey_presses_get_a_polite_answer(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _pair(app, forms)
    invitations = await _interim(app, pair)
    mentee_invitation = invitations[11]
    # someone else's invitation
    forged = await app.press(1, f"sv:take:0:{mentee_invitation}:")
    assert forged.text is not None
    assert "нет прав" in forged.text
    # a stranger without any account
    stranger = await app.press(777, f"sv:take:0:{mentee_invitation}:")
    assert stranger.text is not None
    assert "нет прав" in stranger.text
    gone = await app.press(11, "sv:take:0:9999:")
    assert gone.text is not None
    assert "больше не проводится" in gone.text
    # a curator's button pressed by a participant
    denied = await app.press(11, f"sv:list:{pair.org.id}:0:")
    assert denied.text is not None
    assert "нет прав" in denied.text
    # a forged survey name in the curator's button
    bad = await app.press(CURATOR_TG, f"sv:open:{pair.org.id}:0:interim.27")
    assert bad.text is not None
    assert "устарела" in bad.text
    unknown = await app.press(CURATOR_TG, f"sv:open:{pair.org.id}:0:final.2027")
    assert unknown.text is not None
    assert "устарела" in unknown.text
    # started, then the survey closed: the old question's buttons and the invitation are stale
    await app.press(11, f"sv:take:0:{mentee_invitation}:")
    rid = await app.response_id(mentee_invitation)
    app.clock.value = JAN + timedelta(days=14)
    closed = await app.press(11, f"sv:take:0:{mentee_invitation}:")
    assert closed.text is not None
    assert "уже закрыт" in closed.text
    async with app.factory() as session, session.begin():
        campaign = await session.scalar(select(SurveyCampaign))
        assert campaign is not None
        await CampaignService(session).close(campaign, app.clock.now())
    stale = await app.press(11, f"qa:{rid}:progress:v:5")
    assert stale.text is not None
    assert "устарела" in stale.text


async def test_an_unfinished_questionnaire_goes_first(app: App, forms: dict[str, Form]) -> None:
    from scheduler import survey_jobs

    app.clock.value = CONFIRMED + timedelta(minutes=1)
    pair = await _pair(app, forms)
    await survey_jobs.open_entries(app.deps, app.clock.now())
    invitations = await _interim(app, pair)
    async with app.factory() as session:
        entry_id = await session.scalar(
            select(SurveyInvitation.id).where(SurveyInvitation.form_id == "self_assessment")
        )
    assert entry_id is not None
    await app.press(11, f"sv:take:0:{entry_id}:")
    await app.press(11, f"sv:take:0:{invitations[11]}:")
    texts = app.rec.sent_texts
    assert "Сначала закончите начатую анкету" in texts[-2]
    assert "Самооценка профессиональных затруднений" in texts[-1]
    # finishing it brings the interim survey up next
    rid = await app.response_id(entry_id)
    await app.press(11, f"qa:{rid}:difficulties:d:0")
    await app.press(11, f"qa:{rid}:confidence:v:8")
    assert "Промежуточный опрос наставляемого" in app.last_text()


async def test_the_curator_sees_the_rate_and_reminds_once_a_day(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _pair(app, forms, mentees=(11, 12))
    invitations = await _interim(app, pair)
    await _answer_interim_as_mentee(app, 11, invitations[11])
    assert "Ответы сохранены" in app.rec.sent_texts[-1]

    await app.press(CURATOR_TG, f"sv:list:{pair.org.id}:0:")
    listing = app.last_text()
    assert "Промежуточный опрос 2026/27: 1 из 3 (33%), идёт до 03.02.2027 12:00" in listing
    await app.press(CURATOR_TG, f"sv:open:{pair.org.id}:0:interim.2027")
    card = app.last_text()
    assert "Наставники: 0 из 1 (0%)" in card
    assert "Наставляемые: 1 из 2 (50%)" in card
    assert "Наставник 1" in card
    assert "Наставляемый 12" in card
    assert "Наставляемый 11" not in card

    reminded = await app.press(CURATOR_TG, f"sv:remind:{pair.org.id}:0:interim.2027")
    assert reminded.text == "Напоминание отправлено: 2 участникам."
    again = await app.press(CURATOR_TG, f"sv:remind:{pair.org.id}:0:interim.2027")
    assert again.text is not None
    assert "уже напоминали" in again.text
    assert again.show_alert
    app.clock.value += timedelta(days=1)
    tomorrow = await app.press(CURATOR_TG, f"sv:remind:{pair.org.id}:0:interim.2027")
    assert tomorrow.text == "Напоминание отправлено: 2 участникам."
    async with app.factory() as session:
        rows = list(
            await session.execute(
                select(OutboxMessage.chat_id, OutboxMessage.text).where(
                    OutboxMessage.dedupe_key.like("survey:%:again:%")
                )
            )
        )
    assert sorted(chat for chat, _ in rows) == [1, 1, 12, 12]
    assert all("Куратор программы просит ответить" in text for _, text in rows)


async def test_the_curator_closes_a_survey_after_confirming(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _pair(app, forms)
    invitations = await _interim(app, pair)
    await app.press(11, f"sv:take:0:{invitations[11]}:")  # started, never finished
    org = pair.org.id
    await app.press(CURATOR_TG, f"sv:close:{org}:0:interim.2027")
    assert "Закрыть опрос?" in app.last_text()
    async with app.factory() as session:
        campaign = await session.scalar(select(SurveyCampaign))
        assert campaign is not None
        assert campaign.state is CampaignState.OPEN
    done = await app.press(CURATOR_TG, f"sv:closeok:{org}:0:interim.2027")
    assert done.text == "Опрос закрыт."
    assert "завершён" in app.last_text()
    async with app.factory() as session:
        campaign = await session.scalar(select(SurveyCampaign))
        assert campaign is not None
        assert campaign.state is CampaignState.CLOSED
        assert (
            await session.scalar(
                select(func.count(QuestionnaireResponse.id)).where(
                    QuestionnaireResponse.subject.like("survey:%")
                )
            )
            == 0
        )
    nobody = await app.press(CURATOR_TG, f"sv:remind:{org}:0:interim.2027")
    assert nobody.text is not None
    assert "Напоминать некому" in nobody.text
    twice = await app.press(CURATOR_TG, f"sv:closeok:{org}:0:interim.2027")
    assert twice.text == "Опрос закрыт."


async def test_the_curator_starts_the_interim_survey_by_hand(
    app: App, forms: dict[str, Form]
) -> None:
    app.clock.value = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    async with app.factory() as session, session.begin():
        empty = await make_org(session, "Пустая школа")
        await join(session, 60, empty, Role.CURATOR)
    nobody = await app.press(60, f"sv:start:{empty.id}:0:")
    assert nobody.text is not None
    assert "Нет закреплённых пар" in nobody.text

    pair = await _pair(app, forms, mentees=(11, 12))
    await app.press(CURATOR_TG, f"sv:list:{pair.org.id}:0:")
    assert "Промежуточный опрос откроется 20.01.2027" in app.last_text()
    started = await app.press(CURATOR_TG, f"sv:start:{pair.org.id}:0:")
    assert started.text == "Промежуточный опрос запущен: 3 приглашения."
    assert "0 из 3" in app.last_text()
    again = await app.press(CURATOR_TG, f"sv:start:{pair.org.id}:0:")
    assert again.text is not None
    assert "уже запущен" in again.text
    async with app.factory() as session:
        keys = list(await session.scalars(select(SurveyCampaign.key)))
        invites = await session.scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.kind == "survey")
        )
    assert keys == ["interim:2027"]
    assert invites == 3
    # January's automatic survey finds this school year's one and opens nothing
    from scheduler import survey_jobs

    assert await survey_jobs.open_interims(app.deps, JAN) == 0


async def test_a_municipal_curator_sees_every_school(app: App, forms: dict[str, Form]) -> None:
    async with app.factory() as session, session.begin():
        office = await make_org(session, "МКУ ЦРО", OrgKind.MUNICIPALITY)
        await join(session, 70, office, Role.CURATOR)
        first = await make_org(session, "Школа № 1", parent=office)
        await make_org(session, "Школа № 2", parent=office)
        pair = await active_pair(session, forms, org=first, confirmed=CONFIRMED)
    await _interim(app, pair)
    await app.press(70, f"sv:list:{office.id}:0:")
    text = app.last_text()
    assert "2026/27" in text
    assert "Школа № 1" in text
    assert "• Промежуточный опрос 2026/27: 0 из 2 (0%)" in text
    assert "<b>Школа № 2</b>: опросов пока не было" in text
    # the office's curator opens the school's own list and card
    await app.press(70, f"sv:list:{first.id}:0:")
    assert "Промежуточный опрос 2026/27: 0 из 2" in app.last_text()
    await app.press(70, f"sv:open:{first.id}:0:interim.2027")
    assert "Наставники: 0 из 1" in app.last_text()
    # the school's own curator cannot see the office
    denied = await app.press(CURATOR_TG, f"sv:list:{office.id}:0:")
    assert denied.text is not None
    assert "нет прав" in denied.text


async def test_final_meeting_logged_in_chat_opens_the_final_surveys_and_a_report_is_read(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _pair(app, forms)
    async with app.factory() as session, session.begin():
        repo = MeetingRepository(session)
        meetings = await repo.meetings(pair.pairing.id)
        for meeting in meetings[:-1]:
            row = await session.get(Meeting, meeting.id)
            assert row is not None
            row.status = MeetingStatus.HELD
        final = meetings[-1]
        assert final.kind is MeetingKindDb.FINAL
        await repo.schedule(await repo.context(final.id), JAN, fmt="offline", place=None)
    app.clock.value = JAN + timedelta(hours=2)
    await app.press(1, f"mt:log:{final.id}:held")
    await app.say(1, "60")
    await app.say(1, "Итоги года")
    async with app.factory() as session:
        rid = await session.scalar(
            select(QuestionnaireResponse.id).where(
                QuestionnaireResponse.subject == f"meeting:{final.id}"
            )
        )
    for question in ("notes", "next_steps", "attachment"):
        await app.press(1, f"qa:{rid}:{question}:s:0")
    async with app.factory() as session:
        form_of = {
            f"survey:{inv_id}:invite": form
            for inv_id, form in await session.execute(
                select(SurveyInvitation.id, SurveyInvitation.form_id)
            )
        }
        outbox = await session.execute(
            select(OutboxMessage.chat_id, OutboxMessage.dedupe_key).where(
                OutboxMessage.kind == "survey"
            )
        )
        sent = sorted((chat, form_of[key or ""]) for chat, key in outbox)
        report_id = await session.scalar(
            select(SurveyInvitation.id).where(SurveyInvitation.form_id == "mentor_report")
        )
    assert sent == [
        (1, "final_mentor"),
        (1, "mentor_report"),
        (11, "final_mentee"),
        (11, "self_assessment"),
    ]
    # the mentor writes the report from the invitation's button
    assert report_id is not None
    await app.press(1, f"sv:take:0:{report_id}:")
    rid = await app.response_id(report_id)
    await app.press(1, f"qa:{rid}:goals_achieved:v:8")
    await app.say(1, "Провели 12 встреч и открытый урок")
    await app.say(1, "Уверенно ведёт уроки в 7 «Б»")
    await app.say(1, "Продолжить работу с родителями")
    await app.press(1, f"qa:{rid}:continue_needed:v:0")
    await app.press(1, f"qa:{rid}:suggestions:s:0")
    await app.press(1, f"qr:{rid}:ok:0")
    assert "Отчёт сохранён" in app.rec.sent_texts[-1]
    # the curator reads it from the card of the mentors' reports
    await app.press(CURATOR_TG, f"sv:open:{pair.org.id}:0:mentor_report.2027")
    card = app.rec.last(SendMessage)
    assert "Ответили: 1 из 1 (100%)" in card.text
    assert card.reply_markup is not None
    buttons = [b for row in card.reply_markup.inline_keyboard for b in row]  # type: ignore[union-attr]
    assert buttons[0].text == "📄 Наставник 1"
    await app.press(CURATOR_TG, str(buttons[0].callback_data))
    report = app.last_text()
    assert "Отчёт наставника о программе" in report
    assert "Провели 12 встреч и открытый урок" in report
    # another school's curator cannot read it
    async with app.factory() as session, session.begin():
        other = await make_org(session, "Другая школа")
        await join(session, 61, other, Role.CURATOR)
    forged = await app.press(61, f"sv:read:{other.id}:{report_id}:")
    assert forged.text is not None
    assert "Не найдено" in forged.text


async def test_a_meeting_log_waits_for_a_survey_begun_earlier(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _pair(app, forms)
    invitations = await _interim(app, pair)
    await app.press(1, f"sv:take:0:{invitations[1]}:")  # the mentor begins the interim survey
    survey_rid = await app.response_id(invitations[1])
    async with app.factory() as session, session.begin():
        repo = MeetingRepository(session)
        first = (await repo.meetings(pair.pairing.id))[0]
        await repo.schedule(await repo.context(first.id), JAN, fmt="offline", place=None)
    app.clock.value = JAN + timedelta(hours=2)

    await app.press(1, f"mt:log:{first.id}:held")
    texts = app.rec.sent_texts
    assert "Сначала закончите начатую анкету — отчёт о встрече" in texts[-2]
    assert "Промежуточный опрос наставника" in texts[-1]
    async with app.factory() as session:
        log = await session.scalar(
            select(QuestionnaireResponse).where(
                QuestionnaireResponse.subject == f"meeting:{first.id}"
            )
        )
        assert log is not None  # kept, and asked right after the survey
        assert log.status.value == "in_progress"
        survey = await session.get(QuestionnaireResponse, survey_rid)
        assert survey is not None
        assert survey.status.value == "in_progress"
