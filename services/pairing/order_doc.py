"""DOCX appendix to the order «о закреплении наставнических пар/групп».

When a school's curator confirms the mentoring pairs and groups, the head of the school signs
an order; this module renders its appendix — the list of pairs/groups — as a Word document.

Plain Python on top of python-docx: no Telegram or database code. Every visible text
(title, column headers, the «generated on» line, form/type labels) comes from the caller,
already localized; the module only formats names and dates and lays the page out the way
Russian school paperwork is usually typeset (Times New Roman 12 pt, A4, 2 cm margins,
a bordered table whose header repeats on every page).

The page is A4 *landscape*: six columns, two of which hold «ФИО, должность» and two more the
long localized labels («традиционное (один на один)»), do not fit the 17 cm text width of a
portrait page without breaking every name into three or four lines; 25.7 cm keeps most cells
on one or two lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Length, Mm

from services.documents.docx_kit import (
    FOOTER_SIZE,
    MISSING,
    Align,
    add_paragraph,
    add_signatures,
    add_table,
    clean_value,
    format_date,
    new_document,
    text_width,
    to_bytes,
    write,
)

__all__ = [
    "MISSING_DATE",
    "FullOrderTexts",
    "OrderLabels",
    "OrderRow",
    "build_full_order_docx",
    "build_order_docx",
    "format_date",
]

MISSING_DATE = MISSING
"""Printed in the date column (and for an empty mentee list) when there is nothing to show."""

# № | mentor | mentee(s) | form | type | date — sums to the 257 mm text width (297 − 2 × 20).
_COLUMN_WIDTHS: tuple[Length, ...] = (Mm(12), Mm(60), Mm(82), Mm(34), Mm(40), Mm(29))
_CENTERED_COLUMNS = frozenset({0, 5})


@dataclass(frozen=True)
class OrderRow:
    """One confirmed pair (one mentee) or group (several mentees)."""

    mentor_name: str
    mentor_position: str  # may be "" when unknown
    mentees: tuple[tuple[str, str], ...]  # (name, position): one for a pair, several for a group
    form: str  # already-localized label, e.g. "учитель – учитель"
    type: str  # already-localized label, e.g. "традиционное (один на один)"
    confirmed_on: date | None


@dataclass(frozen=True)
class OrderLabels:
    """Every visible text of the document, from the bot's locale files."""

    title: str  # "Список наставнических пар (групп)"
    subtitle: str  # "Приложение к приказу № ____ от «___» ________ 20__ г."
    org_line: str  # "МБОУ СОШ № 5"
    columns: tuple[str, str, str, str, str, str]  # "№ п/п", "Наставник (ФИО, должность)", ...
    generated: str  # "Сформировано 20.11.2026"
    empty: str  # shown instead of the table when there are no rows


@dataclass(frozen=True)
class FullOrderTexts:
    """The order itself (приказ), localized by the caller; the appendix follows on its own
    landscape page with :class:`OrderLabels`."""

    org_name: str  # the header: the school's full name
    heading: str  # "ПРИКАЗ"
    dated: str  # "от 01.09.2026"
    number: str  # "№ 15-о"
    place: str  # "г. Энск", or "" to leave the line out
    title: str  # "О закреплении наставнических пар (групп)"
    preamble: str  # "В соответствии с … целевой моделью наставничества …"
    command: str  # "ПРИКАЗЫВАЮ:"
    items: tuple[str, ...]  # "Закрепить наставнические пары (группы) согласно приложению." …
    signature: tuple[str, str]  # (position, name) of the head
    acquainted_title: str  # "С приказом ознакомлены:"
    acquainted: tuple[str, ...]  # names of the curator and of the pairs' participants


def build_full_order_docx(
    rows: Sequence[OrderRow], texts: FullOrderTexts, appendix: OrderLabels
) -> bytes:
    """The order on a portrait page, then its appendix (the pairs' table) on a landscape one."""
    doc = new_document(title=texts.title)
    add_paragraph(doc, texts.org_name, bold=True, align=Align.CENTER)
    add_paragraph(doc, texts.heading, bold=True, align=Align.CENTER, space_before=18)
    line = add_paragraph(doc, space_before=12)
    line.paragraph_format.tab_stops.add_tab_stop(text_width(doc), WD_TAB_ALIGNMENT.RIGHT)
    write(line, texts.dated)
    line.add_run().add_tab()
    write(line, texts.number)
    if texts.place.strip():
        add_paragraph(doc, texts.place, align=Align.CENTER, space_before=6)
    add_paragraph(doc, texts.title, bold=True, align=Align.CENTER, space_before=18, space_after=12)
    add_paragraph(doc, texts.preamble, align=Align.JUSTIFY, first_line_indent=Mm(12.5))
    add_paragraph(doc, texts.command, bold=True, space_before=12, space_after=6)
    for number, item in enumerate(texts.items, start=1):
        add_paragraph(doc, f"{number}. {item}", align=Align.JUSTIFY, first_line_indent=Mm(12.5))
    add_signatures(doc, [texts.signature])
    add_paragraph(doc, texts.acquainted_title, space_before=24, keep_with_next=True)
    add_signatures(doc, [("", name) for name in texts.acquainted])
    _landscape_section(doc)
    _add_appendix(doc, rows, appendix)
    return to_bytes(doc)


def _landscape_section(doc: DocxDocument) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = section.page_width, section.page_height
    section.orientation = WD_ORIENT.LANDSCAPE
    if width is not None and height is not None and width < height:
        section.page_width, section.page_height = height, width


def build_order_docx(rows: Sequence[OrderRow], labels: OrderLabels) -> bytes:
    """Render the appendix and return the .docx file's bytes. Rows keep the caller's order."""
    doc = new_document(title=labels.title, landscape=True)
    _add_appendix(doc, rows, labels)
    return to_bytes(doc)


def _add_appendix(doc: DocxDocument, rows: Sequence[OrderRow], labels: OrderLabels) -> None:
    add_paragraph(doc, labels.subtitle, align=Align.RIGHT)
    add_paragraph(doc, labels.org_line, align=Align.CENTER, space_before=12)
    add_paragraph(
        doc,
        labels.title,
        bold=True,
        align=Align.CENTER,
        space_before=12,
        space_after=12,
        keep_with_next=True,
    )
    if rows:
        add_table(
            doc,
            labels.columns,
            [_row_lines(number, row) for number, row in enumerate(rows, start=1)],
            _COLUMN_WIDTHS,
            centered=_CENTERED_COLUMNS,
        )
    else:
        add_paragraph(doc, labels.empty, align=Align.CENTER)
    add_paragraph(doc, labels.generated, italic=True, size=FOOTER_SIZE, space_before=12)


def _row_lines(number: int, row: OrderRow) -> list[list[str]]:
    """Each cell of a data row as a list of lines (one paragraph per line)."""
    mentees = [_person(name, position) for name, position in row.mentees]
    return [
        [str(number)],
        [_person(row.mentor_name, row.mentor_position)],
        mentees or [MISSING_DATE],
        [row.form],
        [row.type],
        [format_date(row.confirmed_on)],
    ]


def _person(name: str, position: str) -> str:
    name, position = clean_value(name), clean_value(position)
    return f"{name}, {position}" if position else name
