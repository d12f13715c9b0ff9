"""Meetings in chat: lists, the date and time pickers, invitations, reminders, log and feedback."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup

from bot.tg.callbacks import (
    FeedbackAct,
    FeedbackCb,
    GoalAct,
    GoalCb,
    MeetingAct,
    MeetingCb,
    ProgramAct,
    ProgramCb,
)
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views.common import esc, local_date, local_datetime
from models import Meeting, MeetingStatus

TIME_SLOTS = tuple(f"{hour:02d}{minute:02d}" for hour in range(8, 21) for minute in (0, 30))


def kind_name(i18n: I18n, meeting: Meeting) -> str:
    return i18n(f"meeting-kind-{meeting.kind.value}")


def meeting_line(i18n: I18n, meeting: Meeting, timezone: str) -> str:
    if meeting.status is MeetingStatus.SCHEDULED and meeting.scheduled_at is not None:
        when = i18n("meeting-when-scheduled", at=local_datetime(meeting.scheduled_at, timezone))
    elif meeting.status is MeetingStatus.HELD and meeting.held_at is not None:
        when = i18n("meeting-when-held", at=local_date(meeting.held_at, timezone))
    elif meeting.status is MeetingStatus.CANCELLED:
        when = i18n("meeting-when-cancelled")
    else:
        when = i18n("meeting-when-due", due=meeting.due_on.strftime("%d.%m.%Y"))
    icon = {"held": "✅", "scheduled": "📅", "cancelled": "✖️"}.get(meeting.status.value, "⏳")
    return f"{icon} {meeting.sequence}. {kind_name(i18n, meeting)} — {when}"


COMPACT_AFTER = 3  # a plan longer than this shows the last held and the next meeting only


def plan_lines(i18n: I18n, meetings: list[Meeting], timezone: str, *, full: bool) -> list[str]:
    """The pair's plan: whole when asked for or short; else where the pair stands — how many
    held, the last held meeting and the next one (a year's plan is 21 lines)."""
    if full or len(meetings) <= COMPACT_AFTER:
        return [meeting_line(i18n, m, timezone) for m in meetings]
    held = [m for m in meetings if m.status is MeetingStatus.HELD]
    upcoming = next(
        (m for m in meetings if m.status in (MeetingStatus.PLANNED, MeetingStatus.SCHEDULED)), None
    )
    lines = [i18n("meetings-plan-progress", held=len(held), total=len(meetings))]
    if held:
        lines.append(i18n("meetings-last-held", line=meeting_line(i18n, held[-1], timezone)))
    if upcoming is not None:
        lines.append(i18n("meetings-next", line=meeting_line(i18n, upcoming, timezone)))
    return lines


def pair_meetings_keyboard(
    i18n: I18n,
    meetings: list[Meeting],
    pairing_id: int,
    *,
    is_mentor: bool,
    full: bool = False,
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    upcoming = next(
        (m for m in meetings if m.status in (MeetingStatus.PLANNED, MeetingStatus.SCHEDULED)), None
    )
    if upcoming is not None and is_mentor:
        key = (
            "btn-meeting-move"
            if upcoming.status is MeetingStatus.SCHEDULED
            else "btn-meeting-schedule"
        )
        kb.button(
            text=i18n(key, kind=kind_name(i18n, upcoming)),
            callback_data=MeetingCb(act=MeetingAct.SCHEDULE, id=upcoming.id),
        )
        if upcoming.status is MeetingStatus.SCHEDULED:
            kb.button(
                text=i18n("btn-meeting-unschedule"),
                callback_data=MeetingCb(act=MeetingAct.UNSCHEDULE, id=upcoming.id),
            )
    if not full and len(meetings) > COMPACT_AFTER:
        kb.button(
            text=i18n("btn-meetings-whole-plan", total=len(meetings)),
            callback_data=MeetingCb(act=MeetingAct.WHOLE_PLAN, id=pairing_id),
        )
    kb.button(text=i18n("btn-goals"), callback_data=GoalCb(act=GoalAct.LIST, pairing=pairing_id))
    kb.button(
        text=i18n("btn-program-open"),
        callback_data=ProgramCb(act=ProgramAct.SHOW, pairing=pairing_id),
    )
    kb.adjust(1)
    return kb.as_markup()


def calendar_keyboard(
    i18n: I18n, meeting_id: int, month: date, today: date
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    first = month.replace(day=1)
    kb.button(
        text=i18n(f"month-{first.month}") + f" {first.year}",
        callback_data=MeetingCb(act=MeetingAct.NOOP, id=meeting_id),
    )
    for day_name in i18n("weekdays-short").split():
        kb.button(text=day_name, callback_data=MeetingCb(act=MeetingAct.NOOP, id=meeting_id))
    weeks = [
        week
        # weeks wholly behind today are rows of blanks: the calendar starts at this week
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(first.year, first.month)
        if any(day and date(first.year, first.month, day) >= today for day in week)
    ]
    for week in weeks:
        for day in week:
            if day == 0 or date(first.year, first.month, day) < today:
                kb.button(text=" ", callback_data=MeetingCb(act=MeetingAct.NOOP, id=meeting_id))
            else:
                value = date(first.year, first.month, day).strftime("%Y%m%d")
                kb.button(
                    text=str(day),
                    callback_data=MeetingCb(act=MeetingAct.DAY, id=meeting_id, value=value),
                )
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    kb.button(
        text="◀️",
        callback_data=MeetingCb(
            act=MeetingAct.CALENDAR, id=meeting_id, value=previous.strftime("%Y%m%d")
        ),
    )
    kb.button(
        text="▶️",
        callback_data=MeetingCb(
            act=MeetingAct.CALENDAR, id=meeting_id, value=following.strftime("%Y%m%d")
        ),
    )
    kb.adjust(1, 7, *([7] * len(weeks)), 2)
    return kb.as_markup()


def time_keyboard(meeting_id: int, day: date) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for slot in TIME_SLOTS:
        kb.button(
            text=f"{slot[:2]}:{slot[2:]}",
            callback_data=MeetingCb(
                act=MeetingAct.TIME, id=meeting_id, value=day.strftime("%Y%m%d") + slot
            ),
        )
    kb.adjust(4)
    return kb.as_markup()


def dated(i18n: I18n, value: datetime, timezone: str) -> str:
    """«пт 25.11.2027 15:30»: with the weekday, so a date read from words can be checked."""
    weekday = i18n("weekdays-short").split()[value.astimezone(ZoneInfo(timezone)).weekday()]
    return f"{weekday} {local_datetime(value, timezone)}"


def past_date_keyboard(
    i18n: I18n, meeting_id: int, suggested: datetime, timezone: str
) -> InlineKeyboardMarkup:
    """«Да, <the same day next year>»: the calendar's own time button, so the press is checked
    like any other (mentor only, not in the past) and leads on to the format question."""
    kb = InlineKeyboard()
    local = suggested.astimezone(ZoneInfo(timezone))
    kb.button(
        text=i18n("btn-when-next-year", suggested=dated(i18n, suggested, timezone)),
        callback_data=MeetingCb(
            act=MeetingAct.TIME, id=meeting_id, value=local.strftime("%Y%m%d%H%M")
        ),
    )
    return kb.as_markup()


def format_keyboard(i18n: I18n, meeting_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-format-offline"),
        callback_data=MeetingCb(act=MeetingAct.FORMAT, id=meeting_id, value="offline"),
    )
    kb.button(
        text=i18n("btn-format-online"),
        callback_data=MeetingCb(act=MeetingAct.FORMAT, id=meeting_id, value="online"),
    )
    kb.adjust(2)
    return kb.as_markup()


def place_text(i18n: I18n, meeting: Meeting) -> str:
    if not meeting.place:
        return ""
    key = "meeting-place-online" if meeting.format == "online" else "meeting-place-offline"
    return i18n(key, place=esc(meeting.place))


def invitation_keyboard(i18n: I18n, meeting_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-attend-yes"), callback_data=MeetingCb(act=MeetingAct.YES, id=meeting_id)
    )
    kb.button(
        text=i18n("btn-attend-other"), callback_data=MeetingCb(act=MeetingAct.OTHER, id=meeting_id)
    )
    kb.adjust(1)
    return kb.as_markup()


def log_prompt_keyboard(i18n: I18n, meeting_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for outcome in ("held", "moved", "missed"):
        kb.button(
            text=i18n(f"btn-log-{outcome}"),
            callback_data=MeetingCb(act=MeetingAct.LOG, id=meeting_id, value=outcome),
        )
    kb.adjust(1)
    return kb.as_markup()


def usefulness_keyboard(meeting_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for value in range(1, 6):
        kb.button(
            text=str(value),
            callback_data=FeedbackCb(act=FeedbackAct.USEFULNESS, id=meeting_id, answer=value),
        )
    kb.adjust(5)
    return kb.as_markup()


def fit_keyboard(i18n: I18n, meeting_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-yes"), callback_data=FeedbackCb(act=FeedbackAct.FIT, id=meeting_id, answer=1)
    )
    kb.button(
        text=i18n("btn-no"), callback_data=FeedbackCb(act=FeedbackAct.FIT, id=meeting_id, answer=0)
    )
    kb.adjust(2)
    return kb.as_markup()


def skip_comment_keyboard(i18n: I18n, meeting_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(text=i18n("btn-skip"), callback_data=FeedbackCb(act=FeedbackAct.SKIP, id=meeting_id))
    return kb.as_markup()
