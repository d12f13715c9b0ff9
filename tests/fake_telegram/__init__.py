"""An in-process fake of the Telegram Bot API for tests."""

from .errors import ApiError
from .models import ApiCall, ChatEvent, FakeUser, SentMessage, Stats, StoredFile, Upload
from .server import FakeTelegram

__all__ = [
    "ApiCall",
    "ApiError",
    "ChatEvent",
    "FakeTelegram",
    "FakeUser",
    "SentMessage",
    "Stats",
    "StoredFile",
    "Upload",
]
