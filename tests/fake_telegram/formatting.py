"""Text formatting as Telegram does it: HTML parse mode and bot command entities."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError, bad_request

TAG_ENTITY_TYPES: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}

_START_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z][a-zA-Z0-9_-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*>"
)
_END_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_ATTRIBUTE = re.compile(
    r"([a-zA-Z][a-zA-Z0-9_-]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?"
)
_CHAR_REFERENCE = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|(lt|gt|amp|quot));")
_NAMED_REFERENCES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_BOT_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{1,64})?(?![^\s.,;:!?)])")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _OpenTag:
    name: str
    offset: int
    attributes: dict[str, str]
    extra: dict[str, Any] = field(default_factory=dict)


def _parse_error(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


def _byte_offset(text: str, position: int) -> int:
    return len(text[:position].encode("utf-8"))


def _unescape(chunk: str) -> str:
    def replace(match: re.Match[str]) -> str:
        decimal, hexadecimal, named = match.groups()
        if named is not None:
            return _NAMED_REFERENCES[named]
        code = int(decimal) if decimal is not None else int(hexadecimal, 16)
        return chr(code) if 0 < code <= 0x10FFFF else match.group(0)

    return _CHAR_REFERENCE.sub(replace, chunk)


def _attributes(raw: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(raw):
        name, double, single, bare = match.groups()
        result[name.lower()] = next((v for v in (double, single, bare) if v is not None), "")
    return result


def _open_tag(text: str, position: int, name: str, attrs: dict[str, str]) -> _OpenTag:
    if name not in TAG_ENTITY_TYPES:
        offset = _byte_offset(text, position)
        raise _parse_error(f'Unsupported start tag "{name}" at byte offset {offset}')
    if name == "span" and attrs.get("class") != "tg-spoiler":
        offset = _byte_offset(text, position)
        raise _parse_error(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
    return _OpenTag(name=name, offset=0, attributes=attrs)


def _close_entity(tag: _OpenTag, end: int, stack: list[_OpenTag]) -> dict[str, Any] | None:
    entity_type = TAG_ENTITY_TYPES[tag.name]
    entity: dict[str, Any] = {"type": entity_type, "offset": tag.offset, "length": end - tag.offset}
    if tag.name == "a":
        href = tag.attributes.get("href")
        if not href:
            return None
        entity["url"] = href
    elif tag.name == "code" and stack and stack[-1].name == "pre":
        language = tag.attributes.get("class", "")
        if language.startswith("language-"):
            stack[-1].extra["language"] = language.removeprefix("language-")
            return None
    elif tag.name == "pre" and "language" in tag.extra:
        entity["language"] = tag.extra["language"]
    elif tag.name == "blockquote" and "expandable" in tag.attributes:
        entity["type"] = "expandable_blockquote"
    elif tag.name == "tg-emoji":
        entity["custom_emoji_id"] = tag.attributes.get("emoji-id", "")
    return entity if entity["length"] > 0 else None


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram-flavoured HTML into ``(plain_text, entities)``.

    Raises :class:`ApiError` (400 "can't parse entities: ...") on malformed markup.
    """
    plain: list[str] = []
    length = 0
    entities: list[dict[str, Any]] = []
    stack: list[_OpenTag] = []
    position = 0
    while position < len(text):
        next_tag = text.find("<", position)
        chunk_end = len(text) if next_tag == -1 else next_tag
        if chunk_end > position:
            chunk = _unescape(text[position:chunk_end])
            plain.append(chunk)
            length += utf16_len(chunk)
            position = chunk_end
            continue
        if end_match := _END_TAG.match(text, position):
            name = end_match.group(1).lower()
            if not stack:
                raise _parse_error(
                    f"Unexpected end tag at byte offset {_byte_offset(text, position)}"
                )
            if stack[-1].name != name:
                raise _parse_error(
                    f"Unmatched end tag at byte offset {_byte_offset(text, position)}, "
                    f'expected "</{stack[-1].name}>", found "</{name}>"'
                )
            tag = stack.pop()
            if (entity := _close_entity(tag, length, stack)) is not None:
                entities.append(entity)
            position = end_match.end()
        elif start_match := _START_TAG.match(text, position):
            name = start_match.group(1).lower()
            tag = _open_tag(text, position, name, _attributes(start_match.group(2)))
            tag.offset = length
            stack.append(tag)
            position = start_match.end()
        else:
            word = re.match(r"</?([^\s>]*)", text[position:])
            name = word.group(1) if word else ""
            offset = _byte_offset(text, position)
            raise _parse_error(f'Unsupported start tag "{name}" at byte offset {offset}')
    if stack:
        raise _parse_error(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(plain), entities


def bot_command_entities(text: str) -> list[dict[str, Any]]:
    """``bot_command`` entities for every ``/command`` (optionally ``@bot``) in the text."""
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: match.start()]),
            "length": utf16_len(match.group(0)),
        }
        for match in _BOT_COMMAND.finditer(text)
    ]
