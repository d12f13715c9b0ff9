"""Evaluate aiogram's pure synchronous filters (``F.text``, ``F.data == …``, a ``State``) on the
event loop.

aiogram runs every synchronous filter through ``asyncio.to_thread``. A magic filter's ``resolve``
and a ``State``'s ``__call__`` are synchronous, so each text message made a round trip to a
worker thread for every such filter it was checked against, across all the routers, for work that
takes microseconds. Profiled with ``bench/bench_throughput.py``: first the ``F`` filters were a
large share of the bot's time per update; then, with those inline, the state filters still kept
two worker threads and the event loop trading the GIL (thousands of futex calls a second). Both
kinds never block, so they run inline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject
from aiogram.fsm.state import State


def _is_pure(flt: FilterObject) -> bool:
    return flt.magic is not None or isinstance(flt.callback, State)


def _inline(check: Callable[..., Any]) -> Any:
    async def run(*args: Any, **kwargs: Any) -> Any:
        return check(*args, **kwargs)

    return run


def all_filters(root: Router) -> Iterator[FilterObject]:
    """Every filter object under ``root``: handlers' filters and observers' own."""
    for router in root.chain_tail:
        for observer in router.observers.values():
            for handler in [*observer.handlers, observer._handler]:
                for flt in handler.filters or ():
                    if isinstance(flt, FilterObject):
                        yield flt


def run_pure_filters_inline(root: Router) -> int:
    """Switch every magic and state filter under ``root`` to inline evaluation; returns how
    many. The filter's signature (which keyword arguments aiogram hands it) is kept."""
    switched = 0
    for flt in all_filters(root):
        if not flt.awaitable and _is_pure(flt):
            check = flt.magic.resolve if flt.magic is not None else flt.callback
            flt.callback = _inline(check)
            flt.awaitable = True
            switched += 1
    return switched
