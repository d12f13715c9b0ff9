"""The report's files with their names, for the bot, the command line and the benchmark.

matplotlib, openpyxl and python-docx are imported when a report is first built: together they
add about 90 MB to a process's resident memory, and most instances never build one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.documents.filenames import dated_filename, document_filename
from services.questionnaire.schema import Form
from services.reports.indicators import local_today
from services.reports.periods import period_label
from services.reports.records import Dataset
from services.reports.texts import Translate

if TYPE_CHECKING:
    from services.reports.charts import Chart


@dataclass(frozen=True)
class ReportFile:
    filename: str
    data: bytes


def _dated_name(dataset: Dataset, t: Translate, title_key: str, ext: str) -> str:
    """«Отчёт_наставничество_СОШ_5_2026-11-29.xlsx»: the school's short name and its date."""
    return dated_filename(t(title_key), dataset.title, local_today(dataset), ext)


def _period_name(dataset: Dataset, t: Translate, title_key: str, ext: str) -> str | None:
    """A report for a period says which one in its name: «Отчёт по наставничеству за
    4 кв. 2026 — МБОУ СОШ № 5 — 10.01.2027.xlsx»; a report from the start keeps its name."""
    if dataset.period is None:
        return None
    title = t(title_key, period=period_label(t, dataset.period))
    return document_filename(title, dataset.title, local_today(dataset), ext)


def workbook_file(
    dataset: Dataset, t: Translate, forms: Mapping[str, Form] | None = None
) -> ReportFile:
    from services.reports.xlsx import build_workbook

    name = _period_name(dataset, t, "period-file-xlsx", "xlsx")
    name = name or _dated_name(dataset, t, "file-report", "xlsx")
    return ReportFile(name, build_workbook(dataset, t, forms))


def chart_files(dataset: Dataset, t: Translate) -> list[Chart]:
    from services.reports.charts import build_charts

    return build_charts(dataset, t)


def note_file(dataset: Dataset, t: Translate, charts: list[Chart] | None = None) -> ReportFile:
    from services.reports.note import build_note

    drawn = charts if charts is not None else chart_files(dataset, t)
    name = _period_name(dataset, t, "period-file-note", "docx")
    name = name or _dated_name(dataset, t, "file-note", "docx")
    return ReportFile(name, build_note(dataset, t, drawn))
