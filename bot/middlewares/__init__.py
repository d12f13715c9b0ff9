"""Outer middlewares, in order: log context and flood limit (both before aiogram's FSM
middleware and its per-user lock), one database session per update, then the user and their
language."""

from bot.middlewares.context import ContextMiddleware
from bot.middlewares.db import DbSessionMiddleware
from bot.middlewares.flood import FloodLimiter, FloodMiddleware, register_before_fsm
from bot.middlewares.log_context import LogContextMiddleware

__all__ = [
    "ContextMiddleware",
    "DbSessionMiddleware",
    "FloodLimiter",
    "FloodMiddleware",
    "LogContextMiddleware",
    "register_before_fsm",
]
