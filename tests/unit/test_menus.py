"""One live menu per chat (bot/tg/menus.py), through ``Dispatcher.feed_update``."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import (
    DeleteMessage,
    EditMessageReplyMarkup,
    EditMessageText,
    SendDocument,
    SendMessage,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.wiring import build_dispatcher
from bot.tg.callbacks import ForgetCb, MenuAct, MenuCb
from bot.tg.menus import live_menu_id
from models import OrgKind, Role
from tests.recording import RecordingSession, make_callback_update, make_message_update
from tests.unit.app_factory import BotApp, MovableClock, make_deps
from tests.unit.factories import NOW, join, make_org

CURATOR = 70
MAIN = MenuCb(act=MenuAct.MAIN).pack()


@dataclass
class App(BotApp):
    org_id: int = 0

    def sends(self) -> list[SendMessage]:
        return self.rec.requests_of(SendMessage)

    def edits(self) -> list[EditMessageText]:
        return self.rec.requests_of(EditMessageText)

    def retired(self) -> list[int | None]:
        return [r.message_id for r in self.rec.requests_of(EditMessageReplyMarkup)]

    async def live(self) -> int | None:
        key = StorageKey(bot_id=self.bot.id, chat_id=CURATOR, user_id=CURATOR)
        return await live_menu_id(FSMContext(storage=self.storage, key=key))

    async def menu(self) -> int:
        """/menu: the id of the main menu it sent."""
        before = len(self.sends())
        await self.feed(make_message_update(CURATOR, "/menu"))
        assert len(self.sends()) == before + 1
        sent = len(self.rec.requests)
        # the recording session numbers messages in order from 1000
        return 1000 + sent_messages(self.rec, upto=sent) - 1


def sent_messages(session: RecordingSession, upto: int) -> int:
    return sum(
        1
        for request in session.requests[:upto]
        if isinstance(request, SendMessage | SendDocument) or request.__api_method__ == "sendPhoto"
    )


@pytest.fixture
async def app(session_factory: async_sessionmaker[AsyncSession]) -> App:
    app = App.build(session_factory, NOW, progress_interval_seconds=0)
    async with session_factory() as session, session.begin():
        org = await make_org(session, "МБОУ СОШ № 9")
        await join(session, CURATOR, org, Role.CURATOR)
        app.org_id = org.id
    return app


async def test_a_press_on_the_live_menu_edits_it_instead_of_sending(app: App) -> None:
    menu = await app.menu()
    assert await app.live() == menu
    sends = len(app.sends())
    await app.feed(make_callback_update(CURATOR, f"m:org:{app.org_id}", message_id=menu))
    await app.feed(make_callback_update(CURATOR, f"rp:menu:{app.org_id}", message_id=menu))
    await app.feed(make_callback_update(CURATOR, f"m:org:{app.org_id}", message_id=menu))
    await app.feed(make_callback_update(CURATOR, MAIN, message_id=menu))
    assert len(app.sends()) == sends
    edits = app.edits()
    texts = [e.text or "" for e in edits]
    assert [e.message_id for e in edits] == [menu] * 4
    assert "МБОУ СОШ № 9" in texts[0]
    assert "Отчёты и мониторинг" in texts[1]
    assert edits[3].text == app.sends()[-1].text  # back to the main menu it was
    assert app.retired() == []
    assert await app.live() == menu


async def test_a_new_menu_takes_the_keyboard_off_the_old_one(app: App) -> None:
    first = await app.menu()
    second = await app.menu()
    assert second != first
    retire = app.rec.last(EditMessageReplyMarkup)
    assert (retire.chat_id, retire.message_id, retire.reply_markup) == (CURATOR, first, None)
    assert await app.live() == second
    third = await app.menu()
    assert app.retired() == [first, second]
    assert await app.live() == third


async def test_a_press_on_an_old_menu_still_works_and_retires_the_live_one(app: App) -> None:
    live = await app.menu()
    # a menu from before, whose keyboard somehow stayed: it answers with a new menu
    await app.feed(make_callback_update(CURATOR, f"m:org:{app.org_id}", message_id=5))
    assert app.edits() == []
    assert "МБОУ СОШ № 9" in app.rec.last(SendMessage).text
    assert app.retired() == [live]
    assert await app.live() not in (None, live, 5)


async def test_not_modified_is_no_error_and_sends_nothing(app: App) -> None:
    menu = await app.menu()
    sends = len(app.sends())
    app.rec.queue_error(
        EditMessageText,
        TelegramBadRequest,
        "Bad Request: message is not modified: specified new message content and reply "
        "markup are exactly the same as a current content and reply markup of the message",
    )
    await app.feed(make_callback_update(CURATOR, MAIN, message_id=menu))
    assert len(app.sends()) == sends
    assert await app.live() == menu


async def test_a_menu_gone_from_the_chat_is_sent_anew(app: App) -> None:
    menu = await app.menu()
    app.rec.queue_error(
        EditMessageText, TelegramBadRequest, "Bad Request: message to edit not found"
    )
    await app.feed(make_callback_update(CURATOR, f"m:org:{app.org_id}", message_id=menu))
    assert "МБОУ СОШ № 9" in app.rec.last(SendMessage).text
    live = await app.live()
    assert live is not None
    assert live != menu
    # the next press on the new one edits it
    await app.feed(make_callback_update(CURATOR, MAIN, message_id=live))
    assert app.rec.last(EditMessageText).message_id == live


async def test_a_keyboard_that_cannot_be_taken_off_does_not_stop_the_new_menu(app: App) -> None:
    first = await app.menu()
    app.rec.queue_error(
        EditMessageReplyMarkup,
        TelegramBadRequest,
        "Bad Request: message can't be edited",
    )
    second = await app.menu()
    assert app.retired() == [first]
    assert await app.live() == second


async def test_the_live_menu_survives_the_end_of_a_conversation(app: App) -> None:
    menu = await app.menu()
    # asking for the number of teachers opens a conversation; the number closes it
    await app.feed(make_callback_update(CURATOR, f"rp:teachers:{app.org_id}", message_id=9))
    await app.feed(make_message_update(CURATOR, "42"))
    assert "42" in app.rec.last(SendMessage).text
    assert await app.live() == menu
    key = StorageKey(bot_id=app.bot.id, chat_id=CURATOR, user_id=CURATOR)
    await FSMContext(storage=app.storage, key=key).clear()
    assert await app.live() == menu


async def test_report_progress_edits_one_message_and_goes_when_the_file_arrives(
    app: App,
) -> None:
    await app.feed(make_callback_update(CURATOR, f"rp:note:{app.org_id}"))
    progress = app.rec.requests_of(SendMessage)[-1]
    assert "Готовлю" in progress.text
    assert "Загружаю данные" in progress.text
    edits = [e.text or "" for e in app.edits()]
    assert [line.split("\n")[-1] for line in edits] == [
        "Рисую диаграммы…",
        "Пишу аналитическую справку…",
    ]
    names = [type(r).__name__ for r in app.rec.requests if not r.__api_method__.endswith("Action")]
    # the progress message is deleted after the note was sent, not before
    assert names.index("SendDocument") < names.index("DeleteMessage")
    deleted = app.rec.last(DeleteMessage)
    edited = {e.message_id for e in app.rec.requests_of(EditMessageText)}
    assert edited == {deleted.message_id}


async def test_a_municipal_report_shows_the_table_stage(
    app: App, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session, session.begin():
        office = await make_org(session, "МКУ ЦРО", OrgKind.MUNICIPALITY)
        await make_org(session, "МБОУ СОШ № 3", parent=office)
        await join(session, CURATOR, office, Role.CURATOR)
        office_id = office.id
    await app.feed(make_callback_update(CURATOR, f"rp:xlsx:{office_id}"))
    assert [(e.text or "").split("\n")[-1] for e in app.edits()] == ["Собираю таблицу…"]
    assert app.rec.last(SendDocument).caption is not None
    assert len(app.rec.requests_of(DeleteMessage)) == 1


async def test_forget_drops_the_live_menu_id_where_erasure_cannot(
    app: App, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    # Redis (here its in-memory twin) is not reached by the database erasure
    memory = MemoryStorage()
    deps = make_deps(session_factory, MovableClock(NOW))
    app.dp = build_dispatcher(deps, memory)
    await app.feed(make_message_update(CURATOR, "/menu"))
    key = StorageKey(bot_id=app.bot.id, chat_id=CURATOR, user_id=CURATOR)
    state = FSMContext(storage=memory, key=key)
    assert await live_menu_id(state) is not None
    await app.feed(make_callback_update(CURATOR, ForgetCb(ok=True).pack(), message_id=3))
    assert "удалены" in (app.rec.last(EditMessageText).text or "")
    assert await live_menu_id(state) is None
