"""«Аналитическая справка»: the note a school or a municipal office files after monitoring
(seed 001 item 3.2, seed 002 item 10) — the indicators, the charts and a few generated
sentences per section, in the curator's language (python-docx)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.table import _Cell

from services.reports.charts import Chart
from services.reports.indicators import Indicators, compute, local_today
from services.reports.records import Dataset
from services.reports.texts import (
    Translate,
    form_name,
    format_date,
    indicator_rows,
    mean_text,
    natural_key,
    number_text,
    share_text,
)

FONT_NAME = "Times New Roman"
BODY = Pt(12)
SMALL = Pt(10)
CHART_WIDTH = Cm(16.5)
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def period(dataset: Dataset) -> tuple[date | None, date]:
    """From the earliest program start (or pair confirmation) to the report's date; a
    report for a period covers that period."""
    if dataset.period is not None:
        return dataset.period.start, dataset.period.end
    today = local_today(dataset)
    starts = [p.start_on for p in dataset.pairs if p.start_on]
    zone = ZoneInfo(dataset.timezone)
    starts += [p.confirmed_at.astimezone(zone).date() for p in dataset.pairs if p.confirmed_at]
    first = min(starts) if starts else None
    return (first if first and first <= today else None), today


def build_note(dataset: Dataset, t: Translate, charts: Sequence[Chart]) -> bytes:
    ind = compute(dataset)
    doc = Document()
    _set_up(doc)
    start, today = period(dataset)
    doc.core_properties.title = _clean(t("report-note-title"))
    doc.core_properties.author = ""

    _paragraph(doc, t("report-note-title"), bold=True, size=Pt(14), center=True)
    _paragraph(doc, t("report-note-subtitle", org=dataset.title), center=True)
    if start is not None:
        line = t("report-note-period", start=format_date(start), end=format_date(today))
    else:
        line = t("report-note-as-of", date=format_date(today))
    _paragraph(doc, line, center=True, after=Pt(12))

    by_key = {c.key: c for c in charts}
    _heading(doc, t("report-note-section-general"))
    for text in general_text(t, ind, dataset.municipal):
        _paragraph(doc, text, indent=True)
    _indicators_table(doc, t, ind)
    if ind.by_form_shown:
        _paragraph(doc, t("report-note-by-form"), bold=True, before=Pt(8))
        _forms_table(doc, t, ind)

    _heading(doc, t("report-note-section-meetings"))
    _paragraph(doc, meetings_text(t, ind), indent=True)
    _picture(doc, by_key.get("meetings"))

    _heading(doc, t("report-note-section-satisfaction"))
    _paragraph(doc, satisfaction_text(t, ind), indent=True)
    _picture(doc, by_key.get("satisfaction"))

    _heading(doc, t("report-note-section-stages"))
    _paragraph(doc, stages_text(t, ind), indent=True)
    _picture(doc, by_key.get("stages"))

    _heading(doc, t("report-note-section-growth"))
    _paragraph(doc, growth_text(t, ind), indent=True)

    if dataset.municipal:
        _heading(doc, t("report-note-section-orgs"))
        _orgs_table(doc, t, dataset)

    _paragraph(doc, t("report-note-generated", date=format_date(today)), size=SMALL, before=Pt(12))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- generated sentences -----------------------------------------------------------------------


def general_text(t: Translate, ind: Indicators, municipal: bool) -> list[str]:
    lines = [
        t(
            "report-note-general",
            mentors=ind.mentors,
            mentees=ind.mentees,
            pairs=ind.pairs,
            groups=ind.groups,
            active=ind.active,
            finished=ind.finished,
        )
    ]
    if ind.teachers_involved.value is not None:
        lines.append(
            t(
                "report-note-teachers",
                part=ind.teachers_involved.part,
                total=ind.teachers_total or 0,
                percent=t("report-value-percent", value=ind.teachers_involved.value),
            )
        )
    else:
        lines.append(
            t(
                "report-note-teachers-unknown-municipal"
                if municipal
                else "report-note-teachers-unknown"
            )
        )
    if ind.young_with_mentor.whole:
        lines.append(
            t(
                "report-note-young",
                young=ind.young_with_mentor.whole,
                paired=ind.young_with_mentor.part,
            )
        )
    if ind.pupil_scope:
        lines.append(pupils_text(t, ind, municipal))
    if ind.mentees_without_pair:
        lines.append(t("report-note-without-pair", count=ind.mentees_without_pair))
    elif ind.mentees:
        lines.append(t("report-note-all-paired"))
    return lines


def pupils_text(t: Translate, ind: Indicators, municipal: bool) -> str:
    share = ind.pupils_involved
    if ind.pupils_total is None or share.value is None:
        key = "report-note-pupils-unknown-municipal" if municipal else "report-note-pupils-unknown"
        return t(key, part=share.part)
    return t(
        "report-note-pupils",
        part=share.part,
        total=ind.pupils_total,
        percent=t("report-value-percent", value=share.value),
    )


def meetings_text(t: Translate, ind: Indicators) -> str:
    if not ind.meetings_planned:
        return t("report-note-meetings-none")
    if not ind.meetings_due:
        return t("report-note-meetings-ahead", planned=ind.meetings_planned)
    return t(
        "report-note-meetings",
        held=ind.meetings_held,
        due=ind.meetings_due,
        percent=t("report-value-percent", value=ind.meetings_held_share.value),
        planned=ind.meetings_planned,
    )


def satisfaction_text(t: Translate, ind: Indicators) -> str:
    if ind.satisfaction_mentors.n == 0 and ind.satisfaction_mentees.n == 0:
        return t("report-note-satisfaction-none")
    return t(
        "report-note-satisfaction",
        mentors=mean_text(t, ind.satisfaction_mentors),
        mentees=mean_text(t, ind.satisfaction_mentees),
    )


def stages_text(t: Translate, ind: Indicators) -> str:
    if not ind.pairs_and_groups:
        return t("report-note-stages-none")
    return t(
        "report-note-stages",
        active=ind.active,
        finished=ind.finished,
        ended=ind.ended,
    )


def growth_text(t: Translate, ind: Indicators) -> str:
    if ind.difficulties_growth is None or ind.confidence_growth is None:
        return t("report-note-growth-none")
    return t(
        "report-note-growth",
        entry=number_text(t, ind.difficulties_entry.value),
        exit=number_text(t, ind.difficulties_exit.value),
        confidence=number_text(t, ind.confidence_growth),
        n_entry=ind.difficulties_entry.n,
        n_exit=ind.difficulties_exit.n,
    )


# --- layout ------------------------------------------------------------------------------------


def _set_up(doc: DocxDocument) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = Cm(2.5)
        section.right_margin = Cm(1.5)
        section.top_margin = section.bottom_margin = Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = BODY
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    # theme fonts would win over the name in Word; name every script slot instead
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT_NAME)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "ru-RU")
    normal.element.get_or_add_rPr().append(lang)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.15


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _paragraph(
    doc: DocxDocument,
    text: str,
    *,
    bold: bool = False,
    size: Length | None = None,
    center: bool = False,
    indent: bool = False,
    before: Length | None = None,
    after: Length | None = None,
) -> None:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(_clean(text))
    run.bold = bold
    if size is not None:
        run.font.size = size
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
    if before is not None:
        paragraph.paragraph_format.space_before = before
    if after is not None:
        paragraph.paragraph_format.space_after = after


def _heading(doc: DocxDocument, text: str) -> None:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(_clean(text))
    run.bold = True
    paragraph.paragraph_format.space_before = Pt(10)
    paragraph.paragraph_format.keep_with_next = True


def _picture(doc: DocxDocument, chart: Chart | None) -> None:
    if chart is None:
        return
    doc.add_picture(io.BytesIO(chart.png), width=CHART_WIDTH)
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _table(
    doc: DocxDocument,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[Length],
) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell(cell, text, bold=True)
    # the header repeats on every page
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _cell(cell, text)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _cell(cell: _Cell, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(_clean(text))
    run.bold = bold
    run.font.size = SMALL
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0


def _indicators_table(doc: DocxDocument, t: Translate, ind: Indicators) -> None:
    rows = [(row.label, row.text, row.formula) for row in indicator_rows(t, ind)]
    _table(
        doc,
        (t("report-col-indicator"), t("report-col-value"), t("report-col-formula")),
        rows,
        (Cm(6.5), Cm(3.5), Cm(7)),
    )


def forms_table_rows(t: Translate, ind: Indicators) -> list[tuple[str, ...]]:
    return [
        (
            form_name(t, row.form),
            str(row.mentors),
            str(row.mentees),
            str(row.pairs_and_groups),
            str(row.finished),
            share_text(t, row.meetings_held_share),
            mean_text(t, row.satisfaction_mentees),
        )
        for row in ind.by_form
    ]


def _forms_table(doc: DocxDocument, t: Translate, ind: Indicators) -> None:
    _table(
        doc,
        (
            t("report-col-form"),
            t("report-ind-mentors"),
            t("report-ind-mentees"),
            t("report-col-pairs"),
            t("report-ind-finished"),
            t("report-ind-meetings-share"),
            t("report-ind-sat-mentees"),
        ),
        forms_table_rows(t, ind),
        (Cm(4.5), Cm(1.8), Cm(2), Cm(1.8), Cm(2), Cm(2.9), Cm(2)),
    )


def _orgs_table(doc: DocxDocument, t: Translate, dataset: Dataset) -> None:
    parts = dataset.split()
    rows = []
    for org in sorted(dataset.orgs, key=lambda o: natural_key(o.name)):
        ind = compute(parts[org.id])
        rows.append(
            (
                org.name,
                str(ind.mentors),
                str(ind.mentees),
                str(ind.pairs_and_groups),
                str(ind.finished),
                share_text(t, ind.meetings_held_share),
                mean_text(t, ind.satisfaction_mentees),
            )
        )
    _table(
        doc,
        (
            t("report-col-org"),
            t("report-ind-mentors"),
            t("report-ind-mentees"),
            t("report-col-pairs"),
            t("report-ind-finished"),
            t("report-ind-meetings-share"),
            t("report-ind-sat-mentees"),
        ),
        rows,
        (Cm(4.5), Cm(1.8), Cm(2), Cm(1.8), Cm(2), Cm(2.9), Cm(2)),
    )
