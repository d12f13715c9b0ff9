"""Reaching one's pair (issue 15): the contact toggle on the pair's card, and messages written
through the bot with a reply button. Who may do what is in services/contacts.py; every press
and every message re-checks it there."""

from __future__ import annotations

import contextlib

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.notify.notices import notify_user
from bot.tg.callbacks import ContactAct, ContactCb
from bot.tg.i18n import I18n
from bot.tg.states import Relay
from bot.tg.views.common import esc
from bot.tg.views.contact import reply_button
from handlers.meetings import pair_card
from models import User
from services.contacts import RELAY_LIMIT, ContactService
from services.errors import DomainError
from services.orgs import OrgService

RELAY_KIND = "relay"


async def contact_button(
    query: CallbackQuery,
    callback_data: ContactCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    cb = callback_data
    if user is None:
        raise DomainError("contact-not-in-pair")
    service = ContactService(session)
    if cb.act in (ContactAct.WRITE, ContactAct.REPLY):
        _, side = await service.relay(user.id, cb.pairing, cb.member)
        await state.set_state(Relay.text)
        await state.update_data(relay_pairing=cb.pairing, relay_member=cb.member)
        await query.answer()
        await bot.send_message(
            query.from_user.id,
            i18n(
                "contact-relay-ask",
                name=esc(side.person.user.full_name or i18n("name-unknown")),
                limit=RELAY_LIMIT,
            ),
        )
        return
    contacts = await service.pair(user.id, cb.pairing)
    shown = cb.act is ContactAct.SHOW
    await service.set_shown(contacts, shown, deps.clock.now())
    await query.answer(i18n("contact-now-shown" if shown else "contact-now-hidden"))
    text, markup = await pair_card(
        session, user, contacts.pairing, i18n, is_mentor=contacts.me.is_mentor
    )
    message = query.message
    if isinstance(message, Message):
        with contextlib.suppress(TelegramAPIError):
            await message.edit_text(text, reply_markup=markup)
            return
    await bot.send_message(query.from_user.id, text, reply_markup=markup)


async def relay_text(
    message: Message,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    pairing_id, member_id = data.get("relay_pairing"), data.get("relay_member")
    text = (message.text or "").strip()
    if not isinstance(pairing_id, int) or not isinstance(member_id, int) or user is None:
        await state.set_state(None)
        await message.answer(i18n("error-stale-button"))
        return
    if len(text) > RELAY_LIMIT:
        # the person stays in the step: a shorter text is the next message
        await message.answer(i18n("contact-relay-too-long", limit=RELAY_LIMIT, length=len(text)))
        return
    try:
        # the pair may have ended, or either side withdrawn, since the button was pressed
        contacts, side = await ContactService(session).relay(user.id, pairing_id, member_id)
    except DomainError as error:
        await state.set_state(None)
        await message.answer(i18n(error.key, **error.params))
        return
    org = await OrgService(session).get(contacts.pairing.org_id)
    sender = contacts.me

    def render(their: I18n) -> str:
        return their(
            "contact-relay-message",
            name=esc(sender.user.full_name or their("name-unknown")),
            org=esc(org.name),
            text=esc(text),
        )

    def markup(their: I18n) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(
            inline_keyboard=[reply_button(their, contacts.pairing.id, sender.membership.id)]
        )

    # about both: either one's withdrawal cancels a message not yet delivered
    await notify_user(
        session,
        deps,
        side.person.user,
        render,
        deps.clock.now(),
        about=[sender.user.id, side.person.user.id],
        markup=markup,
        kind=RELAY_KIND,
    )
    await state.set_state(None)
    await message.answer(
        i18n("contact-relay-sent", name=esc(side.person.user.full_name or i18n("name-unknown")))
    )


async def relay_not_text(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("contact-relay-need-text"))


def build_router() -> Router:
    router = Router(name="contact")
    router.callback_query.register(contact_button, ContactCb.filter())
    router.message.register(relay_text, Relay.text, F.text, ~F.text.startswith("/"))
    router.message.register(relay_not_text, Relay.text, ~F.text)
    return router
