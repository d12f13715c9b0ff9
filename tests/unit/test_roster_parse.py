"""The staff list: XLSX and CSV files made here, read back with their problems."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from models import Role
from services.roster.export import links_workbook
from services.roster.parse import MAX_BYTES, MAX_ROWS, RosterFileError, parse_roster
from services.roster.service import RosterLink


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(rows: list[list[str]], separator: str = ";", encoding: str = "utf-8") -> bytes:
    return "\r\n".join(separator.join(row) for row in rows).encode(encoding)


STAFF = [
    ["Иванова Анна Сергеевна", "учитель", "математика", "anna@school.ru"],
    ["Петров Олег Игоревич", "учитель", "история", ""],
]


def test_xlsx_with_russian_headers_in_any_order_and_extra_columns() -> None:
    data = _xlsx(
        [
            ["№", "Предметы", "ФИО", "Должность", "E-mail", "Роль", "Примечание"],
            [
                1,
                "математика",
                "Иванова Анна Сергеевна",
                "учитель",
                "anna@school.ru",
                "Наставник",
                "x",
            ],
            [2, "история", "  Петров   Олег Игоревич ", "учитель", None, None, None],
            [None, None, None, None, None, None, None],
        ]
    )
    parsed = parse_roster(data, "Сотрудники.XLSX")
    assert parsed.problems == []
    assert [(r.line, r.full_name, r.position, r.subjects, r.role) for r in parsed.rows] == [
        (2, "Иванова Анна Сергеевна", "учитель", "математика", Role.MENTOR),
        (3, "Петров Олег Игоревич", "учитель", "история", None),
    ]
    assert parsed.rows[0].email == "anna@school.ru"


@pytest.mark.parametrize("separator", [";", ","])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_csv_in_both_encodings_and_separators(separator: str, encoding: str) -> None:
    data = _csv([["Full name", "POSITION", "subjects", "email"], *STAFF], separator, encoding)
    parsed = parse_roster(data, "staff.csv")
    assert [r.full_name for r in parsed.rows] == [row[0] for row in STAFF]
    assert parsed.rows[1].subjects == "история"


def test_bad_rows_are_named_by_their_row_number() -> None:
    data = _csv(
        [
            ["ФИО", "должность", "предметы", "e-mail", "роль"],
            ["Иванова Анна", "учитель", "", "", ""],
            ["", "учитель", "история", "", ""],
            ["иванова  анна", "учитель", "", "", ""],
            ["Сидоров Пётр", "учитель", "", "not-an-email", ""],
            ["Орлова Вера", "учитель", "", "", "директор"],
            ["Я" * 201, "учитель", "", "", ""],
            ["Морозов Пётр", "учитель", "", "", "наставляемый"],
        ]
    )
    parsed = parse_roster(data, "list.csv")
    assert [(p.line, p.key) for p in parsed.problems] == [
        (3, "roster-row-no-name"),
        (4, "roster-row-duplicate"),
        (5, "roster-row-bad-email"),
        (6, "roster-row-bad-role"),
        (7, "roster-row-too-long"),
    ]
    assert [(r.full_name, r.role) for r in parsed.rows] == [
        ("Иванова Анна", None),
        ("Морозов Пётр", Role.MENTEE),
    ]


def test_whole_file_problems() -> None:
    def key(data: bytes, name: str) -> str:
        with pytest.raises(RosterFileError) as error:
            parse_roster(data, name)
        return error.value.key

    assert key(b"x", "list.pdf") == "roster-file-type"
    assert key(b"x" * (MAX_BYTES + 1), "list.csv") == "roster-file-too-large"
    assert key(b"not a zip", "list.xlsx") == "roster-file-unreadable"
    assert key(_csv([["Должность", "Предметы"], ["учитель", "история"]]), "a.csv") == (
        "roster-file-no-name-column"
    )
    assert key(b"", "a.csv") == "roster-file-empty"
    assert key(_csv([["ФИО"]]), "a.csv") == "roster-file-empty"
    many = [["ФИО"], *([f"Сотрудник {n}"] for n in range(MAX_ROWS + 1))]
    assert key(_csv(many), "a.csv") == "roster-file-too-many-rows"
    assert len(parse_roster(_csv(many[:-1]), "a.csv").rows) == MAX_ROWS


def test_the_links_file_keeps_names_as_text() -> None:
    links = [
        RosterLink('=HYPERLINK("x")', "учитель", Role.MENTOR, "tok1"),
        RosterLink("Петров Олег", "учитель", Role.MENTEE, "tok2"),
    ]
    data = links_workbook(links, "bot", ["ФИО", "Должность", "Роль", "Ссылка"], str.upper)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("ФИО", "Должность", "Роль", "Ссылка")
    assert rows[1] == ('=HYPERLINK("x")', "учитель", "MENTOR", "https://t.me/bot?start=tok1")
    assert sheet["A2"].data_type == "s"
    assert rows[2][3] == "https://t.me/bot?start=tok2"
