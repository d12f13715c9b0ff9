"""One live menu in the chat, and a report's progress message, through the fake Bot API.

Main menu → organization → reports is one message edited in place; /menu afterwards takes the
keyboard off it. A report's «⏳ Готовлю…» message shows its stages by editing itself, in order,
and is deleted once the file has arrived.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.conftest import ADMIN_ID
from tests.e2e.flows import create_school, register_curator
from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram, SentMessage

CURATOR = 7101
SCHOOL = "МБОУ СОШ № 5"
MENU_TITLES = ("Главное меню", "Часовой пояс", "Отчёты и мониторинг")


@pytest.fixture
async def menu_bot(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotProcess]:
    # every stage shown, however fast the small test school's report is built
    process = BotProcess(
        fake, tmp_path, admin_ids=[ADMIN_ID], extra_env={"PROGRESS_INTERVAL_SECONDS": "0"}
    )
    await process.start()
    yield process
    await process.stop()
    log = process.log()
    assert "Traceback" not in log, log
    assert "unhandled error" not in log, log


def _menus(fake: FakeTelegram) -> list[SentMessage]:
    """The bot's messages to the curator that ever showed a menu, still in the chat."""
    return [
        m
        for m in fake.messages_to(CURATOR)
        if not m.deleted
        and any(title in (text or "") for text in (m.text, *m.edits) for title in MENU_TITLES)
    ]


def _live(fake: FakeTelegram) -> list[SentMessage]:
    return [m for m in _menus(fake) if m.buttons]


def _stage(text: str | None) -> str:
    return (text or "").split("\n")[-1]


async def test_menus_are_edited_in_place_and_one_stays_live(
    fake: FakeTelegram, menu_bot: BotProcess
) -> None:
    curator = Person(fake, CURATOR)
    await register_curator(curator, await create_school(menu_bot, SCHOOL))

    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Часовой пояс")
    reports = await curator.press(org, "Отчёты и мониторинг", "По состоянию на")
    assert menu.message_id == org.message_id == reports.message_id
    back = next(d for d in reports.callback_datas if d.startswith("m:org:"))
    assert [m.message_id for m in _live(fake)] == [menu.message_id]
    # the questionnaire ends with its next step, not a menu: /menu's message is the only one
    assert [m.message_id for m in _menus(fake)] == [menu.message_id]

    # the note: loading → charts → note in one message, which goes when the file is there
    cursor = fake.mark()
    await curator.press(reports, "Аналитическая справка")
    note = await fake.wait_for_message(
        CURATOR, lambda m: m.method == "sendDocument", after=cursor, timeout=60
    )
    assert (note.file_name or "").endswith(".docx")
    [progress] = [m for m in fake.sent if m.chat_id == CURATOR and m.seq >= cursor and m.edits]
    assert [_stage(t) for t in (*progress.edits, progress.text)] == [
        "Загружаю данные…",
        "Рисую диаграммы…",
        "Пишу аналитическую справку…",
    ]
    assert all("Готовлю" in (t or "") for t in (*progress.edits, progress.text))
    await _gone(fake, progress)
    [deleted] = [c for c in fake.calls("deleteMessage") if c.index >= cursor]
    [sent] = [c for c in fake.calls("sendDocument") if c.index >= cursor]
    assert deleted.params["message_id"] in (progress.message_id, str(progress.message_id))
    assert sent.index < deleted.index  # the file first, then the waiting goes

    # the table: loading → table
    cursor = fake.mark()
    await curator.press(reports, "Таблица XLSX")
    await fake.wait_for_message(
        CURATOR, lambda m: m.method == "sendDocument", after=cursor, timeout=60
    )
    [progress] = [m for m in fake.sent if m.chat_id == CURATOR and m.seq >= cursor and m.edits]
    assert [_stage(t) for t in (*progress.edits, progress.text)] == [
        "Загружаю данные…",
        "Собираю таблицу…",
    ]
    await _gone(fake, progress)
    # the reports menu is still the one live menu
    assert [m.message_id for m in _live(fake)] == [reports.message_id]

    # back to the organization and to the main menu: still the same message
    org = await curator.press(reports, "К организации", "Часовой пояс")
    menu = await curator.press(org, "Главное меню", "Главное меню")
    assert menu.message_id == reports.message_id

    # a new menu typed: the old one loses its keyboard, the new one is the live one
    fresh = await curator.say("/menu", "Главное меню")
    assert fresh.message_id != menu.message_id
    assert menu.buttons == []  # taken off before the new menu was sent
    assert menu.retired_seq < fresh.seq
    assert [m.message_id for m in _live(fake)] == [fresh.message_id]

    # a client still showing the old keyboard presses it: the organization menu comes as a
    # new message (the old one is not the live menu), and it becomes the one live menu
    cursor = fake.mark()
    fake.forge_callback(CURATOR, menu.message_id, back)
    answer = await curator.expect("Часовой пояс", after=cursor)
    assert answer.message_id not in (menu.message_id, fresh.message_id)
    # the /menu typed before is the one whose keyboard went, before the answer came
    assert fresh.buttons == []
    assert cursor <= fresh.retired_seq < answer.seq
    assert [m.message_id for m in _live(fake)] == [answer.message_id]


async def _gone(fake: FakeTelegram, message: SentMessage) -> None:
    assert await fake.state.notifier.wait_until(lambda: message.deleted or None, 10)
