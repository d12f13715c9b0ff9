"""Time as a dependency, so tests can run a school year in seconds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def clock_with_offset(seconds: float) -> Clock:
    """The clock the settings ask for (``CLOCK_OFFSET_SECONDS``): the bot and the CLI alike."""
    return OffsetClock(timedelta(seconds=seconds)) if seconds else SystemClock()


class OffsetClock:
    """The system clock shifted by a fixed amount (rehearsals on a copy of the data, e2e tests)."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset
