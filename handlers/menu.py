"""/menu, /help, /cancel and the main menu buttons."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.tg.callbacks import MenuAct, MenuCb
from bot.tg.i18n import I18n
from bot.tg.menus import show_menu
from bot.tg.questionnaire_ui import show_step
from bot.tg.views.guardians import parent_menu
from bot.tg.views.menu import main_menu
from models import Role, User
from services.guardians.control import Guardians
from services.orgs import OrgService
from services.people import PeopleService
from services.questionnaire.store import QuestionnaireStore


async def send_menu(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
    *,
    pressed: CallbackQuery | None = None,
) -> None:
    """The main menu: in place of the pressed menu, else as the chat's new live menu."""
    if user is None:
        if deps.is_admin(chat_id):
            text, markup = main_menu(i18n, [], [], has_open_questionnaire=False, is_admin=True)
            await show_menu(bot, state, text, markup, pressed=pressed)
        else:
            await bot.send_message(chat_id, i18n("start-how-to-join"))
        return
    memberships = await PeopleService(session).memberships(user.id)
    curated = await OrgService(session).curated_by(user.id)
    if not memberships and not curated and await Guardians(session).is_guardian(user.id):
        # a parent who consented for a child holds no role: their menu is the child's data
        text, markup = parent_menu(i18n)
        await show_menu(bot, state, text, markup, pressed=pressed)
        return
    has_open = await QuestionnaireStore(session, deps.forms).open_for_user(user.id) is not None
    text, markup = main_menu(
        i18n,
        memberships,
        curated,
        has_open_questionnaire=has_open,
        is_admin=deps.is_admin(chat_id),
        headed=await OrgService(session).headed_by(user.id),
    )
    await show_menu(bot, state, text, markup, pressed=pressed)


async def resume_or_menu(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    """Go back to an unfinished questionnaire if there is one, else show the menu."""
    if user is not None:
        store = QuestionnaireStore(session, deps.forms)
        response = await store.open_for_user(user.id)
        if response is not None:
            await bot.send_message(chat_id, i18n("q-resume"))
            await show_step(bot, chat_id, i18n, await store.step(response), state)
            return
    await send_menu(bot, chat_id, session, user, i18n, deps, state)


def help_text(i18n: I18n, roles: set[Role], is_admin: bool, is_parent: bool = False) -> str:
    stranger = not roles and not is_admin and not is_parent
    # a stranger has nothing to open yet: what they can do is join and read /privacy
    parts = [i18n("help-stranger" if stranger else "help-common")]
    for role in (Role.CURATOR, Role.HEAD, Role.MENTOR, Role.MENTEE):
        if role in roles:
            parts.append(i18n(f"help-{role.value}"))
    if is_parent:
        parts.append(i18n("help-parent"))
    if is_admin:
        parts.append(i18n("help-admin"))
    parts.append(i18n("help-privacy"))
    if stranger:
        parts.append(i18n("start-how-to-join"))
    return "\n\n".join(parts)


async def send_help(
    bot: Bot, chat_id: int, session: AsyncSession, user: User | None, i18n: I18n, deps: AppDeps
) -> None:
    roles: set[Role] = set()
    is_parent = False
    if user is not None:
        roles = {m.role for m, _ in await PeopleService(session).memberships(user.id)}
        is_parent = await Guardians(session).is_guardian(user.id)
    text = help_text(i18n, roles, deps.is_admin(chat_id), is_parent)
    await bot.send_message(chat_id, text)


async def menu_command(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    note = await leave_conversation(session, user, i18n, deps, state)
    if note is not None:
        await message.answer(note)
    await send_menu(bot, message.chat.id, session, user, i18n, deps, state)


async def leave_conversation(
    session: AsyncSession, user: User | None, i18n: I18n, deps: AppDeps, state: FSMContext
) -> str | None:
    """/menu works in the middle of anything: the conversation is left (a typed text would
    otherwise still be read as its answer) and the person is told what became of it. An
    unfinished questionnaire keeps its answers and is resumed from the menu or /start."""
    current = await state.get_state()
    if current is None:
        return None
    await state.set_state(None)
    if user is not None and await QuestionnaireStore(session, deps.forms).open_for_user(user.id):
        return i18n("next-menu-questionnaire-paused")
    return i18n("next-menu-action-left")


async def help_command(
    message: Message, bot: Bot, session: AsyncSession, user: User | None, i18n: I18n, deps: AppDeps
) -> None:
    await send_help(bot, message.chat.id, session, user, i18n, deps)


async def cancel_command(
    message: Message,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    current = await state.get_state()
    await state.set_state(None)
    has_open = (
        user is not None
        and await QuestionnaireStore(session, deps.forms).open_for_user(user.id) is not None
    )
    if has_open:
        await message.answer(i18n("cancel-questionnaire-paused"))
    elif current is not None:
        await message.answer(i18n("cancel-done"))
    else:
        await message.answer(i18n("cancel-nothing"))


async def menu_button(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    await query.answer()
    await send_menu(bot, query.from_user.id, session, user, i18n, deps, state, pressed=query)


async def help_button(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    await query.answer()
    await send_help(bot, query.from_user.id, session, user, i18n, deps)


async def continue_button(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    await query.answer()
    await resume_or_menu(bot, query.from_user.id, session, user, i18n, deps, state)


def build_router() -> Router:
    router = Router(name="menu")
    router.message.register(menu_command, Command("menu"))
    router.message.register(help_command, Command("help"))
    router.message.register(cancel_command, Command("cancel"))
    router.callback_query.register(menu_button, MenuCb.filter(F.act == MenuAct.MAIN))
    router.callback_query.register(help_button, MenuCb.filter(F.act == MenuAct.HELP))
    router.callback_query.register(continue_button, MenuCb.filter(F.act == MenuAct.CONTINUE))
    return router
