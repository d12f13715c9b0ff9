"""Outer middlewares, in order: the update's scope (replies.py, outside aiogram's own error
handling), log context, flood limit, private chats only and the update's database session
(all before aiogram's FSM middleware and its per-user lock), the session's commit (inside the
lock), the record that skips a re-delivered update, then the user and their language."""

from bot.tg.middlewares.context import ContextMiddleware
from bot.tg.middlewares.db import DbSessionMiddleware, OpenSessionMiddleware
from bot.tg.middlewares.flood import FloodLimiter, FloodMiddleware, register_before_fsm
from bot.tg.middlewares.log_context import LogContextMiddleware
from bot.tg.middlewares.once import HandleOnceMiddleware

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
