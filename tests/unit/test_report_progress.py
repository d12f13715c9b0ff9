"""A report's stages (services/reports/progress.py): their order, and the throttle on showing them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from bot.tg.i18n import Translator
from services.reports.progress import (
    FileKind,
    ReportStage,
    Throttle,
    report_charts,
    report_file,
)
from services.reports.records import Dataset
from tests.unit.report_factories import school_dataset

T = TypeVar("T")


class Recorder:
    def __init__(self) -> None:
        self.stages: list[ReportStage] = []
        self.runs: list[str] = []

    async def on_stage(self, stage: ReportStage) -> None:
        self.stages.append(stage)

    async def run(self, kind: str, build: Callable[..., T], /, *args: Any) -> T:
        self.runs.append(kind)
        return build(*args)


async def _load() -> Dataset:
    return school_dataset()


async def test_a_note_goes_through_loading_charts_and_note(translator: Translator) -> None:
    seen = Recorder()
    dataset, file = await report_file(
        FileKind.NOTE, _load, translator.bind("ru"), on_stage=seen.on_stage, run=seen.run
    )
    assert seen.stages == [ReportStage.LOADING, ReportStage.CHARTS, ReportStage.NOTE]
    # the charts are drawn once and put into the note, not drawn again inside it
    assert seen.runs == ["charts", "note"]
    assert file.filename.endswith(".docx")
    assert file.data.startswith(b"PK")
    assert dataset.scope_id == school_dataset().scope_id


async def test_a_workbook_and_the_charts_have_their_own_stages(translator: Translator) -> None:
    seen = Recorder()
    t = translator.bind("ru")
    _, file = await report_file(FileKind.XLSX, _load, t, on_stage=seen.on_stage, run=seen.run)
    assert file.filename.endswith(".xlsx")
    assert seen.stages == [ReportStage.LOADING, ReportStage.TABLE]
    seen.stages.clear()
    _, charts = await report_charts(_load, t, on_stage=seen.on_stage, run=seen.run)
    assert seen.stages == [ReportStage.LOADING, ReportStage.CHARTS]
    assert [c.key for c in charts] == ["meetings", "satisfaction", "stages"]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_throttle_shows_at_once_after_the_interval() -> None:
    clock, seen = Clock(), Recorder()
    throttle = Throttle(seen.on_stage, 1.0, clock=clock, shown=ReportStage.LOADING)
    await throttle(ReportStage.LOADING)  # already on screen: no edit
    clock.now += 1.5
    await throttle(ReportStage.TABLE)
    assert seen.stages == [ReportStage.TABLE]
    await throttle.close()


async def test_throttle_holds_a_stage_back_and_shows_only_the_newest() -> None:
    seen = Recorder()
    throttle = Throttle(seen.on_stage, 0.2, shown=ReportStage.LOADING)
    await throttle(ReportStage.CHARTS)
    await throttle(ReportStage.NOTE)
    assert seen.stages == []  # within the interval of the message just sent
    await asyncio.sleep(0.35)
    assert seen.stages == [ReportStage.NOTE]
    await throttle.close()


async def test_throttle_close_drops_what_waits() -> None:
    seen = Recorder()
    throttle = Throttle(seen.on_stage, 0.2, shown=ReportStage.LOADING)
    await throttle(ReportStage.TABLE)
    await throttle.close()
    await asyncio.sleep(0.3)
    assert seen.stages == []


async def test_a_zero_interval_shows_every_stage_in_order() -> None:
    seen = Recorder()
    throttle = Throttle(seen.on_stage, 0, shown=ReportStage.LOADING)
    for stage in (ReportStage.LOADING, ReportStage.CHARTS, ReportStage.NOTE):
        await throttle(stage)
    assert seen.stages == [ReportStage.CHARTS, ReportStage.NOTE]
