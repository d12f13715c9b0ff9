"""Outbox dedupe keys that more than one module builds or cancels by prefix."""

from __future__ import annotations


def meeting_prefix(meeting_id: int) -> str:
    """Every message about one meeting starts with this: moving or cancelling the meeting
    cancels them all by the prefix (``Outbox.cancel_pending``)."""
    return f"mtg:{meeting_id}:"


def quarterly_reminder_key(org_id: int, quarter: str, days_before: int, user_id: int) -> str:
    """One reminder per school, quarter («2026Q4»), day before and curator."""
    return f"qrep:{org_id}:{quarter}:remind{days_before}:{user_id}"


def quarterly_report_key(org_id: int, quarter: str, user_id: int) -> str:
    """One automatic quarterly report per school, quarter and office curator."""
    return f"qrep:{org_id}:{quarter}:send:{user_id}"
