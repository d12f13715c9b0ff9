"""The head's orders (приказы): the act that fixes mentoring pairs in «head_order» mode."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime, str_enum, utcnow


class OrderKind(StrEnum):
    PAIRS = "pairs"  # «О закреплении наставнических пар (групп)»


class PairFixing(StrEnum):
    """Who fixes a pair (закрепление пары) in an organization."""

    CURATOR = "curator"  # the curator's confirmation (the default, today's behaviour)
    HEAD_ORDER = "head_order"  # the head's order: the curator sends agreed pairs for approval


class Order(Base):
    """An approved order. Only its number and date are kept after the head withdraws."""

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[OrderKind] = mapped_column(str_enum(OrderKind))
    number: Mapped[str] = mapped_column(String(32))
    dated: Mapped[date] = mapped_column(Date)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
