"""A municipal curator's schools: add a school and invite its curator."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import MenuCb
from bot.conversation import remembered_id
from bot.deps import AppDeps
from bot.i18n import I18n
from bot.keyboards import InlineKeyboard
from bot.menus import show_menu
from bot.states import NewSchool
from bot.views.common import esc
from handlers.curator import invite_card, revoke_keyboard
from models import OrgKind, Role, User
from services.errors import AccessDenied, DomainError
from services.invites import InviteService
from services.orgs import OrgService


async def _require_office(session: AsyncSession, user: User | None, org_id: int) -> int:
    if user is None:
        raise AccessDenied
    org = await OrgService(session).require_manage(user.id, org_id)
    if org.kind is not OrgKind.MUNICIPALITY:
        raise AccessDenied
    return org.id


async def list_schools(
    query: CallbackQuery,
    callback_data: MenuCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    state: FSMContext,
) -> None:
    office_id = await _require_office(session, user, callback_data.org)
    orgs = OrgService(session)
    office = await orgs.get(office_id)
    schools = await orgs.children(office_id)
    await query.answer()
    kb = InlineKeyboard()
    for school in schools:
        kb.button(text=f"🏫 {school.name}", callback_data=MenuCb(act="org", org=school.id))
    kb.button(text=i18n("btn-add-school"), callback_data=MenuCb(act="addschool", org=office_id))
    kb.button(text=i18n("btn-back-to-org"), callback_data=MenuCb(act="org", org=office_id))
    kb.adjust(1)
    key = "schools-title" if schools else "schools-empty"
    text = i18n(key, org=esc(office.name), count=len(schools))
    await show_menu(bot, state, text, kb.as_markup(), pressed=query)


async def add_school(
    query: CallbackQuery,
    callback_data: MenuCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    state: FSMContext,
) -> None:
    office_id = await _require_office(session, user, callback_data.org)
    await query.answer()
    await state.set_state(NewSchool.name)
    await state.update_data(new_school_office=office_id)
    await bot.send_message(query.from_user.id, i18n("school-ask-name"))


async def add_school_name(
    message: Message,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    office_id = await remembered_id(message, state, i18n, "new_school_office")
    if office_id is None:
        return
    await _require_office(session, user, office_id)
    orgs = OrgService(session)
    office = await orgs.get(office_id)
    try:
        school = await orgs.create(
            message.text or "", office.timezone, OrgKind.SCHOOL, parent_id=office.id
        )
    except DomainError as error:
        await message.answer(i18n(error.key, **error.params))
        return
    await state.set_state(None)
    await state.update_data(new_school_office=None)
    invite = await InviteService(session).create(
        school.id,
        Role.CURATOR,
        now=deps.clock.now(),
        ttl=deps.settings.curator_invite_ttl,
        max_uses=1,
        created_by=user.id if user else None,
    )
    await message.answer(
        i18n("school-created", name=esc(school.name))
        + "\n\n"
        + invite_card(i18n, invite, school, deps.bot_username),
        reply_markup=revoke_keyboard(i18n, invite),
    )


async def add_school_not_text(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("neworg-name-need-text"))


def build_router() -> Router:
    router = Router(name="municipal")
    router.callback_query.register(list_schools, MenuCb.filter(F.act == "schools"))
    router.callback_query.register(add_school, MenuCb.filter(F.act == "addschool"))
    router.message.register(add_school_name, NewSchool.name, F.text, ~F.text.startswith("/"))
    router.message.register(add_school_not_text, NewSchool.name)
    return router
