"""Reports: XLSX, charts and the analytical note (issue 5)."""

from __future__ import annotations

from aiogram import Router


def build_router() -> Router:
    return Router(name="reports")
