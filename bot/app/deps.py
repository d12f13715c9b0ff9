"""What every handler may need, built once at start-up and passed as dispatcher data."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.config import Settings
from bot.tg.i18n import Translator
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
    # long read-only work (a municipality's report reads for seconds): on SQLite a connection of
    # its own with aiosqlite's worker thread, so the event loop keeps serving updates meanwhile
    # (bot/infra/patches/sqlite_loop.py); elsewhere the same factory
    read_session_factory: async_sessionmaker[AsyncSession] | None = None

    def reader(self) -> async_sessionmaker[AsyncSession]:
        return self.read_session_factory or self.session_factory

    def is_admin(self, telegram_id: int) -> bool:
        return telegram_id in self.settings.admin_ids
