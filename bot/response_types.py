"""Keep aiogram's parametrized ``Response[...]`` models alive for the life of the process.

aiogram validates every Bot API answer with ``Response[method.__returning__]``. pydantic keeps
parametrized generics in a weak cache, so once the garbage collector frees one, the next call
builds the model again: measured with ``bench/bench_throughput.py``, about a quarter of the
bot's CPU per update went into rebuilding ``Response[Message]``. Holding one strong reference
per return type (41 of them, 0.15 s at start) keeps the cache warm.
"""

from __future__ import annotations

from typing import Any

import aiogram.methods as methods
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response

_PINNED: list[Any] = []


def pin_response_types() -> int:
    if _PINNED:
        return len(_PINNED)
    returning = set()
    for name in methods.__all__:
        method = getattr(methods, name)
        is_method = isinstance(method, type) and issubclass(method, TelegramMethod)
        if is_method and method is not TelegramMethod:
            returning.add(method.__returning__)
    _PINNED.extend(Response[kind] for kind in returning)  # type: ignore[valid-type]
    return len(_PINNED)
