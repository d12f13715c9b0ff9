"""Mentor and mentee answer a proposed pairing; the curator hears the outcome."""

from __future__ import annotations

import contextlib

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import OfferCb, PairCb, ProposalCb
from bot.deps import AppDeps
from bot.i18n import I18n
from bot.keyboards import InlineKeyboard
from bot.notify import notify
from bot.views import pairing as view
from bot.views.common import esc
from models import Assignment, Membership, Organization, User
from services.errors import DomainError
from services.orgs import OrgService
from services.pairing.bank import load_pool
from services.pairing.service import DECLINE_REASONS, PairingService


async def _my_side(session: AsyncSession, user: User | None, assignment: Assignment) -> int:
    """The membership through which this person is part of the offer (re-checked every press)."""
    if user is None:
        raise DomainError("error-no-access")
    mine = set(
        await session.scalars(
            select(Membership.id).where(
                Membership.user_id == user.id,
                Membership.id.in_(
                    (assignment.mentor_membership_id, assignment.mentee_membership_id)
                ),
            )
        )
    )
    if not mine:
        raise DomainError("error-no-access")
    return min(mine)


async def offer_button(
    query: CallbackQuery,
    callback_data: OfferCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    service = PairingService(session, deps.settings.matching)
    assignment = await service.get(callback_data.a)
    side = await _my_side(session, user, assignment)
    message = query.message if isinstance(query.message, Message) else None
    if callback_data.act == "n":
        if not assignment.is_open:
            raise DomainError("pairing-offer-closed")
        await query.answer()
        if message is not None:
            await message.edit_reply_markup(
                reply_markup=view.decline_reasons_keyboard(i18n, assignment.id)
            )
        return
    accept = callback_data.act == "y"
    if not accept and callback_data.r not in DECLINE_REASONS:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    replied = await service.reply(
        assignment,
        side,
        accept=accept,
        reason=None if accept else callback_data.r,
        now=deps.clock.now(),
    )
    await session.commit()
    await query.answer(i18n("offer-reply-recorded"))
    if message is not None:
        key = "offer-accepted" if accept else "offer-declined"
        with contextlib.suppress(TelegramAPIError):
            await message.edit_text(
                (message.html_text or "") + "\n\n" + i18n(key), reply_markup=None
            )
    org = await session.get(Organization, assignment.org_id)
    if org is None:
        return
    pool = await load_pool(session, org, municipal=True)
    mentor = view.name_of(pool, assignment.mentor_membership_id, i18n)
    mentee = view.name_of(pool, assignment.mentee_membership_id, i18n)
    if replied.declined:
        other = (
            assignment.mentee_membership_id
            if side == assignment.mentor_membership_id
            else assignment.mentor_membership_id
        )
        await _tell_member(bot, session, deps, other, "offer-fell-through", org=esc(org.name))
    for curator in await OrgService(session).curators_to_notify(org.id):
        ci18n = deps.translator.bind(curator.locale)
        if replied.agreed:
            text = ci18n(
                "curator-pair-agreed", mentor=esc(mentor), mentee=esc(mentee), org=esc(org.name)
            )
            markup = _confirm_keyboard(ci18n, assignment)
        elif replied.declined:
            who = mentor if side == assignment.mentor_membership_id else mentee
            text = ci18n(
                "curator-pair-declined",
                who=esc(who),
                mentor=esc(mentor),
                mentee=esc(mentee),
                reason=ci18n(f"decline-{assignment.reason}"),
            )
            markup = _repropose_keyboard(ci18n, org.id)
        else:
            continue
        with contextlib.suppress(TelegramAPIError):
            await bot.send_message(curator.telegram_id, text, reply_markup=markup)


def _confirm_keyboard(i18n: I18n, assignment: Assignment) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-open-pair"),
        callback_data=PairCb(act="card", org=assignment.org_id, p=assignment.pairing_id),
    )
    return kb.as_markup()


def _repropose_keyboard(i18n: I18n, org_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(text=i18n("btn-pairing"), callback_data=ProposalCb(act="show", org=org_id))
    return kb.as_markup()


async def _tell_member(
    bot: Bot, session: AsyncSession, deps: AppDeps, membership_id: int, key: str, **params: str
) -> None:
    membership = await session.get(Membership, membership_id)
    user = await session.get(User, membership.user_id) if membership else None
    if user is not None:
        await notify(bot, user.telegram_id, deps.translator.bind(user.locale)(key, **params))


def build_router() -> Router:
    router = Router(name="offers")
    router.callback_query.register(offer_button, OfferCb.filter())
    return router
