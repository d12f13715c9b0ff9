"""build_order_docx: the appendix to the pairing order, read back with python-docx."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

from services.pairing.order_doc import (
    MISSING_DATE,
    OrderLabels,
    OrderRow,
    build_order_docx,
    format_date,
)

LABELS = OrderLabels(
    title="Список наставнических пар (групп)",
    subtitle="Приложение к приказу № ____ от «___» ________ 20__ г.",
    org_line="МБОУ СОШ № 5",
    columns=(
        "№ п/п",
        "Наставник (ФИО, должность)",
        "Наставляемый (ФИО, должность)",
        "Форма наставничества",
        "Вид наставничества",
        "Дата закрепления",
    ),
    generated="Сформировано 20.11.2026",
    empty="Наставнические пары (группы) не сформированы.",
)

PAIR = OrderRow(
    mentor_name="Петрова Мария Ивановна",
    mentor_position="учитель русского языка",
    mentees=(("Сидоров Алексей Петрович", "учитель истории"),),
    form="учитель – учитель",
    type="традиционное (один на один)",
    confirmed_on=date(2026, 9, 1),
)
GROUP = OrderRow(
    mentor_name="Кузнецов Игорь Владимирович",
    mentor_position="заместитель директора по УВР",
    mentees=(
        ("Иванова Анна Сергеевна", "учитель математики"),
        ("Смирнова Ольга Николаевна", "учитель физики"),
        ("Фёдоров Денис Андреевич", "учитель информатики"),
    ),
    form="учитель – учитель",
    type="групповое",
    confirmed_on=date(2026, 10, 15),
)
NO_DATE = OrderRow(
    mentor_name="Васильева Елена Павловна",
    mentor_position="",
    mentees=(("Морозов Кирилл", ""),),
    form="ученик – ученик",
    type="реверсивное",
    confirmed_on=None,
)
ROWS = (PAIR, GROUP, NO_DATE)


def read(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def doc() -> DocxDocument:
    return read(build_order_docx(ROWS, LABELS))


@pytest.fixture(scope="module")
def table(doc: DocxDocument) -> Table:
    assert len(doc.tables) == 1
    return doc.tables[0]


def cell_texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_returns_docx_bytes() -> None:
    data = build_order_docx(ROWS, LABELS)
    assert data[:2] == b"PK"  # a zip package


def test_heading_paragraphs_in_order(doc: DocxDocument) -> None:
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[:3] == [LABELS.subtitle, LABELS.org_line, LABELS.title]
    assert texts[-1] == LABELS.generated


def test_heading_alignment_and_emphasis(doc: DocxDocument) -> None:
    by_text = {p.text: p for p in doc.paragraphs}
    assert by_text[LABELS.subtitle].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert by_text[LABELS.org_line].alignment == WD_ALIGN_PARAGRAPH.CENTER
    title = by_text[LABELS.title]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs
    assert all(run.bold for run in title.runs)
    generated = by_text[LABELS.generated]
    assert all(run.italic for run in generated.runs)
    assert all(run.font.size is not None and run.font.size < Pt(12) for run in generated.runs)


def test_table_comes_between_title_and_generated_line(doc: DocxDocument) -> None:
    body = [child.tag for child in doc.element.body.iterchildren()]
    table_at = body.index(qn("w:tbl"))
    paragraphs_before = body[:table_at].count(qn("w:p"))
    assert paragraphs_before == 3  # subtitle, org line, title


def test_header_row_equals_columns(table: Table) -> None:
    assert tuple(cell.text for cell in table.rows[0].cells) == LABELS.columns
    for cell in table.rows[0].cells:
        assert all(run.bold for p in cell.paragraphs for run in p.runs)


def test_header_row_repeats_on_each_page(table: Table) -> None:
    header_pr = table.rows[0]._tr.trPr
    assert header_pr is not None
    assert header_pr.find(qn("w:tblHeader")) is not None
    for row in table.rows[1:]:
        tr_pr = row._tr.trPr
        assert tr_pr is None or tr_pr.find(qn("w:tblHeader")) is None


def test_rows_do_not_split_across_pages(table: Table) -> None:
    for row in table.rows:
        tr_pr = row._tr.trPr
        assert tr_pr is not None
        assert tr_pr.find(qn("w:cantSplit")) is not None


def test_one_data_row_per_pair_or_group(table: Table) -> None:
    assert len(table.rows) == 1 + len(ROWS)
    assert all(len(row.cells) == 6 for row in table.rows)


def test_cell_contents(table: Table) -> None:
    assert cell_texts(table)[1:] == [
        [
            "1",
            "Петрова Мария Ивановна, учитель русского языка",
            "Сидоров Алексей Петрович, учитель истории",
            "учитель – учитель",
            "традиционное (один на один)",
            "01.09.2026",
        ],
        [
            "2",
            "Кузнецов Игорь Владимирович, заместитель директора по УВР",
            "Иванова Анна Сергеевна, учитель математики\n"
            "Смирнова Ольга Николаевна, учитель физики\n"
            "Фёдоров Денис Андреевич, учитель информатики",
            "учитель – учитель",
            "групповое",
            "15.10.2026",
        ],
        [
            "3",
            "Васильева Елена Павловна",
            "Морозов Кирилл",
            "ученик – ученик",
            "реверсивное",
            "—",
        ],
    ]


def test_group_mentees_are_separate_paragraphs(table: Table) -> None:
    group_cell = table.rows[2].cells[2]
    assert [p.text for p in group_cell.paragraphs] == [
        "Иванова Анна Сергеевна, учитель математики",
        "Смирнова Ольга Николаевна, учитель физики",
        "Фёдоров Денис Андреевич, учитель информатики",
    ]


def test_rows_keep_callers_order() -> None:
    table = read(build_order_docx([NO_DATE, GROUP, PAIR], LABELS)).tables[0]
    assert [row.cells[1].text for row in table.rows[1:]] == [
        "Васильева Елена Павловна",
        "Кузнецов Игорь Владимирович, заместитель директора по УВР",
        "Петрова Мария Ивановна, учитель русского языка",
    ]
    assert [row.cells[0].text for row in table.rows[1:]] == ["1", "2", "3"]


def test_table_style_borders_and_widths(table: Table) -> None:
    assert table.style is not None
    assert table.style.name == "Table Grid"
    widths = [column.width for column in table.columns]
    assert all(width is not None for width in widths)
    total = sum(width for width in widths if width is not None)
    assert abs(total - Mm(257)) < Mm(1)  # fills the text width between 2 cm margins
    for row in table.rows:
        assert [cell.width for cell in row.cells] == widths


def test_fonts(doc: DocxDocument, table: Table) -> None:
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(12)
    rfonts = normal.element.rPr.rFonts
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        assert rfonts.get(qn(attr)) == "Times New Roman"
    # document defaults no longer point at the template's theme fonts
    defaults = doc.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:rFonts")
    assert len(defaults) == 1
    assert defaults[0].get(qn("w:asciiTheme")) is None
    assert defaults[0].get(qn("w:hAnsi")) == "Times New Roman"
    # nothing overrides the font family anywhere
    table_runs = [
        run for row in table.rows for cell in row.cells for p in cell.paragraphs for run in p.runs
    ]
    assert table_runs
    body_runs = [run for p in doc.paragraphs for run in p.runs]
    assert all(run.font.name is None for run in body_runs + table_runs)
    # body text inherits 12 pt, the table is 11 pt
    by_text = {p.text: p for p in doc.paragraphs}
    for text in (LABELS.subtitle, LABELS.org_line, LABELS.title):
        assert all(run.font.size is None for run in by_text[text].runs)
    assert all(run.font.size == Pt(11) for run in table_runs)


def test_page_is_a4_landscape_with_2cm_margins(doc: DocxDocument) -> None:
    (section,) = doc.sections
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width is not None
    assert section.page_height is not None
    assert abs(section.page_width - Mm(297)) < Mm(0.5)
    assert abs(section.page_height - Mm(210)) < Mm(0.5)
    for margin in (
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ):
        assert margin is not None
        assert abs(margin - Mm(20)) < Mm(0.5)


def test_empty_list_prints_empty_text_instead_of_table() -> None:
    doc = read(build_order_docx([], LABELS))
    assert doc.tables == []
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts == [LABELS.subtitle, LABELS.org_line, LABELS.title, LABELS.empty, LABELS.generated]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 9, 1), "01.09.2026"),
        (date(2027, 12, 31), "31.12.2027"),
        (date(999, 1, 2), "02.01.0999"),
        (None, MISSING_DATE),
    ],
)
def test_format_date(value: date | None, expected: str) -> None:
    assert format_date(value) == expected


def test_mentor_without_position_and_group_without_mentees() -> None:
    row = OrderRow(
        mentor_name="Орлова Вера",
        mentor_position="   ",
        mentees=(),
        form="учитель – ученик",
        type="ситуационное",
        confirmed_on=None,
    )
    cells = read(build_order_docx([row], LABELS)).tables[0].rows[1].cells
    assert cells[1].text == "Орлова Вера"
    assert cells[2].text == MISSING_DATE


def test_names_are_cleaned_for_xml_and_whitespace() -> None:
    row = OrderRow(
        mentor_name="Иванов\x00 Иван\x1b\n Иванович",
        mentor_position="учитель\tбиологии",
        mentees=(("  Петров   Пётр ", "ученик\r\n 9 класса"),),
        form="учитель – ученик",
        type="традиционное",
        confirmed_on=date(2026, 1, 9),
    )
    cells = read(build_order_docx([row], LABELS)).tables[0].rows[1].cells
    assert cells[1].text == "Иванов Иван Иванович, учитель биологии"
    assert cells[2].text == "Петров Пётр, ученик 9 класса"


def test_multiline_subtitle_becomes_line_breaks() -> None:
    labels = OrderLabels(
        title=LABELS.title,
        subtitle="Приложение\nк приказу МБОУ СОШ № 5\nот «___» ________ 20__ г. № ____",
        org_line=LABELS.org_line,
        columns=LABELS.columns,
        generated=LABELS.generated,
        empty=LABELS.empty,
    )
    doc = read(build_order_docx([PAIR], labels))
    first = doc.paragraphs[0]
    assert first.text == labels.subtitle
    assert first.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert len(first._p.xpath(".//w:br")) == 2
