"""The transcript renderer behind docs/flows.md, and the fake's chat log it reads."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from tests.fake_telegram import ChatEvent, FakeTelegram
from tests.fake_telegram.transcript import (
    DEFAULT_RULES,
    FlowDoc,
    Normalizer,
    keyboard_rows,
    queue_order,
    render_conversation,
    render_event,
)

NORMALIZE = Normalizer(DEFAULT_RULES)
USER = 1001


def _button(text: str, data: str) -> dict[str, str]:
    return {"text": text, "callback_data": data}


def test_keyboard_rows_are_drawn_one_line_each_with_links_marked() -> None:
    markup = {
        "inline_keyboard": [
            [_button("Да", "y"), _button("Нет", "n")],
            [{"text": "Открыть", "url": "https://t.me/x?start=abcDEF123"}],
            [_button("Ссылка start=Zz9_-x", "s")],
        ]
    }
    assert keyboard_rows(markup, NORMALIZE) == [
        "[ Да ] [ Нет ]",
        "[ Открыть ↗ ]",
        "[ Ссылка start=<TOKEN> ]",  # labels are normalized too
    ]
    assert keyboard_rows(None, NORMALIZE) == []
    assert keyboard_rows({"inline_keyboard": []}, NORMALIZE) == []


def test_normalizer_hides_invite_tokens_and_applies_rules_in_order() -> None:
    text = "https://t.me/mentor_test_bot?start=Ab3_-9xYz\n/start Qw3rTy_12 and /start ok"
    assert NORMALIZE(text) == (
        "https://t.me/mentor_test_bot?start=<TOKEN>\n/start <TOKEN> and /start ok"
    )
    ordered = Normalizer([(r"\b10:0\d\b", "10:00"), (r"10:00", "<T>")])
    assert ordered("в 10:07, в 10:17") == "в <T>, в 10:17"


def test_each_kind_of_event_is_rendered() -> None:
    keyboard = {"inline_keyboard": [[_button("✅ Да", "y"), _button("Нет", "n")]]}
    events = [
        ChatEvent(USER, "user_text", "/start Abcdef123"),
        ChatEvent(USER, "bot_message", "Привет\n\nВторая строка", keyboard, message_id=2),
        ChatEvent(USER, "user_press", "✅ Да"),
        ChatEvent(USER, "user_press", None),
        ChatEvent(USER, "toast", "Сохранено"),
        ChatEvent(USER, "bot_edit", "Готово", None, message_id=2),
        ChatEvent(USER, "user_file", "подпись", file_name="plan.pdf"),
        ChatEvent(USER, "bot_message", "📊 Отчёт", None, "report.xlsx", message_id=3),
        ChatEvent(USER, "bot_delete", "Готово", message_id=2),
        ChatEvent(USER, "note", "the clock moves"),
    ]
    assert render_conversation(events, NORMALIZE) == "\n\n".join(
        [
            "👤 /start <TOKEN>",
            "🤖 Привет\n\n   Вторая строка\n   [ ✅ Да ] [ Нет ]",
            "👤 [нажата кнопка: ✅ Да]",
            "👤 [нажата кнопка: ?]",
            "🤖 (всплывающее уведомление) Сохранено",
            "🤖 (сообщение изменено) Готово",
            "👤 📎 plan.pdf\n   подпись",
            "🤖 📎 report.xlsx\n   📊 Отчёт",
            "🤖 (сообщение удалено)",
            "⏩ the clock moves",
        ]
    )
    # an edit that only redraws the keyboard still shows the text it keeps
    assert render_event(ChatEvent(USER, "bot_edit", "Вопрос", keyboard), NORMALIZE) == [
        "🤖 (сообщение изменено) Вопрос",
        "   [ ✅ Да ] [ Нет ]",
    ]


def test_queued_notifications_are_shown_in_queue_order_within_a_run() -> None:
    def sent(message_id: int) -> ChatEvent:
        return ChatEvent(USER, "bot_message", f"m{message_id}", message_id=message_id)

    pressed = ChatEvent(USER, "user_press", "Да")
    # 5 and 6 were queued (6 first); 7 is a direct reply; 8 and 9 queued again after a press
    events = [sent(6), sent(5), sent(7), pressed, sent(9), sent(8)]
    queued = {(USER, 5): 1, (USER, 6): 2, (USER, 8): 3, (USER, 9): 4}
    assert [e.text for e in queue_order(events, queued)] == ["m5", "m6", "m7", "Да", "m8", "m9"]
    # a note (the clock moved) keeps what came before it before it
    note = ChatEvent(USER, "note", "later")
    assert [e.text for e in queue_order([sent(9), note, sent(8)], queued)] == ["m9", "later", "m8"]
    assert queue_order(events, {}) == events


def test_flow_doc_groups_each_section_by_person_in_a_fixed_order() -> None:
    log: list[ChatEvent] = []
    doc = FlowDoc(log, {1: "Curator", 2: "Mentor"}, NORMALIZE, preamble="# Title\n")
    doc.section("First")
    doc.note("Operator", "$ create\nhttps://t.me/b?start=SECRET99\n")
    log += [
        ChatEvent(2, "user_text", "hi"),
        ChatEvent(1, "bot_message", "new mentor", message_id=1),
        ChatEvent(2, "bot_message", "hello", message_id=2),
    ]
    doc.section("Second", 2)
    log += [ChatEvent(1, "user_text", "/menu"), ChatEvent(2, "bot_message", "x", message_id=3)]
    log.append(ChatEvent(9, "bot_message", "stranger", message_id=1))
    assert doc.render() == (
        "# Title\n\n"
        "## 1. First\n\n"
        "**Operator:**\n\n```text\n$ create\nhttps://t.me/b?start=<TOKEN>\n```\n\n"
        "**Curator:**\n\n```text\n🤖 new mentor\n```\n\n"
        "**Mentor:**\n\n```text\n👤 hi\n\n🤖 hello\n```\n\n"
        "## 2. Second\n\n"
        "**Mentor:**\n\n```text\n🤖 x\n```\n\n"
        "**Curator:**\n\n```text\n👤 /menu\n```\n\n"
        "**Chat 9:**\n\n```text\n🤖 stranger\n```\n"
    )


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as telegram:
        yield telegram


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    bot = Bot(fake.token, session=AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url)))
    yield bot
    await bot.session.close()


async def test_the_fake_logs_presses_messages_edits_and_toasts_in_order(
    fake: FakeTelegram, bot: Bot
) -> None:
    fake.user(USER)
    fake.user(2002)
    start = fake.log_mark()
    fake.send_text(USER, "/start")
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text="Да", callback_data="y"),
                InlineKeyboardButton(text="Нет", callback_data="n"),
            ]
        ]
    )
    sent = await bot.send_message(USER, "Вопрос <b>?</b>", reply_markup=markup, parse_mode="HTML")
    await bot.send_message(2002, "someone else")
    stored = fake.messages_to(USER)[-1]
    update = fake.press_button(USER, stored, "Нет")
    await bot.answer_callback_query(update["callback_query"]["id"], text="Принято")
    await bot.edit_message_text("Ответ: нет", chat_id=USER, message_id=sent.message_id)
    fake.forge_callback(USER, sent.message_id, "forged")
    await bot.send_document(USER, BufferedInputFile(b"data", "a.txt"), caption="Файл")
    await bot.delete_message(USER, sent.message_id)

    events = fake.conversation(USER, start)
    assert [e.kind for e in events] == [
        "user_text",
        "bot_message",
        "user_press",
        "toast",
        "bot_edit",
        "user_press",
        "bot_message",
        "bot_delete",
    ]
    # the message as sent keeps its keyboard although the edit removed it later
    assert events[1].text == "Вопрос ?"
    assert events[1].reply_markup is not None
    assert events[4].reply_markup is None
    assert render_conversation(events, NORMALIZE) == "\n\n".join(
        [
            "👤 /start",
            "🤖 Вопрос ?\n   [ Да ] [ Нет ]",
            "👤 [нажата кнопка: Нет]",
            "🤖 (всплывающее уведомление) Принято",
            "🤖 (сообщение изменено) Ответ: нет",
            "👤 [нажата кнопка: ?]",
            "🤖 📎 a.txt\n   Файл",
            "🤖 (сообщение удалено)",
        ]
    )
    assert [e.text for e in fake.conversation(2002, start)] == ["someone else"]
