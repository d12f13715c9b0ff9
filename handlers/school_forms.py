"""Curator: which forms of mentoring the school runs («учитель – ученик», «ученик – ученик»…).

Matching never proposes, and an offer never makes, a pair of a form that is off here."""

from __future__ import annotations

import contextlib

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.tg.callbacks import MenuAct, MenuCb, SchoolFormsAct, SchoolFormsCb
from bot.tg.filters import OrgAccess
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.menus import show_menu
from bot.tg.views.common import esc
from models import MentoringForm, Organization, OrgKind
from services.errors import DomainError
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
            callback_data=SchoolFormsCb(act=SchoolFormsAct.TOGGLE, org=org.id, form=form.value),
        )
    kb.button(text=i18n("btn-back-to-org"), callback_data=MenuCb(act=MenuAct.ORG, org=org.id))
    kb.adjust(1)
    return kb.as_markup()


async def _school_only(query: CallbackQuery, org: Organization) -> bool:
    """A filter after ``OrgAccess``: an office runs no forms of its own (its menu has no such
    button, so a press is a stale one)."""
    if org.kind is OrgKind.MUNICIPALITY:
        raise DomainError("error-stale-button")
    return True


async def show_forms(
    query: CallbackQuery, bot: Bot, org: Organization, i18n: I18n, state: FSMContext
) -> None:
    await query.answer()
    await show_menu(bot, state, forms_text(i18n, org), forms_keyboard(i18n, org), pressed=query)


async def toggle_form(
    query: CallbackQuery,
    callback_data: SchoolFormsCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    state: FSMContext,
) -> None:
    form = MentoringForm(callback_data.form)
    org.enabled_forms = toggled(org.enabled_forms, form)
    await session.flush()
    key = "school-forms-on" if form in enabled_forms(org.enabled_forms) else "school-forms-off"
    await query.answer(i18n(key, form=i18n(f"form-{form.value}")))
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramAPIError):
            await query.message.edit_reply_markup(reply_markup=forms_keyboard(i18n, org))
            return
    await show_menu(bot, state, forms_text(i18n, org), forms_keyboard(i18n, org), pressed=query)


def build_router() -> Router:
    router = Router(name="school_forms")
    # every press re-checks that this person manages the school
    for handler, act in ((show_forms, SchoolFormsAct.SHOW), (toggle_form, SchoolFormsAct.TOGGLE)):
        router.callback_query.register(
            handler, SchoolFormsCb.filter(F.act == act), OrgAccess(), _school_only
        )
    return router
