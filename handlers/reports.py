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
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.chat_action import ChatActionSender
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ReportAct, ReportCb
from bot.conversation import remembered_id
from bot.deps import AppDeps
from bot.filters import require_org
from bot.i18n import I18n
from bot.menus import show_menu
from bot.metrics import build_in_thread
from bot.progress import ReportProgress
from bot.states import ReportPupils, ReportTeachers
from bot.views.common import esc
from bot.views.reports import back_to_reports, reports_menu
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


READ_ONLY_ACTS = frozenset({ReportAct.MENU, ReportAct.XLSX, ReportAct.CHARTS, ReportAct.NOTE})


async def _dataset(org: Organization, deps: AppDeps) -> Dataset:
    # a session of its own: see AppDeps.read_session_factory
    async with deps.reader()() as session:
        return await load_dataset(session, org, now=deps.clock.now(), forms=deps.forms)


async def report_button(
    query: CallbackQuery,
    callback_data: ReportCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    # the head reads every report; typing the school's counts stays the curator's
    org = await require_org(
        session, user, callback_data.org, read_only=callback_data.act in READ_ONLY_ACTS
    )
    chat_id = query.from_user.id
    match callback_data.act:
        case "menu":
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
        case "xlsx":
            await query.answer()
            async with (
                ChatActionSender.upload_document(bot=bot, chat_id=chat_id),
                _progress(bot, chat_id, i18n, deps) as on_stage,
            ):
                dataset, file = await _file(FileKind.XLSX, org, deps, i18n, on_stage)
                await bot.send_document(
                    chat_id,
                    BufferedInputFile(file.data, filename=file.filename),
                    caption=i18n("report-xlsx-caption", org=esc(org.name), date=_today(dataset)),
                )
        case "charts":
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
        case "note":
            await query.answer()
            async with (
                ChatActionSender.upload_document(bot=bot, chat_id=chat_id),
                _progress(bot, chat_id, i18n, deps) as on_stage,
            ):
                dataset, file = await _file(FileKind.NOTE, org, deps, i18n, on_stage)
                await bot.send_document(
                    chat_id,
                    BufferedInputFile(file.data, filename=file.filename),
                    caption=i18n("report-note-caption", org=esc(org.name), date=_today(dataset)),
                )
        case "teachers":
            if org.kind is OrgKind.MUNICIPALITY:
                raise DomainError("report-teachers-school-only")
            await query.answer()
            await state.set_state(ReportTeachers.number)
            await state.update_data(report_org=org.id)
            current = (
                str(org.teachers_total)
                if org.teachers_total is not None
                else i18n("report-teachers-not-set")
            )
            await bot.send_message(
                chat_id, i18n("report-teachers-ask", org=esc(org.name), current=current)
            )
        case "pupils":
            if org.kind is OrgKind.MUNICIPALITY:
                raise DomainError("report-pupils-school-only")
            await query.answer()
            await state.set_state(ReportPupils.number)
            await state.update_data(report_org=org.id)
            current = (
                str(org.pupils_total)
                if org.pupils_total is not None
                else i18n("report-pupils-not-set")
            )
            await bot.send_message(
                chat_id, i18n("report-pupils-ask", org=esc(org.name), current=current)
            )
        case _:
            await query.answer(i18n("error-stale-button"), show_alert=True)


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
    bad: str  # locale keys
    saved: str


TEACHERS = StaffCount(
    "teachers_total", parse_teachers_total, "report-teachers-bad", "report-teachers-saved"
)
PUPILS = StaffCount("pupils_total", parse_pupils_total, "report-pupils-bad", "report-pupils-saved")


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
    router.callback_query.register(report_button, ReportCb.filter())
    for count, state in ((TEACHERS, ReportTeachers.number), (PUPILS, ReportPupils.number)):
        router.message.register(count_typed(count), state, F.text, ~F.text.startswith("/"))
        router.message.register(count_not_text(count), state, ~F.text)
    return router
