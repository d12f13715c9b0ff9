"""Evaluate aiogram's magic filters (``F.text``, ``F.data == …``) on the event loop.

aiogram runs every synchronous filter through ``asyncio.to_thread``, and a magic filter's
``resolve`` is synchronous: each text message would make dozens of round trips to a worker
thread (one per ``F`` filter it is checked against, across all the routers) for work that
takes microseconds. Profiled with ``bench/bench_throughput.py``, that handoff was a large
share of the bot's time per update. Resolving a magic filter never blocks, so it runs inline.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject
from magic_filter import MagicFilter


def _inline(magic: MagicFilter) -> Any:
    async def resolve(value: Any) -> Any:
        return magic.resolve(value)

    return resolve


def magic_filters(root: Router) -> Iterator[FilterObject]:
    """Every magic-filter object under ``root``: handlers' filters and observers' own."""
    for router in root.chain_tail:
        for observer in router.observers.values():
            for handler in [*observer.handlers, observer._handler]:
                for flt in handler.filters or ():
                    if isinstance(flt, FilterObject) and flt.magic is not None:
                        yield flt


def resolve_magic_filters_inline(root: Router) -> int:
    """Switch every magic filter under ``root`` to inline evaluation; returns how many."""
    switched = 0
    for flt in magic_filters(root):
        if not flt.awaitable and flt.magic is not None:
            flt.callback = _inline(flt.magic)
            flt.awaitable = True
            switched += 1
    return switched
