"""The full order «О закреплении наставнических пар (групп)»: read back and rendered."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT

from services.pairing.order_doc import (
    FullOrderTexts,
    OrderLabels,
    OrderRow,
    build_full_order_docx,
)
from tests.rendered import render_docx

ROWS = [
    OrderRow(
        mentor_name="Петрова Мария Ивановна",
        mentor_position="учитель русского языка",
        mentees=(("Сидоров Алексей Петрович", "учитель истории"),),
        form="учитель – учитель",
        type="традиционное (один на один)",
        confirmed_on=date(2026, 11, 18),
    ),
    OrderRow(
        mentor_name="Кузнецов Игорь Владимирович",
        mentor_position="заместитель директора по УВР",
        mentees=(
            ("Иванова Анна Сергеевна", "учитель математики"),
            ("Фёдоров Денис Андреевич", "учитель информатики"),
        ),
        form="учитель – учитель",
        type="групповое",
        confirmed_on=date(2026, 11, 18),
    ),
]
TEXTS = FullOrderTexts(
    org_name="Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 7»",
    heading="ПРИКАЗ",
    dated="от 18.11.2026",
    number="№ 15-о",
    place="г. Энск",
    title="О закреплении наставнических пар (групп)",
    preamble="В соответствии с Положением о системе наставничества, в целях реализации "
    "целевой модели наставничества,",
    command="ПРИКАЗЫВАЮ:",
    items=(
        "Закрепить наставнические пары (группы) согласно приложению к настоящему приказу.",
        "Установить срок реализации персонализированных программ наставничества "
        "с 18.11.2026 по 31.05.2027.",
        "Контроль за исполнением настоящего приказа возложить на куратора "
        "(Смирнова Ольга Николаевна).",
    ),
    signature=("Директор", "Петров Пётр Петрович"),
    acquainted_title="С приказом ознакомлены:",
    acquainted=("Смирнова Ольга Николаевна", "Петрова Мария Ивановна"),
)
APPENDIX = OrderLabels(
    title="Список наставнических пар (групп)",
    subtitle="Приложение к приказу от 18.11.2026 № 15-о",
    org_line="МБОУ СОШ № 7",
    columns=("№ п/п", "Наставник", "Наставляемый", "Форма", "Вид", "Дата закрепления"),
    generated="Сформировано 20.11.2026",
    empty="Пар нет.",
)


def test_full_order_reads_back_with_a_portrait_order_and_a_landscape_appendix() -> None:
    data = build_full_order_docx(ROWS, TEXTS, APPENDIX)
    document = Document(io.BytesIO(data))
    orientations = [section.orientation for section in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    texts = [p.text for p in document.paragraphs]
    assert texts[1] == "ПРИКАЗ"
    assert texts[2] == "от 18.11.2026\t№ 15-о"
    assert "1. Закрепить наставнические пары (группы) согласно приложению" in "\n".join(texts)
    assert "Директор\t____________________ / Петров Пётр Петрович /" in texts
    assert "\t____________________ / Смирнова Ольга Николаевна /" in texts
    cells = [cell.text.strip() for row in document.tables[0].rows for cell in row.cells]
    assert "Петрова Мария Ивановна, учитель русского языка" in cells
    assert "18.11.2026" in cells


def test_full_order_renders_the_order_then_its_appendix() -> None:
    rendered = render_docx(build_full_order_docx(ROWS, TEXTS, APPENDIX))
    assert len(rendered.pages) == 2
    order, appendix = (" ".join(page.split()) for page in rendered.pages)
    for phrase in (
        "«Средняя школа № 7»",
        "ПРИКАЗ",
        "от 18.11.2026",
        "№ 15-о",
        "г. Энск",
        "О закреплении наставнических пар (групп)",
        "ПРИКАЗЫВАЮ:",
        "3. Контроль за исполнением",
        "Петров Пётр Петрович",
        "С приказом ознакомлены:",
        "Петрова Мария Ивановна",
    ):
        assert phrase in order, phrase
    for phrase in (
        "Приложение к приказу от 18.11.2026 № 15-о",
        "Список наставнических пар (групп)",
        "Кузнецов Игорь",
        "Фёдоров Денис Андреевич",
    ):
        assert phrase in appendix, phrase
    assert "Кузнецов" not in order
