"""/privacy: how the bot handles personal data, for anyone, before consent too."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.tg.i18n import I18n
from bot.tg.views.privacy import privacy_text
from models import User
from services.people import PeopleService


async def privacy_command(
    message: Message, session: AsyncSession, user: User | None, i18n: I18n, deps: AppDeps
) -> None:
    # a stranger's /privacy reads settings only: nothing about them is stored to answer it
    organizations: list[str] = []
    if user is not None:
        memberships = await PeopleService(session).memberships(user.id)
        organizations = list(dict.fromkeys(org.name for _, org in memberships))
    settings = deps.settings
    await message.answer(
        privacy_text(
            i18n,
            operator=settings.operator_name,
            contact=settings.operator_contact,
            backup_days=settings.backup_keep_days,
            organizations=organizations,
        )
    )


def build_router() -> Router:
    router = Router(name="privacy")
    router.message.register(privacy_command, Command("privacy"))
    return router
