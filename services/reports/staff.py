"""The numbers on an organization's roll: the bases of «доля вовлечённых педагогов» and
«доля обучающихся 10–18 лет, вовлечённых в наставничество»."""

from __future__ import annotations

TEACHERS_MIN = 1
TEACHERS_MAX = 5000
PUPILS_MIN = 1
# the largest Russian school complexes have about 10,000 pupils
PUPILS_MAX = 20000


def _parse_count(text: str, minimum: int, maximum: int) -> int | None:
    digits = "".join(text.split())
    if not digits.isascii() or not digits.isdigit():
        return None
    value = int(digits)
    return value if minimum <= value <= maximum else None


def parse_teachers_total(text: str) -> int | None:
    """A whole number 1–5000 as people type it ("48", " 1 200 "); None for anything else."""
    return _parse_count(text, TEACHERS_MIN, TEACHERS_MAX)


def parse_pupils_total(text: str) -> int | None:
    """A whole number 1–20000 as people type it ("640", " 1 250 "); None for anything else."""
    return _parse_count(text, PUPILS_MIN, PUPILS_MAX)
