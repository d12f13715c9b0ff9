"""Logs carry the update and Telegram user ids, never names or answers (personal data)."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from contextvars import ContextVar

_update_id: ContextVar[int | None] = ContextVar("update_id", default=None)
_user_id: ContextVar[int | None] = ContextVar("user_id", default=None)


@contextlib.contextmanager
def update_context(*, update_id: int | None = None, user_id: int | None = None) -> Iterator[None]:
    tokens = []
    if update_id is not None:
        tokens.append((_update_id, _update_id.set(update_id)))
    if user_id is not None:
        tokens.append((_user_id, _user_id.set(user_id)))
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.update_id = _update_id.get()
        record.user_id = _user_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "update_id": getattr(record, "update_id", None),
            "user_id": getattr(record, "user_id", None),
        }
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


def setup_logging(level: str = "INFO", fmt: str = "text") -> None:
    handler = logging.StreamHandler()
    handler.addFilter(ContextFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter(
                "%(asctime)s %(levelname)s %(name)s [update=%(update_id)s user=%(user_id)s] %(message)s"
            )
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # aiogram logs every handled update at INFO; that is noise in production
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
