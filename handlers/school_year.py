"""The school year: a municipal curator picks the office's calendar; at the year's closing a
participant answers «do you continue?» and a curator downloads the new year's lists. Every press
is re-checked: the question is the presser's own, the office or the lists an organization they
curate."""

from __future__ import annotations

import contextlib

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.notify.year import (
    calendar_keyboard,
    calendar_text,
    capacity_keyboard,
    lists_workbook,
    question_keyboard,
)
from bot.tg.callbacks import CalendarAct, CalendarCb, CarryAct, CarryCb
from bot.tg.filters import OrgAccess, require_org
from bot.tg.i18n import I18n
from bot.tg.views.common import esc
from models import CarryAnswer, Organization, OrgKind, User
from services.documents.filenames import document_filename
from services.errors import AccessDenied, DomainError
from services.school_year.calendar_file import load_calendars
from services.school_year.closing import YearClosing
from services.school_year.org_calendar import UnknownCalendar, check_calendar_id, org_calendar
from services.surveys.schedule import local_day, school_year_label

ANSWERS = {
    CarryAct.SAME: CarryAnswer.SAME,
    CarryAct.CAPACITY: CarryAnswer.CHANGED,
    CarryAct.YES: CarryAnswer.CONTINUE,
    CarryAct.LEAVE: CarryAnswer.LEAVE,
}


async def carry_button(
    query: CallbackQuery,
    callback_data: CarryCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    if user is None:
        raise AccessDenied
    if callback_data.act is CarryAct.LISTS:
        await _send_lists(query, callback_data.id, bot, session, user, i18n, deps)
        return
    closing = YearClosing(session)
    message = query.message if isinstance(query.message, Message) else None
    if callback_data.act is CarryAct.CHANGE:
        await closing.question(callback_data.id, user.id)  # the presser's own, or refused
        await query.answer()
        if message is not None:
            with contextlib.suppress(TelegramAPIError):
                await message.edit_text(
                    (message.html_text or "") + "\n\n" + i18n("carry-pick-capacity"),
                    reply_markup=capacity_keyboard(callback_data.id),
                )
        return
    answer = ANSWERS[callback_data.act]
    carry, membership = await closing.answer(
        callback_data.id,
        user.id,
        answer,
        deps.clock.now(),
        capacity=callback_data.places or None,
    )
    await query.answer()
    if message is not None:
        # the question stays with its buttons: the person may change the answer later
        text = i18n(f"carry-answered-{answer.value}", capacity=carry.capacity or 0)
        with contextlib.suppress(TelegramAPIError):
            await message.edit_text(
                text, reply_markup=question_keyboard(i18n, carry.id, membership)
            )


async def _send_lists(
    query: CallbackQuery,
    closure_id: int,
    bot: Bot,
    session: AsyncSession,
    user: User,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    closing = YearClosing(session)
    closure = await closing.closure(closure_id)
    # the lists' own organization, whatever else the button carries
    org = await require_org(session, user, closure.org_id)
    rows = await closing.lists(closure)
    await query.answer()
    data = lists_workbook(i18n, rows, org.timezone)
    today = local_day(deps.clock.now(), org.timezone)
    await bot.send_document(
        query.from_user.id,
        BufferedInputFile(
            data, filename=document_filename(i18n("carry-lists-title"), org.name, today, "xlsx")
        ),
        caption=i18n(
            "carry-lists-caption", org=esc(org.name), year=school_year_label(closure.year)
        ),
    )


async def calendar_button(
    query: CallbackQuery,
    callback_data: CalendarCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
) -> None:
    """A municipal curator picks the office's calendar; its schools inherit it."""
    office = org
    if office.kind is not OrgKind.MUNICIPALITY:
        raise AccessDenied
    if callback_data.act is CalendarAct.SET:
        try:
            office.calendar_id = check_calendar_id(callback_data.calendar)
        except UnknownCalendar:
            raise DomainError("error-stale-button") from None
        await query.answer(i18n("calendar-office-set"))
    else:
        await query.answer()
    calendar = await org_calendar(session, office)
    text = calendar_text(i18n, office, calendar)
    keyboard = calendar_keyboard(i18n, office, calendar.id, list(load_calendars().values()))
    message = query.message if isinstance(query.message, Message) else None
    if callback_data.act is CalendarAct.SET and message is not None:
        with contextlib.suppress(TelegramAPIError):
            await message.edit_text(text, reply_markup=keyboard)
        return
    await bot.send_message(query.from_user.id, text, reply_markup=keyboard)


def build_router() -> Router:
    router = Router(name="school_year")
    router.callback_query.register(carry_button, CarryCb.filter())
    router.callback_query.register(calendar_button, CalendarCb.filter(), OrgAccess())
    return router
