"""Surveys: campaigns, response rates, reminders on demand (issue 5)."""

from __future__ import annotations

from aiogram import Router


def build_router() -> Router:
    return Router(name="surveys")
