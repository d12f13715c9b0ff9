"""The report's files with their names, for the bot, the command line and the benchmark.

matplotlib, openpyxl and python-docx are imported when a report is first built: together they
add about 90 MB to a process's resident memory, and most instances never build one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.questionnaire.schema import Form
from services.reports.indicators import local_today
from services.reports.records import Dataset
from services.reports.texts import Translate

if TYPE_CHECKING:
    from services.reports.charts import Chart


@dataclass(frozen=True)
class ReportFile:
    filename: str
    data: bytes


def _stamp(dataset: Dataset) -> str:
    return f"{dataset.scope_id}-{local_today(dataset).isoformat()}"


def workbook_file(
    dataset: Dataset, t: Translate, forms: Mapping[str, Form] | None = None
) -> ReportFile:
    from services.reports.xlsx import build_workbook

    return ReportFile(f"mentoring-report-{_stamp(dataset)}.xlsx", build_workbook(dataset, t, forms))


def chart_files(dataset: Dataset, t: Translate) -> list[Chart]:
    from services.reports.charts import build_charts

    return build_charts(dataset, t)


def note_file(dataset: Dataset, t: Translate, charts: list[Chart] | None = None) -> ReportFile:
    from services.reports.note import build_note

    drawn = charts if charts is not None else chart_files(dataset, t)
    return ReportFile(f"analytical-note-{_stamp(dataset)}.docx", build_note(dataset, t, drawn))
