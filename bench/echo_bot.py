"""The baselines for bench_throughput.py: bare aiogram bots, no database.

    python bench/echo_bot.py TOKEN API_BASE            # echoes every text message
    python bench/echo_bot.py TOKEN API_BASE --step     # the questionnaire step's Telegram side

``--step`` does what the mentor bot's answer does on aiogram's side only: a state filter, the
conversation state and data in aiogram's memory storage, and the next question sent with the
same keyboard (ten options and «back», typed callback data, built as the bot builds them). The
difference between it and the mentor bot is the bot's own work: the database and the
questionnaire logic.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a plain script

from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message

from bot.tg.callbacks import AnswerAct, AnswerCb
from bot.tg.keyboards import InlineKeyboard

OPTIONS = [f"Вариант ответа {n}" for n in range(1, 11)]


class Asking(StatesGroup):
    answering = State()


async def main(token: str, api_base: str, step: bool) -> None:
    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(api_base)))
    dp = Dispatcher()

    if step:

        @dp.message(F.text, ~F.text.startswith("/"))
        async def answer(message: Message, state: FSMContext) -> None:
            await state.set_state(Asking.answering)
            kb = InlineKeyboard()
            for index, option in enumerate(OPTIONS):
                kb.button(
                    text=option,
                    callback_data=AnswerCb(
                        response=1, question="position", act=AnswerAct.OPTION, value=index
                    ),
                )
            kb.button(
                text="← Назад",
                callback_data=AnswerCb(response=1, question="position", act=AnswerAct.BACK),
            )
            kb.adjust(1)
            sent = await message.answer(
                "<i>Анкета · вопрос 2 из 12</i>\n<b>Какую должность вы занимаете?</b>",
                reply_markup=kb.as_markup(),
            )
            await state.update_data(qmsg=sent.message_id)

    else:

        @dp.message()
        async def echo(message: Message) -> None:
            await message.answer(message.text or "…")

    await dp.start_polling(bot, polling_timeout=2)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], "--step" in sys.argv[3:]))
