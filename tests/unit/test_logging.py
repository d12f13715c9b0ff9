"""Every log line written while handling an update carries its update id and Telegram user id;
no name, message text or answer ever reaches the log."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import SendMessage
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.wiring import build_dispatcher
from bot.infra.fsm_storage import SqlStorage
from bot.infra.logging_setup import redact, setup_logging, update_context
from models import Role, User
from tests.recording import RecordingSession, make_bot, make_callback_update, make_message_update
from tests.unit.app_factory import MovableClock, make_deps
from tests.unit.factories import NOW, make_invite, make_org

NAME = "Зинаида Уникальнова-Пробная"
SECRET = "Мой секретный ответ 4711"
TG_NAME = "Евлампия"
USER = 8801


@pytest.fixture
def captured() -> Iterator[tuple[io.StringIO, io.StringIO]]:
    """The real setup (both formats, DEBUG), into buffers; the previous logging restored after."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    levels = {
        name: logging.getLogger(name).level
        for name in ("aiogram.event", "aiosqlite", "apscheduler.executors")
    }
    text, as_json = io.StringIO(), io.StringIO()
    setup_logging("DEBUG", "json", stream=as_json)
    json_handler = root.handlers[0]
    setup_logging("DEBUG", "text", stream=text)
    root.addHandler(json_handler)
    try:
        yield text, as_json
    finally:
        root.handlers[:], root.level = saved
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


async def test_update_lines_carry_ids_and_no_personal_data(
    captured: tuple[io.StringIO, io.StringIO],
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    text, as_json = captured
    async with session_factory() as session, session.begin():
        token = (await make_invite(session, await make_org(session), Role.MENTEE)).token
    deps = make_deps(session_factory, MovableClock(NOW))
    dp = build_dispatcher(deps, SqlStorage(session_factory))
    recording = RecordingSession()
    bot = make_bot(recording)

    def message(body: str, update_id: int) -> object:
        return make_message_update(USER, body, update_id=update_id, first_name=TG_NAME)

    await dp.feed_update(bot, message(f"/start {token}", 9001))  # type: ignore[arg-type]
    await dp.feed_update(
        bot,
        make_callback_update(USER, f"cs:pd:1:{token}", update_id=9002, first_name=TG_NAME),
    )
    await dp.feed_update(bot, message(NAME, 9003))  # type: ignore[arg-type]
    assert "2 из" in recording.last(SendMessage).text  # the name was taken
    # a failure inside a handler: the error handler's traceback is logged, in context
    recording.queue_error(SendMessage, TelegramBadRequest, "Bad Request: something odd")
    await dp.feed_update(bot, message(SECRET, 9004))  # type: ignore[arg-type]
    assert "что-то пошло не так" in recording.last(SendMessage).text

    lines = text.getvalue().splitlines()
    for update_id in (9001, 9002, 9003, 9004):
        tagged = [line for line in lines if f"[update={update_id} user={USER}]" in line]
        assert tagged, f"no line for update {update_id}:\n{text.getvalue()}"
    error = [line for line in lines if "unhandled error" in line]
    assert len(error) == 1
    assert f"[update=9004 user={USER}]" in error[0]
    records = [json.loads(line) for line in as_json.getvalue().splitlines()]
    assert {(r["update_id"], r["user_id"]) for r in records} >= {
        (update_id, USER) for update_id in (9001, 9002, 9003, 9004)
    }
    assert any("exception" in r and r["update_id"] == 9004 for r in records)

    everything = text.getvalue() + as_json.getvalue()
    for personal in (NAME, "Уникальнова", SECRET, TG_NAME, token):
        assert personal not in everything
        assert json.dumps(personal)[1:-1] not in everything  # nor escaped inside JSON


async def test_lines_outside_an_update_have_no_ids(
    captured: tuple[io.StringIO, io.StringIO],
) -> None:
    text, _ = captured
    logging.getLogger("scheduler.test").info("tick")
    with update_context(update_id=5, user_id=6):
        logging.getLogger("scheduler.test").info("inside")
    logging.getLogger("scheduler.test").info("after")
    lines = [line for line in text.getvalue().splitlines() if "scheduler.test" in line]
    assert "[update=None user=None] tick" in lines[0]
    assert "[update=5 user=6] inside" in lines[1]
    assert "[update=None user=None] after" in lines[2]


async def test_database_errors_are_logged_without_the_rows_values(
    captured: tuple[io.StringIO, io.StringIO], session: AsyncSession
) -> None:
    text, as_json = captured
    values = {"telegram_id": 1, "locale": "ru", "full_name": NAME, "created_at": NOW}
    await session.execute(insert(User).values(**values))
    with pytest.raises(IntegrityError) as failure:
        await session.execute(insert(User).values(**values))
    assert NAME in str(failure.value)  # SQLAlchemy itself does put the values in the text
    logging.getLogger("handlers.test").error("failed: %s", failure.value, exc_info=failure.value)
    everything = text.getvalue() + as_json.getvalue()
    # SQLite and PostgreSQL word it differently
    assert any(w in everything for w in ("UNIQUE constraint failed", "duplicate key value"))
    assert "[parameters: hidden]" in everything
    assert NAME not in everything
    assert json.dumps(NAME)[1:-1] not in everything
    assert redact("x\n[parameters: ('a', 'b')]\n(Background)") == (
        "x\n[parameters: hidden]\n(Background)"
    )


def test_json_time_is_iso_utc_and_scheduler_ticks_are_quiet(
    captured: tuple[io.StringIO, io.StringIO],
) -> None:
    _, as_json = captured
    tick = logging.getLogger("apscheduler.executors.default")
    tick.info('Running job "meeting_tick" (scheduled at …)')
    tick.error("Job meeting_tick raised")
    logging.getLogger("bot.test").info("started")
    lines = [json.loads(line) for line in as_json.getvalue().splitlines()]
    assert [line["message"] for line in lines] == ["Job meeting_tick raised", "started"]
    for line in lines:
        stamp = line["time"]
        assert stamp.endswith("Z")
        parsed = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        assert parsed.utcoffset() == timedelta(0)
