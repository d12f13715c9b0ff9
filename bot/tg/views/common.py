from __future__ import annotations

import html
from datetime import date, datetime
from zoneinfo import ZoneInfo

TELEGRAM_TEXT_LIMIT = 4096


def esc(text: object) -> str:
    """Escape user-provided text for HTML parse mode."""
    return html.escape(str(text), quote=False)


def local_datetime(value: datetime, timezone: str) -> str:
    """Dates are shown in the organization's time zone, in the Russian day-first order."""
    return value.astimezone(ZoneInfo(timezone)).strftime("%d.%m.%Y %H:%M")


def local_date(value: date | datetime, timezone: str | None = None) -> str:
    if isinstance(value, datetime) and timezone:
        value = value.astimezone(ZoneInfo(timezone))
    return value.strftime("%d.%m.%Y")


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Split a long text on line breaks into messages Telegram accepts."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks or [""]
