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

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, Pt
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph

__all__ = ["MISSING_DATE", "OrderLabels", "OrderRow", "build_order_docx", "format_date"]

MISSING_DATE = "—"
"""Printed in the date column (and for an empty mentee list) when there is nothing to show."""

FONT_NAME = "Times New Roman"
BODY_SIZE = Pt(12)
TABLE_SIZE = Pt(11)
FOOTER_SIZE = Pt(9)

_PAGE_WIDTH = Mm(297)
_PAGE_HEIGHT = Mm(210)
_MARGIN = Mm(20)
# № | mentor | mentee(s) | form | type | date — sums to the 257 mm text width (297 − 2 × 20).
_COLUMN_WIDTHS: tuple[Length, ...] = (Mm(12), Mm(60), Mm(82), Mm(34), Mm(40), Mm(29))
_CENTERED_COLUMNS = frozenset({0, 5})

# Characters XML 1.0 cannot carry; lxml refuses them, and a stray one in a Telegram name must
# not break the export.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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


def format_date(value: date | None) -> str:
    """DD.MM.YYYY, or an em dash when the date is unknown."""
    if value is None:
        return MISSING_DATE
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def build_order_docx(rows: Sequence[OrderRow], labels: OrderLabels) -> bytes:
    """Render the appendix and return the .docx file's bytes. Rows keep the caller's order."""
    doc = Document()
    _set_up_page(doc)
    _set_up_styles(doc)
    doc.core_properties.title = _clean_label(labels.title)
    doc.core_properties.author = ""
    doc.core_properties.last_modified_by = ""

    # The template starts with one empty paragraph: reuse it for the appendix line.
    subtitle = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    _write(subtitle, labels.subtitle)
    subtitle.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    org = doc.add_paragraph()
    _write(org, labels.org_line)
    org.alignment = WD_ALIGN_PARAGRAPH.CENTER
    org.paragraph_format.space_before = Pt(12)

    title = doc.add_paragraph()
    _write(title, labels.title, bold=True)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(12)
    title.paragraph_format.space_after = Pt(12)
    title.paragraph_format.keep_with_next = True

    if rows:
        _add_table(doc, rows, labels.columns)
    else:
        empty = doc.add_paragraph()
        _write(empty, labels.empty)
        empty.alignment = WD_ALIGN_PARAGRAPH.CENTER

    generated = doc.add_paragraph()
    _write(generated, labels.generated, italic=True, size=FOOTER_SIZE)
    generated.paragraph_format.space_before = Pt(12)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- page and styles ---------------------------------------------------------------------------


def _set_up_page(doc: DocxDocument) -> None:
    for section in doc.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width = _PAGE_WIDTH
        section.page_height = _PAGE_HEIGHT
        section.top_margin = section.bottom_margin = _MARGIN
        section.left_margin = section.right_margin = _MARGIN


def _set_up_styles(doc: DocxDocument) -> None:
    """Times New Roman 12 pt, single spacing, no gaps, Russian language — for every paragraph.

    The template's document defaults point at theme fonts (Calibri/Cambria); a theme attribute
    wins over an explicit font name in Word, so the defaults are rewritten, not just Normal.
    """
    styles_el = doc.styles.element
    for rpr_default in styles_el.xpath("./w:docDefaults/w:rPrDefault/w:rPr"):
        for old in rpr_default.xpath("./w:rFonts | ./w:sz | ./w:szCs | ./w:lang"):
            rpr_default.remove(old)
        rfonts_default = OxmlElement("w:rFonts")
        rpr_default.insert(0, rfonts_default)
        _set_font_attrs(rfonts_default)
        half_points = str(round(BODY_SIZE.pt * 2))
        for tag, attrs in (
            ("w:sz", {"w:val": half_points}),
            ("w:szCs", {"w:val": half_points}),
            ("w:lang", {"w:val": "ru-RU", "w:eastAsia": "ru-RU", "w:bidi": "ar-SA"}),
        ):
            rpr_default.append(OxmlElement(tag, {qn(k): v for k, v in attrs.items()}))
    for spacing in styles_el.xpath("./w:docDefaults/w:pPrDefault/w:pPr/w:spacing"):
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")

    normal = doc.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = BODY_SIZE
    _set_font_attrs(normal.element.get_or_add_rPr().get_or_add_rFonts())
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0


def _set_font_attrs(rfonts: BaseOxmlElement) -> None:
    """Name the font for every script slot (Cyrillic uses ascii/hAnsi) and drop theme fonts."""
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT_NAME)


# --- table -------------------------------------------------------------------------------------


def _add_table(
    doc: DocxDocument, rows: Sequence[OrderRow], columns: tuple[str, str, str, str, str, str]
) -> None:
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    # LibreOffice sizes columns from the grid, Word from each cell's width: set both.
    for column, width in zip(table.columns, _COLUMN_WIDTHS, strict=True):
        column.width = width

    header = table.rows[0]
    _mark_row(header, header=True)
    for cell, text in zip(header.cells, columns, strict=True):
        _fill_cell(cell, [_clean_label(text)], bold=True, centered=True)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    for number, row in enumerate(rows, start=1):
        cells_text = _row_lines(number, row)
        table_row = table.add_row()
        _mark_row(table_row, header=False)
        for index, (cell, lines) in enumerate(zip(table_row.cells, cells_text, strict=True)):
            _fill_cell(cell, lines, centered=index in _CENTERED_COLUMNS)

    for table_row in table.rows:
        for cell, width in zip(table_row.cells, _COLUMN_WIDTHS, strict=True):
            cell.width = width


def _row_lines(number: int, row: OrderRow) -> list[list[str]]:
    """Each cell of a data row as a list of lines (one paragraph per line)."""
    mentees = [_person(name, position) for name, position in row.mentees]
    return [
        [str(number)],
        [_person(row.mentor_name, row.mentor_position)],
        mentees or [MISSING_DATE],
        [_clean_value(row.form)],
        [_clean_value(row.type)],
        [format_date(row.confirmed_on)],
    ]


def _person(name: str, position: str) -> str:
    name, position = _clean_value(name), _clean_value(position)
    return f"{name}, {position}" if position else name


def _fill_cell(cell: _Cell, lines: Iterable[str], *, bold: bool = False, centered: bool) -> None:
    # A new cell holds one empty paragraph: the first line goes there.
    paragraphs: list[Paragraph] = []
    for i, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraphs.append(paragraph)
        _write(paragraph, line, bold=bold, size=TABLE_SIZE)
    for paragraph in paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centered else WD_ALIGN_PARAGRAPH.LEFT


def _mark_row(row: _Row, *, header: bool) -> None:
    """Keep a row on one page; the header row also repeats at the top of every page."""
    tr_pr = row._tr.get_or_add_trPr()
    # Schema order inside w:trPr: ... cantSplit, trHeight, tblHeader ...
    tr_pr.insert(0, OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


# --- text --------------------------------------------------------------------------------------


def _write(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: Length | None = None,
) -> None:
    """Append `text` as one run; newlines in a caller's label become line breaks."""
    for i, line in enumerate(_clean_label(text).split("\n")):
        run = paragraph.add_run()
        if i:
            run.add_break()
        run.add_text(line)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if size is not None:
            run.font.size = size


def _clean_label(text: str) -> str:
    """A caller's label: XML-safe, line endings normalized to "\\n", tabs to spaces."""
    text = _XML_INVALID.sub("", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")


def _clean_value(text: str) -> str:
    """A name, position or short label inside a cell: XML-safe, whitespace collapsed."""
    return " ".join(_XML_INVALID.sub("", text).split())
