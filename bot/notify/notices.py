"""Messages to people other than the one who pressed: always through the outbox.

The outbox row is written in the update's transaction, so a notice exists exactly when the
change it reports does; the sender delivers it within Telegram's limits, retries 429s, records
403s, and a withdrawal cancels it if it names the withdrawn person (``about``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.notify.meetings import markup_dict
from bot.tg.i18n import I18n
from models import Membership, User
from services.orgs import OrgService
from services.outbox import Outbox

NOTICE_KIND = "notification"

Render = Callable[[I18n], str]


async def notify_user(
    session: AsyncSession,
    deps: AppDeps,
    user: User,
    render: Render,
    now: datetime,
    *,
    about: Iterable[int] = (),
    markup: Callable[[I18n], InlineKeyboardMarkup | None] | None = None,
    kind: str = NOTICE_KIND,
    dedupe_key: str | None = None,
    not_before: datetime | None = None,
) -> bool:
    """Queue ``render`` in the person's language; False when the key was taken already.
    ``not_before``: later than now (a scheduled message kept out of the quiet hours)."""
    i18n = deps.translator.for_user(user)
    return await Outbox(session).enqueue(
        user.telegram_id,
        render(i18n),
        kind=kind,
        not_before=not_before or now,
        dedupe_key=dedupe_key,
        reply_markup=markup_dict(markup(i18n)) if markup else None,
        about=about,
    )


async def notify_membership(
    session: AsyncSession,
    deps: AppDeps,
    membership_id: int,
    render: Render,
    now: datetime,
    *,
    about: Iterable[int] = (),
    markup: Callable[[I18n], InlineKeyboardMarkup | None] | None = None,
    dedupe_key: str | None = None,
) -> User | None:
    """The person behind a membership (nobody for a withdrawn one); who was told."""
    membership = await session.get(Membership, membership_id)
    if membership is None or membership.user_id is None:
        return None
    user = await session.get(User, membership.user_id)
    if user is None:
        return None
    await notify_user(
        session, deps, user, render, now, about=about, markup=markup, dedupe_key=dedupe_key
    )
    return user


async def notify_curators(
    session: AsyncSession,
    deps: AppDeps,
    org_id: int,
    render: Render,
    now: datetime,
    *,
    about: Iterable[int] = (),
    markup: Callable[[I18n], InlineKeyboardMarkup | None] | None = None,
    kind: str = NOTICE_KIND,
    skip_user_id: int | None = None,
) -> int:
    """Each curator who hears about the organization (its own, else its office's)."""
    named = tuple(about)
    told = 0
    for curator in await OrgService(session).curators_to_notify(org_id):
        if curator.id == skip_user_id:
            continue
        await notify_user(
            session, deps, curator, render, now, about=named, markup=markup, kind=kind
        )
        told += 1
    return told
