"""After an update, the person's command list follows their roles (bot/tg/commands.py).

Whether the update changed a role or a language is seen in the session itself: a flush that
adds or removes a membership, a guardianship or a user, or changes a role or a locale, marks
the session. Only then, or when the memory of the chat is older than its recheck interval,
does the middleware read the roles; and only a different set costs an API call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from bot.app.deps import AppDeps
from bot.tg.commands import ChatCommands
from models import Guardianship, Membership, User
from services.command_sets import command_set_of

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

_TOUCHED = "command_roles_touched"
_WATCHED = (Membership, Guardianship, User)
# the columns whose change changes someone's list (a mentor's load or a user's last
# reachability do not)
_WATCHED_COLUMNS: dict[type, tuple[str, ...]] = {
    Membership: ("user_id", "role"),
    User: ("locale",),
}


def roles_touched(session: Session) -> bool:
    return bool(session.info.get(_TOUCHED))


@event.listens_for(Session, "after_flush")
def _mark_flushed(session: Session, _flush: UOWTransaction) -> None:
    if session.info.get(_TOUCHED):
        return
    if any(isinstance(obj, _WATCHED) for obj in (*session.new, *session.deleted)):
        session.info[_TOUCHED] = True
        return
    for obj in session.dirty:
        columns = _WATCHED_COLUMNS.get(type(obj), ())
        if columns and any(inspect(obj).attrs[name].history.has_changes() for name in columns):
            session.info[_TOUCHED] = True
            return


@event.listens_for(Session, "do_orm_execute")
def _mark_bulk(state: ORMExecuteState) -> None:
    # erasure deletes with statements, not objects; bulk updates change loads and stamps only
    if not (state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, _WATCHED):
        state.session.info[_TOUCHED] = True


class ChatCommandsMiddleware(BaseMiddleware):
    """Inside the session's commit (bot/tg/middlewares/db.py): the call goes out after the
    handler's writes, and a handler that raised changes nothing."""

    def __init__(self, deps: AppDeps, chats: ChatCommands) -> None:
        self.deps = deps
        self.chats = chats

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        result = await handler(event, data)
        tg_user: TgUser | None = data.get("event_from_user")
        session = data.get("session")
        bot: Bot | None = data.get("bot")
        if tg_user is None or session is None or bot is None or tg_user.is_bot:
            return result
        # the handler's last writes may still be pending: flushing them shows what they touched
        # (skipped when there are none: an empty flush still costs a trip through the greenlet)
        if session.new or session.deleted or session.dirty:
            await session.flush()
        changed = roles_touched(session.sync_session)
        if not changed and not self.chats.due(tg_user.id):
            return result
        session.info.pop(_TOUCHED, None)
        wanted = await command_set_of(
            session,
            tg_user.id,
            is_admin=self.deps.is_admin(tg_user.id),
            default_locale=self.deps.settings.default_locale,
        )
        await self.chats.apply(bot, tg_user.id, wanted, changed=changed)
        return result
