"""Announcements in words and buttons: the curator's steps, and the message people receive."""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.types import InlineKeyboardMarkup

from bot.tg.callbacks import AnnounceAct, AnnounceCb, MenuAct, MenuCb
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views.common import esc, local_datetime, shorten
from models import Announcement, AnnouncementKind, Organization, Role
from services.announcements import Audience, Delivery, allowed_roles

SNIPPET = 80


def kind_name(i18n: I18n, kind: AnnouncementKind) -> str:
    return i18n(f"announce-kind-{kind.value}")


def roles_text(i18n: I18n, roles: Iterable[str]) -> str:
    return ", ".join(i18n(f"announce-role-{role}") for role in roles)


def message_text(i18n: I18n, kind: AnnouncementKind, org_name: str, text: str) -> str:
    """What a recipient reads: a header in their language, then the text exactly as typed."""
    return i18n("announce-message", kind=kind_name(i18n, kind), org=esc(org_name), text=esc(text))


def kinds_keyboard(i18n: I18n, org_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for kind in AnnouncementKind:
        kb.button(
            text=kind_name(i18n, kind),
            callback_data=AnnounceCb(act=AnnounceAct.KIND, org=org_id, kind_or_draft=kind.value),
        )
    kb.button(
        text=i18n("btn-announce-list"), callback_data=AnnounceCb(act=AnnounceAct.LIST, org=org_id)
    )
    kb.button(text=i18n("btn-back-to-org"), callback_data=MenuCb(act=MenuAct.ORG, org=org_id))
    kb.adjust(1)
    return kb.as_markup()


def roles_keyboard(
    i18n: I18n, org: Organization, token: str, chosen: Iterable[str]
) -> InlineKeyboardMarkup:
    picked = set(chosen)
    kb = InlineKeyboard()
    for role in allowed_roles(org):
        mark = "✅" if role.value in picked else "⬜"
        kb.button(
            text=f"{mark} {i18n(f'announce-role-{role.value}')}",
            callback_data=AnnounceCb(
                act=AnnounceAct.ROLE, org=org.id, kind_or_draft=f"{token}.{role.value}"
            ),
        )
    kb.button(
        text=i18n("btn-announce-next"),
        callback_data=AnnounceCb(act=AnnounceAct.NEXT, org=org.id, kind_or_draft=token),
    )
    kb.button(
        text=i18n("btn-announce-cancel"),
        callback_data=AnnounceCb(act=AnnounceAct.CANCEL, org=org.id, kind_or_draft=token),
    )
    kb.adjust(1)
    return kb.as_markup()


def cancel_keyboard(i18n: I18n, org_id: int, token: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-announce-cancel"),
        callback_data=AnnounceCb(act=AnnounceAct.CANCEL, org=org_id, kind_or_draft=token),
    )
    return kb.as_markup()


def preview_text(i18n: I18n, message: str, roles: Iterable[str], audience: Audience) -> str:
    lines = [i18n("announce-preview-title"), "", message, "", "—"]
    lines.append(
        i18n("announce-preview-count", count=len(audience.reachable), roles=roles_text(i18n, roles))
    )
    if audience.unreachable:
        lines.append(i18n("announce-preview-unreachable", count=audience.unreachable))
    return "\n".join(lines)


def preview_keyboard(
    i18n: I18n, org_id: int, token: str, *, can_send: bool
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    if can_send:
        kb.button(
            text=i18n("btn-announce-send"),
            callback_data=AnnounceCb(act=AnnounceAct.SEND, org=org_id, kind_or_draft=token),
        )
    kb.button(
        text=i18n("btn-announce-edit"),
        callback_data=AnnounceCb(act=AnnounceAct.NEXT, org=org_id, kind_or_draft=token),
    )
    kb.button(
        text=i18n("btn-announce-cancel"),
        callback_data=AnnounceCb(act=AnnounceAct.CANCEL, org=org_id, kind_or_draft=token),
    )
    kb.adjust(1)
    return kb.as_markup()


def list_keyboard(i18n: I18n, org_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-announce-new"), callback_data=AnnounceCb(act=AnnounceAct.NEW, org=org_id)
    )
    kb.button(
        text=i18n("btn-announce-list"), callback_data=AnnounceCb(act=AnnounceAct.LIST, org=org_id)
    )
    kb.button(text=i18n("btn-back-to-org"), callback_data=MenuCb(act=MenuAct.ORG, org=org_id))
    kb.adjust(1)
    return kb.as_markup()


def delivery_line(i18n: I18n, recipients: int, delivery: Delivery) -> str:
    parts = [i18n("announce-delivered", sent=delivery.sent, total=recipients)]
    if delivery.pending:
        parts.append(i18n("announce-pending", count=delivery.pending))
    if delivery.blocked:
        parts.append(i18n("announce-blocked", count=delivery.blocked))
    if delivery.failed:
        parts.append(i18n("announce-failed", count=delivery.failed))
    return ", ".join(parts)


def list_text(i18n: I18n, org: Organization, items: list[tuple[Announcement, Delivery]]) -> str:
    if not items:
        return i18n("announce-list-empty", org=esc(org.name))
    lines = [i18n("announce-list-title", org=esc(org.name), count=len(items))]
    for announcement, delivery in items:
        lines.append("")
        lines.append(
            f"<b>{local_datetime(announcement.created_at, org.timezone)}</b> · "
            f"{kind_name(i18n, announcement.kind)} → {esc(roles_text(i18n, announcement.roles))}"
        )
        lines.append(f"«{esc(shorten(' '.join(announcement.text.split()), SNIPPET))}»")
        lines.append(delivery_line(i18n, announcement.recipients, delivery))
    return "\n".join(lines)


def role_values(roles: Iterable[Role]) -> list[str]:
    return [r.value for r in roles]
