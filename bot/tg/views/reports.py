"""«Отчёты и мониторинг»: the indicators as a message, and the buttons for the files."""

from __future__ import annotations

from datetime import date

from aiogram.types import InlineKeyboardMarkup

from bot.tg.callbacks import MenuAct, MenuCb, PeriodAct, PeriodCb, ReportAct, ReportCb
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views.common import esc
from services.reports.indicators import Indicators
from services.reports.texts import form_name, format_date, indicator_rows


def reports_menu(
    i18n: I18n,
    *,
    org_id: int,
    org_name: str,
    municipal: bool,
    schools: int,
    today: date,
    indicators: Indicators,
    pupils_button: bool = False,
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [i18n("report-menu-title", org=esc(org_name), date=format_date(today))]
    if municipal:
        lines.append(i18n("report-menu-municipal", count=schools))
    lines.append("")
    for row in indicator_rows(i18n, indicators):
        lines.append(f"• {esc(row.label)}: <b>{esc(row.text)}</b>")
    if indicators.by_form_shown:
        lines.append("")
        lines.append(i18n("report-menu-by-form"))
        for form in indicators.by_form:
            lines.append(
                i18n(
                    "report-menu-form-line",
                    form=esc(form_name(i18n, form.form)),
                    pairs=form.pairs_and_groups,
                    active=form.active,
                    finished=form.finished,
                    held=form.meetings_held,
                    due=form.meetings_due,
                )
            )
    if indicators.pupil_scope and indicators.pupils_total is None:
        lines.append("")
        lines.append(i18n("report-pupils-hint-municipal" if municipal else "report-pupils-hint"))
    if indicators.teachers_total is None:
        lines.append("")
        lines.append(
            i18n("report-teachers-hint-municipal" if municipal else "report-teachers-hint")
        )
    lines.append("")
    lines.append(i18n("report-menu-hint"))
    kb = InlineKeyboard()
    kb.button(text=i18n("btn-report-xlsx"), callback_data=ReportCb(act=ReportAct.XLSX, org=org_id))
    kb.button(
        text=i18n("btn-report-charts"), callback_data=ReportCb(act=ReportAct.CHARTS, org=org_id)
    )
    kb.button(text=i18n("btn-report-note"), callback_data=ReportCb(act=ReportAct.NOTE, org=org_id))
    kb.button(
        text=i18n("btn-report-period"), callback_data=PeriodCb(act=PeriodAct.CHOOSE, org=org_id)
    )
    if not municipal:
        kb.button(
            text=i18n("btn-report-teachers"),
            callback_data=ReportCb(act=ReportAct.TEACHERS, org=org_id),
        )
        if pupils_button:
            kb.button(
                text=i18n("btn-report-pupils"),
                callback_data=ReportCb(act=ReportAct.PUPILS, org=org_id),
            )
    kb.button(text=i18n("btn-back-to-org"), callback_data=MenuCb(act=MenuAct.ORG, org=org_id))
    kb.adjust(1)
    return "\n".join(lines), kb.as_markup()


def back_to_reports(i18n: I18n, org_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(text=i18n("btn-report-back"), callback_data=ReportCb(act=ReportAct.MENU, org=org_id))
    return kb.as_markup()
