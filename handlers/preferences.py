"""The preference survey: the curator starts it, mentees rank mentors, mentors mark mentees."""

from __future__ import annotations

import contextlib
from functools import partial

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.notify.notices import notify_membership
from bot.tg.callbacks import PrefAct, PrefCb
from bot.tg.filters import OrgAccess
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views.common import esc, shorten
from models import Membership, Organization, Role, User
from services.errors import DomainError
from services.orgs import OrgService
from services.pairing import preferences
from services.pairing.bank import Pool, load_pool
from services.people import PeopleService

RANK_MARKS = ("1️⃣", "2️⃣", "3️⃣")


def _mark(target: int, picked: list[int], *, ranked: bool) -> str:
    if target not in picked:
        return "▫️"
    return RANK_MARKS[picked.index(target)] if ranked else "✅"


def _keyboard(
    i18n: I18n, org_id: int, pool: Pool, targets: list[int], picked: list[int], *, ranked: bool
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for target in targets:
        person = pool.people.get(target)
        name = shorten(person.name if person and person.name else i18n("name-unknown"), 40)
        mark = _mark(target, picked, ranked=ranked)
        kb.button(
            text=f"{mark} {name}",
            callback_data=PrefCb(act=PrefAct.TOGGLE, org=org_id, target=target),
        )
    kb.button(text=i18n("btn-done"), callback_data=PrefCb(act=PrefAct.DONE, org=org_id))
    kb.adjust(1)
    return kb.as_markup()


def _ask_text(i18n: I18n, *, key: str, org_name: str) -> str:
    return i18n(key, org=esc(org_name))


def _targets(pool: Pool, org_id: int, role: Role) -> list[int]:
    """Mentees see mentors with room; mentors see mentees still without a pair."""
    if role is Role.MENTEE:
        return [m.id for m in pool.mentors if m.org_id == org_id and m.capacity > 0]
    return [m.id for m in pool.mentees if m.org_id == org_id]


async def start_survey(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    pool = await load_pool(session, org)
    people = PeopleService(session)
    now = deps.clock.now()
    sent = 0
    for role, ids in (
        (Role.MENTEE, [m.id for m in pool.mentees if m.org_id == org.id]),
        (Role.MENTOR, [m.id for m in pool.mentors if m.org_id == org.id and m.capacity > 0]),
    ):
        targets = _targets(pool, org.id, role)
        if not targets:
            continue
        named = await people.user_ids_of(targets)
        key = "pref-ask-mentee" if role is Role.MENTEE else "pref-ask-mentor"
        ranked = role is Role.MENTEE
        for membership_id in ids:
            picked = await preferences.chosen(session, membership_id)
            told = await notify_membership(
                session,
                deps,
                membership_id,
                partial(_ask_text, key=key, org_name=org.name),
                now,
                about=named,
                markup=partial(
                    _keyboard,
                    org_id=org.id,
                    pool=pool,
                    targets=targets,
                    picked=picked,
                    ranked=ranked,
                ),
            )
            sent += told is not None
    await query.answer()
    await bot.send_message(query.from_user.id, i18n("pref-started", count=sent, org=esc(org.name)))


async def done(
    query: CallbackQuery,
    callback_data: PrefCb,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
) -> None:
    await _chooser(session, user, callback_data.org)
    await query.answer(i18n("pref-saved"))
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramAPIError):
            await query.message.edit_text(i18n("pref-thanks"), reply_markup=None)


async def toggle(
    query: CallbackQuery,
    callback_data: PrefCb,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    chooser = await _chooser(session, user, callback_data.org)
    target = await preferences.target(session, callback_data.target)
    picked = await preferences.toggle(session, chooser, target, deps.clock.now())
    await query.answer()
    if not isinstance(query.message, Message):
        return
    org = await OrgService(session).get(chooser.org_id)
    pool = await load_pool(session, org)
    targets = _targets(pool, org.id, chooser.role)
    with contextlib.suppress(TelegramAPIError):
        await query.message.edit_reply_markup(
            reply_markup=_keyboard(
                i18n, org.id, pool, targets, picked, ranked=chooser.role is Role.MENTEE
            )
        )


async def _chooser(session: AsyncSession, user: User | None, org_id: int) -> Membership:
    if user is None:
        raise DomainError("error-no-access")
    return await preferences.chooser(session, user.id, org_id)


def build_router() -> Router:
    router = Router(name="preferences")
    router.callback_query.register(start_survey, PrefCb.filter(F.act == PrefAct.START), OrgAccess())
    # the participants' buttons: the person's own membership in the organization is checked
    router.callback_query.register(toggle, PrefCb.filter(F.act == PrefAct.TOGGLE))
    router.callback_query.register(done, PrefCb.filter(F.act == PrefAct.DONE))
    return router
