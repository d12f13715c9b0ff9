"""Mentor and mentee answer a proposed pairing; the curator hears the outcome."""

from __future__ import annotations

import contextlib
from datetime import datetime
from functools import partial

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.notify.notices import NOTICE_KIND, notify_curators, notify_membership
from bot.tg.callbacks import OfferAct, OfferCb, PairAct, PairCb, ProposalAct, ProposalCb
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views import pairing as view
from bot.tg.views.common import esc
from models import Assignment, Organization, PairFixing, User
from services.errors import DomainError
from services.outbox import Outbox
from services.outbox_keys import offer_key
from services.pairing.bank import Pool, load_pool
from services.pairing.service import DECLINE_REASONS, PairingService, Replied
from services.people import PeopleService


async def _pressed(
    session: AsyncSession, user: User | None, deps: AppDeps, callback_data: OfferCb
) -> tuple[PairingService, Assignment, int]:
    """The offer and the side of it the person answers for."""
    service = PairingService(session, deps.settings.matching)
    assignment = await service.get(callback_data.assignment)
    side = await service.membership_of(user.id if user else None, assignment)
    return service, assignment, side


async def offer_decline(
    query: CallbackQuery,
    callback_data: OfferCb,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    """«Нет»: the reasons to choose from, in place of the two buttons."""
    _, assignment, _ = await _pressed(session, user, deps, callback_data)
    if not assignment.is_open:
        raise DomainError("pairing-offer-closed")
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(
            reply_markup=view.decline_reasons_keyboard(i18n, assignment.id)
        )


async def offer_reply(
    query: CallbackQuery,
    callback_data: OfferCb,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    """«Да», or a reason to decline."""
    service, assignment, side = await _pressed(session, user, deps, callback_data)
    accept = callback_data.act is OfferAct.ACCEPT
    if not accept and callback_data.reason not in DECLINE_REASONS:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    now = deps.clock.now()
    replied = await service.reply(
        assignment,
        side,
        accept=accept,
        reason=None if accept else callback_data.reason,
        now=now,
        locale=i18n.locale,
    )
    await _tell_others(session, deps, service, assignment, side, replied, now)
    await query.answer(i18n("offer-reply-recorded"))
    message = query.message if isinstance(query.message, Message) else None
    if message is not None:
        key = "offer-accepted" if accept else "offer-declined"
        with contextlib.suppress(TelegramAPIError):
            await message.edit_text(
                (message.html_text or "") + "\n\n" + i18n(key), reply_markup=None
            )


async def _tell_others(
    session: AsyncSession,
    deps: AppDeps,
    service: PairingService,
    assignment: Assignment,
    side: int,
    replied: Replied,
    now: datetime,
) -> None:
    """The curator hears an agreement or a refusal; the other side hears a refusal."""
    if not (replied.agreed or replied.declined):
        return
    org = await service.org_of(assignment)
    if org is None:
        return
    pool = await load_pool(session, org, municipal=True)
    both = (assignment.mentor_membership_id, assignment.mentee_membership_id)
    named = await PeopleService(session).user_ids_of(both)
    if replied.declined:
        other = both[1] if side == both[0] else both[0]
        await _tell_other_side(session, deps, org, pool, assignment, other, named, now)
    await notify_curators(
        session,
        deps,
        org.id,
        partial(
            _curator_text, org=org, pool=pool, assignment=assignment, side=side, replied=replied
        ),
        now,
        about=named,
        markup=partial(_curator_keyboard, org=org, assignment=assignment, replied=replied),
    )


async def _tell_other_side(
    session: AsyncSession,
    deps: AppDeps,
    org: Organization,
    pool: Pool,
    assignment: Assignment,
    other: int,
    named: list[int],
    now: datetime,
) -> None:
    """A refusal: the other side's offer loses its buttons, and they hear it fell through."""
    withdrawn = await Outbox(session).withdraw_keyboard(
        offer_key(assignment.id, other, assignment.offered_at),
        kind=NOTICE_KIND,
        now=now,
        reply_markup=None,
    )
    if withdrawn is None:  # their offer was still queued and never reached them
        return

    def fell_through(i18n: I18n) -> str:
        return i18n(
            "offer-fell-through",
            org=esc(org.name),
            mentor=esc(view.name_of(pool, assignment.mentor_membership_id, i18n)),
            mentee=esc(view.name_of(pool, assignment.mentee_membership_id, i18n)),
        )

    await notify_membership(session, deps, other, fell_through, now, about=named)


def _curator_text(
    i18n: I18n,
    *,
    org: Organization,
    pool: Pool,
    assignment: Assignment,
    side: int,
    replied: Replied,
) -> str:
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


def _curator_keyboard(
    i18n: I18n, *, org: Organization, assignment: Assignment, replied: Replied
) -> InlineKeyboardMarkup:
    if replied.agreed:
        return _confirm_keyboard(i18n, assignment)
    return _repropose_keyboard(i18n, org.id)


def _confirm_keyboard(i18n: I18n, assignment: Assignment) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-open-pair"),
        callback_data=PairCb(
            act=PairAct.CARD, org=assignment.org_id, pairing=assignment.pairing_id
        ),
    )
    return kb.as_markup()


def _repropose_keyboard(i18n: I18n, org_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(text=i18n("btn-pairing"), callback_data=ProposalCb(act=ProposalAct.SHOW, org=org_id))
    return kb.as_markup()


def build_router() -> Router:
    router = Router(name="offers")
    router.callback_query.register(offer_decline, OfferCb.filter(F.act == OfferAct.DECLINE))
    router.callback_query.register(
        offer_reply, OfferCb.filter(F.act.in_({OfferAct.ACCEPT, OfferAct.REASON}))
    )
    return router
