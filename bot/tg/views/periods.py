"""Reports for a period: the list of periods, and the files of one."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.tg.callbacks import PeriodAct, PeriodCb, ReportAct, ReportCb
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views.common import esc
from services.reports.periods import Period, period_label


def periods_menu(
    i18n: I18n,
    *,
    org_id: int,
    org_name: str,
    quarters: list[Period],
    years: list[Period],
    auto: bool | None,  # None: not a school (no automatic quarterly report)
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [i18n("period-menu-title", org=esc(org_name))]
    if auto is not None:
        lines.append("")
        lines.append(i18n("period-auto-on" if auto else "period-auto-off"))
    kb = InlineKeyboard()
    for period in (*quarters, *years):
        kb.button(
            text=period_label(i18n, period),
            callback_data=PeriodCb(act=PeriodAct.PICK, org=org_id, period=period.code),
        )
    kb.button(text=i18n("btn-period-dates"), callback_data=PeriodCb(act=PeriodAct.TYPE, org=org_id))
    if auto is not None:
        kb.button(
            text=i18n("btn-period-auto-off" if auto else "btn-period-auto-on"),
            callback_data=PeriodCb(act=PeriodAct.AUTO, org=org_id),
        )
    kb.button(text=i18n("btn-report-back"), callback_data=ReportCb(act=ReportAct.MENU, org=org_id))
    kb.adjust(2, 2, 2, 1)
    return "\n".join(lines), kb.as_markup()


def period_files(
    i18n: I18n, *, org_id: int, org_name: str, period: Period
) -> tuple[str, InlineKeyboardMarkup]:
    text = i18n("period-files", org=esc(org_name), period=esc(period_label(i18n, period)))
    return text, period_buttons(i18n, org_id, period)


def period_buttons(i18n: I18n, org_id: int, period: Period) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-report-xlsx"),
        callback_data=PeriodCb(act=PeriodAct.XLSX, org=org_id, period=period.code),
    )
    kb.button(
        text=i18n("btn-report-charts"),
        callback_data=PeriodCb(act=PeriodAct.CHARTS, org=org_id, period=period.code),
    )
    kb.button(
        text=i18n("btn-report-note"),
        callback_data=PeriodCb(act=PeriodAct.NOTE, org=org_id, period=period.code),
    )
    kb.button(
        text=i18n("btn-period-other"), callback_data=PeriodCb(act=PeriodAct.CHOOSE, org=org_id)
    )
    kb.adjust(1)
    return kb.as_markup()
