"""Filters that check a person's right to the organization a button names, and hand it on.

A handler registered with ``OrgAccess()`` after its callback filter receives ``org`` (the
organization the button's ``org`` field names) already checked: the person manages it, or,
with ``OrgAccess(read_only=True)``, manages or heads it. Nobody else gets past: the filter
raises ``AccessDenied``, which the errors router answers politely («Нет доступа…») and which
rolls the update back, as a check inside the handler did.

Flows that carry the organization in their conversation state, not in a button, call
``require_org`` themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession

from models import Organization, User
from services.errors import AccessDenied
from services.orgs import OrgService


async def require_org(
    session: AsyncSession, user: User | None, org_id: int, *, read_only: bool = False
) -> Organization:
    """The organization, if the person may act on it; ``read_only`` views also admit its head
    (every action that changes something keeps the default and refuses them)."""
    if user is None:
        raise AccessDenied
    service = OrgService(session)
    if read_only:
        return await service.require_view(user.id, org_id)
    return await service.require_manage(user.id, org_id)


class OrgAccess(Filter):
    """Supplies ``org`` to the handler once the person's right to it is checked.

    ``read_only`` is a flag, or a function of the callback data for factories whose actions
    are partly views (``lambda cb: cb.act in READ_ONLY_ACTS``)."""

    def __init__(self, *, read_only: bool | Callable[[Any], bool] = False) -> None:
        self.read_only = read_only

    async def __call__(
        self,
        event: TelegramObject,
        session: AsyncSession,
        user: User | None,
        callback_data: CallbackData | None = None,
    ) -> dict[str, Organization]:
        org_id = getattr(callback_data, "org", None)
        if not isinstance(org_id, int):
            raise TypeError("OrgAccess follows a callback filter whose data has an org field")
        read_only = self.read_only(callback_data) if callable(self.read_only) else self.read_only
        return {"org": await require_org(session, user, org_id, read_only=read_only)}
