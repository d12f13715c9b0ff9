"""Mentoring programs bot: application wiring (settings, dispatcher, entry points)."""

from bot.lazy_types import import_aiogram_types_lazily

# before any module of the bot imports aiogram: see bot/lazy_types.py
import_aiogram_types_lazily()
