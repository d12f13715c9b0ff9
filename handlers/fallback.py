"""The last router: whatever nobody else handled still gets a polite answer."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.tg.i18n import I18n
from handlers.menu import send_menu
from models import User
from services.questionnaire.store import QuestionnaireStore


async def unknown_message(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    if user is None:
        if deps.is_admin(message.chat.id):
            await message.answer(i18n("fallback-registered"))
        else:
            await message.answer(i18n("start-how-to-join"))
        return
    text = message.text or ""
    if text.startswith("/"):
        await message.answer(i18n("fallback-unknown-command"))
        return
    if await QuestionnaireStore(session, deps.forms).open_for_user(user.id) is not None:
        # the questionnaire was paused with /cancel: offer to go on rather than guess
        await message.answer(i18n("fallback-questionnaire-paused"))
        await send_menu(bot, message.chat.id, session, user, i18n, deps, state)
        return
    await message.answer(i18n("fallback-registered"))


async def unknown_button(query: CallbackQuery, i18n: I18n) -> None:
    await query.answer(i18n("error-stale-button"), show_alert=True)


def build_router() -> Router:
    router = Router(name="fallback")
    router.message.register(unknown_message)
    router.callback_query.register(unknown_button)
    return router
