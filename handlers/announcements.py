"""Announcements to chosen roles of an organization: kind → roles → text → preview → send.

The draft lives in the conversation state under one random token that every button of the
draft carries, so a button of an older or cancelled draft is stale, and «Отправить» pressed
twice sends once: the first press replaces the draft with a note of the sent token (and the
outbox keys are unique per announcement and person). The curator's right is checked on every
press and again when the text arrives.
"""

from __future__ import annotations

import contextlib
import secrets
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.tg.callbacks import AnnounceAct, AnnounceCb
from bot.tg.filters import OrgAccess, require_org
from bot.tg.i18n import I18n
from bot.tg.menus import show_menu
from bot.tg.states import Announcing
from bot.tg.views import announcements as view
from bot.tg.views.common import esc
from models import Organization, User
from services.announcements import (
    DEFAULT_ROLES,
    MAX_TEXT,
    AnnouncementService,
    allowed_roles,
    check_roles,
    check_text,
    parse_kind,
)
from services.errors import DomainError

DRAFT = "announce"  # the draft: {"token", "org", "kind", "roles", "text"}
SENT = "announce_sent"  # the token of the draft sent last, to answer a second press kindly


async def _draft(state: FSMContext, org_id: int, token: str) -> dict[str, Any]:
    """The draft this button belongs to, or a polite "stale" when it is gone or another one."""
    draft = (await state.get_data()).get(DRAFT)
    if not isinstance(draft, dict) or draft.get("token") != token or draft.get("org") != org_id:
        raise DomainError("error-stale-button")
    return draft


async def _edit(query: CallbackQuery, text: str, **kwargs: Any) -> None:
    if isinstance(query.message, Message):
        # an edit identical to the message raises "message is not modified": nothing to do then
        with contextlib.suppress(TelegramAPIError):
            await query.message.edit_text(text, **kwargs)


async def start(query: CallbackQuery, bot: Bot, org: Organization, i18n: I18n) -> None:
    await query.answer()
    await bot.send_message(
        query.from_user.id,
        i18n("announce-pick-kind", org=esc(org.name)),
        reply_markup=view.kinds_keyboard(i18n, org.id),
    )


async def pick_kind(
    query: CallbackQuery,
    callback_data: AnnounceCb,
    org: Organization,
    i18n: I18n,
    state: FSMContext,
) -> None:
    kind = parse_kind(callback_data.kind_or_draft)
    token = secrets.token_hex(4)
    roles = view.role_values(DEFAULT_ROLES)
    draft = {
        "token": token,
        "org": org.id,
        "kind": kind.value,
        "roles": roles,
        "text": None,
    }
    await state.update_data({DRAFT: draft})
    await query.answer()
    await _edit(
        query,
        i18n("announce-pick-roles", kind=view.kind_name(i18n, kind)),
        reply_markup=view.roles_keyboard(i18n, org, token, roles),
    )


async def toggle_role(
    query: CallbackQuery,
    callback_data: AnnounceCb,
    org: Organization,
    i18n: I18n,
    state: FSMContext,
) -> None:
    token, _, role = callback_data.kind_or_draft.partition(".")
    draft = await _draft(state, org.id, token)
    allowed = [r.value for r in allowed_roles(org)]
    if role not in allowed:
        raise DomainError("error-stale-button")
    picked = set(draft["roles"]) ^ {role}
    draft["roles"] = [value for value in allowed if value in picked]
    await state.update_data({DRAFT: draft})
    await query.answer()
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramAPIError):
            await query.message.edit_reply_markup(
                reply_markup=view.roles_keyboard(i18n, org, token, draft["roles"])
            )


async def ask_text(
    query: CallbackQuery,
    callback_data: AnnounceCb,
    org: Organization,
    i18n: I18n,
    state: FSMContext,
) -> None:
    draft = await _draft(state, org.id, callback_data.kind_or_draft)
    if not draft["roles"]:
        await query.answer(i18n("announce-no-roles"), show_alert=True)
        return
    await state.set_state(Announcing.text)
    await query.answer()
    await _edit(
        query,
        i18n("announce-ask-text", limit=MAX_TEXT),
        reply_markup=view.cancel_keyboard(i18n, org.id, draft["token"]),
    )


async def send(
    query: CallbackQuery,
    callback_data: AnnounceCb,
    org: Organization,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    if data.get(SENT) == callback_data.kind_or_draft and callback_data.kind_or_draft:
        await query.answer(i18n("announce-already-sent"))
        return
    draft = await _draft(state, org.id, callback_data.kind_or_draft)
    if not isinstance(draft.get("text"), str):
        raise DomainError("error-stale-button")
    kind = parse_kind(draft["kind"])
    text = draft["text"]

    def render(locale: str) -> str:
        return view.message_text(deps.translator.bind(locale), kind, org.name, text)

    sent = await AnnouncementService(session).send(
        org,
        author_id=user.id if user else None,
        kind=kind,
        text=text,
        roles=draft["roles"],
        render=render,
        now=deps.clock.now(),
    )
    # the draft goes in the same transaction as the announcement (the state is stored in the
    # update's session), so a second press finds only the note that it was sent
    await state.update_data({DRAFT: None, SENT: draft["token"]})
    await query.answer()
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramAPIError):
            await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(
            i18n("announce-sent", count=sent.queued), reply_markup=view.list_keyboard(i18n, org.id)
        )


async def cancel(
    query: CallbackQuery,
    callback_data: AnnounceCb,
    org: Organization,
    i18n: I18n,
    state: FSMContext,
) -> None:
    await _draft(state, org.id, callback_data.kind_or_draft)
    await state.update_data({DRAFT: None})
    if await state.get_state() == Announcing.text.state:
        await state.set_state(None)
    await query.answer()
    await _edit(query, i18n("announce-cancelled"), reply_markup=None)


async def show_list(
    query: CallbackQuery,
    bot: Bot,
    org: Organization,
    session: AsyncSession,
    i18n: I18n,
    state: FSMContext,
) -> None:
    await query.answer()
    items = await AnnouncementService(session).recent(org.id)
    await show_menu(
        bot,
        state,
        view.list_text(i18n, org, items),
        view.list_keyboard(i18n, org.id),
        pressed=query,
    )


async def typed_text(
    message: Message,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    state: FSMContext,
) -> None:
    draft = (await state.get_data()).get(DRAFT)
    if not isinstance(draft, dict) or not isinstance(draft.get("org"), int):
        await state.set_state(None)
        await message.answer(i18n("error-stale-button"))
        return
    org = await require_org(session, user, draft["org"])
    text = check_text(message.text or "")  # a refusal keeps the step: they type it again
    service = AnnouncementService(session)
    roles = check_roles(org, draft["roles"])
    audience = await service.audience(org, roles)
    draft["text"] = text
    await state.update_data({DRAFT: draft})
    await state.set_state(None)
    rendered = view.message_text(i18n, parse_kind(draft["kind"]), org.name, text)
    body = view.preview_text(i18n, rendered, draft["roles"], audience)
    if not audience.reachable:
        body += "\n\n" + i18n("announce-nobody")
    await message.answer(
        body,
        reply_markup=view.preview_keyboard(
            i18n, org.id, draft["token"], can_send=bool(audience.reachable)
        ),
    )


async def not_text(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("announce-text-only"))


def build_router() -> Router:
    router = Router(name="announcements")
    # every press: is this person (still) a curator of the organization the button names?
    for handler, act in (
        (start, AnnounceAct.NEW),
        (pick_kind, AnnounceAct.KIND),
        (toggle_role, AnnounceAct.ROLE),
        (ask_text, AnnounceAct.NEXT),
        (send, AnnounceAct.SEND),
        (cancel, AnnounceAct.CANCEL),
        (show_list, AnnounceAct.LIST),
    ):
        router.callback_query.register(handler, AnnounceCb.filter(F.act == act), OrgAccess())
    # a command typed here is left to the command handlers and the fallback
    router.message.register(typed_text, Announcing.text, F.text, ~F.text.startswith("/"))
    router.message.register(not_text, Announcing.text, ~F.text)
    return router
