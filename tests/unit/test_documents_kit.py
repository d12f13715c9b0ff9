"""The shared page layout and file names of the bot's documents, read back and rendered."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.shared import Mm

from services.documents.docx_kit import (
    add_paragraph,
    add_signatures,
    add_table,
    new_document,
    to_bytes,
)
from services.documents.filenames import document_filename
from tests.rendered import render_docx


def test_filename_has_title_org_and_date() -> None:
    name = document_filename("Приказ о закреплении пар", "МБОУ СОШ № 5", date(2026, 11, 29))
    assert name == "Приказ о закреплении пар — МБОУ СОШ № 5 — 29.11.2026.docx"


def test_filename_replaces_forbidden_characters_and_stays_short() -> None:
    name = document_filename('Отчёт: "итоги"/1', "Школа\\<5>|?*" + "я" * 300, None, "xlsx")
    assert not set(name) & set('<>:"/\\|?*')
    assert name.endswith(".xlsx")
    assert len(name.encode()) <= 180
    assert name.startswith("Отчёт  итоги  1".replace("  ", " "))


def test_filename_without_org() -> None:
    assert document_filename("Program", None, date(2027, 1, 5)) == "Program — 05.01.2027.docx"


def test_portrait_page_table_and_signatures_render_on_one_page() -> None:
    doc = new_document(title="Приказ")
    assert doc.paragraphs == []
    add_paragraph(doc, "ПРИКАЗ", bold=True)
    add_table(doc, ["№", "ФИО"], [[["1"], ["Иванова\tАнна", ""]]], [Mm(20), Mm(150)])
    add_signatures(doc, [("Директор", "П. П. Петров"), ("С приказом ознакомлены", "")])
    data = to_bytes(doc)

    read = Document(io.BytesIO(data))
    section = read.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert next(p.text for p in read.paragraphs) == "ПРИКАЗ"
    assert read.tables[0].rows[1].cells[1].text == "Иванова Анна\n"
    signature = read.paragraphs[1]
    assert signature.text == "Директор\t____________________ / П. П. Петров /"

    rendered = render_docx(data)
    assert len(rendered.pages) == 1
    assert "ПРИКАЗ" in rendered.pages[0]
    assert "П. П. Петров" in rendered.pages[0]
    assert "/____________________/" in rendered.squashed()
