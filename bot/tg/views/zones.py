"""A time zone as a person reads it: «Москва (UTC+3)», not «Europe/Moscow»."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.tg.i18n import I18n

# Russia's zones, named by their city in the reader's language (locale key tz-<city>)
RUSSIAN_ZONES = (
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Simferopol",
    "Europe/Kirov",
    "Europe/Volgograd",
    "Europe/Astrakhan",
    "Europe/Saratov",
    "Europe/Ulyanovsk",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Barnaul",
    "Asia/Tomsk",
    "Asia/Novokuznetsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Chita",
    "Asia/Yakutsk",
    "Asia/Khandyga",
    "Asia/Vladivostok",
    "Asia/Ust-Nera",
    "Asia/Magadan",
    "Asia/Sakhalin",
    "Asia/Srednekolymsk",
    "Asia/Kamchatka",
    "Asia/Anadyr",
)


def zone_key(zone: str) -> str:
    return "tz-" + zone.split("/")[-1].lower()


def utc_offset(zone: str, at: datetime) -> str:
    """«UTC+3», «UTC+5:30», «UTC−3» at the moment ``at`` (daylight saving included)."""
    offset = at.astimezone(ZoneInfo(zone)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_name(i18n: I18n, zone: str, at: datetime) -> str:
    """«Москва (UTC+3)»; a zone outside Russia shows its IANA city («Almaty (UTC+5)»)."""
    known = zone in RUSSIAN_ZONES
    city = i18n(zone_key(zone)) if known else zone.split("/")[-1].replace("_", " ")
    return f"{city} ({utc_offset(zone, at)})"
