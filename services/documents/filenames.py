"""File names a person recognizes in their downloads: what, whose, when — in their language.

«Приказ о закреплении пар — МБОУ СОШ № 5 — 29.11.2026.docx». Characters that Windows, macOS
or Telegram's clients refuse in a file name are replaced, and the name is kept short enough
for every file system (255 bytes) with room for a copy suffix.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["dated_filename", "document_filename", "org_short_name"]

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


# «МБОУ», «МАОУ», «ГБОУ», «ФГБОУ», «ЧОУ», «МКУ» …: the legal form says nothing a curator
# tells schools apart by
_LEGAL_FORM = re.compile(r"^(?:Ф?Г|М|Ч|Н|А)[А-ЯЁ]{0,4}У$|^(?:АНО|ОУ|ОО|ВО)$")
# a school's type spelled out is abbreviated the way schools write it themselves
_SPELLED_OUT = (
    (re.compile(r"средняя\s+общеобразовательная\s+школа", re.IGNORECASE), "СОШ"),
    (re.compile(r"основная\s+общеобразовательная\s+школа", re.IGNORECASE), "ООШ"),
    (re.compile(r"начальная\s+общеобразовательная\s+школа", re.IGNORECASE), "НОШ"),
    (re.compile(r"центр\s+образования", re.IGNORECASE), "ЦО"),
)
# where the name goes on to the town, the municipality or an eponym: «г. Энска», «имени …»
_TAIL = re.compile(
    r"\s(?:г\.|г\s|гор\.|города|с\.|пос\.|п\.|пгт|р\.\s?п\.|д\.|ст\.|им\.|имени|"
    r"муниципального|городского|района|округа|с\s+углубл)",
    re.IGNORECASE,
)
_MARKERS = frozenset(
    {"гор", "города", "пос", "пгт", "имени", "муниципального", "городского", "района", "округа"}
)
_QUOTES = re.compile(r"[«»\"“”„']")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_SHORT_MAX = 24


def org_short_name(name: str) -> str:
    """«МБОУ СОШ № 5 г. Энска» → «СОШ_5»: what a school is called among schools, in letters,
    digits, «-» and «_» only, at most 24 characters (whole words while they fit)."""
    text = _QUOTES.sub(" ", name).replace("№", " ")
    for spelled, abbreviation in _SPELLED_OUT:
        text = spelled.sub(abbreviation, text)
    kept, *tail = _TAIL.split(f" {text}", maxsplit=1)
    words = [w for w in _WORD.findall(kept) if not _LEGAL_FORM.match(w)]
    if tail and not any(w.isdigit() for w in words):
        # without a number, the village or the eponym is what tells the school apart
        words += [w for w in _WORD.findall(tail[0]) if len(w) > 2 and w.lower() not in _MARKERS]
    if not words:  # the name was nothing but a form and a town: keep what there is
        words = _WORD.findall(text)
    short = ""
    for word in words:
        candidate = f"{short}_{word}" if short else word
        if len(candidate) > _SHORT_MAX:
            break
        short = candidate
    return short or (words[0][:_SHORT_MAX] if words else "org")


def dated_filename(title: str, org_name: str, on: date, ext: str) -> str:
    """``Title_ShortName_YYYY-MM-DD.ext``: «Отчёт_наставничество_СОШ_5_2026-11-29.xlsx». Sorts
    by date within a school in any file list; the title comes from the reader's language."""
    clean_title = "_".join(_WORD.findall(title)) or "file"
    return f"{clean_title}_{org_short_name(org_name)}_{on.isoformat()}.{ext}"
