"""Which commands Telegram lists for a person: by what they are, never more than they may use.

A stranger sees how to begin and what happens to their data; a participant sees their meetings
and data; a curator or head works from the menu; an operator in ADMIN_IDS also sees /neworg.
The rule is pure (one order for the bot and the tests); ``command_set_of`` reads what it needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Guardianship, Membership, Role, User

__all__ = ["ALL_COMMANDS", "STRANGER", "CommandSet", "command_set", "command_set_of"]

# every command any set lists, in the order Telegram shows them
ALL_COMMANDS = (
    "start",
    "menu",
    "meetings",
    "mydata",
    "help",
    "privacy",
    "lang",
    "cancel",
    "forget",
    "neworg",
)

STRANGER = ("start", "help", "privacy")
_PARTICIPANT = ("menu", "meetings", "mydata", "help", "privacy", "lang", "cancel", "forget")
_STAFF = ("menu", "mydata", "help", "privacy", "lang", "cancel", "forget")
_PARENT = ("menu", "mydata", "help", "privacy", "lang", "forget")
_ADMIN = ("menu", "help", "privacy", "lang", "cancel", "neworg")

_BY_ROLE = {
    Role.MENTOR: _PARTICIPANT,
    Role.MENTEE: _PARTICIPANT,
    Role.CURATOR: _STAFF,
    Role.HEAD: _STAFF,
}


@dataclass(frozen=True, slots=True)
class CommandSet:
    """The commands and the language their descriptions are in; equal sets need no API call."""

    names: tuple[str, ...]
    locale: str

    @property
    def is_stranger(self) -> bool:
        return self.names == STRANGER


def command_set(
    roles: Iterable[Role], *, is_admin: bool, is_parent: bool, locale: str
) -> CommandSet:
    """The union of what each role needs, in ``ALL_COMMANDS`` order; nobody → the stranger's."""
    wanted: set[str] = set()
    for role in roles:
        wanted.update(_BY_ROLE[role])
    if is_parent:
        wanted.update(_PARENT)
    if is_admin:
        wanted.update(_ADMIN)
    if not wanted:
        return CommandSet(STRANGER, locale)
    return CommandSet(tuple(name for name in ALL_COMMANDS if name in wanted), locale)


async def command_set_of(
    session: AsyncSession, telegram_id: int, *, is_admin: bool, default_locale: str
) -> CommandSet:
    """The set a Telegram user should see now, from what the database holds about them."""
    found = (
        await session.execute(select(User.id, User.locale).where(User.telegram_id == telegram_id))
    ).first()
    if found is None:
        return command_set((), is_admin=is_admin, is_parent=False, locale=default_locale)
    user_id, locale = found
    roles = set(await session.scalars(select(Membership.role).where(Membership.user_id == user_id)))
    parent = await session.scalar(
        select(Guardianship.id).where(Guardianship.guardian_user_id == user_id).limit(1)
    )
    return command_set(roles, is_admin=is_admin, is_parent=parent is not None, locale=locale)
