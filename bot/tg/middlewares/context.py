from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.infra.logging_setup import update_context
from services.people import PeopleService

log = logging.getLogger(__name__)


class ContextMiddleware(BaseMiddleware):
    """Loads the registered person (or None) and binds the translator to their language.

    Before consent nothing is stored about a person, so an unregistered user's language choice
    lives only in their conversation state.
    """

    def __init__(self, deps: AppDeps) -> None:
        self.deps = deps

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        session: AsyncSession = data["session"]
        user = None
        locale: str = self.deps.settings.default_locale
        pupil = False
        if tg_user is not None:
            user = await PeopleService(session).by_telegram_id(tg_user.id)
            if user is not None:
                locale = user.locale
                if user.unreachable_at is not None:
                    # they write to the bot again, so they have unblocked it
                    user.unreachable_at = None
            else:
                state: FSMContext | None = data.get("state")
                if state is not None:
                    conversation = await state.get_data()
                    stored = conversation.get("locale")
                    if isinstance(stored, str) and self.deps.translator.supports(stored):
                        locale = stored
                    # a pupil answering the join questions is not stored yet, but is a pupil
                    pupil = isinstance(conversation.get("pupil_band"), str)
        data["user"] = user
        data["deps"] = self.deps
        translator = self.deps.translator
        data["i18n"] = (
            translator.for_user(user) if user is not None else translator.bind(locale, pupil=pupil)
        )
        update_id = event.update_id if isinstance(event, Update) else None
        with update_context(update_id=update_id, user_id=tg_user.id if tg_user else None):
            return await handler(event, data)
