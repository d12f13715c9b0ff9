"""Keep aiogram's parametrized ``Response[...]`` models alive for the life of the process.

aiogram validates every Bot API answer with ``Response[method.__returning__]``. pydantic keeps
parametrized generics in a weak cache, so once the garbage collector frees one, the next call
builds the model again: measured with ``bench/bench_throughput.py``, about a quarter of the
bot's CPU per update went into rebuilding ``Response[Message]``.

A request middleware holds one strong reference per return type the bot actually meets (a
handful: ``Message``, ``bool``, ``list[Update]``…). Building all 41 up front would cost 1.4 s
and 33 MB at start (``bench/bench_memory.py``), most of it for methods the bot never calls.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot, methods
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import Update

_PINNED: dict[Any, Any] = {}


def pinned_response_type(returning: Any) -> Any:
    """``Response[returning]``, built once and then kept."""
    model = _PINNED.get(returning)
    if model is None:
        model = _PINNED[returning] = Response[returning]
    return model


# what nearly every update uses: built at start, so the first person after a start does not wait
_EVERY_UPDATE: tuple[type[TelegramMethod[Any]], ...] = (
    methods.GetUpdates,
    methods.SendMessage,
    methods.EditMessageText,
    methods.EditMessageReplyMarkup,
    methods.AnswerCallbackQuery,
)


def build_common_models() -> None:
    """Build the incoming update's model and the common methods' models and answers now.

    aiogram's Telegram types are built on first use (``bot/infra/patches/lazy_types.py``); measured on the
    first update after a start, that is about 0.3 s of schema building in the person's wait.
    """
    Update.model_rebuild()
    for method in _EVERY_UPDATE:
        method.model_rebuild()
        pinned_response_type(method.__returning__)


class PinResponseTypes(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        pinned_response_type(method.__returning__)
        return await make_request(bot, method)
