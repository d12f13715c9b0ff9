"""File names a person recognizes in their downloads: what, whose, when — in their language.

«Приказ о закреплении пар — МБОУ СОШ № 5 — 29.11.2026.docx». Characters that Windows, macOS
or Telegram's clients refuse in a file name are replaced, and the name is kept short enough
for every file system (255 bytes) with room for a copy suffix.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["document_filename"]

_FORBIDDEN = re.compile(r'[\x00-\x1f<>:"/\\|?*\u2028\u2029]')
_MAX_BYTES = 180


def document_filename(title: str, org_name: str | None, on: date | None, ext: str = "docx") -> str:
    """``title — org — DD.MM.YYYY.ext``; the organization and the date are left out when None."""
    parts = [_clean(title)]
    if org_name and _clean(org_name):
        parts.append(_clean(org_name))
    if on is not None:
        parts.append(f"{on.day:02d}.{on.month:02d}.{on.year:04d}")
    stem = " — ".join(part for part in parts if part) or "document"
    suffix = f".{ext}"
    while len((stem + suffix).encode()) > _MAX_BYTES:
        stem = stem[:-1]
    return stem.rstrip(" .—") + suffix


def _clean(text: str) -> str:
    text = _FORBIDDEN.sub(" ", text)
    return " ".join(text.split()).strip(" .")
