from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.tg.callbacks import ConsentCb
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views.common import esc
from bot.tg.views.menu import role_name
from models import Organization, Role
from services.people import CONSENT_TEXT_VERSION


def consent_text(i18n: I18n, step: str, role: Role, org: Organization) -> str:
    key = "consent-mentor-appointment" if step == "ap" else "consent-personal-data"
    return i18n(
        key,
        org=esc(org.name),
        role=role_name(i18n, role, org),
        version=CONSENT_TEXT_VERSION,
    )


def consent_keyboard(i18n: I18n, step: str, token: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-consent-accept"), callback_data=ConsentCb(step=step, ok=True, token=token)
    )
    kb.button(
        text=i18n("btn-consent-decline"), callback_data=ConsentCb(step=step, ok=False, token=token)
    )
    kb.adjust(1)
    return kb.as_markup()
