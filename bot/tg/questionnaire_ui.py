"""Showing the current step of a questionnaire in chat, shared by onboarding and answering."""

from __future__ import annotations

import contextlib
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext

from bot.tg.i18n import I18n
from bot.tg.states import Questionnaire
from bot.tg.views import questionnaire as qview
from services.questionnaire.store import QuestionnaireStore, Step

log = logging.getLogger(__name__)

QUESTION_MESSAGE_KEY = "qmsg"


async def retire_previous(bot: Bot, chat_id: int, state: FSMContext) -> None:
    """Take the buttons off the last question so old presses cannot be mistaken for new ones.

    The conversation remembers only a question that still shows buttons: once they are gone
    the message is forgotten, so a later questionnaire does not ask Telegram to remove them
    again (a 400 "message is not modified")."""
    message_id = (await state.get_data()).get(QUESTION_MESSAGE_KEY)
    if isinstance(message_id, int):
        await buttons_removed(state, message_id)
        with contextlib.suppress(TelegramAPIError):  # deleted by the person, too old to edit
            await bot.edit_message_reply_markup(
                chat_id=chat_id, message_id=message_id, reply_markup=None
            )


async def buttons_removed(state: FSMContext, message_id: int) -> None:
    """The question message ``message_id`` shows no buttons any more: nothing to retire."""
    if (await state.get_data()).get(QUESTION_MESSAGE_KEY) == message_id:
        await _forget_question_message(state)


async def _forget_question_message(state: FSMContext) -> None:
    data = await state.get_data()
    if QUESTION_MESSAGE_KEY in data:
        await state.set_data({k: v for k, v in data.items() if k != QUESTION_MESSAGE_KEY})


async def show_step(
    bot: Bot, chat_id: int, i18n: I18n, step: Step, state: FSMContext, *, retire: bool = True
) -> None:
    if retire:
        await retire_previous(bot, chat_id, state)
    response = step.response
    question = step.question
    if question is None:
        sent = await bot.send_message(
            chat_id,
            qview.summary_text(i18n, step.form, step.answers),
            reply_markup=qview.summary_keyboard(i18n, response.id),
        )
    else:
        sent = await bot.send_message(
            chat_id,
            qview.question_text(
                i18n, step.form, question, editing=response.editing, answers=step.answers
            ),
            reply_markup=qview.question_keyboard(
                i18n,
                response.id,
                step.form,
                question,
                step.answers.get(question.id),
                keep=qview.can_keep(question, step.answers),
            ),
        )
    await state.set_state(Questionnaire.answering)
    if sent.reply_markup is not None:
        await state.update_data({QUESTION_MESSAGE_KEY: sent.message_id})
    else:  # a question typed in, with no buttons: nothing to take off later
        await _forget_question_message(state)


async def show_unfinished_first(
    bot: Bot,
    chat_id: int,
    i18n: I18n,
    store: QuestionnaireStore,
    state: FSMContext,
    *,
    user_id: int,
    new_response_id: int,
    notice_key: str,
) -> bool:
    """One questionnaire at a time, oldest first, as typed answers go to that one: when another
    is unfinished, say so (``notice_key``) and show it; the new one is asked right after it.
    True when it did."""
    current = await store.open_for_user(user_id)
    if current is None or current.id == new_response_id:
        return False
    await bot.send_message(chat_id, i18n(notice_key))
    await show_step(bot, chat_id, i18n, await store.step(current), state)
    return True
