"""/mydata, /forget and /lang: the person's own data and settings."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseStorage
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.infra.db import scrub_deleted_pages
from bot.notify.withdrawals import queue_withdrawal_notices
from bot.tg.callbacks import ForgetCb, LangCb, MenuAct, MenuCb
from bot.tg.i18n import SUPPORTED_LOCALES, I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.menus import forget_menu
from bot.tg.views.common import esc, local_datetime, split_text
from bot.tg.views.menu import role_name
from bot.tg.views.questionnaire import answers_text
from handlers.guardians import erase_child, relation_label, withdraw_keyboard
from handlers.menu import send_menu
from models import Membership, Organization, User
from services.contacts import ContactService
from services.erasure import Erasure
from services.guardians.control import Guardians
from services.people import PeopleService
from services.questionnaire.store import QuestionnaireStore

LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}


async def my_data_text(session: AsyncSession, user: User, i18n: I18n, deps: AppDeps) -> str:
    people = PeopleService(session)
    memberships = await people.memberships(user.id)
    timezone = memberships[0][1].timezone if memberships else deps.settings.default_timezone
    parts = [
        i18n(
            "mydata-header",
            name=esc(user.full_name or "—"),
            telegram_id=str(user.telegram_id),
            language=LANGUAGE_NAMES.get(user.locale, user.locale),
            since=local_datetime(user.created_at, timezone),
        )
    ]
    for membership, org in memberships:
        parts.append(
            i18n(
                "mydata-role",
                role=role_name(i18n, membership.role, org),
                org=esc(org.name),
                since=local_datetime(membership.created_at, org.timezone),
            )
        )
    for consent, org in await people.consents(user.id):
        parts.append(
            i18n(
                "mydata-consent",
                kind=i18n(f"consent-kind-{consent.kind.value}"),
                org=esc(org.name),
                version=consent.text_version,
                time=local_datetime(consent.accepted_at, org.timezone),
            )
        )
    for choice, org in await ContactService(session).choices_of(user.id):
        parts.append(
            i18n(
                "mydata-contact-shown" if choice.shown else "mydata-contact-hidden",
                org=esc(org.name),
                time=local_datetime(choice.changed_at, org.timezone),
            )
        )
    parts.extend(await _answers_parts(session, memberships, i18n, deps))
    parts.extend(await _children_parts(session, user, i18n, deps))
    parts.append(i18n("mydata-footer"))
    return "\n\n".join(parts)


async def _answers_parts(
    session: AsyncSession,
    memberships: list[tuple[Membership, Organization]],
    i18n: I18n,
    deps: AppDeps,
) -> list[str]:
    parts: list[str] = []
    store = QuestionnaireStore(session, deps.forms)
    for membership, _org in memberships:
        response = await store.for_membership(membership.id)
        if response is None or response.form_id not in deps.forms:
            continue
        form = deps.forms[response.form_id]
        answers = await store.answers(response.id)
        body = answers_text(i18n, form, answers, numbered=False, labels=True) or i18n(
            "mydata-no-answers"
        )
        parts.append(f"<b>{esc(form.title.get(i18n.locale))}</b>\n{body}")
    return parts


async def _children_parts(
    session: AsyncSession, user: User, i18n: I18n, deps: AppDeps
) -> list[str]:
    """A parent sees what is stored about each child they consented for, as the child would."""
    children = await Guardians(session).children(user.id)
    if not children:
        return []
    parts = [i18n("mydata-children-header")]
    for child in children:
        g, org = child.guardianship, child.org
        parts.append(
            i18n(
                "mydata-child",
                child=esc(child.user.full_name or "—"),
                grade=(child.membership.grade if child.membership else None) or 0,
                org=esc(org.name),
                role=role_name(i18n, child.membership.role, org) if child.membership else "—",
                guardian=esc(g.guardian_name),
                relation=relation_label(i18n, g.relation),
                time=local_datetime(g.consented_at, org.timezone),
                version=g.text_version,
            )
        )
        memberships = await PeopleService(session).memberships(child.user.id)
        parts.extend(await _answers_parts(session, memberships, i18n, deps))
    return parts


async def send_my_data(
    bot: Bot, chat_id: int, session: AsyncSession, user: User | None, i18n: I18n, deps: AppDeps
) -> None:
    if user is None:
        await bot.send_message(chat_id, i18n("mydata-nothing"))
        return
    chunks = split_text(await my_data_text(session, user, i18n, deps))
    children = [
        (child.user.id, child.user.full_name or "—")
        for child in await Guardians(session).children(user.id)
    ]
    for number, chunk in enumerate(chunks, start=1):
        markup = withdraw_keyboard(i18n, children) if number == len(chunks) else None
        await bot.send_message(chat_id, chunk, reply_markup=markup)


async def my_data_command(
    message: Message, bot: Bot, session: AsyncSession, user: User | None, i18n: I18n, deps: AppDeps
) -> None:
    await send_my_data(bot, message.chat.id, session, user, i18n, deps)


async def my_data_button(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    await query.answer()
    await send_my_data(bot, query.from_user.id, session, user, i18n, deps)


def forget_keyboard(i18n: I18n) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(text=i18n("btn-forget-confirm"), callback_data=ForgetCb(ok=True))
    kb.button(text=i18n("btn-forget-cancel"), callback_data=ForgetCb(ok=False))
    kb.adjust(1)
    return kb.as_markup()


async def forget_command(
    message: Message, session: AsyncSession, user: User | None, i18n: I18n
) -> None:
    if user is None:
        await message.answer(i18n("mydata-nothing"))
        return
    children = await Guardians(session).children(user.id)
    if children:
        names = ", ".join(esc(child.user.full_name or "—") for child in children)
        await message.answer(
            i18n("forget-confirm-guardian", children=names), reply_markup=forget_keyboard(i18n)
        )
        return
    await message.answer(i18n("forget-confirm"), reply_markup=forget_keyboard(i18n))


async def forget_button(
    query: CallbackQuery,
    callback_data: ForgetCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
    fsm_storage: BaseStorage,
) -> None:
    message = query.message if isinstance(query.message, Message) else None
    if not callback_data.ok:
        await query.answer()
        if message is not None:
            await message.edit_text(i18n("forget-cancelled"), reply_markup=None)
        return
    if user is None:
        await query.answer(i18n("mydata-nothing"), show_alert=True)
        return
    # the conversation goes first, through the storage, then everything else in one go
    await state.clear()
    await forget_menu(state)
    # a parent's children go first, each as on their own /forget (the confirmation said so)
    for child in await Guardians(session).children(user.id):
        await erase_child(session, deps, bot, fsm_storage, child.user)
    now = deps.clock.now()
    withdrawal = await Erasure(session).withdraw(user, now)
    await queue_withdrawal_notices(session, deps, withdrawal, now)
    await query.answer()
    if message is not None:
        await message.edit_text(i18n("forget-done"), reply_markup=None)
    # the rows the erasure changed leave SQLite's journal too (its WAL keeps old pages)
    await scrub_deleted_pages(session)


def language_keyboard() -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for code in SUPPORTED_LOCALES:
        kb.button(text=LANGUAGE_NAMES[code], callback_data=LangCb(code=code))
    kb.adjust(2)
    return kb.as_markup()


async def lang_command(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("lang-choose"), reply_markup=language_keyboard())


async def lang_button(query: CallbackQuery, bot: Bot, i18n: I18n) -> None:
    await query.answer()
    await bot.send_message(
        query.from_user.id, i18n("lang-choose"), reply_markup=language_keyboard()
    )


async def lang_chosen(
    query: CallbackQuery,
    callback_data: LangCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    if not deps.translator.supports(callback_data.code):
        await query.answer(deps.translator.bind(deps.settings.default_locale)("error-stale-button"))
        return
    if user is not None:
        await PeopleService(session).set_locale(user, callback_data.code)
    else:
        await state.update_data(locale=callback_data.code)
    translator = deps.translator
    i18n = translator.for_user(user) if user else translator.bind(callback_data.code)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n("lang-set"), reply_markup=None)
    await send_menu(bot, query.from_user.id, session, user, i18n, deps, state)


def build_router() -> Router:
    router = Router(name="profile")
    router.message.register(my_data_command, Command("mydata"))
    router.callback_query.register(my_data_button, MenuCb.filter(F.act == MenuAct.MY_DATA))
    router.message.register(forget_command, Command("forget"))
    router.callback_query.register(forget_button, ForgetCb.filter())
    router.message.register(lang_command, Command("lang"))
    router.callback_query.register(lang_button, MenuCb.filter(F.act == MenuAct.LANG))
    router.callback_query.register(lang_chosen, LangCb.filter())
    return router
