"""Short organization names and dated file names (services/documents/filenames.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from services.documents.filenames import dated_filename, org_short_name


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("МБОУ СОШ № 5 г. Энска", "СОШ_5"),
        ("МБОУ СОШ №5", "СОШ_5"),
        ("МБОУ «Лицей № 2»", "Лицей_2"),
        ('МАОУ "Гимназия № 1 имени А. С. Пушкина"', "Гимназия_1"),
        ("МБОУ «Средняя общеобразовательная школа № 12 с углублённым изучением»", "СОШ_12"),
        # without a number the village or the eponym tells schools apart
        ("МКОУ Основная общеобразовательная школа с. Ивановка", "ООШ_Ивановка"),
        ("МАОУ «Гимназия имени А. С. Пушкина»", "Гимназия_Пушкина"),
        ("Управление образования администрации города Энска", "Управление_образования"),
        ("School 5", "School_5"),
        ("ГБОУ", "ГБОУ"),  # nothing but a legal form: better it than nothing
        ("", "org"),
    ],
)
def test_short_name(name: str, short: str) -> None:
    assert org_short_name(name) == short


@pytest.mark.parametrize(
    "name",
    [
        "Школа/№7: <тест> | ?*",
        "МБОУ " + "Оченьдлинноеназвание" * 5,
        "Центр\x00образования\u2028«Эврика» № 3",
        "ФГБОУ ВО «Энский государственный педагогический университет имени Н. Н. Некто»",
    ],
)
def test_short_names_are_safe_and_bounded(name: str) -> None:
    short = org_short_name(name)
    assert re.fullmatch(r"[^\W_]+(?:[-_][^\W_]+)*", short), short
    assert 1 <= len(short) <= 24


def test_dated_filename_in_either_language() -> None:
    on = date(2026, 11, 29)
    assert (
        dated_filename("Отчёт_наставничество", "МБОУ СОШ № 5 г. Энска", on, "xlsx")
        == "Отчёт_наставничество_СОШ_5_2026-11-29.xlsx"
    )
    assert (
        dated_filename("mentoring-report", "School 5", on, "xlsx")
        == "mentoring-report_School_5_2026-11-29.xlsx"
    )
    # a title with spaces or forbidden characters still makes a safe name
    assert dated_filename("Пары: список/2", "Лицей № 2", on, "docx") == (
        "Пары_список_2_Лицей_2_2026-11-29.docx"
    )
