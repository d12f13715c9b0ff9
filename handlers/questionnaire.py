"""Answering a questionnaire: typed answers, buttons, back/skip, summary and edits."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.notify.meetings import queue_feedback_requests
from bot.notify.notices import notify_curators
from bot.notify.surveys import open_final_stage
from bot.tg.callbacks import AnswerAct, AnswerCb, ReviewAct, ReviewCb
from bot.tg.i18n import I18n
from bot.tg.questionnaire_ui import buttons_removed, retire_previous, show_step
from bot.tg.states import Questionnaire
from bot.tg.views import meetings as mview
from bot.tg.views import next_steps as next_view
from bot.tg.views import questionnaire as qview
from bot.tg.views.common import esc, shorten
from bot.tg.views.menu import role_name
from handlers.menu import send_menu
from models import (
    Membership,
    Organization,
    OrgKind,
    QuestionnaireResponse,
    ResponseStatus,
    Role,
    User,
)
from services.meetings.repository import MeetingRepository
from services.orgs import OrgService
from services.questionnaire import answers as parse
from services.questionnaire.answers import AnswerValue, Invalid, Valid
from services.questionnaire.completion import Completion, SubjectKind, complete_response
from services.questionnaire.schema import Question, QuestionType
from services.questionnaire.store import QuestionnaireStore, Step

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


@dataclass(frozen=True)
class _Press:
    """A button under the question the person is at: their open response, where they are."""

    store: QuestionnaireStore
    response: QuestionnaireResponse
    step: Step
    question: Question


async def _pressed(
    query: CallbackQuery,
    callback_data: AnswerCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> _Press | None:
    """The press, if its button is under the question being asked; otherwise the person is
    told the button is stale and shown where they are."""
    store = QuestionnaireStore(session, deps.forms)
    response = await _owned_open_response(session, user, callback_data.response)
    if response is None or response.current_question != callback_data.question:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        if response is not None:
            await show_step(bot, query.from_user.id, i18n, await store.step(response), state)
        return None
    step = await store.step(response)
    return _Press(store, response, step, step.form.question(callback_data.question))


_STALE = Invalid("error-stale-button")


def _skipped(question: Question, answers: dict[str, Any], value: int) -> AnswerValue | Invalid:
    return _STALE if question.required else None


def _kept(question: Question, answers: dict[str, Any], value: int) -> AnswerValue | Invalid:
    return answers[question.id] if qview.can_keep(question, answers) else _STALE


def _option(question: Question, answers: dict[str, Any], value: int) -> AnswerValue | Invalid:
    option_id = parse.option_by_index(question, value)
    if question.type is not QuestionType.SINGLE or option_id is None:
        return _STALE
    return option_id


def _multi_done(question: Question, answers: dict[str, Any], value: int) -> AnswerValue | Invalid:
    if question.type is not QuestionType.MULTI:
        return _STALE
    current = answers.get(question.id)
    selected = current if isinstance(current, list) else []
    problem = parse.check_multi_done(question, selected)
    return selected if problem is None else problem


def _scale_or_yes_no(
    question: Question, answers: dict[str, Any], value: int
) -> AnswerValue | Invalid:
    if question.type is QuestionType.SCALE:
        checked = parse.check_scale(question, value)
        return checked.value if isinstance(checked, Valid) else _STALE
    if question.type is QuestionType.YESNO:
        return bool(value)
    return _STALE


# the presses that answer the question: the answer each gives, or why it gives none
_ANSWERS: dict[AnswerAct, Callable[[Question, dict[str, Any], int], AnswerValue | Invalid]] = {
    AnswerAct.SKIP: _skipped,
    AnswerAct.KEEP: _kept,
    AnswerAct.OPTION: _option,
    AnswerAct.DONE: _multi_done,
    AnswerAct.VALUE: _scale_or_yes_no,
}


async def answer_button(
    query: CallbackQuery,
    callback_data: AnswerCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    """An option, a scale's value, yes or no, «Готово», «Оставить» or «Пропустить»."""
    press = await _pressed(query, callback_data, bot, session, user, i18n, deps, state)
    if press is None:
        return
    value = _ANSWERS[callback_data.act](press.question, press.step.answers, callback_data.value)
    if isinstance(value, Invalid):
        await query.answer(i18n(value.code, **value.params), show_alert=True)
        return
    await query.answer()
    await _close_question(query, qview.format_answer(i18n, press.question, value))
    if isinstance(query.message, Message):
        await buttons_removed(state, query.message.message_id)
    await _accept(
        bot,
        query.from_user.id,
        session,
        user,
        i18n,
        deps,
        state,
        press.store,
        press.response,
        value,
        retire=False,
    )


async def toggle_button(
    query: CallbackQuery,
    callback_data: AnswerCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    """A tick of a multiple choice: saved at once, the question stays until «Готово»."""
    press = await _pressed(query, callback_data, bot, session, user, i18n, deps, state)
    if press is None:
        return
    question = press.question
    if question.type is not QuestionType.MULTI:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    option_id = parse.option_by_index(question, callback_data.value)
    current = press.step.answers.get(question.id)
    toggled = parse.toggle(question, current if isinstance(current, list) else [], option_id or "")
    if isinstance(toggled, Invalid):
        await query.answer(i18n(toggled.code, **toggled.params), show_alert=True)
        return
    await press.store.save(press.response, question.id, toggled, deps.clock.now())
    await query.answer()
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramAPIError):
            await query.message.edit_reply_markup(
                reply_markup=qview.question_keyboard(
                    i18n, press.response.id, press.step.form, question, toggled
                )
            )


async def back_button(
    query: CallbackQuery,
    callback_data: AnswerCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    press = await _pressed(query, callback_data, bot, session, user, i18n, deps, state)
    if press is None:
        return
    await query.answer()
    await _close_question(query, None)
    step = await press.store.back(press.response)
    await show_step(bot, query.from_user.id, i18n, step, state, retire=False)


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
        done = await complete_response(store, user, response, deps.clock.now())
        if isinstance(done, Completion):
            await _finish(bot, chat_id, user, i18n, deps, state, store, done)
            return
    await show_step(bot, chat_id, i18n, step, state, retire=retire)


@dataclass(frozen=True)
class _Review:
    """A press on the summary of the person's own response, waiting for confirmation."""

    store: QuestionnaireStore
    response: QuestionnaireResponse
    step: Step
    user: User
    message: Message | None


async def _reviewed(
    query: CallbackQuery,
    callback_data: ReviewCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> _Review | None:
    """The press, if the response is at its summary; otherwise the button is stale."""
    store = QuestionnaireStore(session, deps.forms)
    response = await _owned_open_response(session, user, callback_data.response)
    if response is None or response.status is not ResponseStatus.REVIEW or user is None:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        if response is not None:
            await show_step(bot, query.from_user.id, i18n, await store.step(response), state)
        return None
    message = query.message if isinstance(query.message, Message) else None
    return _Review(store, response, await store.step(response), user, message)


async def review_buttons(
    query: CallbackQuery,
    callback_data: ReviewCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    """«Изменить ответ» shows the question numbers; «Назад» there, the summary's buttons."""
    review = await _reviewed(query, callback_data, bot, session, user, i18n, deps, state)
    if review is None:
        return
    await query.answer()
    markup = (
        qview.edit_picker_keyboard(i18n, review.response.id, review.step.form)
        if callback_data.act is ReviewAct.LIST
        else qview.summary_keyboard(i18n, review.response.id)
    )
    if review.message is not None:
        with contextlib.suppress(TelegramAPIError):
            await review.message.edit_reply_markup(reply_markup=markup)


async def review_edit(
    query: CallbackQuery,
    callback_data: ReviewCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    """A question's number: it is asked again, and the summary comes back after it."""
    review = await _reviewed(query, callback_data, bot, session, user, i18n, deps, state)
    if review is None:
        return
    questions = review.step.form.questions
    if not 1 <= callback_data.number <= len(questions):
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    await query.answer()
    step = await review.store.edit(review.response, questions[callback_data.number - 1].id)
    await show_step(bot, query.from_user.id, i18n, step, state)


async def review_confirm(
    query: CallbackQuery,
    callback_data: ReviewCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    review = await _reviewed(query, callback_data, bot, session, user, i18n, deps, state)
    if review is None:
        return
    chat_id = query.from_user.id
    await query.answer()
    done = await complete_response(review.store, review.user, review.response, deps.clock.now())
    if not isinstance(done, Completion):
        await bot.send_message(chat_id, i18n("q-still-missing"))
        await show_step(bot, chat_id, i18n, done, state)
        return
    if review.message is not None:
        await buttons_removed(state, review.message.message_id)
        with contextlib.suppress(TelegramAPIError):
            await review.message.edit_reply_markup(reply_markup=None)
    await _finish(bot, chat_id, review.user, i18n, deps, state, review.store, done)


# ----- a finished questionnaire ---------------------------------------------------------------
async def _finish(
    bot: Bot,
    chat_id: int,
    user: User,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
    store: QuestionnaireStore,
    done: Completion,
) -> None:
    """Tell whom the finished form concerns, thank the person and lead on: to the
    questionnaire waiting behind this one, or to what comes next."""
    await state.set_state(None)
    session = store.session
    finisher = _FINISHERS[done.kind]
    if finisher.announce is not None:
        await finisher.announce(session, deps, done, deps.clock.now())
    thanks = i18n(finisher.thanks(done))
    following = await store.open_for_user(user.id)
    if following is not None:
        # the next step is the questionnaire waiting behind this one: it is asked right away
        await bot.send_message(chat_id, thanks)
        await show_step(bot, chat_id, i18n, await store.step(following), state, retire=False)
        return
    text, markup = await finisher.what_next(session, i18n, thanks, done)
    await bot.send_message(chat_id, text, reply_markup=markup)


def _intake_thanks(done: Completion) -> str:
    membership = done.membership
    if membership is None:
        return "q-completed"
    if (
        membership.role is Role.CURATOR
        and done.org is not None
        and done.org.kind is OrgKind.MUNICIPALITY
    ):
        # an office's menu has schools, not a bank: say what it does have
        return "q-completed-municipal-curator"
    return INTAKE_DONE_KEYS.get(done.step.response.form_id, f"q-completed-{membership.role.value}")


def _form_thanks(done: Completion) -> str:
    return f"q-completed-{done.step.response.form_id}"


async def _intake_next(
    session: AsyncSession, i18n: I18n, thanks: str, done: Completion
) -> tuple[str, InlineKeyboardMarkup]:
    if done.membership is not None and done.org is not None:
        return next_view.intake_done(i18n, thanks, done.membership.role, done.org)
    return await _menu_next(session, i18n, thanks, done)


async def _meeting_log_next(
    session: AsyncSession, i18n: I18n, thanks: str, done: Completion
) -> tuple[str, InlineKeyboardMarkup]:
    assert done.meeting is not None
    following = await MeetingRepository(session).next_open(done.meeting.pairing.id)
    kind = mview.kind_name(i18n, following) if following is not None else ""
    return next_view.meeting_logged(i18n, thanks, following, kind)


async def _menu_next(
    session: AsyncSession, i18n: I18n, thanks: str, done: Completion
) -> tuple[str, InlineKeyboardMarkup]:
    return next_view.with_next(thanks, i18n("next-survey")), next_view.main_menu_button(i18n)


async def _announce_newcomer(
    session: AsyncSession, deps: AppDeps, done: Completion, now: datetime
) -> None:
    """A first intake: the organization's curators hear about the newcomer."""
    if done.newcomer is not None:
        await _tell_curators(session, deps, done.newcomer.membership, done.newcomer.full_name, now)


async def _announce_meeting_log(
    session: AsyncSession, deps: AppDeps, done: Completion, now: datetime
) -> None:
    """The log asks every participant for feedback; the final meeting's opens the surveys."""
    assert done.meeting is not None
    await queue_feedback_requests(session, deps, done.meeting, now)
    if done.opens_final_stage:
        await open_final_stage(session, deps, done.meeting.pairing.id, now)


@dataclass(frozen=True)
class _Finisher:
    """What the bot says when one kind of questionnaire is finished: whom it tells (its
    ``announce``), the thanks (a locale key) and the text and button of what comes next."""

    thanks: Callable[[Completion], str]
    what_next: Callable[
        [AsyncSession, I18n, str, Completion], Awaitable[tuple[str, InlineKeyboardMarkup]]
    ] = _menu_next
    announce: Callable[[AsyncSession, AppDeps, Completion, datetime], Awaitable[None]] | None = None


# registered alongside the completion steps (services/questionnaire/completion.py), by kind
_FINISHERS: dict[SubjectKind, _Finisher] = {
    SubjectKind.INTAKE: _Finisher(_intake_thanks, _intake_next, _announce_newcomer),
    SubjectKind.MEETING_LOG: _Finisher(_form_thanks, _meeting_log_next, _announce_meeting_log),
    SubjectKind.SURVEY: _Finisher(_form_thanks),
    SubjectKind.OTHER: _Finisher(_form_thanks),
}


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


def build_router() -> Router:
    router = Router(name="questionnaire")
    router.message.register(typed_answer, Questionnaire.answering, F.text, ~F.text.startswith("/"))
    router.message.register(non_text_answer, Questionnaire.answering, ~F.text)
    router.callback_query.register(back_button, AnswerCb.filter(F.act == AnswerAct.BACK))
    router.callback_query.register(toggle_button, AnswerCb.filter(F.act == AnswerAct.TOGGLE))
    router.callback_query.register(answer_button, AnswerCb.filter(F.act.in_(set(_ANSWERS))))
    router.callback_query.register(
        review_buttons, ReviewCb.filter(F.act.in_({ReviewAct.LIST, ReviewAct.SHOW}))
    )
    router.callback_query.register(review_edit, ReviewCb.filter(F.act == ReviewAct.EDIT))
    router.callback_query.register(review_confirm, ReviewCb.filter(F.act == ReviewAct.CONFIRM))
    return router
