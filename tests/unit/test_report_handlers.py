"""«Отчёты и мониторинг» through Dispatcher.feed_update with a recording session."""

from __future__ import annotations

import io
import time
from datetime import date, timedelta

import pytest
from aiogram.methods import (
    AnswerCallbackQuery,
    SendChatAction,
    SendDocument,
    SendMessage,
    SendPhoto,
)
from aiogram.types import BufferedInputFile, Update
from docx import Document
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tg.i18n import Translator
from models import Organization, OrgKind, Role, SurveyCampaign, SurveyKind, SurveyResult
from services.matching import MatchWeights
from services.meetings.plan import PlanSettings
from services.meetings.repository import MeetingRepository
from services.pairing.service import PairingService
from services.questionnaire.schema import Form
from tests.recording import make_callback_update, make_message_update
from tests.unit.app_factory import BotApp, build_app
from tests.unit.factories import NOW, join, make_org
from tests.unit.pairing_factories import add_person

CURATOR = 50
MUNICIPAL_CURATOR = 60
MENTOR = 1


App = BotApp


@pytest.fixture
def app(
    session_factory: async_sessionmaker[AsyncSession],
    forms: dict[str, Form],
    translator: Translator,
) -> App:
    return build_app(session_factory, NOW, forms=forms, translator=translator)


async def _program(app: App, forms: dict[str, Form]) -> tuple[int, int]:
    """An office with one school: a confirmed pair, its first meeting held, one final answer."""
    async with app.factory() as session, session.begin():
        office = await make_org(session, "МКУ ЦРО", OrgKind.MUNICIPALITY)
        org = await make_org(session, "МБОУ СОШ № 5", parent=office)
        await join(session, CURATOR, org, Role.CURATOR)
        await join(session, MUNICIPAL_CURATOR, office, Role.CURATOR)
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
        first = (await repo.meetings(offered.pairing.id))[0]
        held_at = NOW - timedelta(days=30)
        await repo.schedule(await repo.context(first.id), held_at, fmt="offline", place=None)
        await repo.record_log(await repo.context(first.id), {"duration": 30}, held_at)
        campaign = SurveyCampaign(
            org_id=org.id, kind=SurveyKind.FINAL, key="final:test", opens_at=NOW, closes_at=NOW
        )
        session.add(campaign)
        await session.flush()
        for question, value in (("effectiveness", 9), ("comfort", 10)):
            session.add(
                SurveyResult(
                    campaign_id=campaign.id,
                    org_id=org.id,
                    kind=SurveyKind.FINAL,
                    role="mentee",
                    form_id="final_mentee",
                    question_id=question,
                    respondent="r1",
                    value_num=value,
                )
            )
        return org.id, office.id


def _data(request: SendDocument | SendPhoto) -> bytes:
    file = request.document if isinstance(request, SendDocument) else request.photo
    assert isinstance(file, BufferedInputFile)
    return file.data


async def test_menu_shows_the_indicators(app: App, forms: dict[str, Form]) -> None:
    org_id, _ = await _program(app, forms)
    await app.feed(make_callback_update(CURATOR, f"rp:menu:{org_id}"))
    message = app.rec.last(SendMessage)
    assert "Отчёты и мониторинг" in message.text
    assert "По состоянию на 20.11.2026" in message.text
    assert "• Наставники: <b>1</b>" in message.text
    assert "• Встреч проведено: <b>1</b>" in message.text
    assert "• Удовлетворённость наставляемых (1–10): <b>9,5 (ответили: 1)</b>" in message.text
    assert "укажите число педагогов" in message.text
    assert message.reply_markup is not None
    buttons = [b.callback_data for row in message.reply_markup.inline_keyboard for b in row]  # type: ignore[union-attr]
    assert buttons == [
        f"rp:xlsx:{org_id}",
        f"rp:charts:{org_id}",
        f"rp:note:{org_id}",
        f"rpp:ch:{org_id}:",
        f"rp:teachers:{org_id}",
        f"m:org:{org_id}",
    ]


async def test_xlsx_charts_and_note_arrive(app: App, forms: dict[str, Form]) -> None:
    org_id, _ = await _program(app, forms)
    await app.feed(make_callback_update(CURATOR, f"rp:xlsx:{org_id}"))
    assert "Готовлю" in app.rec.sent_texts[-1]
    assert app.rec.last(SendChatAction).action == "upload_document"
    workbook = app.rec.last(SendDocument)
    assert workbook.caption == "📊 Отчёт по наставничеству — МБОУ СОШ № 5, на 20.11.2026"
    assert isinstance(workbook.document, BufferedInputFile)
    # the school's short name and the date in its zone, in the curator's language
    assert workbook.document.filename == "Отчёт_наставничество_СОШ_5_2026-11-20.xlsx"
    book = load_workbook(io.BytesIO(_data(workbook)))
    assert book["Наставники"]["B2"].value == "Смирнова Анна"
    assert book["Пары и группы"]["D2"].value == "Иванова Дарья"

    await app.feed(make_callback_update(CURATOR, f"rp:charts:{org_id}"))
    photos = app.rec.requests_of(SendPhoto)
    assert [p.caption for p in photos] == [
        "Встречи по месяцам — МБОУ СОШ № 5",
        "Удовлетворённость участников — МБОУ СОШ № 5",
        "Этапы программ пар и групп — МБОУ СОШ № 5",
    ]
    assert all(_data(p).startswith(b"\x89PNG") for p in photos)

    await app.feed(make_callback_update(CURATOR, f"rp:note:{org_id}"))
    note = app.rec.last(SendDocument)
    assert note.caption == "📝 Аналитическая справка — МБОУ СОШ № 5, на 20.11.2026"
    assert isinstance(note.document, BufferedInputFile)
    assert note.document.filename == "Справка_наставничество_СОШ_5_2026-11-20.docx"
    doc = Document(io.BytesIO(_data(note)))
    assert doc.paragraphs[0].text == "Аналитическая справка"
    assert len(doc.inline_shapes) == 3


async def test_english_curator_gets_english_files(app: App, forms: dict[str, Form]) -> None:
    org_id, _ = await _program(app, forms)
    await app.feed(make_callback_update(CURATOR, "lg:en"))
    await app.feed(make_callback_update(CURATOR, f"rp:xlsx:{org_id}"))
    book = load_workbook(io.BytesIO(_data(app.rec.last(SendDocument))))
    assert book.sheetnames[0] == "Indicators"
    document = app.rec.last(SendDocument).document
    assert isinstance(document, BufferedInputFile)
    assert document.filename == "mentoring-report_СОШ_5_2026-11-20.xlsx"
    assert app.rec.last(SendDocument).caption.startswith("📊 Mentoring report")  # type: ignore[union-attr]


async def test_only_the_curator_gets_reports(app: App, forms: dict[str, Form]) -> None:
    org_id, _ = await _program(app, forms)
    for act in ("menu", "xlsx", "charts", "note", "teachers"):
        await app.feed(make_callback_update(MENTOR, f"rp:{act}:{org_id}"))
        answer = app.rec.last(AnswerCallbackQuery)
        assert answer.text is not None
        assert "нет прав" in answer.text
    await app.feed(make_callback_update(CURATOR, f"rp:zzz:{org_id}"))
    assert "устарела" in (app.rec.last(AnswerCallbackQuery).text or "")
    assert app.documents() == []
    assert app.rec.requests_of(SendPhoto) == []


async def test_setting_the_number_of_teachers(app: App, forms: dict[str, Form]) -> None:
    org_id, _ = await _program(app, forms)
    await app.feed(make_callback_update(CURATOR, f"rp:teachers:{org_id}"))
    assert "Сейчас указано: не указано" in app.rec.last(SendMessage).text
    for bad in ("сорок", "0", "5001", "12.5"):
        await app.feed(make_message_update(CURATOR, bad))
        assert "целое число от 1 до 5000" in app.rec.last(SendMessage).text
    photo = make_message_update(CURATOR, "x").model_dump()
    del photo["message"]["text"]
    photo["message"]["photo"] = [{"file_id": "P", "file_unique_id": "U", "width": 10, "height": 10}]
    photo["message"]["date"] = int(time.time())
    await app.feed(Update.model_validate(photo))
    assert "целое число от 1 до 5000" in app.rec.last(SendMessage).text
    await app.feed(make_message_update(CURATOR, "48"))
    saved = app.rec.last(SendMessage)
    assert "в организации «МБОУ СОШ № 5» 48 педагогов" in saved.text
    async with app.factory() as session:
        org = await session.get(Organization, org_id)
        assert org is not None
        assert org.teachers_total == 48
    # the conversation is over: a number now is not taken as the staff size
    await app.feed(make_message_update(CURATOR, "100"))
    async with app.factory() as session:
        org = await session.get(Organization, org_id)
        assert org is not None
        assert org.teachers_total == 48
    await app.feed(make_callback_update(CURATOR, f"rp:menu:{org_id}"))
    assert "4,2\xa0% (2 из 48)" in app.rec.last(SendMessage).text


async def test_municipal_curator_gets_the_municipal_report(
    app: App, forms: dict[str, Form]
) -> None:
    org_id, office_id = await _program(app, forms)
    await app.feed(make_callback_update(MUNICIPAL_CURATOR, f"rp:menu:{office_id}"))
    message = app.rec.last(SendMessage)
    assert "Сводно по 1 организации." in message.text
    assert "rp:teachers" not in str(message.reply_markup)
    await app.feed(make_callback_update(MUNICIPAL_CURATOR, f"rp:xlsx:{office_id}"))
    book = load_workbook(io.BytesIO(_data(app.rec.last(SendDocument))))
    assert "По организациям" in book.sheetnames
    assert "Кураторы" in book.sheetnames
    assert book["По организациям"]["A2"].value == "МБОУ СОШ № 5"
    await app.feed(make_callback_update(MUNICIPAL_CURATOR, f"rp:teachers:{office_id}"))
    assert "для школы" in (app.rec.last(AnswerCallbackQuery).text or "")
    # the office's curator may also open one school's own report
    await app.feed(make_callback_update(MUNICIPAL_CURATOR, f"rp:menu:{org_id}"))
    assert "Сводно" not in app.rec.last(SendMessage).text


async def test_a_school_curator_cannot_open_the_office(app: App, forms: dict[str, Form]) -> None:
    _, office_id = await _program(app, forms)
    await app.feed(make_callback_update(CURATOR, f"rp:xlsx:{office_id}"))
    assert "нет прав" in (app.rec.last(AnswerCallbackQuery).text or "")
    assert app.documents() == []


async def test_setting_the_number_of_pupils(app: App, forms: dict[str, Form]) -> None:
    org_id, office_id = await _program(app, forms)
    async with app.factory() as session, session.begin():
        org = await session.get(Organization, org_id)
        assert org is not None
        org.enabled_forms = ["teacher_teacher", "pupil_pupil"]
    await app.feed(make_callback_update(CURATOR, f"rp:menu:{org_id}"))
    menu = app.rec.last(SendMessage)
    assert f"rp:pupils:{org_id}" in str(menu.reply_markup)
    await app.feed(make_callback_update(MENTOR, f"rp:pupils:{org_id}"))
    assert "нет прав" in (app.rec.last(AnswerCallbackQuery).text or "")

    await app.feed(make_callback_update(CURATOR, f"rp:pupils:{org_id}"))
    assert "Сейчас указано: не задано" in app.rec.last(SendMessage).text
    for bad in ("много", "0", "20001", "-5", "12.5"):
        await app.feed(make_message_update(CURATOR, bad))
        assert "целое число от 1 до 20000" in app.rec.last(SendMessage).text
    await app.feed(make_message_update(CURATOR, "640"))
    assert "в организации «МБОУ СОШ № 5» 640 обучающихся" in app.rec.last(SendMessage).text
    async with app.factory() as session:
        org = await session.get(Organization, org_id)
        assert org is not None
        assert (org.pupils_total, org.teachers_total) == (640, None)
    await app.feed(make_callback_update(CURATOR, f"rp:menu:{org_id}"))
    text = app.rec.last(SendMessage).text
    assert "Доля обучающихся 10–18 лет, вовлечённых в наставничество: <b>0\xa0% (0 из 640)</b>" in (
        text
    )
    # with pupils in view the menu lists the forms, here the one teacher pair's
    assert "По формам наставничества" in text
    assert "• учитель – учитель: пар и групп 1 (действуют 1, завершили 0)" in text

    await app.feed(make_callback_update(MUNICIPAL_CURATOR, f"rp:pupils:{office_id}"))
    assert "для школы" in (app.rec.last(AnswerCallbackQuery).text or "")
