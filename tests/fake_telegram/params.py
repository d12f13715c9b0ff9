"""Decoding Bot API request bodies into a plain ``params`` dict, plus typed getters.

aiogram posts ``multipart/form-data`` in which strings are sent raw, every other value
(ints, bools, dicts, lists) is a JSON-encoded string, and files are separate parts referenced
from a field as ``attach://<part name>``. JSON and urlencoded bodies and GET query strings are
accepted too.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

from .errors import bad_request
from .models import Upload

# Parameters whose value is a string even if it looks like JSON ("123", "true", "[1]").
STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "action",
        "language_code",
        "description",
        "short_description",
        "name",
        "file_id",
        "document",
        "photo",
        "sticker",
        "video",
        "audio",
        "voice",
        "animation",
        "thumbnail",
        "secret_token",
        "ip_address",
        "business_connection_id",
        "message_effect_id",
    }
)


def decode_value(name: str, raw: str) -> Any:
    if name in STRING_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


async def read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]]:
    params: dict[str, Any] = {key: decode_value(key, value) for key, value in request.query.items()}
    uploads: dict[str, Upload] = {}
    if not request.body_exists:
        return params, uploads
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError as exc:
            raise bad_request("can't parse JSON body") from exc
        if not isinstance(body, dict):
            raise bad_request("JSON body must be an object")
        params.update(body)
        return params, uploads
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, FileField):
            uploads[key] = Upload(
                part_name=key,
                filename=value.filename,
                content=value.file.read(),
                content_type=value.content_type,
            )
        elif isinstance(value, str):
            params[key] = decode_value(key, value)
        else:  # bytes
            params[key] = decode_value(key, value.decode("utf-8", "replace"))
    return params, uploads


def get_int(params: dict[str, Any], name: str) -> int | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, bool):
        raise bad_request(f"invalid {name} specified")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    raise bad_request(f"invalid {name} specified")


def get_str(params: dict[str, Any], name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def get_bool(params: dict[str, Any], name: str) -> bool:
    value = params.get(name)
    if isinstance(value, str):
        return value.lower() in {"true", "1"}
    return bool(value)


def get_object(params: dict[str, Any], name: str) -> dict[str, Any] | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None
    if not isinstance(value, dict):
        raise bad_request(f"can't parse {name} JSON object")
    return value


def get_list(params: dict[str, Any], name: str) -> list[Any] | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON array") from None
    if not isinstance(value, list):
        raise bad_request(f"can't parse {name} JSON array")
    return value
