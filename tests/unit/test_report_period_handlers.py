"""Reports for a period, the quarterly job and the staff roster, through feed_update."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from aiogram.methods import AnswerCallbackQuery, SendDocument, SendMessage
from aiogram.types import BufferedInputFile, Update
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tg.i18n import Translator
from models import Organization, OrgKind, OutboxMessage, Role, RosterEntry, User
from scheduler.quarterly_jobs import quarterly_reports
from services.erasure import Erasure
from services.errors import DomainError
from services.matching import MatchWeights
from services.meetings.plan import PlanSettings
from services.meetings.repository import MeetingRepository
from services.pairing.service import PairingService
from services.people import PeopleService
from services.questionnaire.schema import Form
from services.roster.parse import RosterRow
from services.roster.service import RosterService
from tests.recording import make_message_update
from tests.rendered import render_docx
from tests.unit.app_factory import BotApp, build_app
from tests.unit.factories import NOW, join, make_org
from tests.unit.pairing_factories import add_person

CURATOR = 50
OFFICE_CURATOR = 60
STRANGER_CURATOR = 70
MENTOR = 1


App = BotApp


@pytest.fixture
def app(session_factory: async_sessionmaker[AsyncSession], translator: Translator) -> App:
    return build_app(session_factory, NOW, translator=translator)


async def _school(app: App, forms: dict[str, Form]) -> tuple[int, int]:
    """An office with a school; a pair whose meetings were held in September and November."""
    async with app.factory() as session, session.begin():
        office = await make_org(session, "МКУ ЦРО", OrgKind.MUNICIPALITY)
        other_office = await make_org(session, "МКУ Другое", OrgKind.MUNICIPALITY)
        org = await make_org(session, "МБОУ СОШ № 5", parent=office)
        await join(session, CURATOR, org, Role.CURATOR)
        await join(session, OFFICE_CURATOR, office, Role.CURATOR)
        await join(session, STRANGER_CURATOR, other_office, Role.CURATOR)
        mentor = await add_person(session, forms, org, MENTOR, Role.MENTOR, "Смирнова Анна")
        mentee = await add_person(
            session, forms, org, 11, Role.MENTEE, "Иванова Дарья", experience_years=1
        )
        service = PairingService(session, MatchWeights())
        offered = await service.offer(org, mentee.id, mentor.id, by_user_id=None, now=NOW)
        for side in (mentor.id, mentee.id):
            await service.reply(offered.assignment, side, accept=True, reason=None, now=NOW)
        await service.confirm(offered.assignment, NOW)
        repo = MeetingRepository(session)
        await repo.ensure_program(offered.pairing, date(2026, 9, 1), PlanSettings())
        first, second = (await repo.meetings(offered.pairing.id))[:2]
        for meeting, held_at in (
            (first, datetime(2026, 9, 15, 12, tzinfo=UTC)),
            (second, datetime(2026, 11, 10, 12, tzinfo=UTC)),
        ):
            await repo.schedule(await repo.context(meeting.id), held_at, fmt="offline", place=None)
            await repo.record_log(await repo.context(meeting.id), {"duration": 30}, held_at)
        return org.id, office.id


def _held(document: SendDocument) -> object:
    assert isinstance(document.document, BufferedInputFile)
    sheet = load_workbook(io.BytesIO(document.document.data))["Показатели"]
    return next(row[1] for row in sheet.iter_rows(values_only=True) if row[0] == "Встреч проведено")


def _buttons(message: SendMessage) -> list[str]:
    assert message.reply_markup is not None
    return [b.callback_data or "" for row in message.reply_markup.inline_keyboard for b in row]  # type: ignore[union-attr]


async def test_a_quarter_counts_only_its_meetings(app: App, forms: dict[str, Form]) -> None:
    org_id, _ = await _school(app, forms)
    await app.press(CURATOR, f"rpp:ch:{org_id}:")
    menu = app.rec.last(SendMessage)
    assert "Отчёт за период" in menu.text
    assert "не отправляется" in menu.text
    buttons = _buttons(menu)
    assert buttons[:6] == [
        f"rpp:pk:{org_id}:2026Q4",
        f"rpp:pk:{org_id}:2026Q3",
        f"rpp:pk:{org_id}:2026Q2",
        f"rpp:pk:{org_id}:2026Q1",
        f"rpp:pk:{org_id}:Y2027",
        f"rpp:pk:{org_id}:Y2026",
    ]
    await app.press(CURATOR, f"rpp:pk:{org_id}:2026Q3")
    assert "3 кв. 2026" in app.rec.last(SendMessage).text
    await app.press(CURATOR, f"rpp:x:{org_id}:2026Q3")
    q3 = app.rec.last(SendDocument)
    assert q3.caption == "📊 Отчёт по наставничеству — МБОУ СОШ № 5, 3 кв. 2026"
    assert isinstance(q3.document, BufferedInputFile)
    assert q3.document.filename == (
        "Отчёт по наставничеству за 3 кв. 2026 — МБОУ СОШ № 5 — 20.11.2026.xlsx"
    )
    assert _held(q3) == 1
    assert isinstance(q3.document, BufferedInputFile)
    sheet = load_workbook(io.BytesIO(q3.document.data))["Показатели"]
    assert [c.value for c in sheet[2][:2]] == ["Период отчёта", "3 кв. 2026"]
    await app.press(CURATOR, f"rpp:x:{org_id}:Y2027")
    assert _held(app.rec.last(SendDocument)) == 2
    await app.press(CURATOR, f"rpp:x:{org_id}:2026Q2")
    assert _held(app.rec.last(SendDocument)) == 0
    await app.press(CURATOR, f"rpp:n:{org_id}:2026Q4")
    note = app.rec.last(SendDocument)
    assert note.caption == "📝 Аналитическая справка — МБОУ СОШ № 5, 4 кв. 2026"
    assert isinstance(note.document, BufferedInputFile)
    assert note.document.filename == (
        "Аналитическая справка за 4 кв. 2026 — МБОУ СОШ № 5 — 20.11.2026.docx"
    )
    paragraphs = [p.text for p in Document(io.BytesIO(note.document.data)).paragraphs[:4]]
    assert "Период: 01.10.2026 – 31.12.2026" in paragraphs
    rendered = render_docx(note.document.data)
    assert "Период: 01.10.2026 – 31.12.2026" in rendered.squashed()
    assert 1 <= len(rendered.pages) <= 6


async def test_typed_dates(app: App, forms: dict[str, Form]) -> None:
    org_id, _ = await _school(app, forms)
    await app.press(CURATOR, f"rpp:ty:{org_id}:")
    assert "01.09.2026–31.12.2026" in app.rec.last(SendMessage).text
    for bad, answer in (
        ("вчера", "Не понял период"),
        ("31.12.2026-01.09.2026", "позже его конца"),
        ("01.01.2030-02.01.2030", "не позже сегодняшнего"),
    ):
        await app.feed(make_message_update(CURATOR, bad))
        assert answer in app.rec.last(SendMessage).text
    await app.feed(make_message_update(CURATOR, "01.11.2026 - 20.11.2026"))
    files = app.rec.last(SendMessage)
    assert "01.11.2026–20.11.2026" in files.text
    assert _buttons(files)[0] == f"rpp:x:{org_id}:20261101-20261120"
    await app.press(CURATOR, f"rpp:x:{org_id}:20261101-20261120")
    assert _held(app.rec.last(SendDocument)) == 1


async def test_rights_and_stale_presses(app: App, forms: dict[str, Form]) -> None:
    org_id, office_id = await _school(app, forms)
    for user in (MENTOR, STRANGER_CURATOR):
        await app.press(user, f"rpp:x:{org_id}:2026Q3")
        assert "нет прав" in (app.rec.last(AnswerCallbackQuery).text or "")
    assert app.rec.requests_of(SendDocument) == []
    # the office's curator gets a school's quarter, and the office's over all its schools
    await app.press(OFFICE_CURATOR, f"rpp:x:{org_id}:2026Q3")
    assert _held(app.rec.last(SendDocument)) == 1
    await app.press(OFFICE_CURATOR, f"rpp:x:{office_id}:2026Q4")
    assert len(app.rec.requests_of(SendDocument)) == 2
    # the automatic report is the school's curator's to turn on
    await app.press(OFFICE_CURATOR, f"rpp:au:{org_id}:")
    assert "куратор школы" in (app.rec.last(AnswerCallbackQuery).text or "")
    await app.press(CURATOR, f"rpp:au:{org_id}:")
    assert "отправляется в муниципальный орган автоматически" in app.rec.last(SendMessage).text
    async with app.factory() as session:
        org = await session.get(Organization, org_id)
        assert org is not None
        assert org.auto_quarterly_report


HEAD = 80


async def test_the_head_reads_period_reports_but_does_not_toggle_sending(
    app: App, forms: dict[str, Form]
) -> None:
    org_id, _ = await _school(app, forms)
    async with app.factory() as session, session.begin():
        org = await session.get(Organization, org_id)
        assert org is not None
        await join(session, HEAD, org, Role.HEAD)
    await app.press(HEAD, f"rpp:ch:{org_id}:")
    menu = app.rec.last(SendMessage)
    assert f"rpp:x:{org_id}:2026Q4" not in _buttons(menu)  # the periods, then their files
    assert not any(data.startswith("rpp:au:") for data in _buttons(menu))
    await app.press(HEAD, f"rpp:x:{org_id}:2026Q3")
    assert _held(app.rec.last(SendDocument)) == 1
    await app.press(HEAD, f"rpp:ty:{org_id}:")
    await app.feed(make_message_update(HEAD, "01.11.2026 - 20.11.2026"))
    assert "01.11.2026–20.11.2026" in app.rec.last(SendMessage).text
    await app.press(HEAD, f"rpp:au:{org_id}:")
    assert "нет прав" in (app.rec.last(AnswerCallbackQuery).text or "")
    # a forged period of no real year is a stale button, not an error
    await app.press(HEAD, f"rpp:x:{org_id}:9999Q4")
    assert "устарела" in (app.rec.last(AnswerCallbackQuery).text or "")


async def _outbox(app: App) -> list[OutboxMessage]:
    async with app.factory() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def test_quarterly_reminders_and_the_automatic_report(
    app: App, forms: dict[str, Form]
) -> None:
    org_id, _ = await _school(app, forms)
    # 9 January 2027 in Moscow: the last reminder for the 10 January due date
    app.clock.value = datetime(2027, 1, 9, 6, tzinfo=UTC)
    assert await quarterly_reports(app.deps) == 1
    assert await quarterly_reports(app.deps) == 0  # a second pass (or instance): nothing new
    async with app.factory() as session:
        curator = await session.scalar(select(User).where(User.telegram_id == CURATOR))
        assert curator is not None
    reminder = (await _outbox(app))[-1]
    assert reminder.chat_id == CURATOR
    assert "4 кв. 2026" in reminder.text
    assert "10.01.2027" in reminder.text
    # the due day: nothing goes to the office until the school turns it on
    app.clock.value = datetime(2027, 1, 10, 6, tzinfo=UTC)
    assert await quarterly_reports(app.deps) == 0
    async with app.factory() as session, session.begin():
        org = await session.get(Organization, org_id)
        assert org is not None
        org.auto_quarterly_report = True
    assert await quarterly_reports(app.deps) == 1
    app.clock.value += timedelta(days=1)
    assert await quarterly_reports(app.deps) == 0
    report = (await _outbox(app))[-1]
    assert report.chat_id == OFFICE_CURATOR
    assert "Квартальный отчёт" in report.text
    assert "4 кв. 2026" in report.text
    assert report.reply_markup is not None
    data = [b["callback_data"] for row in report.reply_markup["inline_keyboard"] for b in row]
    assert data[0] == f"rpp:x:{org_id}:2026Q4"
    await app.press(OFFICE_CURATOR, data[0])
    assert _held(app.rec.last(SendDocument)) == 1  # the November meeting


async def test_roster_list_and_erasure(app: App, forms: dict[str, Form]) -> None:
    org_id, _ = await _school(app, forms)
    await app.press(CURATOR, f"ros:ls:{org_id}:")
    assert "ещё не загружен" in app.rec.last(SendMessage).text
    async with app.factory() as session, session.begin():
        links = await RosterService(session).add(
            org_id,
            [
                RosterRow(2, "Петров Олег", "учитель", "", "", None),
                RosterRow(3, "Орлова Вера", "учитель", "", "", Role.MENTOR),
            ],
            Role.MENTEE,
            now=NOW,
            created_by=None,
        )
        assert [link.role for link in links] == [Role.MENTEE, Role.MENTOR]
        await PeopleService(session).join(501, "ru", links[0].token, NOW)
    await app.press(CURATOR, f"ros:ls:{org_id}:")
    listing = app.rec.last(SendMessage).text
    assert "присоединились 1 из 2" in listing
    assert listing.index("✅ Петров Олег") < listing.index("⏳ Орлова Вера")
    # the link works once
    async with app.factory() as session, session.begin():
        with pytest.raises(DomainError, match="invite-used-up"):
            await PeopleService(session).join(502, "ru", links[0].token, NOW)
    # the person withdraws: their roster line goes
    async with app.factory() as session, session.begin():
        user = await session.scalar(select(User).where(User.telegram_id == 501))
        assert user is not None
        await Erasure(session).withdraw(user, NOW)
    async with app.factory() as session:
        names = list(await session.scalars(select(RosterEntry.full_name)))
    assert names == ["Орлова Вера"]
    # the curator deletes the roster
    await app.press(CURATOR, f"ros:dl:{org_id}:")
    await app.press(CURATOR, f"ros:dok:{org_id}:")
    assert "Список удалён" in app.rec.last(SendMessage).text
    async with app.factory() as session:
        assert await session.scalar(select(func.count()).select_from(RosterEntry)) == 0


async def test_roster_upload_refuses_bad_files(app: App, forms: dict[str, Form]) -> None:
    org_id, office_id = await _school(app, forms)
    await app.press(OFFICE_CURATOR, f"ros:st:{office_id}:")
    assert "загружает школа" in (app.rec.last(AnswerCallbackQuery).text or "")
    await app.press(MENTOR, f"ros:st:{org_id}:")
    assert "нет прав" in (app.rec.last(AnswerCallbackQuery).text or "")
    await app.press(CURATOR, f"ros:st:{org_id}:")
    assert "XLSX или CSV" in app.rec.last(SendMessage).text
    await app.press(CURATOR, f"ros:rl:{org_id}:mentor")
    assert "наставник" in app.rec.last(SendMessage).text
    await app.feed(make_message_update(CURATOR, "вот список"))
    assert "Жду файл" in app.rec.last(SendMessage).text
    for name, size, answer in (
        ("list.pdf", 100, "не XLSX и не CSV"),
        ("list.csv", 50 * 1024 * 1024, "больше 2 МБ"),
    ):
        update = make_message_update(CURATOR, "x")
        payload = update.model_dump(mode="json", exclude_none=True)
        del payload["message"]["text"]
        payload["message"]["document"] = {
            "file_id": "F",
            "file_unique_id": "U",
            "file_name": name,
            "file_size": size,
        }
        await app.feed(Update.model_validate(payload))
        assert answer in app.rec.last(SendMessage).text
