"""Outer middlewares, in order: the update's scope (replies.py, outside aiogram's own error
handling), log context, flood limit, private chats only and the update's database session
(all before aiogram's FSM middleware and its per-user lock), the session's commit (inside the
lock), the record that skips a re-delivered update, then the user and their language."""

from bot.middlewares.context import ContextMiddleware
from bot.middlewares.db import DbSessionMiddleware, OpenSessionMiddleware
from bot.middlewares.flood import FloodLimiter, FloodMiddleware, register_before_fsm
from bot.middlewares.log_context import LogContextMiddleware
from bot.middlewares.once import HandleOnceMiddleware

__all__ = [
    "ContextMiddleware",
    "DbSessionMiddleware",
    "FloodLimiter",
    "FloodMiddleware",
    "HandleOnceMiddleware",
    "LogContextMiddleware",
    "OpenSessionMiddleware",
    "register_before_fsm",
]
