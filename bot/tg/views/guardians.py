"""What a parent who is not a participant sees: their children's data, and help."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.tg.callbacks import MenuAct, MenuCb
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard


def parent_menu(i18n: I18n) -> tuple[str, InlineKeyboardMarkup]:
    kb = InlineKeyboard()
    kb.button(text=i18n("btn-children-data"), callback_data=MenuCb(act=MenuAct.MY_DATA))
    kb.button(text=i18n("btn-language"), callback_data=MenuCb(act=MenuAct.LANG))
    kb.button(text=i18n("btn-help"), callback_data=MenuCb(act=MenuAct.HELP))
    kb.adjust(1)
    return f"{i18n('menu-title')}\n{i18n('menu-parent')}", kb.as_markup()
