"""A participant answers a meeting invitation: «✅ Подтверждаю» or «🕓 Прошу другое время»,
then may propose a time, which reaches the mentor with a button that moves the meeting."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.notify.notices import notify_user
from bot.tg.callbacks import MeetingAct, MeetingCb
from bot.tg.conversation import remembered_id
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.states import OtherTime
from bot.tg.views import meetings as mview
from bot.tg.views.common import esc, local_datetime, shorten
from models import Attendance, MeetingStatus, User
from services.meetings.actions import participant_context
from services.meetings.repository import MeetingContext, MeetingRepository, Participant
from services.meetings.timing import parse_when
from services.outbox_keys import attendance_answer_key

PROPOSAL_LIMIT = 300  # a proposal the mentor reads in one glance


def _answered_keyboard(i18n: I18n, meeting_id: int, response: Attendance) -> InlineKeyboardMarkup:
    """The invitation after an answer keeps only the other answer: a mind may change."""
    kb = InlineKeyboard()
    if response is Attendance.CONFIRMED:
        kb.button(
            text=i18n("btn-attend-other"),
            callback_data=MeetingCb(act=MeetingAct.OTHER, id=meeting_id),
        )
    else:
        kb.button(
            text=i18n("btn-attend-yes"), callback_data=MeetingCb(act=MeetingAct.YES, id=meeting_id)
        )
    return kb.as_markup()


def _move_keyboard(
    i18n: I18n, ctx: MeetingContext, proposed: datetime | None
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    if proposed is not None:
        local = proposed.astimezone(ZoneInfo(ctx.org.timezone))
        kb.button(
            text=i18n("btn-move-to", at=local_datetime(proposed, ctx.org.timezone)),
            callback_data=MeetingCb(
                act=MeetingAct.TIME, id=ctx.meeting.id, value=local.strftime("%Y%m%d%H%M")
            ),
        )
    kb.button(
        text=i18n("btn-move-meeting"),
        callback_data=MeetingCb(act=MeetingAct.SCHEDULE, id=ctx.meeting.id),
    )
    kb.adjust(1)
    return kb.as_markup()


async def _tell_mentor(
    session: AsyncSession,
    deps: AppDeps,
    ctx: MeetingContext,
    me: Participant,
    now: datetime,
    text: Callable[[I18n, str, str], str],
    *,
    move: bool = True,
    proposed: datetime | None = None,
    answer: str | None = None,
) -> None:
    """The mentor hears a participant's answer in their own language: ``text(i18n, name,
    kind)``; with ``move``, the buttons that move the meeting (to ``proposed`` if given). An
    ``answer`` keys the message under the meeting's prefix, once per answer: moving or
    cancelling the meeting drops what is unsent."""
    mentor = ctx.mentor
    if mentor is None:
        return

    def render(i18n: I18n) -> str:
        name = esc(me.user.full_name or i18n("name-unknown"))
        return text(i18n, name, mview.kind_name(i18n, ctx.meeting))

    key = None
    if answer is not None:
        key = attendance_answer_key(ctx.meeting.id, ctx.meeting.version, me.membership.id, answer)
    await notify_user(
        session,
        deps,
        mentor.user,
        render,
        now,
        about=[me.user.id],
        markup=(lambda i18n: _move_keyboard(i18n, ctx, proposed)) if move else None,
        dedupe_key=key,
    )


async def attendance_button(
    query: CallbackQuery,
    callback_data: MeetingCb,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    ctx, me = await participant_context(session, user, callback_data.id)
    now = deps.clock.now()
    response = (
        Attendance.CONFIRMED if callback_data.act is MeetingAct.YES else Attendance.OTHER_TIME
    )
    await MeetingRepository(session).respond(ctx, me, response, now)
    message = query.message if isinstance(query.message, Message) else None
    answered = i18n(
        "attend-you-confirmed" if response is Attendance.CONFIRMED else "attend-you-asked-other"
    )
    await query.answer(answered)
    if message is not None:
        # the invitation itself says what was answered, not only a toast that fades; a changed
        # mind replaces the earlier answer's line
        base = message.html_text or ""
        for earlier in (i18n("attend-you-confirmed"), i18n("attend-you-asked-other")):
            base = base.removesuffix(f"\n\n<i>{esc(earlier)}</i>")
        with contextlib.suppress(TelegramAPIError):
            await message.edit_text(
                f"{base}\n\n<i>{esc(answered)}</i>",
                reply_markup=_answered_keyboard(i18n, ctx.meeting.id, response),
            )
    if response is Attendance.CONFIRMED:
        await state.set_state(None)
        await _tell_mentor(
            session,
            deps,
            ctx,
            me,
            now,
            lambda t, name, kind: t("meeting-confirmed-by", name=name, kind=kind),
            move=False,
            answer="yes",
        )
        return
    await _tell_mentor(
        session,
        deps,
        ctx,
        me,
        now,
        lambda t, name, kind: t("meeting-other-time-by", name=name, kind=kind),
        answer="other",
    )
    await state.set_state(OtherTime.proposal)
    await state.update_data(meeting=ctx.meeting.id)
    example = (now.astimezone(ZoneInfo(ctx.org.timezone)) + timedelta(days=2)).strftime("%d.%m")
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-no-proposal"),
        callback_data=MeetingCb(act=MeetingAct.NO_PROPOSAL, id=ctx.meeting.id),
    )
    if message is not None:
        await message.answer(
            i18n("attend-ask-proposal", example=f"{example} 15:00"), reply_markup=kb.as_markup()
        )


async def no_proposal(
    query: CallbackQuery,
    callback_data: MeetingCb,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    state: FSMContext,
) -> None:
    await participant_context(session, user, callback_data.id)  # a stranger's press is refused
    await state.set_state(None)
    await query.answer()
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramAPIError):
            await query.message.edit_text(i18n("attend-no-proposal"), reply_markup=None)


async def typed_proposal(
    message: Message,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    meeting_id = await remembered_id(message, state, i18n, "meeting")
    if meeting_id is None:
        return
    text = (message.text or "").strip()
    if len(text) > PROPOSAL_LIMIT:
        await message.answer(i18n("attend-proposal-too-long", limit=PROPOSAL_LIMIT))
        return
    ctx, me = await participant_context(session, user, meeting_id)
    await state.set_state(None)
    if ctx.meeting.status is not MeetingStatus.SCHEDULED:
        # answered, not raised: a raised error would roll the step's end back with the update
        await message.answer(i18n("meeting-not-scheduled"))
        return
    now = deps.clock.now()
    parsed = parse_when(text, ctx.org.timezone, now)
    if isinstance(parsed, datetime):
        # a time the bot understood: the mentor moves the meeting to it with one press
        at = parsed
        await _tell_mentor(
            session,
            deps,
            ctx,
            me,
            now,
            lambda t, name, kind: t(
                "meeting-proposed-time-by",
                name=name,
                kind=kind,
                at=local_datetime(at, ctx.org.timezone),
            ),
            proposed=at,
        )
        await message.answer(
            i18n("attend-proposal-sent-time", at=local_datetime(at, ctx.org.timezone))
        )
        return
    # words the bot cannot read as a time («после 15:00 в любой будний») go as they are
    words = esc(shorten(text, PROPOSAL_LIMIT))
    await _tell_mentor(
        session,
        deps,
        ctx,
        me,
        now,
        lambda t, name, kind: t("meeting-proposed-words-by", name=name, kind=kind, words=words),
    )
    await message.answer(i18n("attend-proposal-sent-text"))


async def not_text_proposal(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("attend-proposal-not-text"))


def build_router() -> Router:
    router = Router(name="attendance")
    router.callback_query.register(
        attendance_button, MeetingCb.filter(F.act.in_({MeetingAct.YES, MeetingAct.OTHER}))
    )
    router.callback_query.register(no_proposal, MeetingCb.filter(F.act == MeetingAct.NO_PROPOSAL))
    router.message.register(typed_proposal, OtherTime.proposal, F.text, ~F.text.startswith("/"))
    router.message.register(not_text_proposal, OtherTime.proposal, ~F.text)
    return router
