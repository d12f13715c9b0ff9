"""The report workbook, read back with openpyxl cell by cell."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.tg.i18n import Translator
from services.questionnaire.schema import Form
from services.reports.records import CuratorRecord, OrgRecord
from services.reports.xlsx import build_workbook
from tests.unit.report_factories import ORG, PEOPLE, empty_dataset, item, person, school_dataset

RU_SHEETS = [
    "Показатели",
    "Наставники",
    "Наставляемые",
    "Пары и группы",
    "Журнал встреч",
    "Результаты опросов",
    "Реестр программ",
]


def _read(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def _rows(ws: Worksheet) -> list[tuple[object, ...]]:
    return [row for row in ws.iter_rows(values_only=True) if any(v is not None for v in row)]


@pytest.fixture
def ru_book(translator: Translator, forms: dict[str, Form]) -> Workbook:
    return _read(build_workbook(school_dataset(), translator.bind("ru"), forms))


def test_sheets_headers_frozen_and_widths(ru_book: Workbook) -> None:
    assert ru_book.sheetnames == RU_SHEETS
    for ws in ru_book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws["A1"].font.b, ws.title
        assert ws.column_dimensions["A"].width >= 6
    mentors = ru_book["Наставники"]
    assert [c.value for c in mentors[1]] == [
        "№ п/п",
        "ФИО",
        "Организация",
        "Должность",
        "Предметы",
        "Стаж, лет",
        "Наставляемых сейчас",
        "Может взять",
        "В базе с",
    ]
    assert mentors.column_dimensions["B"].width == 34


def test_indicators_sheet(ru_book: Workbook) -> None:
    rows = {row[0]: row for row in _rows(ru_book["Показатели"])[1:]}
    assert rows["Наставники"][1:3] == (3, "3")
    assert rows["Наставнические группы"][1] == 1
    teachers = rows["Доля педагогов, вовлечённых в наставничество"]
    assert teachers[1] == pytest.approx(0.2)
    assert teachers[2] == "20\xa0% (8 из 40)"
    assert "÷ число педагогов" in str(teachers[3])
    ws = ru_book["Показатели"]
    share_row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == teachers[0])
    assert share_row[1].number_format == "0.0%"
    assert rows["Встреч проведено"][1] == 5
    assert rows["Удовлетворённость наставников (1–10)"][1] == pytest.approx(8.75)
    assert rows["Снижение числа затруднений"][1] == pytest.approx(1.5)


def test_mentees_sheet_and_local_dates(ru_book: Workbook) -> None:
    ws = ru_book["Наставляемые"]
    rows = _rows(ws)
    assert len(rows) == 1 + 6
    by_name = {row[1]: row for row in rows[1:]}
    darya = by_name["Иванова Дарья"]
    assert darya[2:9] == (
        "МБОУ СОШ № 7",
        "Учитель",
        "Математика",
        1,
        "да",
        "Смирнова Анна Петровна",
        "в паре",
    )
    # joined 1 September 21:30 UTC = 2 September in Moscow
    assert darya[9] == datetime(2026, 9, 2)
    assert ws["J2"].number_format == "DD.MM.YYYY"
    assert by_name["Петров Егор"][8] == "программа завершена"
    # the pair ended early: waiting, and no mentor shown
    assert by_name["Волков Захар"][7:9] == (None, "без пары")
    assert by_name["Сидорова Жанна"][6] == "нет"


def test_pairs_sheet(ru_book: Workbook) -> None:
    rows = _rows(ru_book["Пары и группы"])
    assert rows[0][4:6] == ("Форма наставничества", "Вид наставничества")
    group = next(r for r in rows[1:] if r[5] == "групповое")
    assert group[2:4] == ("Кузнецов Борис Иванович", "Петров Егор, Сидорова Жанна")
    assert group[4] == "учитель – учитель"
    assert group[6:9] == (datetime(2026, 9, 10), datetime(2026, 9, 10), datetime(2027, 5, 31))
    assert group[9:] == ("программа завершена", "завершили", 2, 2)
    first = rows[1]
    assert first[9:] == ("действует", "планирование", 2, 4)


def test_meeting_journal(ru_book: Workbook) -> None:
    ws = ru_book["Журнал встреч"]
    rows = _rows(ws)
    assert len(rows) == 1 + 9
    held = next(r for r in rows[1:] if r[3] == "Пробная рабочая встреча")
    assert held[1] == "Смирнова Анна Петровна → Иванова Дарья"
    # held 8 October 14:00 UTC = 17:00 in Moscow
    assert held[4:11] == (
        datetime(2026, 10, 8),
        datetime(2026, 10, 8, 17, 0),
        datetime(2026, 10, 8, 17, 0),
        "проведена",
        45,
        "очно",
        "Знакомство, ожидания",
    )
    cell = next(r for r in ws.iter_rows(min_row=2) if r[3].value == "Пробная рабочая встреча")
    assert cell[5].number_format == "DD.MM.YYYY HH:MM"
    cancelled = next(r for r in rows[1:] if r[7] == "отменена")
    assert cancelled[5:7] == (None, None)


def test_survey_results(ru_book: Workbook) -> None:
    rows = _rows(ru_book["Результаты опросов"])
    header = rows[0]
    assert header[:7] == ("Опрос", "Роль", "Вопрос", "Вариант ответа", "Ответов", "Среднее", "Доля")
    assert header[7:] == tuple(str(p) for p in range(1, 11))
    surveys = [r[0] for r in rows[1:]]
    # in the order of the year: entry, interim, exit, final
    assert surveys.index("Входная самооценка") < surveys.index("Промежуточный опрос")
    assert surveys.index("Итоговая самооценка") < surveys.index("Итоговый опрос удовлетворённости")
    confidence = [
        r for r in rows[1:] if r[0] == "Входная самооценка" and r[3] is None and r[4] == 3
    ]
    assert len(confidence) == 1
    assert confidence[0][5] == pytest.approx(14 / 3)
    assert confidence[0][7:] == (0, 0, 0, 2, 0, 1, 0, 0, 0, 0)
    options = {r[3]: r for r in rows[1:] if r[0] == "Входная самооценка" and r[3]}
    assert options["Взаимодействие с родителями"][4] == 3
    assert options["Взаимодействие с родителями"][6] == pytest.approx(1.0)
    assert options["Планирование уроков, требования ФГОС"][6] == pytest.approx(2 / 3)
    liked = next(r for r in rows[1:] if r[0] == "Итоговый опрос удовлетворённости" and r[6])
    assert liked[1] == "Наставляемый"
    assert str(liked[2]).startswith("Понравилось ли вам")
    assert liked[4:7] == (3, None, pytest.approx(2 / 3))
    # a question the forms do not know is shown by its id
    assert any(r[2] == "mood" for r in rows[1:])


def test_program_registry(ru_book: Workbook) -> None:
    rows = _rows(ru_book["Реестр программ"])
    assert rows[1] == (
        1,
        "МБОУ СОШ № 7",
        "Программа наставничества в форме «учитель – учитель»",
        "групповое, традиционное (один на один)",
        datetime(2026, 9, 10),
        datetime(2027, 5, 31),
        4,
        2,
        5,
        2,
        1,
    )


def test_english_headers_and_date_format(translator: Translator, forms: dict[str, Form]) -> None:
    book = _read(build_workbook(school_dataset(), translator.bind("en"), forms))
    assert book.sheetnames[:3] == ["Indicators", "Mentors", "Mentees"]
    ws = book["Mentees"]
    assert ws["B1"].value == "Full name"
    assert ws["J2"].number_format == "YYYY-MM-DD"
    indicators = {row[0]: row for row in _rows(book["Indicators"])}
    assert indicators["Mentors"][1] == 3


def test_unknown_teachers_total_says_no_data(
    translator: Translator, forms: dict[str, Form]
) -> None:
    data = school_dataset(orgs=(replace(ORG, teachers_total=None),))
    rows = {
        r[0]: r
        for r in _rows(_read(build_workbook(data, translator.bind("ru"), forms))["Показатели"])
    }
    teachers = rows["Доля педагогов, вовлечённых в наставничество"]
    assert teachers[1:3] == ("нет данных", "нет данных")
    assert "Указать число педагогов" in str(teachers[3])


def test_empty_school(translator: Translator, forms: dict[str, Form]) -> None:
    book = _read(build_workbook(empty_dataset(), translator.bind("ru"), forms))
    assert book.sheetnames == RU_SHEETS
    assert len(_rows(book["Наставники"])) == 1
    assert len(_rows(book["Журнал встреч"])) == 1


def test_municipal_workbook(translator: Translator, forms: dict[str, Form]) -> None:
    second = OrgRecord(8, "МБОУ СОШ № 1", "Europe/Moscow", 10)
    office = school_dataset(
        title="МКУ ЦРО",
        municipal=True,
        scope_id=3,
        orgs=(ORG, second),
        people=(*PEOPLE, person(201, 21, "mentor", "Лебедева Ольга", 30, org=8)),
        items=(item("exit", "mentee", "self_assessment", "confidence", 1, {10: 1}, org=8),),
        curators=(
            CuratorRecord(3, "Методистова Мария", "методист", datetime(2026, 8, 1, tzinfo=UTC)),
            CuratorRecord(8, "Первая Ольга", None, datetime(2026, 8, 20, tzinfo=UTC)),
            CuratorRecord(7, "Седьмая Ирина", "зам. директора", datetime(2026, 8, 25, tzinfo=UTC)),
        ),
    )
    book = _read(build_workbook(office, translator.bind("ru"), forms))
    assert book.sheetnames[:3] == ["Показатели", "По организациям", "Кураторы"]
    orgs = _rows(book["По организациям"])
    assert [r[0] for r in orgs[1:]] == ["МБОУ СОШ № 1", "МБОУ СОШ № 7"]
    assert orgs[1][1:6] == (10, 1, 0, 0, 0)
    assert orgs[2][1:6] == (40, 3, 6, 3, 1)
    assert orgs[2][6] == pytest.approx(0.2)
    assert orgs[1][11] is None  # nobody answered the final survey there
    curators = _rows(book["Кураторы"])
    assert [r[1:4] for r in curators[1:]] == [
        ("МКУ ЦРО (муниципальный орган)", "Методистова Мария", "методист"),
        ("МБОУ СОШ № 1", "Первая Ольга", None),
        ("МБОУ СОШ № 7", "Седьмая Ирина", "зам. директора"),
    ]
    assert curators[2][4] == datetime(2026, 8, 20)
    journal = _rows(book["Журнал встреч"])
    assert journal[0] == ("Организация", "Месяц", "Встреч со сроком в месяце", "Проведено в месяце")
    by_month = {(r[0], r[1]): r[2:] for r in journal[1:]}
    assert by_month[("МБОУ СОШ № 7", datetime(2026, 9, 1))] == (1, 3)
    assert by_month[("МБОУ СОШ № 7", datetime(2026, 10, 1))] == (4, 1)
    assert by_month[("МБОУ СОШ № 7", datetime(2027, 2, 1))] == (0, 1)
    assert sum(r[3] for r in journal[1:]) == 5  # type: ignore[misc]
    mentors = _rows(book["Наставники"])
    assert mentors[1][1:3] == ("Лебедева Ольга", "МБОУ СОШ № 1")  # ordered by school
