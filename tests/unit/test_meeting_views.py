"""How the mentor's scheduling calendar looks."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.tg.i18n import I18n, Translator
from bot.tg.views.meetings import calendar_keyboard
from bot.tg.views.zones import RUSSIAN_ZONES, zone_name


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


def test_a_time_zone_reads_as_a_city_and_an_offset(translator: Translator) -> None:
    winter = datetime(2026, 1, 15, tzinfo=UTC)
    ru, en = I18n(translator, "ru"), I18n(translator, "en")
    assert zone_name(ru, "Europe/Moscow", winter) == "Москва (UTC+3)"
    assert zone_name(en, "Asia/Vladivostok", winter) == "Vladivostok (UTC+10)"
    assert zone_name(ru, "Asia/Kolkata", winter) == "Kolkata (UTC+5:30)"
    assert zone_name(ru, "America/Sao_Paulo", winter) == "Sao Paulo (UTC−3)"
    for zone in RUSSIAN_ZONES:  # every one a real zone with a city in both languages
        ZoneInfo(zone)
        assert "tz-" not in zone_name(ru, zone, winter) + zone_name(en, zone, winter)
