"""What every handler may need, built once at start-up and passed as dispatcher data."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Translator
from services.clock import Clock
from services.questionnaire.schema import Form


@dataclass
class AppDeps:
    settings: Settings
    translator: Translator
    forms: dict[str, Form]
    clock: Clock
    session_factory: async_sessionmaker[AsyncSession]
    bot_username: str = ""

    def is_admin(self, telegram_id: int) -> bool:
        return telegram_id in self.settings.admin_ids
