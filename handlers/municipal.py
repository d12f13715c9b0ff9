"""A municipal curator's schools: add a school and invite its curator."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.tg.callbacks import MenuAct, MenuCb
from bot.tg.conversation import remembered_id
from bot.tg.filters import OrgAccess, require_org
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.menus import show_menu
from bot.tg.states import NewSchool
from bot.tg.views.common import esc
from handlers.curator import invite_card, revoke_keyboard
from models import Organization, OrgKind, Role, User
from services.errors import AccessDenied, DomainError
from services.invites import InviteService
from services.orgs import OrgService


def _office(org: Organization) -> Organization:
    if org.kind is not OrgKind.MUNICIPALITY:
        raise AccessDenied
    return org


async def _office_only(query: CallbackQuery, org: Organization) -> bool:
    """A filter after ``OrgAccess``: schools are added to a municipal office only."""
    _office(org)
    return True


async def list_schools(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    state: FSMContext,
) -> None:
    office, office_id = org, org.id
    schools = await OrgService(session).children(office_id)
    await query.answer()
    kb = InlineKeyboard()
    for school in schools:
        kb.button(text=f"🏫 {school.name}", callback_data=MenuCb(act=MenuAct.ORG, org=school.id))
    kb.button(
        text=i18n("btn-add-school"), callback_data=MenuCb(act=MenuAct.ADD_SCHOOL, org=office_id)
    )
    kb.button(text=i18n("btn-back-to-org"), callback_data=MenuCb(act=MenuAct.ORG, org=office_id))
    kb.adjust(1)
    key = "schools-title" if schools else "schools-empty"
    text = i18n(key, org=esc(office.name), count=len(schools))
    await show_menu(bot, state, text, kb.as_markup(), pressed=query)


async def add_school(
    query: CallbackQuery, bot: Bot, org: Organization, i18n: I18n, state: FSMContext
) -> None:
    await query.answer()
    await state.set_state(NewSchool.name)
    await state.update_data(new_school_office=org.id)
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
    office = _office(await require_org(session, user, office_id))
    orgs = OrgService(session)
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
    for handler, act in ((list_schools, MenuAct.SCHOOLS), (add_school, MenuAct.ADD_SCHOOL)):
        router.callback_query.register(
            handler, MenuCb.filter(F.act == act), OrgAccess(), _office_only
        )
    router.message.register(add_school_name, NewSchool.name, F.text, ~F.text.startswith("/"))
    router.message.register(add_school_not_text, NewSchool.name)
    return router
