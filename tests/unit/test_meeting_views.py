"""How the mentor's scheduling calendar looks."""

from __future__ import annotations

from datetime import date

from bot.i18n import I18n, Translator
from bot.views.meetings import calendar_keyboard


def _rows(translator: Translator, month: date, today: date) -> list[list[str]]:
    markup = calendar_keyboard(I18n(translator, "ru"), 1, month, today)
    return [[button.text for button in row] for row in markup.inline_keyboard]


def test_the_calendar_starts_at_the_current_week(translator: Translator) -> None:
    rows = _rows(translator, date(2026, 11, 1), date(2026, 11, 25))
    assert rows[0] == ["Ноябрь 2026"]
    weeks = rows[2:-1]
    # 23–29 November (the 23rd and 24th are past: blank) and the 30th; no rows of blanks
    assert weeks == [
        [" ", " ", "25", "26", "27", "28", "29"],
        ["30", " ", " ", " ", " ", " ", " "],
    ]
    assert rows[-1] == ["◀️", "▶️"]


def test_a_later_month_shows_every_week(translator: Translator) -> None:
    rows = _rows(translator, date(2026, 12, 1), date(2026, 11, 25))
    weeks = rows[2:-1]
    assert len(weeks) == 5  # 1 December 2026 is a Tuesday, the 31st a Thursday
    assert weeks[0][:2] == [" ", "1"]
    assert weeks[-1][3] == "31"
