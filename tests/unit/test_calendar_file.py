"""The calendar files are validated like the forms: every file in calendars/ loads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from services.school_year.calendar_file import (
    DEFAULT_CALENDAR,
    calendar_by_id,
    load_calendar_file,
    load_calendars,
)


def test_every_shipped_calendar_loads() -> None:
    calendars = load_calendars()
    assert DEFAULT_CALENDAR in calendars
    for calendar in calendars.values():
        assert calendar.title["ru"]
        assert calendar.title["en"]


def test_default_school_year_runs_september_to_august() -> None:
    calendar = calendar_by_id(None)
    assert calendar.year_span(2027) == (date(2026, 9, 1), date(2027, 8, 31))
    assert calendar.school_year(date(2026, 8, 31)) == 2026
    assert calendar.school_year(date(2026, 9, 1)) == 2027
    assert calendar.day_in(2027, calendar.lists_due) == date(2026, 10, 1)
    assert calendar.day_in(2027, calendar.interim_survey) == date(2027, 1, 20)


def test_unknown_id_falls_back_to_default() -> None:
    assert calendar_by_id("no-such-region").id == DEFAULT_CALENDAR


def test_extends_overrides_only_what_it_names(tmp_path: Path) -> None:
    (tmp_path / "default.yaml").write_text(
        Path("calendars/default.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "north.yaml").write_text(
        'extends: default\nid: north\ntitle: {ru: Север, en: North}\nlists_due: "09-20"\n',
        encoding="utf-8",
    )
    calendars = load_calendars.__wrapped__(tmp_path)
    assert calendars["north"].lists_due == "09-20"
    assert calendars["north"].interim_survey == calendars["default"].interim_survey


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('lists_due: "02-29"', "every year"),
        ('lists_due: "13-01"', "every year"),
        ("lists_remind_days_before: [3, 3]", "duplicates"),
        ("unknown_key: 1", "Extra inputs"),
        ("carry_over_answer_days: 0", "greater than or equal"),
    ],
)
def test_bad_files_are_refused(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(f"id: bad\ntitle: {{ru: Плохой, en: Bad}}\n{line}\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=message):
        load_calendar_file(path)


def test_id_must_match_file_name(tmp_path: Path) -> None:
    path = tmp_path / "east.yaml"
    path.write_text("id: west\ntitle: {ru: Запад, en: West}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="must match"):
        load_calendar_file(path)
