"""The year's closing in words: the question to each participant, the reminder, the
curators' notices and summary, and the XLSX of the new year's lists."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.notify.meetings import markup_dict, quiet_hours
from bot.tg.callbacks import CalendarAct, CalendarCb, CarryAct, CarryCb, MenuAct, MenuCb
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views.common import esc
from models import CarryAnswer, CarryOver, Membership, Organization, Role, User, YearClosure
from services.orgs import OrgService
from services.outbox import Outbox
from services.outbox_keys import carry_key, carry_summary_key, year_closed_key
from services.school_year.calendar_file import SchoolCalendar
from services.school_year.closing import CAPACITY_RANGE, ListRow, Summary
from services.surveys.schedule import out_of_quiet, school_year_label

OUTBOX_KIND = "school_year"


def question_text(i18n: I18n, org: Organization, year: int, membership: Membership) -> str:
    if membership.role is Role.MENTOR:
        return i18n(
            "carry-ask-mentor",
            org=esc(org.name),
            year=school_year_label(year),
            capacity=membership.capacity or 0,
        )
    return i18n("carry-ask-mentee", org=esc(org.name), year=school_year_label(year))


def question_keyboard(i18n: I18n, carry_id: int, membership: Membership) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    if membership.role is Role.MENTOR:
        kb.button(
            text=i18n("btn-carry-same", capacity=membership.capacity or 0),
            callback_data=CarryCb(act=CarryAct.SAME, id=carry_id),
        )
        kb.button(
            text=i18n("btn-carry-change"), callback_data=CarryCb(act=CarryAct.CHANGE, id=carry_id)
        )
        kb.button(
            text=i18n("btn-carry-leave"), callback_data=CarryCb(act=CarryAct.LEAVE, id=carry_id)
        )
        kb.adjust(1)
    else:
        kb.button(text=i18n("btn-carry-yes"), callback_data=CarryCb(act=CarryAct.YES, id=carry_id))
        kb.button(text=i18n("btn-carry-no"), callback_data=CarryCb(act=CarryAct.LEAVE, id=carry_id))
        kb.adjust(2)
    return kb.as_markup()


def capacity_keyboard(carry_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for places in CAPACITY_RANGE:
        kb.button(
            text=str(places),
            callback_data=CarryCb(act=CarryAct.CAPACITY, id=carry_id, places=places),
        )
    kb.adjust(5)
    return kb.as_markup()


async def queue_questions(
    session: AsyncSession,
    deps: AppDeps,
    org: Organization,
    carries: list[CarryOver],
    now: datetime,
    *,
    reminder: bool = False,
) -> int:
    """The question (or its one reminder) to each person, out of quiet hours, once each."""
    queued = 0
    outbox = Outbox(session)
    not_before = out_of_quiet(now, org.timezone, quiet_hours(deps))
    for carry in carries:
        membership = await session.get(Membership, carry.membership_id)
        user = (
            await session.get(User, membership.user_id)
            if membership is not None and membership.user_id is not None
            else None
        )
        if membership is None or user is None:
            continue
        i18n = deps.translator.for_user(user)
        text = question_text(i18n, org, carry.year, membership)
        if reminder:
            text = i18n("carry-remind") + "\n\n" + text
        queued += int(
            await outbox.enqueue(
                user.telegram_id,
                text,
                kind=OUTBOX_KIND,
                not_before=not_before,
                dedupe_key=carry_key(carry.id, reminder=reminder),
                reply_markup=markup_dict(question_keyboard(i18n, carry.id, membership)),
            )
        )
    return queued


async def tell_closed(
    session: AsyncSession,
    deps: AppDeps,
    org: Organization,
    closure: YearClosure,
    archived: int,
    asked: int,
    now: datetime,
) -> int:
    queued = 0
    for curator in await OrgService(session).curators_to_notify(org.id):
        i18n = deps.translator.bind(curator.locale)
        queued += int(
            await Outbox(session).enqueue(
                curator.telegram_id,
                i18n(
                    "year-closed-curator",
                    org=esc(org.name),
                    year=school_year_label(closure.year),
                    archived=archived,
                    asked=asked,
                ),
                kind=OUTBOX_KIND,
                not_before=out_of_quiet(now, org.timezone, quiet_hours(deps)),
                dedupe_key=year_closed_key(closure.id, curator.id),
            )
        )
    return queued


def summary_text(i18n: I18n, org: Organization, summary: Summary, calendar: SchoolCalendar) -> str:
    lists_due = calendar.day_in(summary.year + 1, calendar.lists_due)
    return i18n(
        "carry-summary",
        org=esc(org.name),
        year=school_year_label(summary.year),
        archived=summary.archived,
        mentors_continue=summary.mentors_continuing,
        mentors_same=summary.mentors[CarryAnswer.SAME],
        mentors_changed=summary.mentors[CarryAnswer.CHANGED],
        mentors_leave=summary.mentors[CarryAnswer.LEAVE],
        mentors_pending=summary.mentors[CarryAnswer.PENDING],
        mentees_continue=summary.mentees_continuing,
        mentees_leave=summary.mentees[CarryAnswer.LEAVE],
        mentees_pending=summary.mentees[CarryAnswer.PENDING],
        lists_due=lists_due.strftime("%d.%m.%Y"),
    )


def lists_keyboard(i18n: I18n, closure_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-carry-lists"), callback_data=CarryCb(act=CarryAct.LISTS, id=closure_id)
    )
    return kb.as_markup()


async def queue_summary(
    session: AsyncSession,
    deps: AppDeps,
    org: Organization,
    closure: YearClosure,
    summary: Summary,
    calendar: SchoolCalendar,
    now: datetime,
) -> int:
    """Counts only, no names: the names are in the XLSX the curator asks for."""
    queued = 0
    for curator in await OrgService(session).curators_to_notify(org.id):
        i18n = deps.translator.bind(curator.locale)
        queued += int(
            await Outbox(session).enqueue(
                curator.telegram_id,
                summary_text(i18n, org, summary, calendar),
                kind=OUTBOX_KIND,
                not_before=out_of_quiet(now, org.timezone, quiet_hours(deps)),
                dedupe_key=carry_summary_key(closure.id, curator.id),
                reply_markup=markup_dict(lists_keyboard(i18n, closure.id)),
            )
        )
    return queued


def calendar_text(i18n: I18n, office: Organization, calendar: SchoolCalendar) -> str:
    """The office's calendar and its dates this school year's way (day and month)."""

    def day(month_day: str) -> str:
        month, number = (int(part) for part in month_day.split("-"))
        return f"{number:02d}.{month:02d}"

    return i18n(
        "calendar-office",
        org=esc(office.name),
        title=esc(calendar.title.get(i18n.locale) or calendar.title["ru"]),
        id=calendar.id,
        starts=day(calendar.year_starts),
        lists_due=day(calendar.lists_due),
        interim=day(calendar.interim_survey),
        programs_end=day(calendar.programs_end),
        closes=day(calendar.year_closes),
    )


def calendar_keyboard(
    i18n: I18n, office: Organization, current: str, calendars: list[SchoolCalendar]
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for calendar in calendars:
        mark = "✅ " if calendar.id == current else ""
        title = calendar.title.get(i18n.locale) or calendar.title["ru"]
        kb.button(
            text=f"{mark}{title}"[:64],
            callback_data=CalendarCb(act=CalendarAct.SET, org=office.id, calendar=calendar.id),
        )
    kb.button(text=i18n("btn-back-to-org"), callback_data=MenuCb(act=MenuAct.ORG, org=office.id))
    kb.adjust(1)
    return kb.as_markup()


def lists_workbook(i18n: I18n, rows: list[ListRow], tz: str) -> bytes:
    """One sheet: everyone asked at the closing, mentors first, those who continue first."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = i18n("carry-lists-title")[:31]
    header = [
        i18n("carry-col-name"),
        i18n("carry-col-role"),
        i18n("carry-col-answer"),
        i18n("carry-col-capacity"),
        i18n("carry-col-answered"),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    zone = ZoneInfo(tz)
    for row in rows:
        sheet.append(
            [
                row.name,
                i18n(f"role-{row.role.value}"),
                i18n(f"carry-answer-{row.answer.value}"),
                row.capacity,
                row.answered_at.astimezone(zone).strftime("%d.%m.%Y") if row.answered_at else None,
            ]
        )
        # a name typed as «=HYPERLINK(…)» stays text, never a formula in the curator's file
        sheet.cell(row=sheet.max_row, column=1).data_type = "s"
    for column, width in zip("ABCDE", (40, 16, 30, 12, 14), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
