"""An order of the head of a school (приказ руководителя ОО), as schools type them.

The organization's name, «ПРИКАЗ», a date and number line left blank for the office to fill in
(«___» ________ 20__ г. № ____), the subject, a preamble ending «ПРИКАЗЫВАЮ:», numbered
items, the head's signature, «С приказом ознакомлен(а):» with a line per person, and, when
there is one, an appendix table on a page of its own. Both the curator's appointment and the
reward order are this layout with different words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.shared import Length, Mm

from services.documents.docx_kit import (
    Align,
    add_paragraph,
    add_signatures,
    add_table,
    new_document,
    to_bytes,
)

__all__ = ["Appendix", "OrderItem", "OrderText", "build_order"]


@dataclass(frozen=True)
class OrderItem:
    text: str  # «Назначить …»; numbered by the builder
    sub_items: tuple[str, ...] = ()  # a list under the item (the curator's duties), dashed


@dataclass(frozen=True)
class Appendix:
    caption: str  # «Приложение к приказу № ____ от «___» ________ 20__ г.»
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[Length, ...]  # sum to the 170 mm of an A4 portrait page


@dataclass(frozen=True)
class OrderText:
    """Every visible text, localized by the caller."""

    title: str  # the document's title (its properties and the file name)
    org_line: str
    heading: str  # «ПРИКАЗ»
    number_line: str  # «___» ________ 20__ г.  № ____
    subject: str
    preamble: str  # its last line, when there are several, is «ПРИКАЗЫВАЮ:»
    items: tuple[OrderItem, ...]
    head_position: str
    head_name: str  # "" leaves a blank line
    acquainted_label: str  # «С приказом ознакомлен(а):»
    acquainted: tuple[str, ...] = ()  # names of those who sign they read it
    date_blank: str = "«___» ____________ 20__ г."
    appendix: Appendix | None = None
    generated: str = ""


def build_order(text: OrderText) -> bytes:
    doc = new_document(title=text.title)
    add_paragraph(doc, text.org_line, bold=True, align=Align.CENTER)
    add_paragraph(doc, text.heading, bold=True, align=Align.CENTER, space_before=18)
    add_paragraph(doc, text.number_line, align=Align.CENTER, space_before=6)
    add_paragraph(doc, text.subject, bold=True, align=Align.CENTER, space_before=18, space_after=12)
    # «ПРИКАЗЫВАЮ:» on a line of its own: a line break inside a justified paragraph would
    # stretch the words before it across the whole width
    *grounds, command = text.preamble.split("\n")
    for line in grounds:
        add_paragraph(doc, line, align=Align.JUSTIFY, first_line_indent=Mm(12.5))
    add_paragraph(doc, command, bold=bool(grounds), space_before=6 if grounds else 0)
    for number, item in enumerate(text.items, start=1):
        add_paragraph(
            doc,
            f"{number}. {item.text}",
            align=Align.JUSTIFY,
            first_line_indent=Mm(12.5),
            space_before=6,
        )
        for sub in item.sub_items:
            add_paragraph(doc, f"– {sub}", align=Align.JUSTIFY, first_line_indent=Mm(12.5))
    add_signatures(doc, [(text.head_position, text.head_name)])
    if text.acquainted:
        add_paragraph(doc, text.acquainted_label, space_before=24, keep_with_next=True)
        add_signatures(doc, [(text.date_blank, name) for name in text.acquainted])
    if text.appendix is not None:
        appendix = text.appendix
        caption = add_paragraph(doc, appendix.caption, align=Align.RIGHT)
        caption.paragraph_format.page_break_before = True
        add_paragraph(
            doc, appendix.title, bold=True, align=Align.CENTER, space_before=12, space_after=12
        )
        add_table(
            doc,
            appendix.columns,
            ([[cell] for cell in row] for row in appendix.rows),
            appendix.widths,
            centered=(0,),
        )
    if text.generated:
        add_paragraph(doc, text.generated, italic=True, space_before=12)
    return to_bytes(doc)


def widths_mm(*values: float) -> tuple[Length, ...]:
    return tuple(Mm(v) for v in values)


def numbered_rows(rows: Sequence[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple((str(n), *row) for n, row in enumerate(rows, start=1))
