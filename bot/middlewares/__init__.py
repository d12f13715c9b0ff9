"""Outer middlewares: one database session per update, then the user and their language."""

from bot.middlewares.context import ContextMiddleware
from bot.middlewares.db import DbSessionMiddleware

__all__ = ["ContextMiddleware", "DbSessionMiddleware"]
