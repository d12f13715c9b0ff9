"""A new school year on a moved clock: a confirmed pair, the clock moves past the calendar's
``year_closes``, the year is closed, the mentor continues with the same load and the mentee
does not; the curator's summary counts them, and the mentor is matched with a new mentee in
the new year without being invited again."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from services.school_year.calendar_file import calendar_by_id
from tests.e2e.conftest import ADMIN_ID
from tests.e2e.flows import confirmed_pair, curator_invite, fill_mentee
from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram

SCHOOL = "МБОУ СОШ № 21"
MOSCOW = ZoneInfo("Europe/Moscow")


def _after_close() -> datetime:
    """The morning after the default calendar's next closing day (the organization is created
    today in real time, so the year that closes must be one it existed in)."""
    calendar = calendar_by_id(None)
    today = datetime.now(MOSCOW).date()
    year = calendar.school_year(today)
    closes = calendar.day_in(year, calendar.year_closes)
    if closes < today:
        closes = calendar.day_in(year + 1, calendar.year_closes)
    return datetime.combine(closes + timedelta(days=1), time(10, 0), tzinfo=MOSCOW)


def _offset(moment: datetime) -> str:
    return str((moment - datetime.now(UTC)).total_seconds())


@pytest.fixture
async def year_bot(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(
        fake, tmp_path, admin_ids=[ADMIN_ID], extra_env={"SCHEDULER_TICK_SECONDS": "1"}
    )
    await process.start()
    yield process
    await process.stop()
    log = process.log()
    assert "Traceback" not in log, log
    assert "unhandled error" not in log, log


async def test_a_new_school_year_carries_the_mentor_over(
    fake: FakeTelegram, year_bot: BotProcess
) -> None:
    bot = year_bot
    curator, mentor, mentee = await confirmed_pair(fake, bot, SCHOOL)
    invites_before = bot.query("SELECT count(*) FROM invites")[0][0]

    # the clock moves past the calendar's closing day: the year is closed once
    bot.extra_env["CLOCK_OFFSET_SECONDS"] = _offset(_after_close())
    cursor = fake.mark()
    await bot.restart(kill=False)
    closed = await curator.expect("учебный год закрыт", "В архив перенесено пар: 1", after=cursor)
    assert "Участникам (2)" in (closed.text or "")
    question = await mentor.expect("Продолжаете в следующем году", after=cursor, buttons=True)
    assert "мест для наставляемых: 2" in (question.text or "")
    await mentor.press(question, "с той же нагрузкой (2 мест)", "вы продолжаете", "— 2")
    asked = await mentee.expect("Вам ещё нужен наставник", after=cursor, buttons=True)
    await mentee.press(asked, "Нет", "в новом учебном году вы не участвуете")

    # everyone answered: the summary counts one continuing mentor and one leaving mentee
    summary = await curator.expect("итоги закрытия", after=cursor, buttons=True)
    text = summary.text or ""
    assert "Пар в архиве: 1" in text
    assert "Наставники: продолжают 1 (с той же нагрузкой — 1, с новой — 0), уходят 0" in text
    assert "Наставляемые: продолжают 0, уходят 1, нет ответа 0" in text
    assert bot.query("SELECT state, is_open, reason FROM assignments") == [
        ("ended", 0, "year_closed")
    ]
    assert bot.query("SELECT count(*) FROM archived_pairs") == [(1,)]
    # nothing erased: the mentee who left is kept for the record, out of the bank
    assert bot.query(
        "SELECT count(*) FROM memberships WHERE role = 'mentee' AND left_at IS NOT NULL"
        " AND user_id IS NOT NULL"
    ) == [(1,)]
    # the closing job keeps running every second: after three more seconds of it, still one
    # closing and one question each
    closures = await bot.query_until(
        "SELECT count(*) FROM year_closures", lambda rows: False, timeout=3
    )
    assert closures == [(1,)]
    assert bot.query("SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'carry:%:ask'") == [(2,)]

    # the lists of the new year, as the curator downloads them
    cursor = fake.mark()
    fake.press_button(curator.id, summary, "Списки нового учебного года")
    document = await fake.wait_for_message(
        curator.id, lambda m: m.method == "sendDocument", after=cursor, timeout=30
    )
    assert (document.file_name or "").endswith(".xlsx")
    assert document.file_bytes is not None
    sheet = load_workbook(io.BytesIO(document.file_bytes)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[:4] for row in rows[1:]] == [
        ("Смирнов Алексей Петрович", "Наставник", "продолжает, та же нагрузка", 2),
        ("Иванова Анна Сергеевна", "Наставляемый", "не продолжает", None),
    ]

    # the new year: a new mentee joins; the mentor, never invited again, is proposed to them
    assert bot.query("SELECT count(*) FROM invites")[0][0] == invites_before
    token = await curator_invite(curator, SCHOOL, "Наставляемый")
    newcomer = Person(fake, 310)
    await newcomer.press(
        await fill_mentee(newcomer, token, "Орлова Вера Петровна"), "Подтвердить", "сохранена"
    )
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Часовой пояс")
    proposal = await curator.press(org, "Подбор пар", "Предложено пар: 1")
    assert "Смирнов Алексей Петрович" in (proposal.text or "")
    assert "Иванова Анна Сергеевна" not in (proposal.text or "")
