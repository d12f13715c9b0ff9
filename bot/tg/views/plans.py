"""A pair's meeting plan in one line, for the curator's pair card."""

from __future__ import annotations

from bot.tg.i18n import I18n
from services.meetings.plan import PlanShape


def plan_line(i18n: I18n, shape: PlanShape) -> str:
    kinds = " → ".join(i18n(f"stage-{kind.value}") for kind in shape.kinds)
    period = i18n(f"plan-period-{shape.unit.value}", min=shape.min_length, max=shape.max_length)
    return i18n("plan-card-line", kinds=kinds, period=period)
