"""The page layout every document of the bot shares: Russian school paperwork conventions.

Times New Roman 12 pt, A4 with 2 cm margins (landscape for wide tables), single spacing,
bordered tables whose header repeats on every page and whose rows never split, and signature
lines at the end. Texts come from the caller already localized; this module only cleans them
(a stray control character in a Telegram name must not break the export) and lays them out.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from datetime import date

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

__all__ = [
    "BODY_SIZE",
    "FONT_NAME",
    "FOOTER_SIZE",
    "MISSING",
    "TABLE_SIZE",
    "Align",
    "add_paragraph",
    "add_signatures",
    "add_table",
    "clean_label",
    "clean_value",
    "format_date",
    "new_document",
    "text_width",
    "to_bytes",
    "write",
]

MISSING = "—"
"""Printed where there is nothing to show (an unknown date, an empty list)."""

FONT_NAME = "Times New Roman"
BODY_SIZE = Pt(12)
TABLE_SIZE = Pt(11)
FOOTER_SIZE = Pt(9)

_A4_SHORT = Mm(210)
_A4_LONG = Mm(297)
_MARGIN = Mm(20)

Align = WD_ALIGN_PARAGRAPH

# Characters XML 1.0 cannot carry; lxml refuses them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def format_date(value: date | None) -> str:
    """DD.MM.YYYY, or an em dash when the date is unknown."""
    if value is None:
        return MISSING
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def new_document(*, title: str, landscape: bool = False) -> DocxDocument:
    """An empty A4 document with the shared styles; its one empty paragraph is removed."""
    doc = Document()
    for section in doc.sections:
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width = _A4_LONG if landscape else _A4_SHORT
        section.page_height = _A4_SHORT if landscape else _A4_LONG
        section.top_margin = section.bottom_margin = _MARGIN
        section.left_margin = section.right_margin = _MARGIN
    _set_up_styles(doc)
    doc.core_properties.title = clean_label(title)
    doc.core_properties.author = ""
    doc.core_properties.last_modified_by = ""
    body = doc.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    return doc


def text_width(doc: DocxDocument) -> Length:
    section = doc.sections[0]
    # new_document sets all three; a document from elsewhere falls back to A4 portrait
    width = section.page_width or _A4_SHORT
    return Length(width - (section.left_margin or _MARGIN) - (section.right_margin or _MARGIN))


def to_bytes(doc: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def add_paragraph(
    doc: DocxDocument | _Cell,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: Length | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    space_before: int = 0,
    space_after: int = 0,
    first_line_indent: Length | None = None,
    keep_with_next: bool = False,
) -> Paragraph:
    """One paragraph; newlines in ``text`` become line breaks. Spacing is in points."""
    paragraph = doc.add_paragraph()
    write(paragraph, text, bold=bold, italic=italic, size=size)
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if space_before:
        fmt.space_before = Pt(space_before)
    if space_after:
        fmt.space_after = Pt(space_after)
    if first_line_indent is not None:
        fmt.first_line_indent = first_line_indent
    if keep_with_next:
        fmt.keep_with_next = True
    return paragraph


def write(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: Length | None = None,
) -> None:
    """Append ``text`` as runs; newlines in a caller's label become line breaks."""
    for i, line in enumerate(clean_label(text).split("\n")):
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


def add_table(
    doc: DocxDocument,
    header: Sequence[str],
    rows: Iterable[Sequence[Sequence[str]]],
    widths: Sequence[Length],
    *,
    centered: Iterable[int] = (),
    size: Length = TABLE_SIZE,
) -> Table:
    """A bordered table: ``rows`` holds, per row, each cell as a list of lines (one paragraph
    per line). The header repeats on every page; no row splits across pages."""
    if len(header) != len(widths):
        raise ValueError("one width per column")
    centered_columns = frozenset(centered)
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    # LibreOffice sizes columns from the grid, Word from each cell's width: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width

    head = table.rows[0]
    _mark_row(head, header=True)
    for cell, text in zip(head.cells, header, strict=True):
        _fill_cell(cell, [clean_label(text)], bold=True, centered=True, size=size)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    for cells in rows:
        table_row = table.add_row()
        _mark_row(table_row, header=False)
        for index, (cell, lines) in enumerate(zip(table_row.cells, cells, strict=True)):
            _fill_cell(
                cell,
                [clean_value(line) for line in lines] or [MISSING],
                centered=index in centered_columns,
                size=size,
            )

    for table_row in table.rows:
        for cell, width in zip(table_row.cells, widths, strict=True):
            cell.width = width
    made: Table = table
    return made


def add_signatures(doc: DocxDocument, lines: Sequence[tuple[str, str]]) -> None:
    """Signature lines: the position on the left, «________ / name /» on the right margin."""
    right = text_width(doc)
    for index, (position, name) in enumerate(lines):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(24 if index == 0 else 12)
        paragraph.paragraph_format.keep_together = True
        paragraph.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
        suffix = f" / {clean_value(name)} /" if name.strip() else " /____________________/"
        write(paragraph, position)
        paragraph.add_run().add_tab()
        write(paragraph, f"____________________{suffix}")


def clean_label(text: str) -> str:
    """A caller's label: XML-safe, line endings normalized to "\\n", tabs to spaces."""
    text = _XML_INVALID.sub("", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")


def clean_value(text: str) -> str:
    """A name, position or short label inside a cell: XML-safe, whitespace collapsed."""
    return " ".join(_XML_INVALID.sub("", text).split())


# --- internals ---------------------------------------------------------------------------------


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


def _fill_cell(
    cell: _Cell, lines: Iterable[str], *, bold: bool = False, centered: bool, size: Length
) -> None:
    # A new cell holds one empty paragraph: the first line goes there.
    for i, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        write(paragraph, line, bold=bold, size=size)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centered else WD_ALIGN_PARAGRAPH.LEFT


def _mark_row(row: _Row, *, header: bool) -> None:
    """Keep a row on one page; the header row also repeats at the top of every page."""
    tr_pr = row._tr.get_or_add_trPr()
    # Schema order inside w:trPr: ... cantSplit, trHeight, tblHeader ...
    tr_pr.insert(0, OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))
