"""Optional error reporting to Sentry (``SENTRY_DSN``), with personal data kept at home.

152-FZ: a name, an answer or a phone number must never leave for a third party's servers.
The SDK is started collecting no user info, bodies or query data and no local variables (a frame's
locals hold the rows being handled), and every event passes :func:`scrub` before it is sent:
request bodies, user, extra and breadcrumb data are dropped; messages and exception texts keep
only their shape — SQL parameters hidden, every letter run inside quotes and every long digit
run (a phone, a chat id) masked. What stays is what a developer needs: the exception's type,
the stack of file names, functions and lines, the logger, the update id.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from bot.app.config import Settings
from bot.infra.logging_setup import redact

# 'Иванова Анна', "answer text": a quoted value is data, not the code's words
_QUOTED = re.compile(r"""(['"«])(?:(?!\1|»).){1,500}(['"»])""", re.DOTALL)
_DIGITS = re.compile(r"\+?\d[\d\s()-]{5,}\d")
_KEEP_CONTEXTS = frozenset({"runtime", "os", "trace"})


def scrub_text(text: str) -> str:
    text = redact(text)
    text = _QUOTED.sub(lambda m: f"{m.group(1)}…{m.group(2)}", text)
    return _DIGITS.sub("<number>", text)


def scrub(event: dict[str, Any], _hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry's ``before_send``: the event with nothing personal left in it."""
    for key in ("request", "user", "extra", "server_name"):
        event.pop(key, None)
    contexts = event.get("contexts")
    if isinstance(contexts, dict):
        event["contexts"] = {k: v for k, v in contexts.items() if k in _KEEP_CONTEXTS}
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        # the formatted message only: the parameters may hold anything
        message = logentry.get("formatted") or logentry.get("message") or ""
        event["logentry"] = {"message": scrub_text(str(message))}
    if isinstance(event.get("message"), str):
        event["message"] = scrub_text(event["message"])
    _scrub_exceptions(event)
    _scrub_breadcrumbs(event)
    return event


def _scrub_exceptions(event: dict[str, Any]) -> None:
    """Exception messages scrubbed, the frames' local variables dropped."""
    for exception in (event.get("exception") or {}).get("values") or []:
        if isinstance(exception.get("value"), str):
            exception["value"] = scrub_text(exception["value"])
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)


def _scrub_breadcrumbs(event: dict[str, Any]) -> None:
    """Breadcrumbs keep a scrubbed message and lose their data."""
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        for crumb in breadcrumbs.get("values") or []:
            crumb.pop("data", None)
            if isinstance(crumb.get("message"), str):
                crumb["message"] = scrub_text(crumb["message"])


def init_error_reporting(settings: Settings, release: str) -> bool:
    """Start the SDK when a DSN is configured; False (and nothing imported) otherwise."""
    if settings.sentry_dsn is None:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.aiohttp import AioHttpIntegration
    from sentry_sdk.integrations.asyncio import AsyncioIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=settings.sentry_dsn.get_secret_value(),
        environment=settings.sentry_environment,
        release=release,
        # nothing about the person, no bodies, no frame variables, no query data
        data_collection={
            "user_info": False,
            "http_bodies": [],
            "database_query_data": False,
            "stack_frame_variables": False,
            "queues": False,
        },
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub,  # type: ignore[arg-type]
        before_send_transaction=None,
        traces_sample_rate=0.0,
        integrations=[
            AioHttpIntegration(),
            AsyncioIntegration(),
            LoggingIntegration(event_level=logging.ERROR),
        ],
    )
    return True
