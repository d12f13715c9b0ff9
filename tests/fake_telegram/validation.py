"""Validation of texts, captions and keyboards, with Telegram's error descriptions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import errors
from .errors import bad_request
from .formatting import parse_html
from .params import get_list, get_object, get_str

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_URL_SCHEMES = ("http://", "https://", "tg://")


@dataclass
class RenderedText:
    raw: str | None
    plain: str | None
    entities: list[dict[str, Any]]
    parse_mode: str | None


def _render(raw: str, parse_mode: str | None, entities: list[Any] | None) -> RenderedText:
    mode = (parse_mode or "").lower()
    if mode == "html":
        plain, parsed = parse_html(raw)
        return RenderedText(raw, plain, parsed, parse_mode)
    if mode in {"", "markdown", "markdownv2"}:
        # Markdown is not parsed by the fake: the raw string is what gets stored and counted.
        return RenderedText(raw, raw, list(entities or []), parse_mode)
    raise bad_request("unsupported parse_mode")


def message_text(params: dict[str, Any]) -> RenderedText:
    raw = get_str(params, "text")
    if raw is None or not raw.strip():
        raise bad_request(errors.TEXT_EMPTY)
    rendered = _render(raw, get_str(params, "parse_mode"), get_list(params, "entities"))
    if not (rendered.plain or "").strip():
        raise bad_request(errors.TEXT_EMPTY)
    if len(rendered.plain or "") > MAX_TEXT:
        raise bad_request(errors.TEXT_TOO_LONG)
    return rendered


def caption(params: dict[str, Any]) -> RenderedText:
    raw = get_str(params, "caption")
    parse_mode = get_str(params, "parse_mode")
    if raw is None:
        return RenderedText(None, None, [], parse_mode)
    rendered = _render(raw, parse_mode, get_list(params, "caption_entities"))
    if len(rendered.plain or "") > MAX_CAPTION:
        raise bad_request(errors.CAPTION_TOO_LONG)
    return rendered


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request("can't parse inline keyboard button: object expected")
    text = button.get("text")
    if not isinstance(text, str) or not text:
        raise bad_request("BUTTON_TEXT_EMPTY")
    actions = [key for key in _BUTTON_ACTIONS if key in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request(errors.BUTTON_DATA_INVALID)
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not url.startswith(_URL_SCHEMES):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def reply_markup(params: dict[str, Any]) -> dict[str, Any] | None:
    markup = get_object(params, "reply_markup")
    if markup is None:
        return None
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request('can\'t parse inline keyboard button: field "inline_keyboard"')
        for row in rows:
            for button in row:
                _validate_inline_button(button)
    elif "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request("can't parse reply keyboard markup JSON object")
    elif not ({"remove_keyboard", "force_reply"} & markup.keys()):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup
