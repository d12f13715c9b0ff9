"""Pupils and their parents: the age question, a parent's consent for a minor, and the parent's
control over the child's data afterwards (152-FZ art. 9; seed 003 item 2.2).

/start with a token routes here before the generic start router when the token is a parent's
link (a pending request) or a pupil invite; anything else falls through to handlers/start.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from aiogram import Bot, F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.infra.db import scrub_deleted_pages
from bot.notify.notices import notify_user
from bot.notify.withdrawals import queue_withdrawal_notices
from bot.tg.callbacks import (
    ConsentStep,
    GuardianAct,
    GuardianCb,
    PupilAct,
    PupilCb,
    PupilConsentCb,
)
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.questionnaire_ui import show_step
from bot.tg.states import ParentConsent, PupilJoin
from bot.tg.views import next_steps as next_view
from bot.tg.views.common import esc, local_datetime
from bot.tg.views.menu import role_name
from handlers.menu import resume_or_menu
from models import (
    AgeBand,
    Audience,
    GuardianRelation,
    GuardianRequest,
    Membership,
    Organization,
    Role,
    User,
)
from services.erasure import Erasure
from services.errors import DomainError
from services.guardians.control import Guardians
from services.guardians.requests import (
    FIRST_NAME_LIMIT,
    GRADES,
    PARENT_NAME_LIMIT,
    PARENTAL_TEXT_VERSION,
    PUPIL_CONSENT_TEXT_VERSION,
    GuardianRequests,
    PendingRequest,
    clean_first_name,
    clean_full_name,
)
from services.guardians.rules import needs_parent
from services.invites import InviteService, ValidInvite, deep_link
from services.onboarding import intake_form
from services.outbox import STRANGER_KIND, Outbox
from services.people import PeopleService
from services.questionnaire.store import QuestionnaireStore

# what the conversation keeps between the pupil's steps, and the parent's
PUPIL_KEYS = ("pupil_token", "pupil_band", "pupil_grade")
PARENT_KEYS = ("guardian_token", "guardian_name")
AGE_BUTTONS = {
    AgeBand.UNDER_14: "btn-age-under_14",
    AgeBand.TEEN: "btn-age-14_17",
    AgeBand.ADULT: "btn-age-18_plus",
}
RELATION_LABELS = {
    GuardianRelation.MOTHER: "guardian-relation-mother",
    GuardianRelation.FATHER: "guardian-relation-father",
    GuardianRelation.GUARDIAN: "guardian-relation-guardian",
}


# ----- routing /start ---------------------------------------------------------------------------
async def parent_link(
    message: Message, command: CommandObject, session: AsyncSession
) -> dict[str, Any] | bool:
    found = await GuardianRequests(session).by_token((command.args or "").strip())
    return {"found": found} if found is not None else False


async def pupil_link(
    message: Message, command: CommandObject, session: AsyncSession, deps: AppDeps
) -> dict[str, Any] | bool:
    try:
        valid = await InviteService(session).check((command.args or "").strip(), deps.clock.now())
    except DomainError:
        return False  # the start router says why the link does not work
    return {"valid": valid} if valid.invite.audience is Audience.PUPIL else False


async def _forget_keys(state: FSMContext, keys: tuple[str, ...]) -> None:
    data = await state.get_data()
    await state.set_data({k: v for k, v in data.items() if k not in keys})


async def _edit(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


# ----- the pupil ------------------------------------------------------------------------------
async def pupil_opens_link(
    message: Message,
    valid: ValidInvite,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    role, org = valid.invite.role, valid.org
    await state.set_state(None)
    await _forget_keys(state, PUPIL_KEYS)
    if user is not None:
        member = await PeopleService(session).membership_in(user.id, org.id, role)
        if member is not None:
            await message.answer(
                i18n("start-already-member", role=role_name(i18n, role, org), org=esc(org.name))
            )
            await resume_or_menu(bot, message.chat.id, session, user, i18n, deps, state)
            return
    pending = await GuardianRequests(session).pending(
        message.chat.id, org.id, role, deps.clock.now()
    )
    if pending is not None:
        await _send_parent_link(message.chat.id, bot, i18n, deps, pending, org, again=True)
        return
    kb = InlineKeyboard()
    for band in AgeBand:
        kb.button(
            text=i18n(AGE_BUTTONS[band]),
            callback_data=PupilCb(act=PupilAct.AGE, answer=band.value, token=valid.invite.token),
        )
    kb.adjust(1)
    await message.answer(
        i18n("pupil-age-ask", org=esc(org.name), role=role_name(i18n, role, org)),
        reply_markup=kb.as_markup(),
    )


async def _valid_pupil_invite(session: AsyncSession, token: str, deps: AppDeps) -> ValidInvite:
    valid = await InviteService(session).check(token, deps.clock.now())
    if valid.invite.audience is not Audience.PUPIL:
        raise DomainError("error-stale-button")
    return valid


async def pupil_age(
    query: CallbackQuery,
    callback_data: PupilCb,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    valid = await _valid_pupil_invite(session, callback_data.token, deps)
    band = AgeBand(callback_data.answer)
    await query.answer()
    if not needs_parent(band, deps.settings.parent_consent_until_age):
        await _edit(
            query,
            _pupil_consent_text(i18n, ConsentStep.PERSONAL_DATA, valid),
            _pupil_consent_keyboard(i18n, ConsentStep.PERSONAL_DATA, band, callback_data.token),
        )
        return
    # held in the conversation only, until the request is made (or abandoned and purged)
    await state.update_data(pupil_token=callback_data.token, pupil_band=band.value)
    kb = InlineKeyboard()
    for grade in GRADES:
        kb.button(text=str(grade), callback_data=PupilCb(act=PupilAct.GRADE, answer=str(grade)))
    kb.adjust(6)
    await _edit(query, i18n("pupil-grade-ask"), kb.as_markup())


async def pupil_grade(
    query: CallbackQuery, callback_data: PupilCb, i18n: I18n, state: FSMContext
) -> None:
    data = await state.get_data()
    if not isinstance(data.get("pupil_token"), str) or not isinstance(data.get("pupil_band"), str):
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    await state.update_data(pupil_grade=int(callback_data.answer))
    await state.set_state(PupilJoin.name)
    await query.answer()
    await _edit(query, i18n("pupil-grade-chosen", grade=callback_data.answer))
    if query.message is not None:
        await query.message.answer(i18n("pupil-name-ask"))


async def _typed_name(
    message: Message,
    i18n: I18n,
    limit: int,
    clean: Callable[[str], str | None],
    too_long: str,
    invalid: str,
) -> str | None:
    """The cleaned name, or None after telling the person why it was not taken."""
    text = (message.text or "").strip()
    if len(text) > limit:
        await message.answer(i18n(too_long, limit=limit))
        return None
    name = clean(text)
    if name is None:
        await message.answer(i18n(invalid))
    return name


async def pupil_name(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    token, band, grade = data.get("pupil_token"), data.get("pupil_band"), data.get("pupil_grade")
    if not isinstance(token, str) or not isinstance(band, str) or not isinstance(grade, int):
        await state.set_state(None)
        await message.answer(i18n("error-stale-button"))
        return
    name = await _typed_name(
        message,
        i18n,
        FIRST_NAME_LIMIT,
        clean_first_name,
        "pupil-name-too-long",
        "pupil-name-invalid",
    )
    if name is None:
        return
    now = deps.clock.now()
    valid = await InviteService(session).check(token, now)
    request = await GuardianRequests(session).create(
        valid,
        child_telegram_id=message.chat.id,
        first_name=name,
        grade=grade,
        band=AgeBand(band),
        locale=i18n.locale,
        now=now,
        ttl=timedelta(days=deps.settings.parent_request_days),
    )
    await state.set_state(None)
    await _forget_keys(state, PUPIL_KEYS)
    await _send_parent_link(message.chat.id, bot, i18n, deps, request, valid.org, again=False)


async def pupil_name_not_text(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("pupil-name-not-text"))


async def _send_parent_link(
    chat_id: int,
    bot: Bot,
    i18n: I18n,
    deps: AppDeps,
    request: GuardianRequest,
    org: Organization,
    *,
    again: bool,
) -> None:
    link = deep_link(deps.bot_username, request.token)
    share = (
        f"https://t.me/share/url?url={quote(link, safe='')}"
        f"&text={quote(i18n('pupil-share-text'), safe='')}"
    )
    kb = InlineKeyboard()
    kb.button(text=i18n("btn-share-parent-link"), url=share)
    await bot.send_message(
        chat_id,
        i18n(
            "pupil-parent-pending" if again else "pupil-parent-needed",
            name=esc(request.child_first_name),
            org=esc(org.name),
            link=link,
            until=local_datetime(request.expires_at, org.timezone),
        ),
        reply_markup=kb.as_markup(),
    )


def _pupil_consent_text(i18n: I18n, step: ConsentStep, valid: ValidInvite) -> str:
    key = (
        "pupil-consent-appointment"
        if step is ConsentStep.APPOINTMENT
        else "pupil-consent-personal-data"
    )
    return i18n(
        key,
        org=esc(valid.org.name),
        role=role_name(i18n, valid.invite.role, valid.org),
        version=PUPIL_CONSENT_TEXT_VERSION,
    )


def _pupil_consent_keyboard(
    i18n: I18n, step: ConsentStep, band: AgeBand, token: str
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for ok, key in ((True, "btn-consent-accept"), (False, "btn-consent-decline")):
        kb.button(
            text=i18n(key), callback_data=PupilConsentCb(step=step, ok=ok, band=band, token=token)
        )
    kb.adjust(1)
    return kb.as_markup()


async def pupil_consent(
    query: CallbackQuery,
    callback_data: PupilConsentCb,
    bot: Bot,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    if not callback_data.ok:
        await query.answer()
        await state.clear()
        await _edit(query, i18n("pupil-consent-declined"))
        return
    valid = await _valid_pupil_invite(session, callback_data.token, deps)
    band = callback_data.band
    if needs_parent(band, deps.settings.parent_consent_until_age):
        # no button offers this: a parent must consent for this age
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    role = valid.invite.role
    if role is Role.MENTOR and callback_data.step is ConsentStep.PERSONAL_DATA:
        await query.answer()
        step = ConsentStep.APPOINTMENT
        await _edit(
            query,
            _pupil_consent_text(i18n, step, valid),
            _pupil_consent_keyboard(i18n, step, band, callback_data.token),
        )
        return
    now = deps.clock.now()
    joined = await PeopleService(session).join(
        query.from_user.id,
        i18n.locale,
        callback_data.token,
        now,
        age_band=band,
        text_version=PUPIL_CONSENT_TEXT_VERSION,
    )
    await query.answer(i18n("consent-recorded-short"))
    await _edit(
        query,
        i18n(
            "pupil-consent-recorded",
            org=esc(valid.org.name),
            role=role_name(i18n, role, valid.org),
            time=local_datetime(now, valid.org.timezone),
        ),
    )
    await _forget_keys(state, ("locale", *PUPIL_KEYS))
    if joined.already_member:
        await resume_or_menu(bot, query.from_user.id, session, joined.user, i18n, deps, state)
        return
    await _start_intake(
        bot, query.from_user.id, session, joined.user, joined.membership, i18n, deps, state
    )


async def _start_intake(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    user: User,
    membership: Membership,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    store = QuestionnaireStore(session, deps.forms)
    form_id = intake_form(membership.role, membership.audience)
    step = await store.start(user, membership, form_id, deps.clock.now())
    if step.form.intro is not None:
        await bot.send_message(chat_id, esc(step.form.intro.get(i18n.locale)))
    await show_step(bot, chat_id, i18n, step, state, retire=False)


async def pupil_intake(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    """The button in the notice that a parent agreed: the intake, once."""
    if user is None:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    await query.answer()
    store = QuestionnaireStore(session, deps.forms)
    if await store.open_for_user(user.id) is None:
        for membership, _org in await PeopleService(session).memberships(user.id):
            fresh = (
                membership.audience is Audience.PUPIL and membership.profile_completed_at is None
            )
            if fresh and await store.for_membership(membership.id) is None:
                await _start_intake(
                    bot, query.from_user.id, session, user, membership, i18n, deps, state
                )
                return
    await resume_or_menu(bot, query.from_user.id, session, user, i18n, deps, state)


# ----- the parent -------------------------------------------------------------------------------
def relation_label(i18n: I18n, relation: GuardianRelation) -> str:
    return i18n(RELATION_LABELS[relation])


async def parent_opens_link(
    message: Message, found: PendingRequest, i18n: I18n, deps: AppDeps, state: FSMContext
) -> None:
    await state.set_state(None)
    await _forget_keys(state, PARENT_KEYS)
    try:
        found = GuardianRequests.verify(found, message.chat.id, deps.clock.now())
    except DomainError as error:
        await message.answer(i18n(error.key))
        return
    request, org = found.request, found.org
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-consent-accept"),
        callback_data=GuardianCb(act=GuardianAct.YES, token=request.token),
    )
    kb.button(
        text=i18n("btn-consent-decline"),
        callback_data=GuardianCb(act=GuardianAct.NO, token=request.token),
    )
    kb.adjust(1)
    await message.answer(
        i18n(
            "guardian-consent-text",
            org=esc(org.name),
            child=esc(request.child_first_name),
            grade=request.child_grade,
            role=role_name(i18n, request.role, org),
            version=PARENTAL_TEXT_VERSION,
        ),
        reply_markup=kb.as_markup(),
    )


async def parent_answers(
    query: CallbackQuery,
    callback_data: GuardianCb,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    now = deps.clock.now()
    requests = GuardianRequests(session)
    try:
        found = await requests.check(callback_data.token, query.from_user.id, now)
    except DomainError as error:
        await query.answer()
        await _edit(query, i18n(error.key))
        return
    await query.answer()
    if callback_data.act is GuardianAct.NO:
        request = found.request
        child_i18n = deps.translator.bind(request.locale, pupil=True)
        await requests.decline(request)
        # the pupil has no record to address: the notice goes to their chat, naming nobody
        await Outbox(session).enqueue(
            request.child_telegram_id,
            child_i18n("pupil-parent-declined", org=esc(found.org.name)),
            kind=STRANGER_KIND,
            not_before=now,
        )
        await state.set_state(None)
        await _forget_keys(state, PARENT_KEYS)
        await _edit(query, i18n("guardian-declined"))
        await scrub_deleted_pages(session)
        return
    await state.set_state(ParentConsent.name)
    await state.update_data(guardian_token=found.request.token)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(i18n("guardian-name-ask"))


async def parent_name(message: Message, i18n: I18n, state: FSMContext) -> None:
    token = (await state.get_data()).get("guardian_token")
    if not isinstance(token, str):
        await state.set_state(None)
        await message.answer(i18n("error-stale-button"))
        return
    name = await _typed_name(
        message,
        i18n,
        PARENT_NAME_LIMIT,
        clean_full_name,
        "guardian-name-too-long",
        "guardian-name-invalid",
    )
    if name is None:
        return
    await state.set_state(None)
    await state.update_data(guardian_name=name)
    kb = InlineKeyboard()
    for relation in GuardianRelation:
        kb.button(
            text=relation_label(i18n, relation),
            callback_data=GuardianCb(
                act=GuardianAct.RELATION, token=token, relation=relation.value
            ),
        )
    kb.adjust(1)
    await message.answer(i18n("guardian-relation-ask"), reply_markup=kb.as_markup())


async def parent_name_not_text(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("guardian-name-not-text"))


async def parent_relation(
    query: CallbackQuery,
    callback_data: GuardianCb,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    name = data.get("guardian_name")
    if not isinstance(name, str) or data.get("guardian_token") != callback_data.token:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    now = deps.clock.now()
    requests = GuardianRequests(session)
    try:
        found = await requests.check(callback_data.token, query.from_user.id, now)
    except DomainError as error:
        await query.answer()
        await _edit(query, i18n(error.key))
        return
    relation = GuardianRelation(callback_data.relation)
    accepted = await requests.accept(
        found,
        parent_telegram_id=query.from_user.id,
        parent_locale=i18n.locale,
        parent_name=name,
        relation=relation,
        now=now,
    )
    await _forget_keys(state, ("locale", *PARENT_KEYS))
    await query.answer(i18n("consent-recorded-short"))
    org, child = accepted.org, accepted.child
    recorded = i18n(
        "guardian-recorded",
        name=esc(name),
        relation=relation_label(i18n, relation),
        child=esc(child.full_name or ""),
        grade=accepted.membership.grade or 0,
        org=esc(org.name),
        role=role_name(i18n, accepted.membership.role, org),
        time=local_datetime(now, org.timezone),
        version=PARENTAL_TEXT_VERSION,
    )
    # the parent's menu is the child's data and the withdrawal button
    await _edit(
        query,
        next_view.with_next(recorded, i18n("next-guardian-recorded")),
        next_view.main_menu_button(i18n),
    )

    def markup(child_i18n: I18n) -> InlineKeyboardMarkup:
        kb = InlineKeyboard()
        kb.button(text=child_i18n("btn-pupil-intake"), callback_data=PupilCb(act=PupilAct.INTAKE))
        return kb.as_markup()

    await notify_user(
        session,
        deps,
        child,
        lambda child_i18n: child_i18n(
            "pupil-parent-accepted",
            org=esc(org.name),
            role=role_name(child_i18n, accepted.membership.role, org),
        ),
        now,
        about=[child.id],
        markup=markup,
    )


# ----- the parent's control ---------------------------------------------------------------------
async def forget_fsm(bot: Bot, fsm_storage: BaseStorage, telegram_id: int) -> None:
    key = StorageKey(bot_id=bot.id, chat_id=telegram_id, user_id=telegram_id)
    await fsm_storage.set_state(key, None)
    await fsm_storage.set_data(key, {})


async def erase_child(
    session: AsyncSession,
    deps: AppDeps,
    bot: Bot,
    fsm_storage: BaseStorage,
    child: User,
) -> None:
    """The child's data goes exactly as on their own /forget, with the same notices."""
    await forget_fsm(bot, fsm_storage, child.telegram_id)
    now = deps.clock.now()
    withdrawal = await Erasure(session).withdraw(child, now)
    await queue_withdrawal_notices(session, deps, withdrawal, now)


async def parent_withdraws(
    query: CallbackQuery,
    callback_data: GuardianCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    fsm_storage: BaseStorage,
) -> None:
    child = None if user is None else await Guardians(session).child(user.id, callback_data.child)
    if child is None:
        await query.answer(i18n("error-not-found"), show_alert=True)
        return
    await query.answer()
    name = esc(child.full_name or "")
    match callback_data.act:
        case GuardianAct.WITHDRAW:
            kb = InlineKeyboard()
            kb.button(
                text=i18n("btn-guardian-withdraw-yes"),
                callback_data=GuardianCb(act=GuardianAct.WITHDRAW_OK, child=child.id),
            )
            kb.button(
                text=i18n("btn-forget-cancel"),
                callback_data=GuardianCb(act=GuardianAct.WITHDRAW_NO, child=child.id),
            )
            kb.adjust(1)
            await bot.send_message(
                query.from_user.id,
                i18n("guardian-withdraw-confirm", child=name),
                reply_markup=kb.as_markup(),
            )
        case GuardianAct.WITHDRAW_NO:
            await _edit(query, i18n("forget-cancelled"))
        case _:
            await erase_child(session, deps, bot, fsm_storage, child)
            done = "guardian-withdraw-done"
            if user is not None and await Guardians(session).nothing_left(user.id):
                # the parent's name was kept only for the consent record, which is gone now
                await forget_fsm(bot, fsm_storage, user.telegram_id)
                await Erasure(session).withdraw(user, deps.clock.now())
                done = "guardian-withdraw-done-all"
            await _edit(query, i18n(done, child=name))
            await scrub_deleted_pages(session)


def withdraw_keyboard(i18n: I18n, children: list[tuple[int, str]]) -> InlineKeyboardMarkup | None:
    """One button per child in /mydata of a parent."""
    if not children:
        return None
    kb = InlineKeyboard()
    for child_id, name in children:
        kb.button(
            text=i18n("btn-guardian-withdraw", child=name),
            callback_data=GuardianCb(act=GuardianAct.WITHDRAW, child=child_id),
        )
    kb.adjust(1)
    return kb.as_markup()


def build_router() -> Router:
    router = Router(name="guardians")
    router.message.register(parent_opens_link, CommandStart(deep_link=True), parent_link)
    router.message.register(pupil_opens_link, CommandStart(deep_link=True), pupil_link)
    router.callback_query.register(pupil_age, PupilCb.filter(F.act == PupilAct.AGE))
    router.callback_query.register(pupil_grade, PupilCb.filter(F.act == PupilAct.GRADE))
    router.callback_query.register(pupil_intake, PupilCb.filter(F.act == PupilAct.INTAKE))
    router.callback_query.register(pupil_consent, PupilConsentCb.filter())
    router.message.register(pupil_name, PupilJoin.name, F.text, ~F.text.startswith("/"))
    router.message.register(pupil_name_not_text, PupilJoin.name, ~F.text)
    router.callback_query.register(
        parent_answers, GuardianCb.filter(F.act.in_({GuardianAct.YES, GuardianAct.NO}))
    )
    router.callback_query.register(
        parent_relation, GuardianCb.filter(F.act == GuardianAct.RELATION)
    )
    router.callback_query.register(parent_withdraws, GuardianCb.filter())
    router.message.register(parent_name, ParentConsent.name, F.text, ~F.text.startswith("/"))
    router.message.register(parent_name_not_text, ParentConsent.name, ~F.text)
    return router
