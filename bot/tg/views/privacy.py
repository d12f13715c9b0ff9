"""The /privacy text: who answers for the data, why it is kept, what, how long, how to get it
and erase it. Built from settings only, so a stranger reads it without anything stored."""

from __future__ import annotations

from bot.tg.i18n import I18n
from bot.tg.views.common import esc


def privacy_text(
    i18n: I18n,
    *,
    operator: str | None,
    contact: str | None,
    backup_days: int,
    organizations: list[str],
) -> str:
    if operator:
        parts = [i18n("privacy-operator", operator=esc(operator))]
    else:
        parts = [i18n("privacy-operator-school")]
    if contact:
        parts.append(i18n("privacy-contact", contact=esc(contact)))
    if organizations:
        parts.append(i18n("privacy-your-orgs", orgs=esc(", ".join(organizations))))
    parts.append(i18n("privacy-body", days=backup_days))
    return "\n\n".join(parts)
