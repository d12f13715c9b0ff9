"""Plain data objects the fake exposes to tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Button = tuple[str, str]


@dataclass
class FakeUser:
    """A Telegram user the test acts as; their private chat id equals ``id``."""

    id: int
    first_name: str = "Test"
    language_code: str = "ru"
    username: str | None = None
    last_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "is_bot": False,
            "first_name": self.first_name,
            "language_code": self.language_code,
        }
        if self.last_name is not None:
            data["last_name"] = self.last_name
        if self.username is not None:
            data["username"] = self.username
        return data

    def chat_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name is not None:
            data["last_name"] = self.last_name
        if self.username is not None:
            data["username"] = self.username
        return data


@dataclass
class StoredFile:
    """A file known to the fake: uploaded by the bot or sent by a user."""

    file_id: str
    file_unique_id: str
    content: bytes
    file_name: str | None = None
    mime_type: str | None = None

    @property
    def file_path(self) -> str:
        return f"files/{self.file_unique_id}/{self.file_name or 'file'}"


@dataclass
class Upload:
    """A file part of a multipart request."""

    part_name: str
    filename: str
    content: bytes
    content_type: str | None


@dataclass
class ApiCall:
    """One HTTP request the bot made to the fake Bot API."""

    index: int
    method: str
    params: dict[str, Any]
    time: float
    files: dict[str, Upload] = field(default_factory=dict)  # multipart parts by name
    status: int | None = None  # HTTP status once answered
    response: dict[str, Any] | None = None  # JSON body once answered

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class SentMessage:
    """A message the bot sent (sendMessage / sendDocument / sendPhoto).

    ``text`` is what the user sees (HTML already parsed; the caption for media), ``raw_text``
    is the string the bot sent. Edits update the object in place and push the previous text
    to ``edits`` (and the previous markup to ``markup_edits``).
    """

    message_id: int
    chat_id: int
    text: str | None
    reply_markup: dict[str, Any] | None
    method: str
    index: int  # position in FakeTelegram.sent
    date: int
    seq: int  # FakeTelegram.requests index of the call that created it
    raw_text: str | None = None
    parse_mode: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    file_name: str | None = None
    file_bytes: bytes | None = None
    file: StoredFile | None = None
    edits: list[str | None] = field(default_factory=list)
    markup_edits: list[dict[str, Any] | None] = field(default_factory=list)
    deleted: bool = False
    edit_date: int | None = None
    changed_seq: int = -1  # requests index of the last send or edit (but a keyboard taken off)
    retired_seq: int = -1  # requests index of the last edit that only took the keyboard off

    @property
    def is_media(self) -> bool:
        return self.method != "sendMessage"

    @property
    def buttons(self) -> list[list[Button]]:
        """Inline keyboard rows as ``(text, callback_data or url or "")`` pairs."""
        if not self.reply_markup or "inline_keyboard" not in self.reply_markup:
            return []
        rows: list[list[Button]] = []
        for row in self.reply_markup["inline_keyboard"]:
            rows.append(
                [
                    (
                        str(button.get("text", "")),
                        str(button.get("callback_data") or button.get("url") or ""),
                    )
                    for button in row
                ]
            )
        return rows

    @property
    def button_texts(self) -> list[str]:
        return [text for row in self.buttons for text, _ in row]

    @property
    def callback_datas(self) -> list[str]:
        if not self.reply_markup:
            return []
        return [
            str(button["callback_data"])
            for row in self.reply_markup.get("inline_keyboard", [])
            for button in row
            if "callback_data" in button
        ]


@dataclass(frozen=True)
class ChatEvent:
    """One step of a conversation as the fake saw it: what a user sent or pressed, or what the
    bot sent, edited, deleted or showed as a toast, or a test's note (e.g. "the clock moves").
    Bot messages are snapshots (text and markup as they were at that moment), so later edits
    do not rewrite the past."""

    chat_id: int
    kind: str  # one of EVENT_KINDS
    text: str | None = None
    reply_markup: dict[str, Any] | None = None
    file_name: str | None = None
    message_id: int = 0


EVENT_KINDS = frozenset(
    {
        "user_text",
        "user_press",
        "user_file",
        "bot_message",
        "bot_edit",
        "bot_delete",
        "toast",
        "note",
    }
)


@dataclass
class Stats:
    accepted_sends: int = 0
    rejected_429: int = 0
