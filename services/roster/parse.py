"""Reading a staff list (XLSX or CSV) into rows, with every problem named by its row number.

Headers in Russian or English, in any order and case, extra columns ignored: «ФИО», «должность»,
«предметы», «e-mail» (optional), «роль» (optional: наставник/наставляемый). CSV in UTF-8 (with
or without a BOM) or cp1251, separated by «;» or «,».
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from models import Role

MAX_ROWS = 500
MAX_BYTES = 2 * 1024 * 1024
MAX_NAME = 200
MAX_TEXT = 200

_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("фио", "ф.и.о.", "ф.и.о", "full name", "name", "имя"),
    "position": ("должность", "position", "job title", "title"),
    "subjects": ("предметы", "предмет", "subjects", "subject"),
    "email": ("email", "e mail", "почта", "электронная почта"),
    "role": ("роль", "role"),
}
_ROLES = {
    "наставник": Role.MENTOR,
    "mentor": Role.MENTOR,
    "наставляемый": Role.MENTEE,
    "наставляемая": Role.MENTEE,
    "mentee": Role.MENTEE,
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class RosterFileError(ValueError):
    """The file as a whole cannot be read; ``key`` is the locale key of the answer."""

    def __init__(self, key: str, **args: object) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


@dataclass(frozen=True, slots=True)
class RosterRow:
    line: int  # the row number as the spreadsheet shows it (the header is row 1)
    full_name: str
    position: str
    subjects: str
    email: str
    role: Role | None  # None: the curator's default


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    key: str  # roster-row-* locale key


@dataclass
class ParsedRoster:
    rows: list[RosterRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def _norm(text: object) -> str:
    return " ".join(str(text if text is not None else "").split())


def _column_map(header: Sequence[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        title = _norm(str(cell or "").replace("-", " ")).lower().rstrip(":*")
        for column, names in _HEADERS.items():
            if title in names and column not in found:
                found[column] = index
    if "name" not in found:
        raise RosterFileError("roster-file-no-name-column")
    return found


def _decode(data: bytes) -> str:
    for encoding in ("utf_8_sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterFileError("roster-file-encoding")


def _csv_rows(data: bytes) -> list[list[str]]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_rows(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a renamed or damaged file: openpyxl raises many kinds
        raise RosterFileError("roster-file-unreadable") from error
    try:
        sheet = book.worksheets[0]
        rows: list[list[object]] = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 50:  # enough to say «too many rows» without reading on
                break
        return rows
    finally:
        book.close()


def parse_roster(data: bytes, filename: str) -> ParsedRoster:
    """Rows and per-row problems; a file that cannot be read at all raises RosterFileError."""
    if len(data) > MAX_BYTES:
        raise RosterFileError("roster-file-too-large", limit=MAX_BYTES // (1024 * 1024))
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        table: Sequence[Sequence[object]] = _xlsx_rows(data)
    elif lower.endswith((".csv", ".txt")):
        table = _csv_rows(data)
    else:
        raise RosterFileError("roster-file-type")
    return rows_of(table)


def rows_of(table: Iterable[Sequence[object]]) -> ParsedRoster:
    lines = iter(enumerate(table, start=1))
    columns = _header_columns(lines)
    parsed = ParsedRoster()
    seen: set[str] = set()
    for line, row in lines:
        if not any(_norm(value) for value in row):
            continue
        if len(parsed.rows) + len(parsed.problems) >= MAX_ROWS:
            raise RosterFileError("roster-file-too-many-rows", limit=MAX_ROWS)
        read = _read_row(line, row, columns, seen)
        if isinstance(read, RowProblem):
            parsed.problems.append(read)
            continue
        seen.add(read.full_name.lower())
        parsed.rows.append(read)
    if not parsed.rows and not parsed.problems:
        raise RosterFileError("roster-file-empty")
    return parsed


def _header_columns(lines: Iterator[tuple[int, Sequence[object]]]) -> dict[str, int]:
    """The columns of the first non-empty line (taken off ``lines``)."""
    for _, header in lines:
        if any(_norm(cell) for cell in header):
            return _column_map(header)
    raise RosterFileError("roster-file-empty")


def _cell(row: Sequence[object], columns: dict[str, int], column: str) -> str:
    index = columns.get(column)
    return _norm(row[index]) if index is not None and index < len(row) else ""


def _read_row(
    line: int, row: Sequence[object], columns: dict[str, int], seen: set[str]
) -> RosterRow | RowProblem:
    """One person, or why the line is not taken (``seen``: the names of earlier lines)."""
    name = _cell(row, columns, "name")
    role_text = _cell(row, columns, "role").lower()
    email = _cell(row, columns, "email")
    position = _cell(row, columns, "position")
    problem = _row_problem(name, role_text, email, position, seen)
    if problem is not None:
        return RowProblem(line, problem)
    return RosterRow(
        line=line,
        full_name=name,
        position=position[:MAX_TEXT],
        subjects=_cell(row, columns, "subjects")[:MAX_TEXT],
        email=email,
        role=_ROLES.get(role_text),
    )


def _row_problem(
    name: str, role_text: str, email: str, position: str, seen: set[str]
) -> str | None:
    if not name:
        return "roster-row-no-name"
    if len(name) > MAX_NAME or len(position) > MAX_TEXT:
        return "roster-row-too-long"
    if role_text and role_text not in _ROLES:
        return "roster-row-bad-role"
    if email and not _EMAIL.match(email):
        return "roster-row-bad-email"
    if name.lower() in seen:
        return "roster-row-duplicate"
    return None
