"""«Мои встречи»: the pair's plan, scheduling by the mentor, invitations, logs and feedback."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.notify.meetings import queue_curator_alert, queue_schedule_messages, queue_unscheduled
from bot.tg.callbacks import FeedbackAct, FeedbackCb, MeetingAct, MeetingCb, MenuAct, MenuCb
from bot.tg.conversation import remembered_id
from bot.tg.i18n import I18n
from bot.tg.questionnaire_ui import show_step, show_unfinished_first
from bot.tg.states import FeedbackComment, Scheduling
from bot.tg.views import meetings as mview
from bot.tg.views import next_steps as next_view
from bot.tg.views.common import esc, local_datetime
from bot.tg.views.contact import contact_buttons, contact_lines
from models import Pairing, User
from services.contacts import ContactService
from services.errors import DomainError
from services.meetings.actions import (
    MeetingOutcome,
    answer_fit,
    feedback_context,
    mentor_context,
    open_meeting_log,
    picked_time,
    rate_usefulness,
    record_not_held,
    require_schedulable,
    require_scheduled,
)
from services.meetings.repository import MeetingContext, MeetingRepository, Participant
from services.meetings.timing import PastDate, WhenError, parse_when, when_example
from services.orgs import OrgService
from services.outbox_keys import not_fit_key
from services.questionnaire.store import QuestionnaireStore

PLACE_LIMIT = 300
COMMENT_LIMIT = 1000


async def send_my_meetings(
    bot: Bot, chat_id: int, session: AsyncSession, user: User | None, i18n: I18n
) -> None:
    if user is None:
        await bot.send_message(chat_id, i18n("start-how-to-join"))
        return
    repo = MeetingRepository(session)
    pairings = await repo.pairings_of_user(user.id)
    if not pairings:
        await bot.send_message(chat_id, i18n("meetings-none"))
        return
    for pairing, is_mentor in pairings:
        text, markup = await pair_card(session, user, pairing, i18n, is_mentor=is_mentor)
        await bot.send_message(chat_id, text, reply_markup=markup)


async def pair_card(
    session: AsyncSession,
    user: User,
    pairing: Pairing,
    i18n: I18n,
    *,
    is_mentor: bool,
    full: bool = False,
) -> tuple[str, InlineKeyboardMarkup]:
    """A member's card of their pair: the meetings, and how to reach the other side."""
    repo = MeetingRepository(session)
    meetings = await repo.meetings(pairing.id)
    participants = await repo.participants(pairing)
    org = await OrgService(session).get(pairing.org_id)
    others = ", ".join(
        p.user.full_name or i18n("name-unknown") for p in participants if p.user.id != user.id
    )
    lines = [i18n("meetings-pair-title", others=esc(others), org=esc(org.name))]
    lines += mview.plan_lines(i18n, meetings, org.timezone, full=full)
    if not meetings:
        lines.append(i18n("meetings-plan-missing"))
    markup = mview.pair_meetings_keyboard(
        i18n, meetings, pairing.id, is_mentor=is_mentor, full=full
    )
    with contextlib.suppress(DomainError):  # a pair with nobody on the other side any more
        contacts = await ContactService(session).pair(user.id, pairing.id)
        if contacts.others:
            lines += ["", *contact_lines(i18n, contacts)]
            markup.inline_keyboard.extend(contact_buttons(i18n, contacts))
    return "\n".join(lines), markup


async def meetings_command(
    message: Message, bot: Bot, session: AsyncSession, user: User | None, i18n: I18n
) -> None:
    await send_my_meetings(bot, message.chat.id, session, user, i18n)


async def meetings_button(
    query: CallbackQuery, bot: Bot, session: AsyncSession, user: User | None, i18n: I18n
) -> None:
    await query.answer()
    await send_my_meetings(bot, query.from_user.id, session, user, i18n)


async def whole_plan_button(
    query: CallbackQuery,
    callback_data: MeetingCb,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
) -> None:
    """«Весь план»: the same card with every meeting of the plan, in place."""
    pairings = await MeetingRepository(session).pairings_of_user(user.id) if user else []
    found = next(((p, m) for p, m in pairings if p.id == callback_data.id), None)
    if user is None or found is None:
        raise DomainError("error-no-access")
    pairing, is_mentor = found
    text, markup = await pair_card(session, user, pairing, i18n, is_mentor=is_mentor, full=True)
    await query.answer()
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramAPIError):
            await query.message.edit_text(text, reply_markup=markup)


# ----- scheduling -----------------------------------------------------------------------------
async def _ask_when(
    bot: Bot, chat_id: int, i18n: I18n, ctx: MeetingContext, now: datetime, state: FSMContext
) -> None:
    await state.set_state(Scheduling.when)
    await state.update_data(meeting=ctx.meeting.id, at=None)
    today = now.astimezone(ZoneInfo(ctx.org.timezone)).date()
    await bot.send_message(
        chat_id,
        i18n(
            "meeting-ask-when",
            kind=mview.kind_name(i18n, ctx.meeting),
            due=ctx.meeting.due_on.strftime("%d.%m.%Y"),
            example=when_example(now, ctx.org.timezone),
        ),
        reply_markup=mview.calendar_keyboard(i18n, ctx.meeting.id, today, today),
    )


async def _chosen_time(
    bot: Bot, chat_id: int, i18n: I18n, ctx: MeetingContext, at: datetime, state: FSMContext
) -> None:
    await state.update_data(meeting=ctx.meeting.id, at=at.isoformat())
    await bot.send_message(
        chat_id,
        i18n("meeting-ask-format", at=mview.dated(i18n, at, ctx.org.timezone)),
        reply_markup=mview.format_keyboard(i18n, ctx.meeting.id),
    )


async def noop_button(query: CallbackQuery) -> None:
    """The calendar's headers and blanks."""
    await query.answer()


async def schedule_button(
    query: CallbackQuery,
    callback_data: MeetingCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    """«Назначить встречу» or «Перенести»: the calendar."""
    ctx, _me = await mentor_context(session, user, callback_data.id)
    require_schedulable(ctx)
    await query.answer()
    await _ask_when(bot, query.from_user.id, i18n, ctx, deps.clock.now(), state)


async def calendar_button(
    query: CallbackQuery,
    callback_data: MeetingCb,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    """◀️ ▶️: another month, in place; never a month wholly behind today."""
    ctx, _me = await mentor_context(session, user, callback_data.id)
    await query.answer()
    month = datetime.strptime(callback_data.value, "%Y%m%d").date()
    today = deps.clock.now().astimezone(ZoneInfo(ctx.org.timezone)).date()
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramAPIError):
            await query.message.edit_reply_markup(
                reply_markup=mview.calendar_keyboard(
                    i18n, ctx.meeting.id, max(month, today.replace(day=1)), today
                )
            )


async def day_button(
    query: CallbackQuery,
    callback_data: MeetingCb,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
) -> None:
    """A day of the calendar: its times."""
    ctx, _me = await mentor_context(session, user, callback_data.id)
    await query.answer()
    day = datetime.strptime(callback_data.value, "%Y%m%d").date()
    if isinstance(query.message, Message):
        await query.message.edit_text(
            i18n("meeting-ask-time", day=day.strftime("%d.%m.%Y")),
            reply_markup=mview.time_keyboard(ctx.meeting.id, day),
        )


async def time_button(
    query: CallbackQuery,
    callback_data: MeetingCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    """A time: the format is asked next (a time already past is refused)."""
    ctx, _me = await mentor_context(session, user, callback_data.id)
    at = picked_time(callback_data.value, ctx.org.timezone, deps.clock.now())
    if at is None:
        await query.answer(i18n("when-past"), show_alert=True)
        return
    await query.answer()
    await state.set_state(Scheduling.when)
    await _chosen_time(bot, query.from_user.id, i18n, ctx, at, state)


async def format_button(
    query: CallbackQuery,
    callback_data: MeetingCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    state: FSMContext,
) -> None:
    """Offline or online, for the time chosen just before: the place is asked next."""
    ctx, _me = await mentor_context(session, user, callback_data.id)
    data = await state.get_data()
    if data.get("meeting") != ctx.meeting.id or not data.get("at"):
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await state.set_state(Scheduling.place)
    await state.update_data(format=callback_data.value)
    await bot.send_message(query.from_user.id, i18n(f"meeting-ask-place-{callback_data.value}"))


async def unschedule_button(
    query: CallbackQuery,
    callback_data: MeetingCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    ctx, _me = await mentor_context(session, user, callback_data.id)
    await MeetingRepository(session).unschedule(ctx)
    await queue_unscheduled(session, deps, ctx, deps.clock.now())
    await query.answer(i18n("meeting-unscheduled-short"))
    await bot.send_message(
        query.from_user.id,
        i18n("meeting-unscheduled", kind=mview.kind_name(i18n, ctx.meeting)),
    )


async def log_button(
    query: CallbackQuery,
    callback_data: MeetingCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    """«Состоялась», «Перенесли» or «Не состоялась» under the log prompt."""
    ctx, me = await mentor_context(session, user, callback_data.id)
    require_scheduled(ctx)
    await query.answer()
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramAPIError):
            await query.message.edit_reply_markup(reply_markup=None)
    outcome = MeetingOutcome(callback_data.value)
    chat_id, now = query.from_user.id, deps.clock.now()
    if outcome is MeetingOutcome.HELD:
        await _ask_log(bot, chat_id, session, i18n, deps, state, ctx, me, now)
        return
    await record_not_held(session, ctx, outcome)
    await queue_unscheduled(session, deps, ctx, now)
    if outcome is MeetingOutcome.MISSED:
        await bot.send_message(
            chat_id, i18n("meeting-missed-recorded", kind=mview.kind_name(i18n, ctx.meeting))
        )
    await _ask_when(bot, chat_id, i18n, ctx, now, state)


async def _ask_log(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
    ctx: MeetingContext,
    me: Participant,
    now: datetime,
) -> None:
    store = QuestionnaireStore(session, deps.forms)
    step = await open_meeting_log(store, ctx, me, now)
    # a survey begun earlier is finished first; the meeting's log comes right after it
    if not await show_unfinished_first(
        bot,
        chat_id,
        i18n,
        store,
        state,
        user_id=me.user.id,
        new_response_id=step.response.id,
        notice_key="meeting-log-finish-other-first",
    ):
        await show_step(bot, chat_id, i18n, step, state, retire=False)


async def typed_when(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    meeting_id = await remembered_id(message, state, i18n, "meeting")
    if meeting_id is None:
        return
    ctx, _me = await mentor_context(session, user, meeting_id)
    now, tz = deps.clock.now(), ctx.org.timezone
    parsed = parse_when(message.text or "", tz, now)
    if isinstance(parsed, PastDate):
        # never moved to next year silently; the state stays, so typing again also works
        await message.answer(
            i18n(
                "when-past-date",
                understood=mview.dated(i18n, parsed.understood, tz),
                suggested=mview.dated(i18n, parsed.suggested, tz),
            ),
            reply_markup=mview.past_date_keyboard(i18n, ctx.meeting.id, parsed.suggested, tz),
        )
        return
    if isinstance(parsed, WhenError):
        await message.answer(i18n(parsed.code, example=when_example(now, tz)))
        return
    await _chosen_time(bot, message.chat.id, i18n, ctx, parsed, state)


async def typed_place(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    meeting_id, at, fmt = data.get("meeting"), data.get("at"), data.get("format")
    if (
        not isinstance(meeting_id, int)
        or not isinstance(at, str)
        or fmt not in ("offline", "online")
    ):
        await state.set_state(None)
        await message.answer(i18n("error-stale-button"))
        return
    place = (message.text or "").strip()
    if len(place) > PLACE_LIMIT:
        await message.answer(i18n("answer-too-long", limit=PLACE_LIMIT, length=len(place)))
        return
    ctx, _me = await mentor_context(session, user, meeting_id)
    now = deps.clock.now()
    when = datetime.fromisoformat(at)
    if when <= now:
        await message.answer(i18n("when-past"))
        await _ask_when(bot, message.chat.id, i18n, ctx, now, state)
        return
    moved = ctx.meeting.scheduled_at is not None or ctx.meeting.times_moved > 0
    await MeetingRepository(session).schedule(ctx, when, fmt=str(fmt), place=place or None)
    await queue_schedule_messages(session, deps, ctx, now, moved=moved)
    await state.set_state(None)
    await state.update_data(meeting=None, at=None, format=None)
    scheduled = i18n(
        "meeting-scheduled",
        kind=mview.kind_name(i18n, ctx.meeting),
        at=local_datetime(when, ctx.org.timezone),
        place=mview.place_text(i18n, ctx.meeting),
        mentees=len(ctx.mentees),
    )
    await message.answer(
        next_view.with_next(scheduled, i18n("next-meeting-scheduled")),
        reply_markup=next_view.meetings_button(i18n),
    )


async def not_text_while_scheduling(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("q-need-text"))


# ----- feedback -------------------------------------------------------------------------------
async def usefulness_button(
    query: CallbackQuery,
    callback_data: FeedbackCb,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    """How useful the meeting was, 1-5; after the trial meeting, whether the pair fits."""
    ctx, _me, row = await feedback_context(session, user, callback_data.id)
    asks_fit = rate_usefulness(ctx, row, callback_data.answer, deps.clock.now())
    await query.answer(i18n("feedback-saved"))
    if not asks_fit:
        await _ask_comment(query, i18n, state, ctx.meeting.id)
    elif isinstance(query.message, Message):
        await query.message.edit_text(
            i18n("feedback-ask-fit"), reply_markup=mview.fit_keyboard(i18n, ctx.meeting.id)
        )


async def fit_button(
    query: CallbackQuery,
    callback_data: FeedbackCb,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    """Does the pair fit: a «no» reaches the curators at once."""
    ctx, me, row = await feedback_context(session, user, callback_data.id)
    now = deps.clock.now()
    alert = answer_fit(row, bool(callback_data.answer), now)
    await query.answer(i18n("feedback-saved"))
    if alert:
        await _alert_not_fit(session, deps, ctx, me, now)
    await _ask_comment(query, i18n, state, ctx.meeting.id)


async def skip_comment_button(
    query: CallbackQuery,
    callback_data: FeedbackCb,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    state: FSMContext,
) -> None:
    await feedback_context(session, user, callback_data.id)  # a stranger's press is refused
    await query.answer()
    await state.set_state(None)
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramAPIError):
            await query.message.edit_text(i18n("feedback-thanks"), reply_markup=None)


async def _ask_comment(
    query: CallbackQuery, i18n: I18n, state: FSMContext, meeting_id: int
) -> None:
    """The feedback's last question, in place of the buttons: a comment, or «Пропустить»."""
    message = query.message if isinstance(query.message, Message) else None
    await state.set_state(FeedbackComment.text)
    await state.update_data(
        feedback_meeting=meeting_id,
        feedback_prompt=message.message_id if message is not None else None,
    )
    if message is not None:
        with contextlib.suppress(TelegramAPIError):
            await message.edit_text(
                i18n("feedback-ask-comment"),
                reply_markup=mview.skip_comment_keyboard(i18n, meeting_id),
            )


async def _alert_not_fit(
    session: AsyncSession, deps: AppDeps, ctx: MeetingContext, me: Participant, now: datetime
) -> None:
    """A "no" after the trial meeting reaches the curator at once, with the way to re-match."""
    await queue_curator_alert(
        session,
        deps,
        ctx,
        now,
        key="curator-not-fit",
        dedupe=not_fit_key(ctx.meeting.id, me.membership.id),
        render=lambda i18n: {"name": esc(me.user.full_name or i18n("name-unknown"))},
    )


async def feedback_comment(
    message: Message,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    meeting_id = await remembered_id(message, state, i18n, "feedback_meeting")
    if meeting_id is None:
        return
    text = (message.text or "").strip()
    if len(text) > COMMENT_LIMIT:
        await message.answer(i18n("answer-too-long", limit=COMMENT_LIMIT, length=len(text)))
        return
    _ctx, _me, row = await feedback_context(session, user, meeting_id)
    row.comment = text or None
    row.answered_at = deps.clock.now()
    prompt_id = (await state.get_data()).get("feedback_prompt")
    await state.set_state(None)
    if isinstance(prompt_id, int) and message.bot is not None:
        # the comment is in: «Пропустить →» under the question would now read as a live choice
        with contextlib.suppress(TelegramBadRequest):
            await message.bot.edit_message_reply_markup(
                chat_id=message.chat.id, message_id=prompt_id, reply_markup=None
            )
    await message.answer(i18n("feedback-thanks"))


# one handler per button; a participant's answers to an invitation are handlers/attendance.py's
_MEETING_BUTTONS: dict[MeetingAct, Callable[..., Awaitable[None]]] = {
    MeetingAct.WHOLE_PLAN: whole_plan_button,
    MeetingAct.NOOP: noop_button,
    MeetingAct.SCHEDULE: schedule_button,
    MeetingAct.UNSCHEDULE: unschedule_button,
    MeetingAct.CALENDAR: calendar_button,
    MeetingAct.DAY: day_button,
    MeetingAct.TIME: time_button,
    MeetingAct.FORMAT: format_button,
    MeetingAct.LOG: log_button,
}
_FEEDBACK_BUTTONS: dict[FeedbackAct, Callable[..., Awaitable[None]]] = {
    FeedbackAct.USEFULNESS: usefulness_button,
    FeedbackAct.FIT: fit_button,
    FeedbackAct.SKIP: skip_comment_button,
}


def build_router() -> Router:
    router = Router(name="meetings")
    router.message.register(meetings_command, Command("meetings"))
    router.callback_query.register(meetings_button, MenuCb.filter(F.act == MenuAct.MEETINGS))
    for act, handler in _MEETING_BUTTONS.items():
        router.callback_query.register(handler, MeetingCb.filter(F.act == act))
    for feedback_act, handler in _FEEDBACK_BUTTONS.items():
        router.callback_query.register(handler, FeedbackCb.filter(F.act == feedback_act))
    router.message.register(typed_when, Scheduling.when, F.text, ~F.text.startswith("/"))
    router.message.register(typed_place, Scheduling.place, F.text, ~F.text.startswith("/"))
    router.message.register(not_text_while_scheduling, Scheduling.when, ~F.text)
    router.message.register(not_text_while_scheduling, Scheduling.place, ~F.text)
    router.message.register(feedback_comment, FeedbackComment.text, F.text, ~F.text.startswith("/"))
    return router
