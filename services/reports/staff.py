"""The number of teachers on an organization's staff: the base of «доля вовлечённых педагогов»."""

from __future__ import annotations

TEACHERS_MIN = 1
TEACHERS_MAX = 5000


def parse_teachers_total(text: str) -> int | None:
    """A whole number 1–5000 as people type it ("48", " 1 200 "); None for anything else."""
    digits = "".join(text.split())
    if not digits.isascii() or not digits.isdigit():
        return None
    value = int(digits)
    return value if TEACHERS_MIN <= value <= TEACHERS_MAX else None
