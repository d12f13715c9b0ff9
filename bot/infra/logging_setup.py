"""Logs carry the update and Telegram user ids, never names or answers (personal data).

The ids come from context variables that ``LogContextMiddleware`` binds for the length of an
update, so every line written while handling it has them, whichever module writes it. Code
logs ids and counts, never texts; as a second line of defence the formatters cut the bound
parameters SQLAlchemy puts into a database error's text (they are the row's values).
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TextIO

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


TEXT_FORMAT = (
    "%(asctime)s %(levelname)s %(name)s [update=%(update_id)s user=%(user_id)s] %(message)s"
)
# "[parameters: ('Иванова Анна', ...)]" in a StatementError's text
# (repr() escapes line breaks, so the parameters never run past their line)
_SQL_PARAMETERS = re.compile(r"\[parameters: [^\n]*")


def redact(text: str) -> str:
    return _SQL_PARAMETERS.sub("[parameters: hidden]", text)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line; ``time`` is ISO 8601 in UTC with milliseconds, whatever the
    host's time zone, so lines of instances in different places sort and join."""

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, UTC)
        payload = {
            "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "update_id": getattr(record, "update_id", None),
            "user_id": getattr(record, "user_id", None),
        }
        if record.exc_info:
            payload["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(payload, ensure_ascii=False)


def make_handler(fmt: str = "text", stream: TextIO | None = None) -> logging.Handler:
    """A handler with the ids filter and the chosen formatter (stderr unless ``stream``)."""
    handler: logging.StreamHandler[TextIO] = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    return handler


class _AlembicChatter(logging.Filter):
    _NOISE = ("Context impl ", "Will assume ")

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self._NOISE)


def setup_logging(level: str = "INFO", fmt: str = "text", stream: TextIO | None = None) -> None:
    root = logging.getLogger()
    root.handlers[:] = [make_handler(fmt, stream)]
    root.setLevel(level)
    # aiogram logs every handled update at INFO; that is noise in production
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # APScheduler logs "Running job …" and "… executed successfully" at INFO on every tick
    # (thousands of lines a day); failures still come through at WARNING and ERROR
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
    # Alembic says which backend it talks to on every connection; the migrations it runs stay
    migration = logging.getLogger("alembic.runtime.migration")
    if not any(isinstance(f, _AlembicChatter) for f in migration.filters):
        migration.addFilter(_AlembicChatter())
    # at DEBUG aiosqlite logs every statement with its parameters: the rows' personal data
    logging.getLogger("aiosqlite").setLevel(max(root.level, logging.INFO))
