"""Outbox dedupe keys that more than one module builds or cancels by prefix."""

from __future__ import annotations

from datetime import datetime


def meeting_prefix(meeting_id: int) -> str:
    """Every message about one meeting starts with this: moving or cancelling the meeting
    cancels them all by the prefix (``Outbox.cancel_pending``)."""
    return f"mtg:{meeting_id}:"


def digest_key(curator_user_id: int, week_start: str, index: int) -> str:
    """A curator's weekly digest, part ``index`` (a long one is split): once a week."""
    return f"digest:{curator_user_id}:{week_start}:{index}"


def nudge_key(meeting_id: int, local_day: str) -> str:
    """A curator's nudge to the mentor about one overdue meeting: once a day."""
    return f"{meeting_prefix(meeting_id)}nudge:{local_day}"


def head_reminder_key(org_id: int, head_user_id: int, local_day: str) -> str:
    """The head's reminder of pairs waiting for approval: once a day per school and head."""
    return f"headrem:{org_id}:{head_user_id}:{local_day}"


def head_digest_key(org_id: int, head_user_id: int, week_start: str) -> str:
    """The head's short weekly digest: once a week per school and head."""
    return f"headdigest:{org_id}:{head_user_id}:{week_start}"


def quarterly_reminder_key(org_id: int, quarter: str, days_before: int, user_id: int) -> str:
    """One reminder per school, quarter («2026Q4»), day before and curator."""
    return f"qrep:{org_id}:{quarter}:remind{days_before}:{user_id}"


def quarterly_report_key(org_id: int, quarter: str, user_id: int) -> str:
    """One automatic quarterly report per school, quarter and office curator."""
    return f"qrep:{org_id}:{quarter}:send:{user_id}"


def offer_key(assignment_id: int, membership_id: int, offered_at: datetime) -> str:
    """A proposed pair's offer to one side: found again to take its buttons off when the
    other side declines. The time keeps a reused id (SQLite hands out a deleted row's id
    again) from meeting the key of an offer sent long ago."""
    return f"offer:{assignment_id}:{membership_id}:{int(offered_at.timestamp())}"


# ----- meetings: the mentor's log and the trial meeting's feedback ---------------------------
MEETING_LOG_SUBJECT_PREFIX = "meeting:"


def meeting_log_subject(meeting_id: int) -> str:
    """The questionnaire subject (``QuestionnaireResponse.subject``, not an outbox key) of the
    mentor's log of one meeting: the log is found again by it, and finishing it closes the
    meeting (services/questionnaire/completion.py)."""
    return f"{MEETING_LOG_SUBJECT_PREFIX}{meeting_id}"


def meeting_of_log_subject(subject: str | None) -> int | None:
    """The meeting a log's subject names; None for any other subject."""
    if not subject or not subject.startswith(MEETING_LOG_SUBJECT_PREFIX):
        return None
    tail = subject[len(MEETING_LOG_SUBJECT_PREFIX) :]
    return int(tail) if tail.isascii() and tail.isdigit() else None


def not_fit_key(meeting_id: int, membership_id: int) -> str:
    """A participant's «the pair does not fit» after the trial meeting: each curator hears it
    once (``queue_curator_alert`` adds the curator to the key)."""
    return f"notfit:{meeting_id}:{membership_id}"


def attendance_answer_key(meeting_id: int, version: int, membership_id: int, answer: str) -> str:
    """A participant's answer to an invitation («yes», «other»), told to the mentor once per
    answer and version of the meeting; under the meeting's prefix, so moving or cancelling
    the meeting drops it if unsent."""
    return f"{meeting_prefix(meeting_id)}v{version}:att:{membership_id}:{answer}"
