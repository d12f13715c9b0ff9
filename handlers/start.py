"""/start: joining by an invite link, consent (152-FZ), then the intake questionnaire."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.tg.callbacks import ConsentCb, ConsentStep
from bot.tg.i18n import I18n
from bot.tg.questionnaire_ui import show_step
from bot.tg.views.common import esc, local_datetime
from bot.tg.views.consent import consent_keyboard, consent_text
from bot.tg.views.menu import role_name
from handlers.head import head_joined
from handlers.menu import resume_or_menu
from models import Role, User
from services.errors import DomainError
from services.invites import InviteService
from services.onboarding import intake_form
from services.people import PeopleService
from services.questionnaire.store import QuestionnaireStore


async def start_with_invite(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    token = (command.args or "").strip()
    try:
        valid = await InviteService(session).check(token, deps.clock.now())
    except DomainError as error:
        await message.answer(f"{i18n(error.key)}\n\n{i18n('start-how-to-join')}")
        return
    role, org = valid.invite.role, valid.org
    if user is not None:
        existing = await PeopleService(session).membership_in(user.id, org.id, role)
        if existing is not None:
            await message.answer(
                i18n("start-already-member", role=role_name(i18n, role, org), org=esc(org.name))
            )
            await resume_or_menu(bot, message.chat.id, session, user, i18n, deps, state)
            return
    await message.answer(
        consent_text(i18n, ConsentStep.PERSONAL_DATA, role, org),
        reply_markup=consent_keyboard(i18n, ConsentStep.PERSONAL_DATA, token),
    )


async def start_plain(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    if user is None and not deps.is_admin(message.chat.id):
        await message.answer(f"{i18n('start-welcome')}\n\n{i18n('start-how-to-join')}")
        return
    await resume_or_menu(bot, message.chat.id, session, user, i18n, deps, state)


async def consent_declined(
    query: CallbackQuery, callback_data: ConsentCb, i18n: I18n, state: FSMContext
) -> None:
    await query.answer()
    # the only thing a declined person may have left is their language choice: drop it too
    await state.clear()
    if query.message is not None:
        await bot_edit(query, i18n("consent-declined"))


async def bot_edit(query: CallbackQuery, text: str) -> None:
    message = query.message
    if isinstance(message, Message):
        await message.edit_text(text, reply_markup=None)


async def consent_accepted(
    query: CallbackQuery,
    callback_data: ConsentCb,
    bot: Bot,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    now = deps.clock.now()
    try:
        valid = await InviteService(session).check(callback_data.token, now)
    except DomainError as error:
        await query.answer()
        await bot_edit(query, f"{i18n(error.key)}\n\n{i18n('start-how-to-join')}")
        return
    role, org = valid.invite.role, valid.org
    if role is Role.MENTOR and callback_data.step is ConsentStep.PERSONAL_DATA:
        # the appointment is a separate, explicit consent (seed 003): ask for it on its own
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_text(
                consent_text(i18n, ConsentStep.APPOINTMENT, role, org),
                reply_markup=consent_keyboard(i18n, ConsentStep.APPOINTMENT, callback_data.token),
            )
        return
    joined = await PeopleService(session).join(
        query.from_user.id, i18n.locale, callback_data.token, now
    )
    if not joined.already_member and joined.membership.role is Role.HEAD:
        await head_joined(session, deps, org, joined.membership, now)
    await query.answer(i18n("consent-recorded-short"))
    await bot_edit(
        query,
        i18n(
            "consent-recorded",
            org=esc(org.name),
            role=role_name(i18n, role, org),
            time=local_datetime(now, org.timezone),
        ),
    )
    # the language chosen before registering now lives on the person's record
    data = await state.get_data()
    data.pop("locale", None)
    await state.set_data(data)
    if joined.already_member:
        await resume_or_menu(bot, query.from_user.id, session, joined.user, i18n, deps, state)
        return
    store = QuestionnaireStore(session, deps.forms)
    form_id = intake_form(joined.membership.role, joined.membership.audience)
    step = await store.start(joined.user, joined.membership, form_id, now)
    if step.form.intro is not None:
        await bot.send_message(query.from_user.id, esc(step.form.intro.get(i18n.locale)))
    await show_step(bot, query.from_user.id, i18n, step, state, retire=False)


def build_router() -> Router:
    router = Router(name="start")
    router.message.register(start_with_invite, CommandStart(deep_link=True))
    router.message.register(start_plain, CommandStart())
    router.callback_query.register(consent_declined, ConsentCb.filter(F.ok.is_(False)))
    router.callback_query.register(consent_accepted, ConsentCb.filter(F.ok.is_(True)))
    return router
