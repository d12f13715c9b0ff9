"""Whether a person shows their Telegram contact to their pair (issue 15).

One row per membership once the person chose with the toggle on «Мои встречи»; without a row
a mentee's intake answer ``contact_ok`` decides and a mentor shows nothing. The row is erased
with the person's withdrawal (services/erasure.py) even where the membership stays as a
tombstone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime, utcnow


class ContactChoice(Base):
    __tablename__ = "contact_choices"

    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), primary_key=True
    )
    shown: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
