"""Reports for a chosen period: a quarter, a school year or typed dates.

The same files as «Отчёты и мониторинг», counting only what happened in the period
(services/reports/in_period.py). A school's curator also turns on the quarterly report sent to
the municipal office on the calendar's due dates; the office's curators press the button of
that message (or choose the school and a quarter here) and every press re-checks their right
to the school.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.chat_action import ChatActionSender
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.infra.metrics import build_in_thread
from bot.tg.callbacks import PeriodAct, PeriodCb
from bot.tg.conversation import remembered_id
from bot.tg.filters import OrgAccess, require_org
from bot.tg.i18n import I18n
from bot.tg.menus import show_menu
from bot.tg.progress import ReportProgress
from bot.tg.states import ReportPeriod
from bot.tg.views.common import esc
from bot.tg.views.periods import period_files, periods_menu
from handlers.reports import CHART_CAPTIONS
from models import Organization, OrgKind, User
from services.errors import AccessDenied
from services.orgs import OrgService
from services.reports.dataset import load_dataset
from services.reports.periods import (
    Period,
    PeriodError,
    parse_typed_period,
    period_from_code,
    period_label,
    recent_quarters,
    recent_school_years,
)
from services.reports.progress import FileKind, report_charts, report_file
from services.reports.records import Dataset
from services.school_year.org_calendar import org_calendar


async def _dataset(org: Organization, deps: AppDeps, period: Period) -> Dataset:
    async with deps.reader()() as session:
        return await load_dataset(
            session, org, now=deps.clock.now(), forms=deps.forms, period=period
        )


async def _show_periods(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    today = deps.clock.now().astimezone(_zone(org)).date()
    calendar = await org_calendar(session, org)
    own = await _is_own_curator(session, user, org)
    text, markup = periods_menu(
        i18n,
        org_id=org.id,
        org_name=org.name,
        quarters=recent_quarters(today),
        years=recent_school_years(calendar, today),
        auto=org.auto_quarterly_report if _is_school(org) and own else None,
    )
    await show_menu(bot, state, text, markup, pressed=query)


async def choose_period(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    await query.answer()
    await _show_periods(query, bot, session, user, org, i18n, deps, state)


async def toggle_auto(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    if user is None:
        raise AccessDenied
    await OrgService(session).toggle_auto_quarterly_report(user.id, org)
    await query.answer()
    await _show_periods(query, bot, session, user, org, i18n, deps, state)


async def ask_dates(
    query: CallbackQuery, bot: Bot, org: Organization, i18n: I18n, state: FSMContext
) -> None:
    await query.answer()
    await state.set_state(ReportPeriod.dates)
    await state.update_data(report_org=org.id)
    await bot.send_message(query.from_user.id, i18n("period-ask-dates", org=esc(org.name)))


async def _period(
    callback_data: PeriodCb, session: AsyncSession, org: Organization
) -> Period | None:
    return period_from_code(callback_data.period, await org_calendar(session, org))


async def pick_period(
    query: CallbackQuery,
    callback_data: PeriodCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    state: FSMContext,
) -> None:
    period = await _period(callback_data, session, org)
    if period is None:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    await query.answer()
    text, markup = period_files(i18n, org_id=org.id, org_name=org.name, period=period)
    await show_menu(bot, state, text, markup, pressed=query)


async def period_file(
    query: CallbackQuery,
    callback_data: PeriodCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    period = await _period(callback_data, session, org)
    if period is None:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await _send_files(bot, query.from_user.id, org, deps, i18n, period, callback_data.act)


def _zone(org: Organization) -> ZoneInfo:
    return ZoneInfo(org.timezone)


def _is_school(org: Organization) -> bool:
    return org.kind is not OrgKind.MUNICIPALITY


async def _is_own_curator(session: AsyncSession, user: User | None, org: Organization) -> bool:
    """The automatic report is the school's decision: its own curator's, not the office's."""
    return user is not None and await OrgService(session).is_own_curator(user.id, org.id)


async def _send_files(
    bot: Bot,
    chat_id: int,
    org: Organization,
    deps: AppDeps,
    i18n: I18n,
    period: Period,
    act: PeriodAct,
) -> None:
    label = esc(period_label(i18n, period))
    progress = ReportProgress(bot, chat_id, i18n, deps.settings.progress_interval_seconds)
    if act is PeriodAct.CHARTS:
        async with ChatActionSender.upload_photo(bot=bot, chat_id=chat_id), progress as on_stage:
            _, charts = await report_charts(
                lambda: _dataset(org, deps, period), i18n, on_stage=on_stage, run=build_in_thread
            )
            for chart in charts:
                caption = i18n(CHART_CAPTIONS[chart.key], org=esc(org.name))
                await bot.send_photo(
                    chat_id,
                    BufferedInputFile(chart.png, filename=chart.filename),
                    caption=f"{caption}, {label}",
                )
        return
    async with ChatActionSender.upload_document(bot=bot, chat_id=chat_id), progress as on_stage:
        _, file = await report_file(
            FileKind.XLSX if act is PeriodAct.XLSX else FileKind.NOTE,
            lambda: _dataset(org, deps, period),
            i18n,
            forms=deps.forms,
            on_stage=on_stage,
            run=build_in_thread,
        )
        key = "period-xlsx-caption" if act is PeriodAct.XLSX else "period-note-caption"
        await bot.send_document(
            chat_id,
            BufferedInputFile(file.data, filename=file.filename),
            caption=i18n(key, org=esc(org.name), period=label),
        )


async def dates_typed(
    message: Message,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    org_id = await remembered_id(message, state, i18n, "report_org")
    if org_id is None:
        return
    org = await require_org(session, user, org_id, read_only=True)
    today = deps.clock.now().astimezone(_zone(org)).date()
    try:
        period = parse_typed_period(message.text or "", today)
    except PeriodError as error:
        await message.answer(i18n(error.key))
        return
    await state.set_state(None)
    await state.update_data(report_org=None)
    text, markup = period_files(i18n, org_id=org.id, org_name=org.name, period=period)
    await message.answer(text, reply_markup=markup)


async def dates_not_text(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("period-bad-format"))


def build_router() -> Router:
    router = Router(name="report_periods")
    # the head reads reports too; only the school's own curator toggles the automatic sending
    for handler, act in (
        (choose_period, PeriodAct.CHOOSE),
        (ask_dates, PeriodAct.TYPE),
        (pick_period, PeriodAct.PICK),
    ):
        router.callback_query.register(
            handler, PeriodCb.filter(F.act == act), OrgAccess(read_only=True)
        )
    router.callback_query.register(
        period_file,
        PeriodCb.filter(F.act.in_({PeriodAct.XLSX, PeriodAct.CHARTS, PeriodAct.NOTE})),
        OrgAccess(read_only=True),
    )
    router.callback_query.register(
        toggle_auto, PeriodCb.filter(F.act == PeriodAct.AUTO), OrgAccess()
    )
    router.message.register(dates_typed, ReportPeriod.dates, F.text, ~F.text.startswith("/"))
    router.message.register(dates_not_text, ReportPeriod.dates, ~F.text)
    return router
