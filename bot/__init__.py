"""Mentoring programs bot: application wiring (settings, dispatcher, entry points)."""

from bot.infra.patches import lazy_types

# before any module of the bot imports aiogram: see bot/infra/patches/lazy_types.py
lazy_types.install()
