"""Mentor and mentee answer a proposed pairing; the curator hears the outcome."""

from __future__ import annotations

import contextlib
from datetime import datetime

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import OfferCb, PairCb, ProposalCb
from bot.deps import AppDeps
from bot.i18n import I18n
from bot.keyboards import InlineKeyboard
from bot.notices import NOTICE_KIND, notify_curators, notify_membership
from bot.views import pairing as view
from bot.views.common import esc
from models import Assignment, Membership, Organization, PairFixing, User
from services.errors import DomainError
from services.outbox import Outbox
from services.outbox_keys import offer_key
from services.pairing.bank import load_pool
from services.pairing.service import DECLINE_REASONS, PairingService, Replied
from services.people import PeopleService


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
    now = deps.clock.now()
    replied = await service.reply(
        assignment,
        side,
        accept=accept,
        reason=None if accept else callback_data.r,
        now=now,
        locale=i18n.locale,
    )
    await _tell_others(session, deps, assignment, side, replied, now)
    await query.answer(i18n("offer-reply-recorded"))
    if message is not None:
        key = "offer-accepted" if accept else "offer-declined"
        with contextlib.suppress(TelegramAPIError):
            await message.edit_text(
                (message.html_text or "") + "\n\n" + i18n(key), reply_markup=None
            )


async def _tell_others(
    session: AsyncSession,
    deps: AppDeps,
    assignment: Assignment,
    side: int,
    replied: Replied,
    now: datetime,
) -> None:
    """The curator hears an agreement or a refusal; the other side hears a refusal."""
    if not (replied.agreed or replied.declined):
        return
    org = await session.get(Organization, assignment.org_id)
    if org is None:
        return
    pool = await load_pool(session, org, municipal=True)
    both = (assignment.mentor_membership_id, assignment.mentee_membership_id)
    named = await PeopleService(session).user_ids_of(both)
    if replied.declined:
        other = both[1] if side == both[0] else both[0]
        withdrawn = await Outbox(session).withdraw_keyboard(
            offer_key(assignment.id, other, assignment.offered_at),
            kind=NOTICE_KIND,
            now=now,
            reply_markup=None,
        )
        if withdrawn is not None:  # None: their offer was still queued and never reached them

            def fell_through(i18n: I18n) -> str:
                return i18n(
                    "offer-fell-through",
                    org=esc(org.name),
                    mentor=esc(view.name_of(pool, assignment.mentor_membership_id, i18n)),
                    mentee=esc(view.name_of(pool, assignment.mentee_membership_id, i18n)),
                )

            await notify_membership(session, deps, other, fell_through, now, about=named)

    def render(i18n: I18n) -> str:
        mentor = esc(view.name_of(pool, assignment.mentor_membership_id, i18n))
        mentee = esc(view.name_of(pool, assignment.mentee_membership_id, i18n))
        if replied.agreed and org.pair_fixing is PairFixing.HEAD_ORDER:
            # fixed by the head's order: the curator sends it for approval, not confirms it
            return i18n("head-pair-agreed", mentor=mentor, mentee=mentee, org=esc(org.name))
        if replied.agreed:
            return i18n("curator-pair-agreed", mentor=mentor, mentee=mentee, org=esc(org.name))
        return i18n(
            "curator-pair-declined",
            who=mentor if side == assignment.mentor_membership_id else mentee,
            mentor=mentor,
            mentee=mentee,
            reason=i18n(f"decline-{assignment.reason}"),
        )

    def markup(i18n: I18n) -> InlineKeyboardMarkup:
        if replied.agreed:
            return _confirm_keyboard(i18n, assignment)
        return _repropose_keyboard(i18n, org.id)

    await notify_curators(session, deps, org.id, render, now, about=named, markup=markup)


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


def build_router() -> Router:
    router = Router(name="offers")
    router.callback_query.register(offer_button, OfferCb.filter())
    return router
