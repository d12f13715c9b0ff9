"""Issue 13's whole chain on one school, end to end, on a moved clock.

A school with a curator and a head; pairs are fixed by the head's order. A mentor and a mentee
join, the curator proposes them as a pair and both agree; the curator sends the pair for
approval and the head approves it by order «15-о» (the DOCX read back and rendered). The mentor
drafts the personalized program (two goals, six months instead of the school year), the mentee
agrees, the head approves it. The pair holds a meeting in September and another in November;
the curator's report for the third quarter counts only September's. The clock moves past the
calendar's closing day: the year is closed, the mentor continues with the same load, the mentee
leaves, and the mentor is proposed to a newcomer of the new year without a new invitation.

One bot process; it is restarted only to move the clock (three times).
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from openpyxl import load_workbook

from services.meetings.plan import add_months
from services.school_year.calendar_file import calendar_by_id
from tests.e2e.conftest import ADMIN_ID
from tests.e2e.flows import (
    QUESTION,
    SUMMARY,
    accept_consent,
    create_school,
    curator_invite,
    fill_mentee,
    fill_mentor,
    register_curator,
)
from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram, SentMessage
from tests.rendered import render_docx

SCHOOL = "МБОУ СОШ № 33"
MOSCOW = ZoneInfo("Europe/Moscow")
HEAD_NAME = "Ковалёв Сергей Иванович"
CURATOR_NAME = "Петрова Мария Ивановна"
MENTOR_NAME = "Смирнов Алексей Петрович"
MENTEE_NAME = "Иванова Анна Сергеевна"
CARD = "Персонализированная программа наставничества"
# the school starts on a Wednesday morning in Moscow of the third quarter (outside quiet hours)
STARTED_AT = datetime(2026, 9, 9, 6, 0, tzinfo=UTC)
ORDER_DAY = STARTED_AT.astimezone(MOSCOW).date()
# the first meeting at 15:30 Moscow the same day, the second in November (the fourth quarter);
# the clock is moved a minute past each, and the mentor answers the log prompt
FIRST = ("09.09 15:30", datetime(2026, 9, 9, 12, 31, tzinfo=UTC))
SECOND = ("18.11 15:30", datetime(2026, 11, 18, 12, 31, tzinfo=UTC))
FAST = {"LOG_PROMPT_AFTER": "2s", "SCHEDULER_TICK_SECONDS": "1", "REMINDER_LEADS": "30s"}


def _offset(moment: datetime) -> str:
    return str((moment - datetime.now(UTC)).total_seconds())


def _after_close() -> datetime:
    """10:00 in Moscow on the day after the default calendar closes the 2026/27 year."""
    calendar = calendar_by_id(None)
    year = calendar.school_year(ORDER_DAY)
    closes = calendar.day_in(year, calendar.year_closes)
    return datetime.combine(closes + timedelta(days=1), time(10, 0), tzinfo=MOSCOW)


@pytest.fixture
async def chain_bot(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(
        fake,
        tmp_path,
        admin_ids=[ADMIN_ID],
        extra_env={**FAST, "CLOCK_OFFSET_SECONDS": _offset(STARTED_AT)},
    )
    await process.start()
    yield process
    await process.stop()
    log = process.log()
    assert "Traceback" not in log, log
    assert "unhandled error" not in log, log


async def _move_clock(bot: BotProcess, moment: datetime) -> None:
    bot.extra_env["CLOCK_OFFSET_SECONDS"] = _offset(moment)
    await bot.restart(kill=False)


async def _org_card(curator: Person) -> SentMessage:
    menu = await curator.say("/menu", "Главное меню")
    return await curator.press(menu, SCHOOL, "Часовой пояс")


async def _document(fake: FakeTelegram, person: Person, cursor: int) -> SentMessage:
    document = await fake.wait_for_message(
        person.id, lambda m: m.method == "sendDocument", after=cursor, timeout=30
    )
    assert document.file_bytes is not None
    return document


async def _add_goal(mentor: Person, card: SentMessage, goal: str, result: str) -> SentMessage:
    await mentor.press(card, "Добавить цель", "Напишите цель")
    pick = await mentor.say(goal, "Какие затруднения")
    ticked = await mentor.press(pick, "Дисциплина", "Какие затруднения")
    await mentor.press(ticked, "Далее", "Какой результат")
    cursor = mentor.fake.mark()
    mentor.fake.send_text(mentor.id, result)
    return await mentor.expect(CARD, goal, result, after=cursor, buttons=True)


async def _schedule(mentor: Person, typed: str) -> None:
    meetings = await mentor.say("/meetings", "Пара:")
    await mentor.press(meetings, "Назначить", "Выберите дату")
    fmt = await mentor.say(typed, "Как она пройдёт?")
    await mentor.press(fmt, "Онлайн", "ссылку")
    await mentor.say("https://meet.example/abc", "Назначено")


async def _log_held(mentor: Person, cursor: int) -> None:
    prompt = await mentor.expect("Как прошла встреча", after=cursor, buttons=True, timeout=40)
    q = await mentor.press(prompt, "Встреча состоялась", QUESTION, "1 из 5")
    q = await mentor.say("45", QUESTION, "2 из 5")
    q = await mentor.say("Планы на четверть", QUESTION, "3 из 5")
    q = await mentor.press(q, "Пропустить", QUESTION, "4 из 5")
    q = await mentor.press(q, "Пропустить", QUESTION, "5 из 5")
    await mentor.press(q, "Пропустить", "Встреча записана")


async def _held_in_quarter(fake: FakeTelegram, curator: Person, quarter: str) -> int:
    reports = await curator.press(await _org_card(curator), "Отчёты и мониторинг", "По состоянию")
    periods = await curator.press(reports, "Отчёт за период", "Отчёт за период")
    files = await curator.press(periods, quarter, "Какой файл")
    cursor = fake.mark()
    fake.press_button(curator.id, files, "Таблица XLSX")
    document = await _document(fake, curator, cursor)
    assert quarter in (document.text or "")
    assert (document.file_name or "").endswith(".xlsx")
    assert document.file_bytes is not None
    sheet = load_workbook(io.BytesIO(document.file_bytes))["Показатели"]
    held = next(r[1] for r in sheet.iter_rows(values_only=True) if r[0] == "Встреч проведено")
    assert isinstance(held, int)
    return held


async def _school_with_head(fake: FakeTelegram, bot: BotProcess) -> tuple[Person, Person]:
    curator = Person(fake, 100)
    await register_curator(curator, await create_school(bot, SCHOOL), CURATOR_NAME)
    head_token = await curator_invite(curator, SCHOOL, "Руководитель организации")
    head = Person(fake, 150)
    await accept_consent(head, head_token)
    await head.say(HEAD_NAME, QUESTION, "2 из 2")
    summary = await head.say("Директор", SUMMARY)
    await head.press(summary, "Подтвердить", "Профиль руководителя сохранён")
    pairs = await curator.press(await _org_card(curator), "Пары и группы", "Пары и группы")
    switch = curator.alert(
        lambda: fake.press_button(curator.id, pairs, "Закреплять пары приказом руководителя")
    )
    assert "приказом руководителя" in await switch
    return curator, head


async def _agreed_pair(fake: FakeTelegram, curator: Person) -> tuple[Person, Person]:
    mentor_token = await curator_invite(curator, SCHOOL, "Наставник")
    mentee_token = await curator_invite(curator, SCHOOL, "Наставляемый")
    mentor, mentee = Person(fake, 200), Person(fake, 300)
    await mentor.press(await fill_mentor(mentor, mentor_token, MENTOR_NAME), "Подтвердить", "сохр")
    await mentee.press(await fill_mentee(mentee, mentee_token, MENTEE_NAME), "Подтвердить", "сохр")
    proposal = await curator.press(await _org_card(curator), "Подбор пар", "Предложено пар: 1")
    cursor = fake.mark()
    await curator.press(proposal, "Предложить все пары (1)", "Отправлено предложений: 1")
    for person in (mentor, mentee):
        offer = await person.expect("предлагает вам", after=cursor, buttons=True, timeout=20)
        await person.press(offer, "Согласен", "Вы согласились")
    await curator.expect("Её закрепит приказ руководителя", after=cursor, timeout=20)
    return mentor, mentee


async def _head_orders(
    fake: FakeTelegram, bot: BotProcess, curator: Person, head: Person, mentor: Person
) -> None:
    pairs = await curator.press(await _org_card(curator), "Пары и группы", "готовы к отправке: 1")
    cursor = fake.mark()
    sent = await curator.alert(
        lambda: fake.press_button(curator.id, pairs, "Отправить на утверждение руководителю (1)")
    )
    assert "Отправлено на утверждение руководителю: 1" in sent
    notice = await head.expect("отправил на утверждение", after=cursor, buttons=True, timeout=20)
    assert f"{MENTOR_NAME} → {MENTEE_NAME}" in (notice.text or ""), notice.text
    # agreed, but not active until the head's order
    assert bot.query("SELECT state FROM assignments") == [("agreed",)]

    pending = await head.press(notice, "Открыть список", "Пары на утверждение", "(1)")
    await head.press(pending, "Утвердить приказом", "номер приказа")
    await head.say("15-о", "дату приказа")
    dated = f"{ORDER_DAY:%d.%m.%Y}"
    cursor = fake.mark()
    await head.say(dated, f"Приказ № 15-о от {dated} записан", "Закреплено пар: 1")
    document = await _document(fake, head, cursor)
    await bot.query_until(
        "SELECT count(*) FROM assignments WHERE state = 'active' AND order_id IS NOT NULL",
        lambda rows: rows == [(1,)],
    )
    # str(): SQLite returns ISO text, PostgreSQL a date
    orders = [
        (number, str(dated)) for number, dated in bot.query("SELECT number, dated FROM orders")
    ]
    assert orders == [("15-о", ORDER_DAY.isoformat())]
    await mentor.expect(f"Пара закреплена с {dated}", after=cursor, timeout=20)

    # the order, read back and rendered
    assert document.file_name == (
        f"Приказ о закреплении наставнических пар — {SCHOOL} — {dated}.docx"
    )
    assert document.file_bytes is not None
    docx = Document(io.BytesIO(document.file_bytes))
    paragraphs = [p.text for p in docx.paragraphs]
    assert paragraphs[2] == f"от {dated}\t№ 15-о"
    appendix = "\n".join(cell.text for row in docx.tables[0].rows[1:] for cell in row.cells)
    assert MENTOR_NAME in appendix, appendix
    assert MENTEE_NAME in appendix, appendix
    page = render_docx(document.file_bytes)
    first = " ".join(page.pages[0].split())
    for phrase in ("ПРИКАЗ", f"от {dated}", "№ 15-о", HEAD_NAME):
        assert phrase in first, phrase
    assert f"Приложение к приказу от {dated} № 15-о" in " ".join(page.pages[-1].split())


async def _program_by_head(
    fake: FakeTelegram,
    bot: BotProcess,
    curator: Person,
    head: Person,
    mentor: Person,
    mentee: Person,
) -> None:
    ((start_text, default_end),) = bot.query("SELECT start_on, end_on FROM programs")
    start = date.fromisoformat(str(start_text))
    assert start == ORDER_DAY
    six = add_months(start, 6)
    # the default period is the school year, by the calendar's programs' end
    calendar = calendar_by_id(None)
    school_year_end = calendar.day_in(calendar.school_year(start), calendar.programs_end)
    assert str(default_end) == school_year_end.isoformat() != six.isoformat()

    meetings = await mentor.say("/meetings", "Пара:")
    card = await mentor.press(meetings, "Программа наставничества", CARD, "черновик")
    await _add_goal(mentor, card, "Удерживать внимание 7 класса", "Проведён открытый урок")
    card = await _add_goal(mentor, card, "Освоить разбор урока", "Самоанализ урока")
    periods = await mentor.press(card, "Изменить срок", "Выберите срок")
    cursor = fake.mark()
    fake.press_button(mentor.id, periods, "6 мес.")
    card = await mentor.expect(CARD, f"по {six:%d.%m.%Y}", after=cursor, buttons=True)

    # shown to the mentee, who agrees
    cursor = fake.mark()
    shared = await mentor.alert(
        lambda: fake.press_button(mentor.id, card, "Показать наставляемому")
    )
    assert "отправлена наставляемому" in shared
    offer = await mentee.expect("составил(а) проект", after=cursor, buttons=True, timeout=20)
    agreed = await mentee.alert(
        lambda: fake.press_button(mentee.id, offer, "Согласен с программой")
    )
    assert "Наставник увидит" in agreed
    told = await mentor.expect("согласен(на) с проектом", after=cursor, buttons=True, timeout=20)
    card = await mentor.press(told, "Программа наставничества", CARD, "Наставляемый согласен")
    assert bot.query("SELECT mentee_agreed_at IS NOT NULL FROM programs") == [(1,)]

    # submitted: the head approves, not the curator
    cursor = fake.mark()
    submitted = await mentor.alert(
        lambda: fake.press_button(mentor.id, card, "Отправить на утверждение")
    )
    assert "руководителю организации" in submitted
    notice = await head.expect("ждёт вашего утверждения", after=cursor, buttons=True, timeout=20)
    review = await head.press(notice, "Программа наставничества", CARD, "на утверждение")
    assert "✅ Утвердить" in review.button_texts
    cursor = fake.mark()
    fake.press_button(head.id, review, "Утвердить")
    document = await _document(fake, head, cursor)
    await mentor.expect("утверждена", f"{six:%d.%m.%Y}", after=cursor, timeout=20)
    assert not [
        m for m in fake.messages_to(curator.id) if "ждёт вашего утверждения" in (m.text or "")
    ]
    ((state, end_text, approver),) = bot.query(
        "SELECT p.state, p.end_on, u.telegram_id FROM programs p"
        " JOIN users u ON u.id = p.approved_by"
    )
    assert (state, str(end_text), approver) == ("approved", six.isoformat(), head.id)

    assert (document.file_name or "").startswith(f"{CARD} — {SCHOOL}")
    assert document.file_bytes is not None
    text = "\n".join(p.text for p in Document(io.BytesIO(document.file_bytes)).paragraphs)
    assert f"Срок реализации: с {start:%d.%m.%Y} по {six:%d.%m.%Y}" in text
    assert HEAD_NAME in text


async def test_the_school_year_from_the_heads_order_to_the_next_year(
    fake: FakeTelegram, chain_bot: BotProcess
) -> None:
    bot = chain_bot
    # 1. the school, its head, pairs by the head's order, and a pair both sides agreed to
    curator, head = await _school_with_head(fake, bot)
    mentor, mentee = await _agreed_pair(fake, curator)

    # 2. the head's order makes the pair active
    await _head_orders(fake, bot, curator, head, mentor)

    # 3. the personalized program, for six months, approved by the head
    await _program_by_head(fake, bot, curator, head, mentor, mentee)

    # 4. a meeting held in September (3rd quarter), another in November (4th)
    await _schedule(mentor, FIRST[0])
    cursor = fake.mark()
    await _move_clock(bot, FIRST[1])
    await _log_held(mentor, cursor)
    await _schedule(mentor, SECOND[0])
    cursor = fake.mark()
    await _move_clock(bot, SECOND[1])
    await _log_held(mentor, cursor)
    held = bot.query("SELECT held_at FROM meetings WHERE status = 'held' ORDER BY held_at")
    assert [str(row[0])[:10] for row in held] == ["2026-09-09", "2026-11-18"]

    # 5. the report for the third quarter counts September's meeting only
    assert await _held_in_quarter(fake, curator, "3 кв. 2026") == 1

    # 6. past the closing day: the year is closed, the mentor continues, the mentee leaves
    invites_before = bot.query("SELECT count(*) FROM invites")[0][0]
    cursor = fake.mark()
    await _move_clock(bot, _after_close())
    closed = await curator.expect(
        "учебный год закрыт", "В архив перенесено пар: 1", after=cursor, timeout=30
    )
    assert "Участникам (2)" in (closed.text or "")
    question = await mentor.expect(
        "Продолжаете в следующем году", after=cursor, buttons=True, timeout=20
    )
    await mentor.press(question, "с той же нагрузкой (2 мест)", "вы продолжаете", "— 2")
    asked = await mentee.expect("Вам ещё нужен наставник", after=cursor, buttons=True, timeout=20)
    await mentee.press(asked, "Нет", "в новом учебном году вы не участвуете")
    summary = await curator.expect("итоги закрытия", after=cursor, timeout=20)
    assert "Наставники: продолжают 1 (с той же нагрузкой — 1, с новой — 0), уходят 0" in (
        summary.text or ""
    )
    assert "Наставляемые: продолжают 0, уходят 1, нет ответа 0" in (summary.text or "")
    assert bot.query("SELECT state, reason FROM assignments") == [("ended", "year_closed")]
    assert bot.query("SELECT count(*) FROM archived_pairs") == [(1,)]

    assert bot.query(
        "SELECT left_at IS NULL, capacity, load FROM memberships WHERE role = 'mentor'"
    ) == [(1, 2, 0)]
    assert bot.query(
        "SELECT role, answer FROM carry_overs c JOIN memberships m"
        " ON m.id = c.membership_id ORDER BY role"
    ) == [("mentee", "leave"), ("mentor", "same")]

    # the new year: a newcomer joins and is proposed the mentor, who was never invited again
    assert bot.query("SELECT count(*) FROM invites")[0][0] == invites_before
    token = await curator_invite(curator, SCHOOL, "Наставляемый")
    newcomer = Person(fake, 310)
    form = await fill_mentee(newcomer, token, "Орлова Вера Петровна")
    await newcomer.press(form, "Подтвердить", "сохранена")
    proposal = await curator.press(await _org_card(curator), "Подбор пар", "Предложено пар: 1")
    assert MENTOR_NAME in (proposal.text or "")
    assert MENTEE_NAME not in (proposal.text or "")
