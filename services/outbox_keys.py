"""Outbox dedupe keys that more than one module builds or cancels by prefix."""

from __future__ import annotations


def meeting_prefix(meeting_id: int) -> str:
    """Every message about one meeting starts with this: moving or cancelling the meeting
    cancels them all by the prefix (``Outbox.cancel_pending``)."""
    return f"mtg:{meeting_id}:"
