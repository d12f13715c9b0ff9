"""Events for Sentry leave with the error's shape and nothing personal (the real SDK, its
transport replaced by a list: nothing goes over the network)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
import sentry_sdk
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from bot.app.config import Settings
from bot.infra.error_reporting import init_error_reporting, scrub_text

NAME = "Зинаида Уникальнова"
PHONE = "+7 (912) 345-67-89"


class ListTransport(Transport):
    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        self.events: list[dict[str, Any]] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        for item in envelope.items:
            if item.type == "event":
                payload = item.payload.json
                assert payload is not None
                self.events.append(payload)


@pytest.fixture
def transport(monkeypatch: pytest.MonkeyPatch) -> Iterator[ListTransport]:
    captured = ListTransport()
    real_init = sentry_sdk.init

    def init(*args: Any, **kwargs: Any) -> Any:
        kwargs["transport"] = captured
        kwargs["default_integrations"] = False
        return real_init(*args, **kwargs)

    monkeypatch.setattr(sentry_sdk, "init", init)
    settings = Settings(bot_token="1:x", sentry_dsn="https://key@sentry.example.test/1")
    assert init_error_reporting(settings, "mentorbot@test")
    yield captured
    sentry_sdk.get_client().close()
    real_init(dsn=None)


def test_no_dsn_means_no_reporting() -> None:
    assert init_error_reporting(Settings(bot_token="1:x"), "mentorbot@test") is False


def test_scrub_text_masks_quoted_values_numbers_and_sql_parameters() -> None:
    text = f"duplicate '{NAME}' for {PHONE} [parameters: ('{NAME}', 5)]"
    scrubbed = scrub_text(text)
    assert NAME not in scrubbed
    assert "912" not in scrubbed
    assert scrubbed.startswith("duplicate '…' for <number>")


def test_exception_event_keeps_the_shape_and_drops_personal_data(
    transport: ListTransport,
) -> None:
    def handle_answer(answer: str) -> None:
        raise ValueError(f"answer '{answer}' from {PHONE} too long")

    try:
        handle_answer(NAME)
    except ValueError:
        sentry_sdk.capture_exception()
    sentry_sdk.get_client().flush()

    assert len(transport.events) == 1
    event = transport.events[0]
    dumped = repr(event)
    assert NAME not in dumped
    assert "345-67" not in dumped
    exception = event["exception"]["values"][-1]
    assert exception["type"] == "ValueError"
    assert exception["value"] == "answer '…' from <number> too long"
    frames = exception["stacktrace"]["frames"]
    assert frames[-1]["function"] == "handle_answer"
    assert all("vars" not in frame for frame in frames)
    assert "user" not in event
    assert "request" not in event


def test_error_log_lines_are_reported_scrubbed(transport: ListTransport) -> None:
    logging.getLogger("bot.test").error("could not save %s for %s", f"'{NAME}'", PHONE)
    sentry_sdk.get_client().flush()
    assert len(transport.events) == 1
    event = transport.events[0]
    assert NAME not in repr(event)
    assert event["logentry"] == {"message": "could not save '…' for <number>"}
