"""Conditions an operator can act on, said in one or two lines of their language.

A bad token, an unreachable Telegram or database, a schema written by a newer version, a
setting that does not parse: none of these is a bug, so none of them prints a traceback. The
code raises :class:`OperatorError` with a locale key (``locales/*/operator.ftl``); the command
line prints it in ``DEFAULT_LOCALE`` and exits with the error's code.
"""

from __future__ import annotations

import os
from typing import Any

from pydantic import ValidationError

EXIT_CONFIG = 2
EXIT_ENVIRONMENT = 1


class OperatorError(Exception):
    def __init__(self, key: str, exit_code: int = EXIT_ENVIRONMENT, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.exit_code = exit_code
        self.params = params


def message(error: OperatorError, locale: str | None = None) -> str:
    """The error in the operator's language; the key itself only if the locales are broken."""
    from bot.tg.i18n import SUPPORTED_LOCALES, Translator

    chosen = locale or os.environ.get("DEFAULT_LOCALE", "ru").strip().lower()
    if chosen not in SUPPORTED_LOCALES:
        chosen = "ru"
    try:
        return Translator(chosen).bind(chosen)(error.key, **error.params)
    except Exception:  # the message must come out even from a broken install
        return f"{error.key}: {error.params}"


def short_reason(exc: BaseException) -> str:
    """The first line of what the library said, without a URL's password (drivers may quote the
    URL but never print passwords; this keeps a trace of the kind of failure only)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    return f"{name}: {text}"[:300] if text else name


def settings_error(exc: ValidationError) -> OperatorError:
    """Which settings are wrong and what was expected; never the values (a token is secret)."""
    lines = []
    for problem in exc.errors(include_url=False, include_input=False):
        name = "_".join(str(part) for part in problem["loc"]).upper() or "SETTINGS"
        text = str(problem["msg"]).removeprefix("Value error, ")
        if problem["type"] == "missing":
            lines.append(f"{name}: —")
        else:
            lines.append(f"{name}: {text}")
    return OperatorError("operator-settings-invalid", EXIT_CONFIG, problems="\n".join(lines))


def token_missing(exc: ValidationError) -> bool:
    return any(p["type"] == "missing" and tuple(p["loc"]) == ("bot_token",) for p in exc.errors())
