"""One live menu per chat: a menu press edits its own message, a new menu retires the old one.

Without this, main menu → organization → reports left three menus in the chat, each still
offering its buttons. The id of the chat's live menu message is kept in the conversation
storage under a destiny of its own ("menu"): ``state.clear()`` and ``set_state`` only touch
the default destiny, so the id survives every finished flow, yet it lives where the chat's
state already lives (the project's database, or Redis when instances share it), commits with
the update, and is erased with the person's conversation rows. No table or migration needed.

Menus are edited only when the press came from the live menu itself (or when the caller says
the pressed message is a page of the same list): a button that happens to lead to a menu from a
message holding something worth keeping (a summary, a saved-count confirmation) sends the menu
anew instead of overwriting that message.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

MENU_DESTINY = "menu"
LIVE_KEY = "live"

log = logging.getLogger(__name__)


def _menu_state(state: FSMContext) -> FSMContext:
    return FSMContext(storage=state.storage, key=replace(state.key, destiny=MENU_DESTINY))


async def live_menu_id(state: FSMContext) -> int | None:
    value = (await _menu_state(state).get_data()).get(LIVE_KEY)
    return value if isinstance(value, int) else None


async def _set_live(state: FSMContext, message_id: int | None) -> None:
    await _menu_state(state).set_data({} if message_id is None else {LIVE_KEY: message_id})


async def forget_menu(state: FSMContext) -> None:
    """/forget: the chat's live menu id goes with the rest of the conversation (on Redis
    nothing else would delete it)."""
    await _set_live(state, None)


def _not_modified(error: TelegramBadRequest) -> bool:
    return "message is not modified" in error.message


async def retire_menu(bot: Bot, state: FSMContext, *, keep: int | None = None) -> None:
    """Take the keyboard off the chat's live menu (unless it is ``keep``) and forget it.

    A menu too old to edit, deleted by the person, or already bare is no reason to fail the
    update: its buttons re-check everything when pressed anyway.
    """
    live = await live_menu_id(state)
    if live is None or live == keep:
        return
    await _set_live(state, None)
    try:
        await bot.edit_message_reply_markup(chat_id=state.key.chat_id, message_id=live)
    except TelegramBadRequest as error:
        log.debug("old menu %s kept its keyboard: %s", live, error.message)


async def show_menu(
    bot: Bot,
    state: FSMContext,
    text: str,
    markup: InlineKeyboardMarkup | None,
    *,
    pressed: CallbackQuery | None = None,
    edit: bool = False,
) -> None:
    """Show a menu: in place of the pressed message when that is the live menu (or ``edit``
    says the pressed message is another page of this very list), else as a new message that
    becomes the live menu, the previous one losing its keyboard."""
    chat_id = state.key.chat_id
    message = pressed.message if pressed is not None else None
    if isinstance(message, Message) and (edit or message.message_id == await live_menu_id(state)):
        # the old keyboard goes first, here and below: once the person sees the new menu,
        # nothing else about the menus changes any more
        await retire_menu(bot, state, keep=message.message_id)
        try:
            await bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=message.message_id, reply_markup=markup
            )
        except TelegramBadRequest as error:
            if not _not_modified(error):
                # too old to edit, deleted, no longer text: a new message will do
                log.debug("menu %s not edited: %s", message.message_id, error.message)
                await _send(bot, state, chat_id, text, markup)
                return
        await _set_live(state, message.message_id)
        return
    await _send(bot, state, chat_id, text, markup)


async def _send(
    bot: Bot, state: FSMContext, chat_id: int, text: str, markup: InlineKeyboardMarkup | None
) -> None:
    await retire_menu(bot, state)
    sent = await bot.send_message(chat_id, text, reply_markup=markup)
    await _set_live(state, sent.message_id)
