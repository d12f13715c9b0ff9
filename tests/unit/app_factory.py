"""Application dependencies for unit tests: real settings, translator, forms and database."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.deps import AppDeps
from bot.i18n import LOCALES_DIR, Translator
from services.clock import Clock
from services.questionnaire.schema import load_forms


def make_deps(
    session_factory: async_sessionmaker[AsyncSession], clock: Clock, **settings: Any
) -> AppDeps:
    return AppDeps(
        settings=Settings(bot_token="1:x", **settings),
        translator=Translator("ru"),
        forms=load_forms(LOCALES_DIR / "forms"),
        clock=clock,
        session_factory=session_factory,
        bot_username="mentor_test_bot",
    )
