"""The analytical note, read back with python-docx."""

from __future__ import annotations

import io

import pytest
from docx import Document

from bot.tg.i18n import Translator
from services.reports.build import note_file
from services.reports.charts import build_charts
from services.reports.records import OrgRecord
from tests.unit.report_factories import ORG, empty_dataset, school_dataset


def _text(data: bytes) -> tuple[list[str], list[list[list[str]]], int]:
    doc = Document(io.BytesIO(data))
    paragraphs = [p.text for p in doc.paragraphs if p.text]
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in doc.tables]
    return paragraphs, tables, len(doc.inline_shapes)


def test_russian_note(translator: Translator) -> None:
    t = translator.bind("ru")
    data = school_dataset()
    file = note_file(data, t, build_charts(data, t))
    assert file.filename == "Справка_наставничество_СОШ_7_2027-03-15.docx"
    paragraphs, tables, pictures = _text(file.data)
    assert paragraphs[:3] == [
        "Аналитическая справка",
        "о реализации программ наставничества: МБОУ СОШ № 7",
        "Период: 10.09.2026 – 15.03.2027",
    ]
    text = "\n".join(paragraphs)
    assert (
        "В программе участвуют 3 наставника и 6 наставляемых; закреплено 3 пары и 1 группа, "
        "из них действуют 2, завершили программу 1." in text
    )
    assert "вовлечено 8 из 40 педагогов организации (20\xa0%)" in text
    assert (
        "Молодых педагогов (стаж до 3 лет) среди наставляемых — 4, из них с наставником — 2."
        in text
    )
    assert "Без пары остаются 2 наставляемых" in text
    assert "Проведено 5 встреч из 6, запланированных к дате справки (83,3\xa0%)" in text
    assert "у наставников — 8,8 (ответили: 2), у наставляемых — 8,7 (ответили: 3)" in text
    assert "в среднем 2,0 затруднения (ответили: 3), в итоговой — 0,5 (ответили: 2)" in text
    assert "изменилась на 2,8 балла" in text
    for heading in ("1. Участники, пары и группы", "5. Динамика профессиональных затруднений"):
        assert heading in paragraphs
    assert "6. Показатели по организациям" not in paragraphs
    assert pictures == 3
    (indicators,) = tables
    assert indicators[0] == ["Показатель", "Значение", "Как рассчитано"]
    rows = {row[0]: row for row in indicators[1:]}
    assert rows["Наставники"][1] == "3"
    assert rows["Доля молодых педагогов (стаж 0–3 года) с наставником"][1] == "50\xa0% (2 из 4)"
    assert rows["Проведено из запланированных"][1] == "83,3\xa0% (5 из 6)"


def test_english_note_without_data(translator: Translator) -> None:
    t = translator.bind("en")
    paragraphs, tables, pictures = _text(note_file(empty_dataset(), t).data)
    assert paragraphs[0] == "Analytical note"
    assert paragraphs[2] == "As of 2027-03-15".replace("2027-03-15", "15.03.2027")
    text = "\n".join(paragraphs)
    assert "The program involves 0 mentors and 0 mentees" in text
    assert "No personalized program with a meeting plan has started yet." in text
    assert "The final satisfaction survey has not been run or answered yet." in text
    assert "not enough entry and exit self-assessment data" in text
    assert pictures == 3  # «No data yet» pictures keep the layout
    assert tables[0][0] == ["Indicator", "Value", "How it is computed"]


@pytest.mark.parametrize("known", [True, False])
def test_municipal_note_has_the_table_by_organization(translator: Translator, known: bool) -> None:
    t = translator.bind("ru")
    second = OrgRecord(8, "МБОУ СОШ № 1", "Europe/Moscow", 10 if known else None)
    office = school_dataset(title="МКУ ЦРО", municipal=True, orgs=(ORG, second), scope_id=3)
    paragraphs, tables, _ = _text(note_file(office, t).data)
    assert "о реализации программ наставничества: МКУ ЦРО" in paragraphs
    assert "6. Показатели по организациям" in paragraphs
    by_org = tables[1]
    assert by_org[0][0] == "Организация"
    assert [row[0] for row in by_org[1:]] == ["МБОУ СОШ № 1", "МБОУ СОШ № 7"]
    assert by_org[2][1:5] == ["3", "6", "4", "1"]
    assert by_org[1][5] == "нет данных"
    text = "\n".join(paragraphs)
    if known:
        assert "вовлечено 8 из 50 педагогов" in text
    else:
        assert "когда число педагогов укажут все организации" in text
