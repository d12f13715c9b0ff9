"""A report's files built in stages that a caller may show: loading → table → charts → note.

A municipality's report takes seconds; the person who asked sees which stage it is at. The
stages are reported through a plain async callable, so this module knows nothing of Telegram;
``Throttle`` keeps the caller's edits within Telegram's one message a second per chat.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from services.questionnaire.schema import Form
from services.reports import build
from services.reports.records import Dataset
from services.reports.texts import Translate

if TYPE_CHECKING:
    from services.reports.charts import Chart

T = TypeVar("T")


class ReportStage(StrEnum):
    LOADING = "loading"
    TABLE = "table"
    CHARTS = "charts"
    NOTE = "note"


class FileKind(StrEnum):
    XLSX = "xlsx"
    NOTE = "note"


OnStage = Callable[[ReportStage], Awaitable[None]]


class Runner(Protocol):
    """Runs a blocking build off the event loop, named for its metrics (the bot's
    ``build_in_thread``)."""

    def __call__(self, kind: str, build: Callable[..., T], /, *args: Any) -> Awaitable[T]: ...


async def _in_thread(kind: str, build: Callable[..., T], /, *args: Any) -> T:
    return await asyncio.to_thread(build, *args)


async def _quiet(stage: ReportStage) -> None:
    return None


async def report_file(
    kind: FileKind,
    load: Callable[[], Awaitable[Dataset]],
    t: Translate,
    *,
    forms: Mapping[str, Form] | None = None,
    on_stage: OnStage = _quiet,
    run: Runner = _in_thread,
) -> tuple[Dataset, build.ReportFile]:
    """The workbook, or the note (whose charts are drawn first, as a stage of their own)."""
    await on_stage(ReportStage.LOADING)
    dataset = await load()
    if kind is FileKind.XLSX:
        await on_stage(ReportStage.TABLE)
        return dataset, await run("xlsx", build.workbook_file, dataset, t, forms)
    charts = await _charts(dataset, t, on_stage, run)
    await on_stage(ReportStage.NOTE)
    return dataset, await run("note", build.note_file, dataset, t, charts)


async def report_charts(
    load: Callable[[], Awaitable[Dataset]],
    t: Translate,
    *,
    on_stage: OnStage = _quiet,
    run: Runner = _in_thread,
) -> tuple[Dataset, list[Chart]]:
    await on_stage(ReportStage.LOADING)
    dataset = await load()
    return dataset, await _charts(dataset, t, on_stage, run)


async def _charts(dataset: Dataset, t: Translate, on_stage: OnStage, run: Runner) -> list[Chart]:
    await on_stage(ReportStage.CHARTS)
    return await run("charts", build.chart_files, dataset, t)


class Throttle:
    """Passes stages on to ``show`` at most once per ``interval`` seconds.

    A stage that comes sooner waits for the rest of the interval; a later stage replaces it
    while it waits, so only the newest is shown. ``close`` drops whatever still waits: the
    report is done and its progress message is about to go.
    """

    def __init__(
        self,
        show: OnStage,
        interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        shown: ReportStage | None = None,
    ) -> None:
        self._show = show
        self._interval = interval
        self._clock = clock
        # the caller has just sent a message: that counts as the first edit of the interval
        self._last = clock()
        self._shown = shown
        self._latest: ReportStage | None = None
        self._waiting: asyncio.Task[None] | None = None

    async def __call__(self, stage: ReportStage) -> None:
        self._latest = stage
        if self._waiting is not None or stage == self._shown:
            return
        wait = self._last + self._interval - self._clock()
        if wait <= 0:
            await self._show_latest()
        else:
            self._waiting = asyncio.create_task(self._later(wait))

    async def _later(self, wait: float) -> None:
        await asyncio.sleep(wait)
        self._waiting = None
        await self._show_latest()

    async def _show_latest(self) -> None:
        stage = self._latest
        if stage is None or stage == self._shown:
            return
        self._shown = stage
        self._last = self._clock()
        await self._show(stage)

    async def close(self) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await waiting
