"""The «⏳ Готовлю…» message of a report: it shows the build's stages by editing itself and is
deleted once the files have arrived, so the chat keeps the files and not the waiting."""

from __future__ import annotations

import logging
from types import TracebackType

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.tg.i18n import I18n
from services.reports.progress import OnStage, ReportStage, Throttle

STAGE_KEYS = {
    ReportStage.LOADING: "progress-loading",
    ReportStage.TABLE: "progress-table",
    ReportStage.CHARTS: "progress-charts",
    ReportStage.NOTE: "progress-note",
}

log = logging.getLogger(__name__)


class ReportProgress:
    """``async with ReportProgress(...) as on_stage:`` build and send the files inside."""

    def __init__(self, bot: Bot, chat_id: int, i18n: I18n, interval: float) -> None:
        self._bot = bot
        self._chat_id = chat_id
        self._i18n = i18n
        self._interval = interval
        self._message_id: int | None = None
        self._throttle: Throttle | None = None

    def _text(self, stage: ReportStage) -> str:
        return self._i18n("report-generating") + "\n" + self._i18n(STAGE_KEYS[stage])

    async def _edit(self, stage: ReportStage) -> None:
        if self._message_id is None:
            return
        try:
            await self._bot.edit_message_text(
                text=self._text(stage), chat_id=self._chat_id, message_id=self._message_id
            )
        except TelegramAPIError as error:
            # a progress line is not worth failing the report for (deleted, flood-limited…)
            log.debug("progress not shown: %s", error)

    async def __aenter__(self) -> OnStage:
        sent = await self._bot.send_message(self._chat_id, self._text(ReportStage.LOADING))
        self._message_id = sent.message_id
        self._throttle = Throttle(self._edit, self._interval, shown=ReportStage.LOADING)
        return self._throttle

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._throttle is not None:
            await self._throttle.close()
        message_id, self._message_id = self._message_id, None
        if message_id is None:
            return
        try:
            await self._bot.delete_message(chat_id=self._chat_id, message_id=message_id)
        except TelegramAPIError as error:
            log.debug("progress message %s stays: %s", message_id, error)
