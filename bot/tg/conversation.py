"""Reading what a multi-step conversation remembered, and saying so when it is gone."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.tg.i18n import I18n


async def remembered_id(message: Message, state: FSMContext, i18n: I18n, key: str) -> int | None:
    """The object id a conversation step is about; None (after a polite word and leaving the
    step) when the conversation no longer remembers one, e.g. after the person cancelled."""
    value = (await state.get_data()).get(key)
    if isinstance(value, int):
        return value
    await state.set_state(None)
    await message.answer(i18n("error-stale-button"))
    return None
