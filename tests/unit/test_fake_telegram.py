"""The fake Bot API, exercised through a real aiogram Bot, plus the offline RecordingSession."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.filters import Command, CommandObject
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageText,
    GetMe,
    SendMessage,
    SendVenue,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    BufferedInputFile,
    CallbackQuery,
    InaccessibleMessage,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiohttp import web

from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.formatting import bot_command_entities, parse_html
from tests.recording import (
    RecordingSession,
    make_bot,
    make_callback_update,
    make_message_update,
)

USER = 1001


class QuickCloseSession(AiohttpSession):
    """AiohttpSession.close() sleeps 0.25 s for SSL shutdown; nothing to wait for here."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data)] for text, data in buttons
        ]
    )


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    telegram = FakeTelegram()
    await telegram.start()
    telegram.user(USER, first_name="Anna", username="anna")
    yield telegram
    await telegram.stop()


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    session = QuickCloseSession(api=TelegramAPIServer.from_base(fake.base_url))
    yield Bot(fake.token, session=session)
    await session.close()


# ----- basics ---------------------------------------------------------------------------


async def test_get_me(fake: FakeTelegram, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == fake.bot_id == 123456
    assert me.username == "mentor_test_bot"
    assert me.is_bot
    assert me.can_join_groups is True
    assert [call.method for call in fake.requests] == ["getMe"]
    assert fake.requests[0].ok


async def test_send_message_is_stored_and_returned(fake: FakeTelegram, bot: Bot) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text="Да", callback_data="answer:yes")],
            [InlineKeyboardButton(text="Docs", url="https://example.org/docs")],
        ]
    )
    returned = await bot.send_message(
        USER, "<b>Привет</b> &amp; 👋 <i>bye</i>", parse_mode="HTML", reply_markup=markup
    )

    [sent] = fake.messages_to(USER)
    assert sent is fake.sent[0]
    assert sent.index == 0
    assert sent.method == "sendMessage"
    assert sent.text == "Привет & 👋 bye"
    assert sent.raw_text == "<b>Привет</b> &amp; 👋 <i>bye</i>"
    assert sent.parse_mode == "HTML"
    # offsets are UTF-16 code units: the emoji counts twice
    assert sent.entities == [
        {"type": "bold", "offset": 0, "length": 6},
        {"type": "italic", "offset": 12, "length": 3},
    ]
    assert sent.buttons == [[("Да", "answer:yes")], [("Docs", "https://example.org/docs")]]
    assert sent.button_texts == ["Да", "Docs"]
    assert returned.message_id == sent.message_id
    assert returned.chat.id == USER
    assert returned.chat.first_name == "Anna"
    assert returned.from_user is not None
    assert returned.from_user.id == fake.bot_id
    assert returned.text == sent.text
    assert returned.reply_markup is not None
    assert returned.reply_markup.model_dump() == markup.model_dump()
    call = fake.requests[-1]
    assert call.params["chat_id"] == USER  # JSON-decoded from the multipart string "1001"
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "answer:yes"


async def test_message_ids_are_shared_by_user_and_bot_in_a_chat(
    fake: FakeTelegram, bot: Bot
) -> None:
    update = fake.send_text(USER, "hello")
    reply = await bot.send_message(USER, "hi")
    assert reply.message_id == update["message"]["message_id"] + 1
    assert await bot.delete_message(USER, update["message"]["message_id"]) is True
    assert await bot.delete_message(USER, reply.message_id) is True
    assert fake.sent[0].deleted
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER, reply.message_id)


# ----- updates ----------------------------------------------------------------------------


async def test_long_poll_returns_queued_text_and_honours_offset(
    fake: FakeTelegram, bot: Bot
) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await fake.wait_for_call("getUpdates", after=0)
    await asyncio.sleep(0.05)
    assert not poll.done(), "long poll must wait while there are no updates"

    queued = fake.send_text(USER, "/start invite-42")
    [update] = await poll
    assert time.monotonic() - started < 2
    assert update.update_id == queued["update_id"]
    assert update.message is not None
    assert update.message.text == "/start invite-42"
    assert update.message.from_user is not None
    assert update.message.from_user.language_code == "ru"
    assert update.message.from_user.username == "anna"
    assert update.message.chat.id == USER
    assert update.message.chat.type == "private"
    assert update.message.entities is not None
    assert update.message.entities[0].type == "bot_command"
    assert (update.message.entities[0].offset, update.message.entities[0].length) == (0, 6)

    # unconfirmed updates are returned again
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [update.update_id]
    second = fake.send_text(USER, "second")
    fresh = await bot.get_updates(offset=update.update_id + 1, timeout=0)
    assert [u.update_id for u in fresh] == [second["update_id"]]
    # the first one is confirmed now: gone for good
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [second["update_id"]]
    assert second["update_id"] > update.update_id


async def test_an_update_offered_again_goes_only_to_a_poll_without_its_offset(
    fake: FakeTelegram, bot: Bot
) -> None:
    """A crash before the offset was confirmed: the restarted bot's first poll gets it again."""
    queued = fake.send_text(USER, "Анна")
    [update] = await bot.get_updates(timeout=0)
    cursor = fake.mark()
    confirming = asyncio.create_task(bot.get_updates(offset=update.update_id + 1, timeout=1))
    await fake.wait_for_call("getUpdates", after=cursor, timeout=1)
    fake.redeliver(queued)
    assert await confirming == []  # a poll past the update never sees it again
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [update.update_id]
    assert again[0].message is not None
    assert update.message is not None
    assert again[0].message.message_id == update.message.message_id  # the very same update
    fake.redeliver(queued)  # offered twice is still one pending update
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [update.update_id]


async def _webhook_target(
    seen: list[tuple[str, int]], name: str, status: int
) -> tuple[web.AppRunner, str]:
    async def handle(request: web.Request) -> web.Response:
        seen.append((name, (await request.json())["update_id"]))
        await asyncio.sleep(0.05)
        return web.Response(status=status)

    app = web.Application()
    app.router.add_post("/hook", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}"


async def test_an_update_is_posted_again_to_chosen_webhook_targets_at_once(
    fake: FakeTelegram, bot: Bot
) -> None:
    seen: list[tuple[str, int]] = []
    a, a_url = await _webhook_target(seen, "a", 200)
    b, b_url = await _webhook_target(seen, "b", 200)
    down, down_url = await _webhook_target(seen, "down", 502)
    try:
        await bot.set_webhook("https://bot.example.test/hook")
        fake.route_webhook([a_url])
        update = fake.send_text(USER, "Анна")
        await fake.state.notifier.wait_until(lambda: seen or None, 5)
        uid = update["update_id"]
        assert seen == [("a", uid)]

        assert await fake.deliver_at_once(update, [a_url, b_url]) == [200, 200]
        assert sorted(seen[1:]) == [("a", uid), ("b", uid)]
        assert fake.state.pending == []  # delivered: Telegram forgets it

        # an update nobody took stays with Telegram, and the round robin posts it again
        fake.webhook.targets = []  # the round robin waits
        second = fake.send_text(USER, "second")
        assert await fake.deliver_at_once(second, [down_url]) == [502]
        assert [u["update_id"] for u in fake.state.pending] == [second["update_id"]]
        fake.route_webhook([a_url])
        await fake.state.notifier.wait_until(lambda: not fake.state.pending or None, 5)
        assert seen[-2:] == [("down", second["update_id"]), ("a", second["update_id"])]
    finally:
        for runner in (a, b, down):
            await runner.cleanup()


async def test_second_poller_conflicts_and_stop_releases_long_poll(
    fake: FakeTelegram, bot: Bot
) -> None:
    older = asyncio.create_task(bot.get_updates(timeout=5))
    await fake.wait_for_polling(timeout=1)
    newer = asyncio.create_task(bot.get_updates(timeout=5))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await older
    started = time.monotonic()
    await fake.stop()
    assert await newer == []
    assert time.monotonic() - started < 1


async def test_get_updates_limit_and_allowed_updates(fake: FakeTelegram, bot: Bot) -> None:
    for n in range(3):
        fake.send_text(USER, f"m{n}")
    assert [u.message.text for u in await bot.get_updates(limit=2) if u.message] == ["m0", "m1"]
    sent = await bot.send_message(USER, "pick", reply_markup=keyboard(("A", "a")))
    fake.press(USER, fake.sent[-1], "a")
    only_callbacks = await bot.get_updates(allowed_updates=["callback_query"])
    assert [u.event_type for u in only_callbacks] == ["callback_query"]
    assert only_callbacks[0].callback_query is not None
    assert only_callbacks[0].callback_query.message is not None
    assert only_callbacks[0].callback_query.message.message_id == sent.message_id


async def test_user_media_updates_parse(fake: FakeTelegram, bot: Bot) -> None:
    fake.send_photo(USER, caption="look")
    fake.send_document(USER, file_name="plan.xlsx", caption="plan", content=b"xlsx-bytes")
    fake.send_sticker(USER)
    photo, document, sticker = [u.message for u in await bot.get_updates()]
    assert photo is not None
    assert photo.photo is not None
    assert photo.caption == "look"
    assert photo.photo[-1].width == 800
    assert document is not None
    assert document.document is not None
    assert document.document.file_name == "plan.xlsx"
    downloaded = await bot.download(document.document.file_id)
    assert downloaded is not None
    assert downloaded.read() == b"xlsx-bytes"
    assert sticker is not None
    assert sticker.sticker is not None
    assert sticker.sticker.emoji == "👍"


async def test_callback_press_carries_current_message(fake: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(USER, "Choose", reply_markup=keyboard(("Yes", "y"), ("No", "n")))
    sent = fake.sent[0]
    await bot.edit_message_text(
        "Choose again",
        chat_id=USER,
        message_id=sent.message_id,
        reply_markup=keyboard(("Yes!", "y2")),
    )
    queued = fake.press_button(USER, sent, "Yes!")
    [update] = await bot.get_updates()
    query = update.callback_query
    assert query is not None
    assert query.id == queued["callback_query"]["id"]
    assert query.data == "y2"
    assert query.from_user.id == USER
    assert isinstance(query.message, Message)
    assert query.message.message_id == sent.message_id
    assert query.message.text == "Choose again"  # the message as stored now, not as first sent
    assert query.chat_instance

    assert await bot.answer_callback_query(query.id, text="ok") is True
    answer = await fake.wait_for_callback_answer(query.id, timeout=1)
    assert answer.params["text"] == "ok"
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query.id)
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query("nonexistent")


async def test_press_checks_buttons_and_forge_does_not(fake: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(USER, "Choose", reply_markup=keyboard(("Yes", "y"), ("No", "n")))
    sent = fake.sent[0]
    with pytest.raises(AssertionError, match=r"available buttons: \['Yes', 'No'\]"):
        fake.press_button(USER, sent, "Maybe")
    with pytest.raises(AssertionError, match="no button with callback_data 'admin'"):
        fake.press(USER, sent, "admin")
    with pytest.raises(AssertionError, match="not 2002"):
        fake.press(2002, sent, "y")

    forged = fake.forge_callback(USER, sent.message_id, "admin:drop_all")
    unknown = fake.forge_callback(USER, 999, "x")
    first, second = await bot.get_updates()
    assert first.callback_query is not None
    assert first.callback_query.data == "admin:drop_all"
    assert first.update_id == forged["update_id"]
    assert second.callback_query is not None
    assert second.update_id == unknown["update_id"]
    # a message the bot cannot see any more arrives as InaccessibleMessage (date == 0)
    assert isinstance(second.callback_query.message, InaccessibleMessage)
    assert second.callback_query.message.message_id == 999


# ----- editing --------------------------------------------------------------------------


async def test_edit_message_text_updates_in_place(fake: FakeTelegram, bot: Bot) -> None:
    first = await bot.send_message(USER, "Step 1", reply_markup=keyboard(("Next", "next")))
    cursor = fake.mark()
    edited = await bot.edit_message_text("Step 2", chat_id=USER, message_id=first.message_id)

    seen = await fake.wait_for_message(USER, after=cursor, timeout=1)
    assert seen is fake.sent[0]
    assert len(fake.sent) == 1
    assert seen.text == "Step 2"
    assert seen.edits == ["Step 1"]
    assert seen.reply_markup is None  # editMessageText without reply_markup drops the keyboard
    assert seen.markup_edits == [{"inline_keyboard": [[{"text": "Next", "callback_data": "next"}]]}]
    assert isinstance(edited, Message)
    assert edited.edit_date is not None

    await bot.edit_message_reply_markup(
        chat_id=USER, message_id=first.message_id, reply_markup=keyboard(("Back", "back"))
    )
    assert seen.buttons == [[("Back", "back")]]
    assert seen.edits == ["Step 1"]

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "Step 2",
            chat_id=USER,
            message_id=first.message_id,
            reply_markup=keyboard(("Back", "back")),
        )
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=first.message_id + 50)


async def test_a_keyboard_taken_off_is_no_reply_to_wait_for(fake: FakeTelegram, bot: Bot) -> None:
    old = await bot.send_message(USER, "Menu", reply_markup=keyboard(("Go", "go")))
    cursor = fake.mark()
    await bot.edit_message_reply_markup(chat_id=USER, message_id=old.message_id)
    new = await bot.send_message(USER, "Menu", reply_markup=keyboard(("Go", "go")))
    seen = await fake.wait_for_message(USER, after=cursor, timeout=1)
    assert seen.message_id == new.message_id
    retired = fake.sent[0]
    assert retired.buttons == []
    assert retired.retired_seq >= cursor > retired.changed_seq


# ----- validation -----------------------------------------------------------------------


async def test_text_validation(fake: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER, "")  # aiogram does not even send the empty field
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER, "   ")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER, "x" * 4097)
    await bot.send_message(USER, "x" * 4096)
    # tags and entities do not count toward the limit
    await bot.send_message(USER, "<b>" + "&lt;" * 4096 + "</b>", parse_mode="HTML")
    assert fake.sent[-1].text == "<" * 4096
    assert [m.text is not None and len(m.text) for m in fake.sent] == [4096, 4096]


@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("<b>unclosed", "Can't find end tag"),
        ("<blink>x</blink>", 'Unsupported start tag "blink"'),
        ("<b>x</i>", "Unmatched end tag"),
        ("a < b", "Unsupported start tag"),
        ('<span class="x">y</span>', 'must have class "tg-spoiler"'),
    ],
)
async def test_malformed_html_is_rejected(bot: Bot, html: str, detail: str) -> None:
    with pytest.raises(TelegramBadRequest, match="can't parse entities") as error:
        await bot.send_message(USER, html, parse_mode="HTML")
    assert detail in error.value.message


async def test_callback_data_limit(fake: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(USER, "ok", reply_markup=keyboard(("A", "a" * 64)))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "too long", reply_markup=keyboard(("A", "a" * 65)))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "bytes, not chars", reply_markup=keyboard(("A", "я" * 33)))
    assert [m.text for m in fake.sent] == ["ok"]


async def test_unknown_chat_caption_and_method(fake: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(555, "hi")
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_document(USER, BufferedInputFile(b"1", "a.txt"), caption="c" * 1025)
    with pytest.raises(TelegramNotFound, match="method not found"):
        await bot(SendVenue(chat_id=USER, latitude=0, longitude=0, title="t", address="a"))
    assert fake.requests[-1].status == 404
    assert fake.sent == []


async def test_group_chats(fake: FakeTelegram, bot: Bot) -> None:
    group = -100_200
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(group, "hi")
    fake.group(group, "Учительская")
    update = fake.send_group_text(USER, group, "/menu")
    assert update["message"]["chat"] == {"id": group, "type": "supergroup", "title": "Учительская"}
    assert update["message"]["from"]["id"] == USER
    assert update["message"]["entities"][0]["type"] == "bot_command"
    sent = await bot.send_message(group, "only in private", reply_markup=keyboard(("x", "m:1")))
    assert sent.chat.type == "supergroup"
    (stored,) = fake.messages_to(group)
    press = fake.press_in_group(USER, stored, "forged")
    assert press["callback_query"]["message"]["chat"]["id"] == group
    with pytest.raises(AssertionError, match="unknown group"):
        fake.send_group_text(USER, -5, "x")


async def test_wrong_token_is_unauthorized(fake: FakeTelegram) -> None:
    session = QuickCloseSession(api=TelegramAPIServer.from_base(fake.base_url))
    stranger = Bot("999:other", session=session)
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await stranger.get_me()
    finally:
        await session.close()
    assert fake.requests[-1].status == 401


# ----- failure injection ----------------------------------------------------------------


async def test_blocked_user_gets_403(fake: FakeTelegram, bot: Bot) -> None:
    fake.block(USER)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER, "hi")
    with pytest.raises(TelegramForbiddenError):
        await bot.send_chat_action(USER, "typing")
    fake.unblock(USER)
    await bot.send_message(USER, "hi again")
    assert [m.text for m in fake.sent] == ["hi again"]


async def test_fail_next_gives_retry_after(fake: FakeTelegram, bot: Bot) -> None:
    fake.fail_next("sendMessage", count=2, retry_after=7)
    for _ in range(2):
        with pytest.raises(TelegramRetryAfter) as error:
            await bot.send_message(USER, "hi")
        assert error.value.retry_after == 7
    await bot.send_message(USER, "hi")
    assert fake.stats.rejected_429 == 2
    assert fake.stats.accepted_sends == 1
    assert fake.requests[0].response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }


async def test_rate_limit_rejects_excess_within_a_second(fake: FakeTelegram, bot: Bot) -> None:
    fake.set_rate_limit(5)
    results = await asyncio.gather(
        *(bot.send_message(USER, f"n{i}") for i in range(8)), return_exceptions=True
    )
    rejected = [r for r in results if isinstance(r, TelegramRetryAfter)]
    assert len(rejected) == 3
    assert all(r.retry_after == 1 for r in rejected)
    assert (fake.stats.accepted_sends, fake.stats.rejected_429) == (5, 3)
    assert len(fake.sent) == 5
    await bot.send_chat_action(USER, "typing")  # not a message: not limited
    fake.set_rate_limit(None)
    await bot.send_message(USER, "unlimited again")
    assert fake.stats.accepted_sends == 6


# ----- files, commands ------------------------------------------------------------------


async def test_send_document_stores_uploaded_bytes(fake: FakeTelegram, bot: Bot) -> None:
    returned = await bot.send_document(
        USER, BufferedInputFile(b"id;name\n1;Anna\n", filename="report.csv"), caption="Отчёт"
    )
    [sent] = fake.sent
    assert sent.method == "sendDocument"
    assert sent.file_name == "report.csv"
    assert sent.file_bytes == b"id;name\n1;Anna\n"
    assert sent.text == "Отчёт"
    assert returned.document is not None
    assert returned.document.file_name == "report.csv"
    assert returned.caption == "Отчёт"
    # the field is an attach:// reference to a separate multipart part
    call = fake.requests[-1]
    assert str(call.params["document"]).startswith("attach://")
    assert [upload.filename for upload in call.files.values()] == ["report.csv"]

    photo = await bot.send_photo(USER, returned.document.file_id)  # re-send by file_id
    assert photo.photo is not None
    assert fake.sent[-1].file_bytes == sent.file_bytes


async def test_set_my_commands_is_stored_per_language(fake: FakeTelegram, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(command="start", description="Начать")])
    await bot.set_my_commands(
        [
            BotCommand(command="start", description="Start"),
            BotCommand(command="help", description="Help"),
        ],
        scope=BotCommandScopeDefault(),
        language_code="en",
    )
    assert fake.commands[""] == [{"command": "start", "description": "Начать"}]
    assert [c["command"] for c in fake.commands["en"]] == ["start", "help"]
    listed = await bot.get_my_commands(language_code="en")
    assert [c.command for c in listed] == ["start", "help"]
    await bot.delete_my_commands(language_code="en")
    assert "en" not in fake.commands
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad Command", description="x")])


async def test_chat_scope_wins_over_default_and_falls_back_when_deleted(
    fake: FakeTelegram, bot: Bot
) -> None:
    await bot.set_my_commands([BotCommand(command="start", description="Начать")])
    await bot.set_my_commands(
        [BotCommand(command="start", description="Start")], language_code="en"
    )
    await bot.set_my_commands(
        [BotCommand(command="menu", description="Меню")], scope=BotCommandScopeChat(chat_id=USER)
    )
    # the chat's list without a language serves every client language
    assert [c["command"] for c in fake.visible_commands(USER, "en")] == ["menu"]
    listed = await bot.get_my_commands(scope=BotCommandScopeChat(chat_id=USER))
    assert [c.command for c in listed] == ["menu"]
    assert (
        await bot.get_my_commands(scope=BotCommandScopeChat(chat_id=USER), language_code="en") == []
    )
    await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=USER))
    assert fake.visible_commands(USER, "en") == [{"command": "start", "description": "Start"}]
    assert fake.visible_commands(USER, "de") == [{"command": "start", "description": "Начать"}]
    await bot.set_my_commands(
        [BotCommand(command="help", description="Help")], scope=BotCommandScopeAllPrivateChats()
    )
    assert [c["command"] for c in fake.visible_commands(USER)] == ["help"]


async def test_command_scopes_and_texts_are_validated_like_telegram(
    fake: FakeTelegram, bot: Bot
) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.set_my_commands(
            [BotCommand(command="menu", description="Меню")],
            scope=BotCommandScopeChat(chat_id=999_999),
        )
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="x" * 33, description="x")])
    with pytest.raises(TelegramBadRequest, match="description is empty or too long"):
        await bot.set_my_commands([BotCommand(command="menu", description="x" * 257)])
    with pytest.raises(TelegramBadRequest, match="invalid language code"):
        await bot.set_my_commands(
            [BotCommand(command="menu", description="x")], language_code="rus"
        )
    assert fake.commands_by_scope == {}


async def test_descriptions_are_stored_per_language_within_limits(
    fake: FakeTelegram, bot: Bot
) -> None:
    await bot.set_my_description("Бот программы наставничества")
    await bot.set_my_description("A mentoring bot", language_code="en")
    await bot.set_my_short_description("Наставничество", language_code="ru")
    assert fake.descriptions == {"": "Бот программы наставничества", "en": "A mentoring bot"}
    assert (await bot.get_my_description(language_code="en")).description == "A mentoring bot"
    # a language without one of its own reads empty (clients then show the default)
    assert (await bot.get_my_description(language_code="de")).description == ""
    short = await bot.get_my_short_description(language_code="ru")
    assert short.short_description == "Наставничество"
    with pytest.raises(TelegramBadRequest, match="description is too long"):
        await bot.set_my_description("x" * 513)
    with pytest.raises(TelegramBadRequest, match="short description is too long"):
        await bot.set_my_short_description("x" * 121)
    await bot.set_my_description("x" * 512)  # the limit itself is allowed
    await bot.set_my_description("", language_code="en")  # empty removes it
    assert "en" not in fake.descriptions


async def test_webhook_and_menu_button(fake: FakeTelegram, bot: Bot) -> None:
    assert await bot.delete_webhook(drop_pending_updates=True) is True
    info = await bot.get_webhook_info()
    assert info.url == ""
    assert info.pending_update_count == 0
    assert await bot.set_chat_menu_button() is True
    assert fake.menu_buttons[None] == {"type": "default"}


# ----- waiting ----------------------------------------------------------------------------


async def test_wait_for_message_sees_later_sends_only(fake: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(USER, "old")
    cursor = fake.mark()
    waiter = asyncio.create_task(fake.wait_for_message(USER, after=cursor, timeout=2))
    await asyncio.sleep(0.01)
    assert not waiter.done()
    await bot.send_message(USER, "new")
    message = await waiter
    assert message.text == "new"
    predicate_hit = await fake.wait_for_message(USER, lambda m: m.text == "old", after=0)
    assert predicate_hit.index == 0


async def test_wait_for_message_timeout_lists_recent_messages(fake: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(USER, "the only message")
    with pytest.raises(AssertionError) as error:
        await fake.wait_for_message(USER, lambda m: "never" in (m.text or ""), timeout=0.2)
    assert "the only message" in str(error.value)
    assert f"chat {USER}" in str(error.value)
    with pytest.raises(AssertionError, match="no sendPhoto call"):
        await fake.wait_for_call("sendPhoto", timeout=0.05)


async def test_real_polling_dispatcher_round_trip(fake: FakeTelegram, bot: Bot) -> None:
    """What e2e tests do: an aiogram Dispatcher polls the fake; the test acts as a user."""
    router = Router()

    @router.message(Command("start"))
    async def start(message: Message, command: CommandObject) -> None:
        await message.answer(f"payload={command.args}", reply_markup=keyboard(("Go", "go")))

    @router.callback_query(F.data == "go")
    async def go(query: CallbackQuery) -> None:
        assert isinstance(query.message, Message)
        await query.message.edit_text("went")
        await query.answer("done")

    dp = Dispatcher()
    dp.include_router(router)
    polling = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, close_bot_session=False, polling_timeout=5)
    )
    try:
        await fake.wait_for_polling(timeout=5)
        cursor = fake.mark()
        fake.send_text(USER, "/start abc")
        reply = await fake.wait_for_message(USER, after=cursor, timeout=5)
        assert reply.text == "payload=abc"
        polled = await fake.wait_for_call("getUpdates", after=0, timeout=1)
        assert sorted(polled.params["allowed_updates"]) == ["callback_query", "message"]

        cursor = fake.mark()
        press = fake.press_button(USER, reply, "Go")
        edited = await fake.wait_for_message(USER, after=cursor, timeout=5)
        assert edited is reply
        assert reply.text == "went"
        assert reply.edits == ["payload=abc"]
        answer = await fake.wait_for_callback_answer(press["callback_query"]["id"], timeout=5)
        assert answer.params["text"] == "done"
    finally:
        await dp.stop_polling()
        await polling


# ----- formatting helpers -----------------------------------------------------------------


def test_parse_html_entities() -> None:
    plain, entities = parse_html(
        '<a href="https://x.org">link</a> <pre><code class="language-python">x=1</code></pre>'
        " <tg-spoiler>s</tg-spoiler> &#128512; &quot;q&quot; &unknown;"
    )
    assert plain == 'link x=1 s 😀 "q" &unknown;'
    assert entities == [
        {"type": "text_link", "offset": 0, "length": 4, "url": "https://x.org"},
        {"type": "pre", "offset": 5, "length": 3, "language": "python"},
        {"type": "spoiler", "offset": 9, "length": 1},
    ]
    assert bot_command_entities("/help@mentor_test_bot now, then /start") == [
        {"type": "bot_command", "offset": 0, "length": 21},
        {"type": "bot_command", "offset": 32, "length": 6},
    ]
    assert bot_command_entities("a/b not/command") == []


# ----- RecordingSession -------------------------------------------------------------------


def _recording_router() -> Router:
    router = Router()

    @router.message(Command("start"))
    async def start(message: Message) -> None:
        me = await message.bot.me() if message.bot else None
        name = me.username if me else "?"
        await message.answer(f"Hi from @{name}", reply_markup=keyboard(("OK", "ok")))

    @router.callback_query(F.data == "ok")
    async def ok(query: CallbackQuery) -> None:
        assert isinstance(query.message, Message)
        await query.message.edit_text(f"Confirmed: {query.message.text}")
        await query.answer()

    return router


async def test_recording_session_with_feed_update() -> None:
    session = RecordingSession()
    bot = make_bot(session)
    dp = Dispatcher()
    dp.include_router(_recording_router())

    await dp.feed_update(bot, make_message_update(USER, "/start"))
    assert [type(r) for r in session.requests] == [GetMe, SendMessage]
    sent = session.last(SendMessage)
    assert sent.chat_id == USER
    assert sent.text == "Hi from @mentor_test_bot"
    assert sent.reply_markup == keyboard(("OK", "ok"))

    await dp.feed_update(bot, make_callback_update(USER, "ok", message_id=1000, message_text="Hi"))
    edit = session.last(EditMessageText)
    assert (edit.chat_id, edit.message_id, edit.text) == (USER, 1000, "Confirmed: Hi")
    assert isinstance(session.requests[-1], AnswerCallbackQuery)
    assert session.sent_texts == ["Hi from @mentor_test_bot", "Confirmed: Hi"]


async def test_recording_session_results_and_queued_errors() -> None:
    session = RecordingSession()
    bot = make_bot(session)
    first = await bot.send_message(USER, "one", reply_markup=keyboard(("A", "a")))
    second = await bot.send_message(USER, "two")
    assert second.message_id == first.message_id + 1
    assert first.text == "one"
    assert first.chat.id == USER
    assert first.reply_markup is not None
    assert first.reply_markup.model_dump() == keyboard(("A", "a")).model_dump()
    document = await bot.send_document(USER, BufferedInputFile(b"x", "r.csv"))
    assert document.document is not None
    assert document.document.file_name == "r.csv"
    assert await bot.send_chat_action(USER, "typing") is True

    session.queue_error(
        SendMessage, TelegramForbiddenError, "Forbidden: bot was blocked by the user"
    )
    session.queue_error(SendMessage, TelegramRetryAfter, "Too Many Requests", retry_after=3)
    session.queue_result(
        SendMessage, {"message_id": 77, "date": 0, "chat": {"id": 5, "type": "private"}}
    )
    with pytest.raises(TelegramForbiddenError, match="blocked"):
        await bot.send_message(USER, "x")
    with pytest.raises(TelegramRetryAfter) as retry:
        await bot.send_message(USER, "x")
    assert retry.value.retry_after == 3
    custom = await bot.send_message(USER, "x")
    assert custom.message_id == 77
    assert (await bot.send_message(USER, "back to defaults")).text == "back to defaults"
    await bot.session.close()
    assert session.closed
