"""Operators listed in ADMIN_IDS create organizations in chat (the CLI does the same)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.tg.callbacks import MenuAct, MenuCb, NewOrgCb
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.states import NewOrg
from bot.tg.views.common import esc
from models import OrgKind, Role
from services.errors import AccessDenied, DomainError
from services.invites import InviteService, deep_link
from services.orgs import OrgService, check_org_name

# Russia's zones, west to east; anything else can be set from the CLI
RUSSIAN_TIMEZONES = (
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Magadan",
    "Asia/Kamchatka",
)


def _require_admin(deps: AppDeps, telegram_id: int) -> None:
    if not deps.is_admin(telegram_id):
        raise AccessDenied


async def _ask_name(bot: Bot, chat_id: int, i18n: I18n, state: FSMContext) -> None:
    await state.set_state(NewOrg.name)
    await state.update_data(new_org={})
    await bot.send_message(chat_id, i18n("neworg-ask-name"))


async def new_org_command(
    message: Message, bot: Bot, i18n: I18n, deps: AppDeps, state: FSMContext
) -> None:
    _require_admin(deps, message.chat.id)
    await _ask_name(bot, message.chat.id, i18n, state)


async def new_org_button(
    query: CallbackQuery, bot: Bot, i18n: I18n, deps: AppDeps, state: FSMContext
) -> None:
    _require_admin(deps, query.from_user.id)
    await query.answer()
    await _ask_name(bot, query.from_user.id, i18n, state)


def kind_keyboard(i18n: I18n) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for kind in OrgKind:
        kb.button(
            text=i18n(f"org-kind-{kind.value}"),
            callback_data=NewOrgCb(step="kind", value=kind.value),
        )
    kb.adjust(1)
    return kb.as_markup()


def timezone_keyboard(default: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    zones = list(RUSSIAN_TIMEZONES)
    if default not in zones:
        zones.insert(0, default)
    for zone in zones:
        label = f"• {zone}" if zone == default else zone
        kb.button(text=label, callback_data=NewOrgCb(step="tz", value=zone))
    kb.adjust(2)
    return kb.as_markup()


async def new_org_name(message: Message, i18n: I18n, deps: AppDeps, state: FSMContext) -> None:
    _require_admin(deps, message.chat.id)
    try:
        name = check_org_name(message.text or "")
    except DomainError as error:
        await message.answer(i18n(error.key, **error.params))
        return
    await state.update_data(new_org={"name": name})
    await state.set_state(None)
    await message.answer(i18n("neworg-ask-kind", name=esc(name)), reply_markup=kind_keyboard(i18n))


async def new_org_name_not_text(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("neworg-name-need-text"))


async def new_org_step(
    query: CallbackQuery,
    callback_data: NewOrgCb,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    _require_admin(deps, query.from_user.id)
    draft = dict((await state.get_data()).get("new_org") or {})
    message = query.message if isinstance(query.message, Message) else None
    if "name" not in draft or message is None:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    if callback_data.step == "kind" and callback_data.value in {k.value for k in OrgKind}:
        draft["kind"] = callback_data.value
        await state.update_data(new_org=draft)
        await query.answer()
        await message.edit_text(
            i18n("neworg-ask-timezone", name=esc(draft["name"])),
            reply_markup=timezone_keyboard(deps.settings.default_timezone),
        )
        return
    if callback_data.step != "tz" or "kind" not in draft:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    org = await OrgService(session).create(
        draft["name"], callback_data.value, OrgKind(draft["kind"])
    )
    invite = await InviteService(session).create(
        org.id, Role.CURATOR, now=deps.clock.now(), ttl=deps.settings.curator_invite_ttl, max_uses=1
    )
    await state.update_data(new_org=None)
    await query.answer()
    await message.edit_text(
        i18n(
            "neworg-created",
            name=esc(org.name),
            kind=i18n(f"org-kind-{org.kind.value}"),
            timezone=org.timezone,
            link=deep_link(deps.bot_username, invite.token),
            days=deps.settings.curator_invite_ttl_days,
        ),
        reply_markup=None,
    )


def build_router() -> Router:
    router = Router(name="admin")
    router.message.register(new_org_command, Command("neworg"))
    router.callback_query.register(new_org_button, MenuCb.filter(F.act == MenuAct.NEW_ORG))
    router.message.register(new_org_name, NewOrg.name, F.text, ~F.text.startswith("/"))
    router.message.register(new_org_name_not_text, NewOrg.name)
    router.callback_query.register(new_org_step, NewOrgCb.filter())
    return router
