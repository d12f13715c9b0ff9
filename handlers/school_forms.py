"""Curator: which forms of mentoring the school runs («учитель – ученик», «ученик – ученик»…).

Matching never proposes, and an offer never makes, a pair of a form that is off here."""

from __future__ import annotations

import contextlib

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import MenuCb, SchoolFormsAct, SchoolFormsCb
from bot.filters import require_org
from bot.i18n import I18n
from bot.keyboards import InlineKeyboard
from bot.menus import show_menu
from bot.views.common import esc
from models import MentoringForm, Organization, OrgKind, User
from services.pairing.forms import SCHOOL_FORMS, enabled_forms, toggled


def forms_text(i18n: I18n, org: Organization) -> str:
    return i18n("school-forms-title", org=esc(org.name))


def forms_keyboard(i18n: I18n, org: Organization) -> InlineKeyboardMarkup:
    on = enabled_forms(org.enabled_forms)
    kb = InlineKeyboard()
    for form in SCHOOL_FORMS:
        mark = "✅ " if form in on else "▫️ "
        kb.button(
            text=mark + i18n(f"form-{form.value}"),
            callback_data=SchoolFormsCb(act=SchoolFormsAct.TOGGLE, org=org.id, f=form.value),
        )
    kb.button(text=i18n("btn-back-to-org"), callback_data=MenuCb(act="org", org=org.id))
    kb.adjust(1)
    return kb.as_markup()


async def school_forms(
    query: CallbackQuery,
    callback_data: SchoolFormsCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    state: FSMContext,
) -> None:
    # every press re-checks that this person manages the school
    org = await require_org(session, user, callback_data.org)
    if org.kind is OrgKind.MUNICIPALITY:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    message = query.message if isinstance(query.message, Message) else None
    if callback_data.act is SchoolFormsAct.TOGGLE:
        form = MentoringForm(callback_data.f)
        org.enabled_forms = toggled(org.enabled_forms, form)
        await session.flush()
        key = "school-forms-on" if form in enabled_forms(org.enabled_forms) else "school-forms-off"
        await query.answer(i18n(key, form=i18n(f"form-{form.value}")))
        if message is not None:
            with contextlib.suppress(TelegramAPIError):
                await message.edit_reply_markup(reply_markup=forms_keyboard(i18n, org))
                return
    else:
        await query.answer()
    await show_menu(bot, state, forms_text(i18n, org), forms_keyboard(i18n, org), pressed=query)


def build_router() -> Router:
    router = Router(name="school_forms")
    router.callback_query.register(school_forms, SchoolFormsCb.filter())
    return router
