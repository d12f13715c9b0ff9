"""Every outbox dedupe key and key prefix, built in one place.

A key is part of the stored data: messages already queued keep theirs, so a builder's output
must never change (tests/unit/test_outbox_keys.py pins each one).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta


def meeting_prefix(meeting_id: int) -> str:
    """Every message about one meeting starts with this: moving or cancelling the meeting
    cancels them all by the prefix (``Outbox.cancel_pending``)."""
    return f"mtg:{meeting_id}:"


# ----- meetings -----------------------------------------------------------------------------
def meeting_version_prefix(meeting_id: int, version: int) -> str:
    """The messages of one version (time) of a meeting: a new version queues them afresh."""
    return f"{meeting_prefix(meeting_id)}v{version}:"


def meeting_invite_key(meeting_id: int, version: int, chat_id: int) -> str:
    """A mentee's invitation to a meeting: once per version and person."""
    return f"{meeting_version_prefix(meeting_id, version)}invite:{chat_id}"


def meeting_reminder_key(meeting_id: int, version: int, lead: timedelta, chat_id: int) -> str:
    """A reminder ``lead`` before a meeting (``r86400``): once per version, lead and person."""
    return f"{meeting_version_prefix(meeting_id, version)}r{int(lead.total_seconds())}:{chat_id}"


def meeting_unscheduled_key(meeting_id: int, version: int, chat_id: int) -> str:
    """A mentee told the date was taken back: once per version and person."""
    return f"{meeting_version_prefix(meeting_id, version)}unsched:{chat_id}"


def attendance_answer_key(meeting_id: int, version: int, membership_id: int, answer: str) -> str:
    """The mentor told of a participant's answer: once per version, participant and answer."""
    return f"{meeting_version_prefix(meeting_id, version)}att:{membership_id}:{answer}"


def feedback_request_key(meeting_id: int, chat_id: int) -> str:
    """The question «was the meeting useful?»: once per meeting and person, whatever its version."""
    return f"fb:{meeting_id}:{chat_id}"


def log_prompt_key(meeting_id: int, version: int, attempt: int) -> str:
    """The mentor asked to log a meeting that took place: once per version and attempt."""
    return f"log:{meeting_id}:v{version}:{attempt}"


def log_escalation_prefix(meeting_id: int, version: int) -> str:
    """The curators' alert that a meeting went unlogged: once per version (and curator, see
    ``curator_alert_key``)."""
    return f"logesc:{meeting_id}:v{version}"


def curator_alert_key(alert: str, curator_user_id: int) -> str:
    """An alert about a pair (``alert`` names what and when) to one curator: once per curator."""
    return f"{alert}:{curator_user_id}"


def calendar_key(org_id: int, day: date, event: str, curator_user_id: int) -> str:
    """A yearly calendar duty told to a school's curator: once per school, day, event, curator."""
    return f"cal:{org_id}:{day.isoformat()}:{event}:{curator_user_id}"


# ----- surveys ------------------------------------------------------------------------------
SURVEY_KEY_PREFIX = "survey:"


def invitation_prefix(invitation_id: int) -> str:
    """Every outbox key about one survey invitation starts with this: ``invite``, ``remind:1``,
    ``remind:2``, and ``again:<local date>`` for the curator's reminders."""
    return f"{SURVEY_KEY_PREFIX}{invitation_id}:"


def invitation_id_of_key(key: str) -> int | None:
    """The invitation a message key is about ("survey:12:remind:1" → 12)."""
    if not key.startswith(SURVEY_KEY_PREFIX):
        return None
    head = key[len(SURVEY_KEY_PREFIX) :].split(":", 1)[0]
    return int(head) if head.isdigit() else None


def survey_invite_suffix() -> str:
    """The invitation to take a survey: once per invitation."""
    return "invite"


def survey_remind_suffix(number: int) -> str:
    """The scheduler's reminder number ``number`` (1, 2): once each per invitation."""
    return f"remind:{number}"


def again_suffix(day: date) -> str:
    """The curator's reminder of one local day: at most one a day per invitation."""
    return f"again:{day.isoformat()}"


def survey_message_key(invitation_id: int, suffix: str) -> str:
    """A message about one invitation, ``suffix`` being one of the three above."""
    return f"{invitation_prefix(invitation_id)}{suffix}"


def survey_campaign_key(campaign_id: int, event: str, curator_user_id: int) -> str:
    """«The survey opened / closed» to one curator: once per campaign, event and curator."""
    return f"survey-campaign:{campaign_id}:{event}:{curator_user_id}"


# ----- the school year's closing ------------------------------------------------------------
def carry_key(carry_id: int, *, reminder: bool) -> str:
    """The question «do you go on next year?» and its one reminder: once each per person."""
    return f"carry:{carry_id}:{'remind' if reminder else 'ask'}"


def year_closed_key(closure_id: int, curator_user_id: int) -> str:
    """«The year is closed» to a school's curator: once per closing and curator."""
    return f"yearclosed:{closure_id}:{curator_user_id}"


def carry_summary_key(closure_id: int, curator_user_id: int) -> str:
    """The summary of who goes on to a school's curator: once per closing and curator."""
    return f"carrysummary:{closure_id}:{curator_user_id}"


# ----- announcements and the outbox itself --------------------------------------------------
def announcement_prefix(announcement_id: int) -> str:
    """Every delivery of one announcement: counted (and cancelled) by this prefix."""
    return f"announcement:{announcement_id}:"


def announcement_key(announcement_id: int, user_id: int) -> str:
    """One announcement to one person: once per announcement and person."""
    return f"{announcement_prefix(announcement_id)}{user_id}"


def edit_key(dedupe_key: str) -> str:
    """Taking the buttons off a message already sent: once per message (cut to the column's
    160 characters)."""
    return f"{dedupe_key}:edit"[:160]


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
