"""Inline keyboards built without aiogram's deep copies.

aiogram's ``InlineKeyboardBuilder`` deep-copies the whole markup on every ``button()`` (its
``add`` starts from ``export()``), so a keyboard of n buttons costs O(n²) pydantic deep copies:
about 2,600 for one questionnaire question, a third of the bot's CPU per answer
(bench/bench_throughput.py). A builder here is thrown away once its markup is built, so
``export`` copies the rows and shares the buttons.
"""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton
from aiogram.utils.keyboard import InlineKeyboardBuilder


class InlineKeyboard(InlineKeyboardBuilder):
    def export(self) -> list[list[InlineKeyboardButton]]:
        return [list(row) for row in self._markup]
