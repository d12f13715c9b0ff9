"""How a member of a pair reaches the other side: a Telegram link, or «write through the bot»."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton

from bot.tg.callbacks import ContactAct, ContactCb
from bot.tg.i18n import I18n
from bot.tg.views.common import esc
from services.contacts import PairContacts, Side


def _name(i18n: I18n, side: Side) -> str:
    return side.person.user.full_name or i18n("name-unknown")


def contact_lines(i18n: I18n, contacts: PairContacts) -> list[str]:
    lines: list[str] = []
    for side in contacts.others:
        name = esc(_name(i18n, side))
        if side.visible:
            # an id link opens the chat whatever the person's username; ids are plain digits,
            # passed as text so Fluent does not group them as a number
            lines.append(i18n("contact-open", name=name, id=str(side.person.user.telegram_id)))
        else:
            lines.append(i18n("contact-relay-line", name=name))
    if contacts.can_share:
        lines.append(i18n("contact-mine-shown" if contacts.my_choice else "contact-mine-hidden"))
    else:
        lines.append(i18n("contact-school-keeps"))
    return lines


def contact_buttons(i18n: I18n, contacts: PairContacts) -> list[list[InlineKeyboardButton]]:
    rows: list[list[InlineKeyboardButton]] = []
    pairing_id = contacts.pairing.id
    for side in contacts.others:
        if not side.visible:
            data = ContactCb(
                act=ContactAct.WRITE, pairing=pairing_id, member=side.person.membership.id
            )
            rows.append(
                [
                    InlineKeyboardButton(
                        text=i18n("btn-contact-write", name=_name(i18n, side)),
                        callback_data=data.pack(),
                    )
                ]
            )
    if contacts.can_share:
        act = ContactAct.HIDE if contacts.my_choice else ContactAct.SHOW
        key = "btn-contact-hide" if contacts.my_choice else "btn-contact-show"
        rows.append(
            [
                InlineKeyboardButton(
                    text=i18n(key), callback_data=ContactCb(act=act, pairing=pairing_id).pack()
                )
            ]
        )
    return rows


def reply_button(
    i18n: I18n, pairing_id: int, sender_membership_id: int
) -> list[InlineKeyboardButton]:
    data = ContactCb(act=ContactAct.REPLY, pairing=pairing_id, member=sender_membership_id)
    return [InlineKeyboardButton(text=i18n("btn-contact-reply"), callback_data=data.pack())]
