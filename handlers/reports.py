"""«Отчёты и мониторинг»: indicators, the XLSX workbook, charts and the analytical note.

A municipal office's curator gets them over all its schools. Every press re-checks the right
to the organization; the files are rendered in a worker thread, so one curator's report never
stalls the bot for everyone else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.chat_action import ChatActionSender
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.infra.metrics import build_in_thread
from bot.tg.callbacks import ReportAct, ReportCb
from bot.tg.conversation import remembered_id
from bot.tg.filters import OrgAccess, require_org
from bot.tg.i18n import I18n
from bot.tg.menus import show_menu
from bot.tg.progress import ReportProgress
from bot.tg.states import ReportPupils, ReportTeachers
from bot.tg.views.common import esc
from bot.tg.views.reports import back_to_reports, reports_menu
from models import Organization, OrgKind, User
from services.errors import DomainError
from services.pairing.forms import PUPIL_FORMS, enabled_forms
from services.reports.build import ReportFile
from services.reports.dataset import load_dataset
from services.reports.indicators import compute, local_today
from services.reports.progress import FileKind, OnStage, report_charts, report_file
from services.reports.records import Dataset
from services.reports.staff import parse_pupils_total, parse_teachers_total
from services.reports.texts import format_date

CHART_CAPTIONS = {
    "meetings": "report-chart-caption-meetings",
    "satisfaction": "report-chart-caption-satisfaction",
    "stages": "report-chart-caption-stages",
}


async def _dataset(org: Organization, deps: AppDeps) -> Dataset:
    # a session of its own: see AppDeps.read_session_factory
    async with deps.reader()() as session:
        return await load_dataset(session, org, now=deps.clock.now(), forms=deps.forms)


async def show_reports(
    query: CallbackQuery,
    bot: Bot,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    await query.answer()
    dataset = await _dataset(org, deps)
    indicators = await build_in_thread("indicators", compute, dataset)
    text, markup = reports_menu(
        i18n,
        org_id=org.id,
        org_name=org.name,
        municipal=dataset.municipal,
        schools=len(dataset.orgs),
        today=local_today(dataset),
        indicators=indicators,
        pupils_button=_asks_pupils(org, indicators.pupil_scope),
    )
    await show_menu(bot, state, text, markup, pressed=query)


# the workbook and the note: the file kind and its caption
DOCUMENTS = {
    ReportAct.XLSX: (FileKind.XLSX, "report-xlsx-caption"),
    ReportAct.NOTE: (FileKind.NOTE, "report-note-caption"),
}


async def send_document(
    query: CallbackQuery,
    callback_data: ReportCb,
    bot: Bot,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    kind, caption = DOCUMENTS[callback_data.act]
    chat_id = query.from_user.id
    await query.answer()
    async with (
        ChatActionSender.upload_document(bot=bot, chat_id=chat_id),
        _progress(bot, chat_id, i18n, deps) as on_stage,
    ):
        dataset, file = await _file(kind, org, deps, i18n, on_stage)
        await bot.send_document(
            chat_id,
            BufferedInputFile(file.data, filename=file.filename),
            caption=i18n(caption, org=esc(org.name), date=_today(dataset)),
        )


async def send_charts(
    query: CallbackQuery, bot: Bot, org: Organization, i18n: I18n, deps: AppDeps
) -> None:
    chat_id = query.from_user.id
    await query.answer()
    async with (
        ChatActionSender.upload_photo(bot=bot, chat_id=chat_id),
        _progress(bot, chat_id, i18n, deps) as on_stage,
    ):
        _, charts = await report_charts(
            lambda: _dataset(org, deps), i18n, on_stage=on_stage, run=build_in_thread
        )
        for chart in charts:
            await bot.send_photo(
                chat_id,
                BufferedInputFile(chart.png, filename=chart.filename),
                caption=i18n(CHART_CAPTIONS[chart.key], org=esc(org.name)),
            )


def _progress(bot: Bot, chat_id: int, i18n: I18n, deps: AppDeps) -> ReportProgress:
    return ReportProgress(bot, chat_id, i18n, deps.settings.progress_interval_seconds)


async def _file(
    kind: FileKind, org: Organization, deps: AppDeps, i18n: I18n, on_stage: OnStage
) -> tuple[Dataset, ReportFile]:
    return await report_file(
        kind,
        lambda: _dataset(org, deps),
        i18n,
        forms=deps.forms,
        on_stage=on_stage,
        run=build_in_thread,
    )


def _asks_pupils(org: Organization, pupil_scope: bool) -> bool:
    """A school with pupil forms enabled, pupils in its bank or a pupil count set: the
    «share of pupils» needs its base. Teacher-only schools keep their menu as it was."""
    if org.kind is OrgKind.MUNICIPALITY:
        return False
    return pupil_scope or bool(enabled_forms(org.enabled_forms) & PUPIL_FORMS)


def _today(dataset: Dataset) -> str:
    return format_date(local_today(dataset))


@dataclass(frozen=True)
class StaffCount:
    """A number the curator types for an indicator's base: teachers on the staff, pupils."""

    column: str  # the Organization attribute it sets
    parse: Callable[[str], int | None]
    state: State  # the conversation step that waits for the number
    # locale keys
    bad: str
    saved: str
    ask: str
    not_set: str
    school_only: str


TEACHERS = StaffCount(
    "teachers_total",
    parse_teachers_total,
    ReportTeachers.number,
    bad="report-teachers-bad",
    saved="report-teachers-saved",
    ask="report-teachers-ask",
    not_set="report-teachers-not-set",
    school_only="report-teachers-school-only",
)
PUPILS = StaffCount(
    "pupils_total",
    parse_pupils_total,
    ReportPupils.number,
    bad="report-pupils-bad",
    saved="report-pupils-saved",
    ask="report-pupils-ask",
    not_set="report-pupils-not-set",
    school_only="report-pupils-school-only",
)


def ask_count(count: StaffCount) -> Callable[..., Awaitable[None]]:
    """«Число педагогов» / «Число учеников»: the curator types the school's number."""

    async def ask(
        query: CallbackQuery, bot: Bot, org: Organization, i18n: I18n, state: FSMContext
    ) -> None:
        if org.kind is OrgKind.MUNICIPALITY:
            raise DomainError(count.school_only)
        await query.answer()
        await state.set_state(count.state)
        await state.update_data(report_org=org.id)
        value = getattr(org, count.column)
        current = str(value) if value is not None else i18n(count.not_set)
        await bot.send_message(
            query.from_user.id, i18n(count.ask, org=esc(org.name), current=current)
        )

    return ask


def count_typed(count: StaffCount) -> Callable[..., Awaitable[None]]:
    async def typed(
        message: Message,
        session: AsyncSession,
        user: User | None,
        i18n: I18n,
        state: FSMContext,
    ) -> None:
        org_id = await remembered_id(message, state, i18n, "report_org")
        if org_id is None:
            return
        org = await require_org(session, user, org_id)
        value = count.parse(message.text or "")
        if value is None:
            await message.answer(i18n(count.bad))
            return
        setattr(org, count.column, value)
        await state.set_state(None)
        await state.update_data(report_org=None)
        await message.answer(
            i18n(count.saved, org=esc(org.name), count=value),
            reply_markup=back_to_reports(i18n, org.id),
        )

    return typed


def count_not_text(count: StaffCount) -> Callable[..., Awaitable[None]]:
    async def not_text(message: Message, i18n: I18n) -> None:
        await message.answer(i18n(count.bad))

    return not_text


def build_router() -> Router:
    router = Router(name="reports")
    # the head reads every report; typing the school's counts stays the curator's
    read_only = OrgAccess(read_only=True)
    router.callback_query.register(
        show_reports, ReportCb.filter(F.act == ReportAct.MENU), read_only
    )
    router.callback_query.register(
        send_document, ReportCb.filter(F.act.in_(set(DOCUMENTS))), read_only
    )
    router.callback_query.register(
        send_charts, ReportCb.filter(F.act == ReportAct.CHARTS), read_only
    )
    for count, act in ((TEACHERS, ReportAct.TEACHERS), (PUPILS, ReportAct.PUPILS)):
        router.callback_query.register(ask_count(count), ReportCb.filter(F.act == act), OrgAccess())
        router.message.register(count_typed(count), count.state, F.text, ~F.text.startswith("/"))
        router.message.register(count_not_text(count), count.state, ~F.text)
    return router
