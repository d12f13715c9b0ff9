"""Messages the bot starts itself (not replies). Failures are logged, never raised at the user.

The outbox with rate limits and delivery records replaces this with the reminders issue.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

log = logging.getLogger(__name__)


async def notify(bot: Bot, chat_id: int, text: str) -> bool:
    try:
        await bot.send_message(chat_id, text)
    except TelegramAPIError as exc:
        log.warning("notification to chat %s failed: %s", chat_id, exc)
        return False
    return True
