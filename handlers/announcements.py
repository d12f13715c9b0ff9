"""Announcements to chosen roles of an organization (issue 5)."""

from __future__ import annotations

from aiogram import Router


def build_router() -> Router:
    return Router(name="announcements")
