"""The report's files with their names, for the bot, the command line and the benchmark."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from services.questionnaire.schema import Form
from services.reports.charts import Chart, build_charts
from services.reports.indicators import local_today
from services.reports.note import build_note
from services.reports.records import Dataset
from services.reports.texts import Translate
from services.reports.xlsx import build_workbook


@dataclass(frozen=True)
class ReportFile:
    filename: str
    data: bytes


def _stamp(dataset: Dataset) -> str:
    return f"{dataset.scope_id}-{local_today(dataset).isoformat()}"


def workbook_file(
    dataset: Dataset, t: Translate, forms: Mapping[str, Form] | None = None
) -> ReportFile:
    return ReportFile(f"mentoring-report-{_stamp(dataset)}.xlsx", build_workbook(dataset, t, forms))


def chart_files(dataset: Dataset, t: Translate) -> list[Chart]:
    return build_charts(dataset, t)


def note_file(dataset: Dataset, t: Translate, charts: list[Chart] | None = None) -> ReportFile:
    drawn = charts if charts is not None else build_charts(dataset, t)
    return ReportFile(f"analytical-note-{_stamp(dataset)}.docx", build_note(dataset, t, drawn))
