"""Reports for a quarter and the staff roster, end to end.

A pair holds its first meeting in September and its second in November (the bot's clock moved
between them); the curator's report for the third quarter counts only the September meeting,
the fourth quarter's only the November one. Then the curator uploads a CSV of two staff, gets
the XLSX of links back, one of them joins by their link, and the curator's list shows 1 of 2.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import ADMIN_ID
from tests.e2e.flows import QUESTION, accept_consent, confirmed_pair
from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram, SentMessage

SCHOOL = "МБОУ СОШ № 21"
CONFIRMED_AT = datetime(2026, 9, 9, 6, 0, tzinfo=UTC)  # a Wednesday, 9:00 in Moscow
# each meeting is scheduled for 15:30 Moscow (12:30 UTC) in the morning of its day, then the
# clock is moved past it and the mentor answers the log prompt
SEPTEMBER = (datetime(2026, 9, 16, 9, 0, tzinfo=UTC), "16.09 15:30")
NOVEMBER = (datetime(2026, 11, 18, 9, 0, tzinfo=UTC), "18.11 15:30")
AFTER_MEETING = {SEPTEMBER[0]: datetime(2026, 9, 16, 12, 31, tzinfo=UTC)}
AFTER_MEETING[NOVEMBER[0]] = datetime(2026, 11, 18, 12, 31, tzinfo=UTC)
FAST = {"LOG_PROMPT_AFTER": "2s", "SCHEDULER_TICK_SECONDS": "1", "REMINDER_LEADS": "30s"}


def _offset(moment: datetime) -> str:
    return str((moment - datetime.now(UTC)).total_seconds())


@pytest.fixture
async def quarter_bot(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(
        fake,
        tmp_path,
        admin_ids=[ADMIN_ID],
        extra_env={**FAST, "CLOCK_OFFSET_SECONDS": _offset(CONFIRMED_AT)},
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


async def _hold_meeting(
    fake: FakeTelegram, bot: BotProcess, mentor: Person, day: tuple[datetime, str]
) -> None:
    morning, typed = day
    await _move_clock(bot, morning)
    meetings = await mentor.say("/meetings", "Пара:")
    await mentor.press(meetings, "Назначить", "Выберите дату")
    fmt = await mentor.say(typed, "Как она пройдёт?")
    await mentor.press(fmt, "Онлайн", "ссылку")
    await mentor.say("https://meet.example/abc", "Назначено")
    cursor = fake.mark()
    await _move_clock(bot, AFTER_MEETING[morning])
    prompt = await mentor.expect("Как прошла встреча", after=cursor, buttons=True, timeout=40)
    q = await mentor.press(prompt, "Встреча состоялась", QUESTION, "1 из 5")
    q = await mentor.say("45", QUESTION, "2 из 5")
    q = await mentor.say("Планы на четверть", QUESTION, "3 из 5")
    q = await mentor.press(q, "Пропустить", QUESTION, "4 из 5")
    q = await mentor.press(q, "Пропустить", QUESTION, "5 из 5")
    await mentor.press(q, "Пропустить", "Встреча записана")


async def _reports(curator: Person) -> SentMessage:
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Часовой пояс")
    return await curator.press(org, "Отчёты и мониторинг", "По состоянию")


async def _held_in(fake: FakeTelegram, curator: Person, period_button: str) -> int:
    periods = await curator.press(await _reports(curator), "Отчёт за период", "Отчёт за период")
    files = await curator.press(periods, period_button, "Какой файл")
    cursor = fake.mark()
    fake.press_button(curator.id, files, "Таблица XLSX")
    document = await fake.wait_for_message(
        curator.id, lambda m: m.method == "sendDocument", after=cursor, timeout=30
    )
    assert period_button in (document.text or "")
    # «/» is not allowed in a file name: services/documents/filenames.py makes it a space
    assert period_button.replace("/", " ") in (document.file_name or "")
    assert document.file_bytes is not None
    sheet = load_workbook(io.BytesIO(document.file_bytes))["Показатели"]
    held = next(r[1] for r in sheet.iter_rows(values_only=True) if r[0] == "Встреч проведено")
    assert isinstance(held, int)
    return held


async def test_a_quarter_report_counts_only_its_meetings(
    fake: FakeTelegram, quarter_bot: BotProcess
) -> None:
    bot = quarter_bot
    curator, mentor, _ = await confirmed_pair(fake, bot, SCHOOL)
    await _hold_meeting(fake, bot, mentor, SEPTEMBER)
    await _hold_meeting(fake, bot, mentor, NOVEMBER)
    held = bot.query("SELECT held_at FROM meetings WHERE status = 'held' ORDER BY held_at")
    assert len(held) == 2

    assert await _held_in(fake, curator, "3 кв. 2026") == 1
    assert await _held_in(fake, curator, "4 кв. 2026") == 1
    assert await _held_in(fake, curator, "2026/27 учебный год") == 2


STAFF_CSV = (
    "ФИО;Должность;Предметы;E-mail\r\n"
    "Кузнецова Ирина Олеговна;учитель;история;\r\n"
    "Морозов Пётр Ильич;учитель;химия;morozov@school.ru\r\n"
).encode("cp1251")


BAD_CSV = (
    "фио,должность\r\n"
    "Кузнецова Ирина Олеговна,учитель\r\n"
    ",учитель\r\n"
    "кузнецова ирина олеговна,учитель\r\n"
).encode()


async def test_a_roster_of_two_and_one_joins(fake: FakeTelegram, bot: BotProcess) -> None:
    curator, _, _ = await confirmed_pair(fake, bot, SCHOOL)
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Часовой пояс")
    start = await curator.press(org, "Загрузить список сотрудников", "XLSX или CSV")
    await curator.press(start, "Наставляемый", "Пришлите файл")
    cursor = fake.mark()
    fake.send_document(curator.id, file_name="Сотрудники.csv", content=BAD_CSV)
    problems = await curator.expect("ссылки не созданы", after=cursor)
    assert "строка 3: не указано ФИО" in (problems.text or "")
    assert "строка 4: этот человек уже есть в списке" in (problems.text or "")
    cursor = fake.mark()
    fake.send_document(curator.id, file_name="Сотрудники.csv", content=STAFF_CSV)
    document = await fake.wait_for_message(
        curator.id, lambda m: m.method == "sendDocument", after=cursor, timeout=30
    )
    assert "Ссылки созданы: 2" in (document.text or "")
    assert (document.file_name or "").endswith(".xlsx")
    assert document.file_bytes is not None
    sheet = load_workbook(io.BytesIO(document.file_bytes)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert [(r[0], r[2]) for r in rows] == [
        ("Кузнецова Ирина Олеговна", "наставляемый"),
        ("Морозов Пётр Ильич", "наставляемый"),
    ]
    token = str(rows[0][3]).split("start=")[1]

    newcomer = Person(fake, 401)
    await accept_consent(newcomer, token)
    await bot.query_until(
        "SELECT count(*) FROM memberships m JOIN roster_entries r ON r.invite_id = m.invite_id",
        lambda r: r == [(1,)],
    )
    # the same link does not let a second person in
    await Person(fake, 402).say(f"/start {token}", "уже использована")

    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Часовой пояс")
    start = await curator.press(org, "Загрузить список сотрудников", "XLSX или CSV")
    listing = await curator.press(start, "Кто присоединился", "присоединились 1 из 2")
    text = listing.text or ""
    assert "✅ Кузнецова Ирина Олеговна" in text
    assert "⏳ Морозов Пётр Ильич" in text
