"""Answering a questionnaire: typed answers, buttons, back/skip, summary and edits."""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import AnswerCb, ReviewCb
from bot.deps import AppDeps
from bot.i18n import I18n
from bot.meeting_messages import queue_feedback_requests
from bot.notices import notify_curators
from bot.questionnaire_ui import buttons_removed, retire_previous, show_step
from bot.states import Questionnaire
from bot.survey_messages import open_final_stage
from bot.views import meetings as mview
from bot.views import next_steps as next_view
from bot.views import questionnaire as qview
from bot.views.common import esc, shorten
from bot.views.menu import role_name
from handlers.menu import send_menu
from models import (
    MeetingKindDb,
    Membership,
    Organization,
    OrgKind,
    QuestionnaireResponse,
    ResponseStatus,
    Role,
    User,
)
from services.meetings.repository import MeetingContext, MeetingRepository
from services.onboarding import complete_intake
from services.orgs import OrgService
from services.questionnaire import answers as parse
from services.questionnaire.answers import AnswerValue, Invalid, Valid
from services.questionnaire.schema import QuestionType
from services.questionnaire.store import QuestionnaireStore, Step
from services.surveys.answering import SurveyAnswers
from services.surveys.forms import SUBJECT_PREFIX as SURVEY_SUBJECT_PREFIX

log = logging.getLogger(__name__)

ANSWER_ECHO_LIMIT = 200
# intakes whose thanks differ from their role's: pupils are spoken to with «ты»
INTAKE_DONE_KEYS = {
    "pupil_mentee_intake": "q-completed-pupil_mentee_intake",
    "pupil_mentor_intake": "q-completed-pupil_mentor_intake",
}


async def typed_answer(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    store = QuestionnaireStore(session, deps.forms)
    response = await store.open_for_user(user.id) if user else None
    if response is None:
        await state.set_state(None)
        await send_menu(bot, message.chat.id, session, user, i18n, deps, state)
        return
    step = await store.step(response)
    question = step.question
    if question is None:
        await message.answer(i18n("q-use-summary-buttons"))
        await show_step(bot, message.chat.id, i18n, step, state)
        return
    result = parse.parse_text(question, message.text or "")
    if isinstance(result, Invalid):
        await message.answer(i18n(result.code, **result.params))
        if question.type in (QuestionType.SINGLE, QuestionType.MULTI, QuestionType.YESNO):
            await show_step(bot, message.chat.id, i18n, step, state)
        return
    await _accept(
        bot, message.chat.id, session, user, i18n, deps, state, store, response, result.value
    )


async def non_text_answer(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    store = QuestionnaireStore(session, deps.forms)
    response = await store.open_for_user(user.id) if user else None
    if response is None:
        await state.set_state(None)
        await send_menu(bot, message.chat.id, session, user, i18n, deps, state)
        return
    step = await store.step(response)
    question = step.question
    if question is not None and question.type is QuestionType.FILE:
        attached = _attachment(message)
        if attached is not None:
            file_id, name = attached
            value = parse.file_answer(file_id, name).value
            await _accept(
                bot, message.chat.id, session, user, i18n, deps, state, store, response, value
            )
            return
    typed = question is not None and question.type in (
        QuestionType.TEXT,
        QuestionType.NUMBER,
        QuestionType.DATE,
    )
    if question is not None and question.type is QuestionType.FILE:
        key = "answer-send-file"
    else:
        key = "q-need-text" if typed else "q-use-buttons"
    await message.answer(i18n(key))
    await show_step(bot, message.chat.id, i18n, step, state)


def _attachment(message: Message) -> tuple[str, str | None] | None:
    if message.document is not None:
        return message.document.file_id, message.document.file_name
    if message.photo:
        return message.photo[-1].file_id, "photo.jpg"
    return None


async def _owned_open_response(
    session: AsyncSession, user: User | None, response_id: int
) -> QuestionnaireResponse | None:
    response = await session.get(QuestionnaireResponse, response_id)
    if response is None or user is None or response.user_id != user.id:
        return None
    if response.status is ResponseStatus.COMPLETED:
        return None
    return response


async def button_answer(
    query: CallbackQuery,
    callback_data: AnswerCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    chat_id = query.from_user.id
    store = QuestionnaireStore(session, deps.forms)
    response = await _owned_open_response(session, user, callback_data.rid)
    if response is None or response.current_question != callback_data.q:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        if response is not None:
            await show_step(bot, chat_id, i18n, await store.step(response), state)
        return
    step = await store.step(response)
    question = step.form.question(callback_data.q)
    act, v = callback_data.act, callback_data.v
    value: AnswerValue
    if act == "b":
        await query.answer()
        await _close_question(query, None)
        await show_step(bot, chat_id, i18n, await store.back(response), state, retire=False)
        return
    if act == "s" and not question.required:
        value = None
    elif act == "k" and qview.can_keep(question, step.answers):
        value = step.answers[question.id]
    elif act == "o" and question.type is QuestionType.SINGLE:
        option_id = parse.option_by_index(question, v)
        if option_id is None:
            await query.answer(i18n("error-stale-button"), show_alert=True)
            return
        value = option_id
    elif act == "t" and question.type is QuestionType.MULTI:
        option_id = parse.option_by_index(question, v)
        current = step.answers.get(question.id)
        toggled = parse.toggle(
            question, current if isinstance(current, list) else [], option_id or ""
        )
        if isinstance(toggled, Invalid):
            await query.answer(i18n(toggled.code, **toggled.params), show_alert=True)
            return
        await store.save(response, question.id, toggled, deps.clock.now())
        await query.answer()
        if isinstance(query.message, Message):
            with contextlib.suppress(TelegramAPIError):
                await query.message.edit_reply_markup(
                    reply_markup=qview.question_keyboard(
                        i18n, response.id, step.form, question, toggled
                    )
                )
        return
    elif act == "d" and question.type is QuestionType.MULTI:
        current = step.answers.get(question.id)
        selected = current if isinstance(current, list) else []
        problem = parse.check_multi_done(question, selected)
        if problem is not None:
            await query.answer(i18n(problem.code, **problem.params), show_alert=True)
            return
        value = selected
    elif act == "v" and question.type is QuestionType.SCALE:
        checked = parse.check_scale(question, v)
        if not isinstance(checked, Valid):
            await query.answer(i18n("error-stale-button"), show_alert=True)
            return
        value = checked.value
    elif act == "v" and question.type is QuestionType.YESNO:
        value = bool(v)
    else:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await _close_question(query, qview.format_answer(i18n, question, value))
    if isinstance(query.message, Message):
        await buttons_removed(state, query.message.message_id)
    await _accept(
        bot, chat_id, session, user, i18n, deps, state, store, response, value, retire=False
    )


async def _close_question(query: CallbackQuery, shown_answer: str | None) -> None:
    """Leave the answered question in the chat with the answer under it and no buttons."""
    message = query.message
    if not isinstance(message, Message):
        return
    with contextlib.suppress(TelegramAPIError):
        if shown_answer is None:
            await message.edit_reply_markup(reply_markup=None)
        else:
            text = (
                message.html_text or ""
            ) + f"\n\n✔️ {esc(shorten(shown_answer, ANSWER_ECHO_LIMIT))}"
            await message.edit_text(text, reply_markup=None)


async def _accept(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
    store: QuestionnaireStore,
    response: QuestionnaireResponse,
    value: AnswerValue,
    *,
    retire: bool = True,
) -> None:
    assert response.current_question is not None
    step = await store.answer(response, response.current_question, value, deps.clock.now())
    if step.question is None and not step.form.review and user is not None:
        # a short form is saved with its last answer
        await retire_previous(bot, chat_id, state)
        done = await store.complete(response, deps.clock.now())
        if done.response.status is ResponseStatus.COMPLETED:
            await _finish(bot, chat_id, session, user, i18n, deps, state, store, done)
            return
    await show_step(bot, chat_id, i18n, step, state, retire=retire)


async def review_button(
    query: CallbackQuery,
    callback_data: ReviewCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    chat_id = query.from_user.id
    store = QuestionnaireStore(session, deps.forms)
    response = await _owned_open_response(session, user, callback_data.rid)
    if response is None or response.status is not ResponseStatus.REVIEW or user is None:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        if response is not None:
            await show_step(bot, chat_id, i18n, await store.step(response), state)
        return
    step = await store.step(response)
    message = query.message if isinstance(query.message, Message) else None
    match callback_data.act:
        case "list" | "show":
            await query.answer()
            markup = (
                qview.edit_picker_keyboard(i18n, response.id, step.form)
                if callback_data.act == "list"
                else qview.summary_keyboard(i18n, response.id)
            )
            if message is not None:
                with contextlib.suppress(TelegramAPIError):
                    await message.edit_reply_markup(reply_markup=markup)
        case "ed" if 1 <= callback_data.n <= len(step.form.questions):
            await query.answer()
            question_id = step.form.questions[callback_data.n - 1].id
            await show_step(bot, chat_id, i18n, await store.edit(response, question_id), state)
        case "ok":
            await query.answer()
            done = await store.complete(response, deps.clock.now())
            if done.response.status is not ResponseStatus.COMPLETED:
                await bot.send_message(chat_id, i18n("q-still-missing"))
                await show_step(bot, chat_id, i18n, done, state)
                return
            if message is not None:
                await buttons_removed(state, message.message_id)
                with contextlib.suppress(TelegramAPIError):
                    await message.edit_reply_markup(reply_markup=None)
            await _finish(bot, chat_id, session, user, i18n, deps, state, store, done)
        case _:
            await query.answer(i18n("error-stale-button"), show_alert=True)


async def _finish(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    user: User,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
    store: QuestionnaireStore,
    step: Step,
) -> None:
    await state.set_state(None)
    now = deps.clock.now()
    response = step.response
    intake = None

    logged: MeetingContext | None = None
    if response.subject is None:
        intake = await complete_intake(session, user, response, step.answers, now)
    elif response.subject.startswith("meeting:"):
        logged = await record_meeting_log(session, deps, response.subject, step.answers, now)
    elif response.subject.startswith(SURVEY_SUBJECT_PREFIX):
        await SurveyAnswers(session).complete(response, step.form, step.answers, now)
    role_key = "q-completed"
    membership: Membership | None = None
    if response.subject is not None:
        role_key = f"q-completed-{response.form_id}"
    elif response.membership_id is not None:
        membership = await session.get(Membership, step.response.membership_id)
        if membership is not None:
            role_key = INTAKE_DONE_KEYS.get(
                response.form_id, f"q-completed-{membership.role.value}"
            )
            if membership.role is Role.CURATOR and await _is_office(session, membership.org_id):
                # an office's menu has schools, not a bank: say what it does have
                role_key = "q-completed-municipal-curator"
    if intake is not None:
        await _tell_curators(session, deps, intake.membership, intake.full_name, now)
    following = await store.open_for_user(user.id)
    if following is not None:
        # the next step is the questionnaire waiting behind this one: it is asked right away
        await bot.send_message(chat_id, i18n(role_key))
        await show_step(bot, chat_id, i18n, await store.step(following), state, retire=False)
        return
    text, markup = await _what_next(session, i18n, i18n(role_key), membership, logged)
    await bot.send_message(chat_id, text, reply_markup=markup)


async def _what_next(
    session: AsyncSession,
    i18n: I18n,
    thanks: str,
    membership: Membership | None,
    logged: MeetingContext | None,
) -> tuple[str, InlineKeyboardMarkup]:
    """The thanks, what happens next and the one button that leads there."""
    if logged is not None:
        following = await MeetingRepository(session).next_open(logged.pairing.id)
        kind = mview.kind_name(i18n, following) if following is not None else ""
        return next_view.meeting_logged(i18n, thanks, following, kind)
    if membership is not None:
        org = await session.get(Organization, membership.org_id)
        if org is not None:
            return next_view.intake_done(i18n, thanks, membership.role, org)
    return next_view.with_next(thanks, i18n("next-survey")), next_view.main_menu_button(i18n)


async def record_meeting_log(
    session: AsyncSession, deps: AppDeps, subject: str, answers: dict[str, Any], now: datetime
) -> MeetingContext:
    """The mentor's log closes the meeting and asks every participant for feedback."""
    meeting_id = int(subject.split(":", 1)[1])
    repo = MeetingRepository(session)
    ctx = await repo.context(meeting_id)
    await repo.record_log(ctx, answers, now)
    await queue_feedback_requests(session, deps, ctx, now)
    if ctx.meeting.kind is MeetingKindDb.FINAL:
        await open_final_stage(session, deps, ctx.pairing.id, now)
    return ctx


async def _tell_curators(
    session: AsyncSession, deps: AppDeps, membership: Membership, full_name: str, now: datetime
) -> None:
    org = await session.get(Organization, membership.org_id)
    if org is None:
        return

    # a school without a curator of its own tells its office's, whose menu reaches the school's
    # bank only through «Школы»
    via_office = org.parent_id is not None and not await OrgService(session).curators_of(org.id)

    def render(i18n: I18n) -> str:
        args = {
            "name": esc(full_name),
            "role": role_name(i18n, membership.role, org),
            "org": esc(org.name),
        }
        if via_office:
            return i18n("curator-new-member-office", **args)
        return i18n("curator-new-member", **args)

    named = [membership.user_id] if membership.user_id is not None else []
    await notify_curators(
        session, deps, org.id, render, now, about=named, skip_user_id=membership.user_id
    )


async def _is_office(session: AsyncSession, org_id: int) -> bool:
    org = await session.get(Organization, org_id)
    return org is not None and org.kind is OrgKind.MUNICIPALITY


def build_router() -> Router:
    router = Router(name="questionnaire")
    router.message.register(typed_answer, Questionnaire.answering, F.text, ~F.text.startswith("/"))
    router.message.register(non_text_answer, Questionnaire.answering, ~F.text)
    router.callback_query.register(button_answer, AnswerCb.filter())
    router.callback_query.register(review_button, ReviewCb.filter())
    return router
