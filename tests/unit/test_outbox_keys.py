"""Outbox dedupe keys: each builder's exact output (messages already queued in a deployment keep
their keys, so a key must never change), the meeting prefix covering every message that moving
or cancelling a meeting cancels, and no key of one thing reached by another's prefix."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from services import outbox_keys as k

DAY = date(2026, 11, 30)


def test_meeting_keys_exact() -> None:
    assert k.meeting_prefix(7) == "mtg:7:"
    assert k.meeting_version_prefix(7, 3) == "mtg:7:v3:"
    assert k.meeting_invite_key(7, 3, 1001) == "mtg:7:v3:invite:1001"
    assert k.meeting_reminder_key(7, 3, timedelta(days=1), 1001) == "mtg:7:v3:r86400:1001"
    assert k.meeting_reminder_key(7, 3, timedelta(hours=1), 1001) == "mtg:7:v3:r3600:1001"
    assert k.meeting_unscheduled_key(7, 3, 1001) == "mtg:7:v3:unsched:1001"
    assert k.attendance_answer_key(7, 3, 55, "no") == "mtg:7:v3:att:55:no"
    assert k.nudge_key(7, "2026-11-30") == "mtg:7:nudge:2026-11-30"
    assert k.feedback_request_key(7, 1001) == "fb:7:1001"
    assert k.log_prompt_key(7, 3, 2) == "log:7:v3:2"
    assert k.log_escalation_prefix(7, 3) == "logesc:7:v3"
    assert k.curator_alert_key("logesc:7:v3", 42) == "logesc:7:v3:42"
    assert k.calendar_key(5, DAY, "lists_update", 42) == "cal:5:2026-11-30:lists_update:42"
    assert k.digest_key(42, "2026-11-30", 1) == "digest:42:2026-11-30:1"


def test_survey_keys_exact() -> None:
    assert k.SURVEY_KEY_PREFIX == "survey:"
    assert k.invitation_prefix(12) == "survey:12:"
    assert k.survey_invite_suffix() == "invite"
    assert k.survey_remind_suffix(2) == "remind:2"
    assert k.again_suffix(DAY) == "again:2026-11-30"
    assert k.survey_message_key(12, k.survey_invite_suffix()) == "survey:12:invite"
    assert k.survey_message_key(12, k.survey_remind_suffix(1)) == "survey:12:remind:1"
    assert k.survey_message_key(12, k.again_suffix(DAY)) == "survey:12:again:2026-11-30"
    assert k.survey_campaign_key(3, "opened", 42) == "survey-campaign:3:opened:42"
    assert k.invitation_id_of_key("survey:12:remind:1") == 12
    assert k.invitation_id_of_key(k.survey_campaign_key(12, "opened", 3)) is None
    assert k.invitation_id_of_key(k.meeting_invite_key(12, 1, 5)) is None


def test_other_keys_exact() -> None:
    assert k.carry_key(9, reminder=False) == "carry:9:ask"
    assert k.carry_key(9, reminder=True) == "carry:9:remind"
    assert k.year_closed_key(4, 42) == "yearclosed:4:42"
    assert k.carry_summary_key(4, 42) == "carrysummary:4:42"
    assert k.announcement_prefix(8) == "announcement:8:"
    assert k.announcement_key(8, 42) == "announcement:8:42"
    assert k.edit_key("offer:1:2:3") == "offer:1:2:3:edit"
    assert k.edit_key("x" * 200) == "x" * 160  # cut to the column's width
    assert k.head_reminder_key(5, 42, "2026-11-30") == "headrem:5:42:2026-11-30"
    assert k.head_digest_key(5, 42, "2026-11-30") == "headdigest:5:42:2026-11-30"
    assert k.quarterly_reminder_key(5, "2026Q4", 7, 42) == "qrep:5:2026Q4:remind7:42"
    assert k.quarterly_report_key(5, "2026Q4", 42) == "qrep:5:2026Q4:send:42"
    offered = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    assert k.offer_key(1, 2, offered) == f"offer:1:2:{int(offered.timestamp())}"


def _meeting_keys(meeting_id: int, version: int = 3, chat: int = 1001) -> list[str]:
    """Every message that moving or cancelling the meeting must cancel."""
    return [
        k.meeting_invite_key(meeting_id, version, chat),
        k.meeting_reminder_key(meeting_id, version, timedelta(days=1), chat),
        k.meeting_unscheduled_key(meeting_id, version, chat),
        k.attendance_answer_key(meeting_id, version, 55, "no"),
        k.nudge_key(meeting_id, "2026-11-30"),
    ]


def test_meeting_messages_fall_under_the_meeting_prefix() -> None:
    for key in _meeting_keys(7):
        assert key.startswith(k.meeting_prefix(7)), key
        assert key.startswith(k.meeting_version_prefix(7, 3)) or "nudge" in key, key


def test_no_meetings_keys_reached_by_anothers_prefix() -> None:
    for one, other in [(1, 11), (11, 1), (1, 10), (2, 21)]:
        for key in _meeting_keys(one):
            assert not key.startswith(k.meeting_prefix(other)), (key, other)
    # a new version's messages are not reached by an old version's prefix, nor the reverse
    for key in _meeting_keys(7, version=11):
        if key.startswith(k.meeting_version_prefix(7, 11)):
            assert not key.startswith(k.meeting_version_prefix(7, 1)), key
    for key in _meeting_keys(7, version=1):
        assert not key.startswith(k.meeting_version_prefix(7, 11)), key


def test_other_prefixes_do_not_reach_a_longer_id() -> None:
    assert not k.survey_message_key(11, "invite").startswith(k.invitation_prefix(1))
    assert not k.announcement_key(11, 5).startswith(k.announcement_prefix(1))
    assert k.invitation_id_of_key(k.survey_message_key(11, "invite")) == 11


@pytest.mark.parametrize(
    "build",
    [
        lambda a, b: k.meeting_invite_key(a, 1, b),
        lambda a, b: k.meeting_reminder_key(a, 1, timedelta(seconds=b), 5),
        lambda a, b: k.meeting_unscheduled_key(a, b, 5),
        lambda a, b: k.attendance_answer_key(a, 1, b, "yes"),
        lambda a, b: k.feedback_request_key(a, b),
        lambda a, b: k.log_prompt_key(a, 1, b),
        lambda a, b: k.log_escalation_prefix(a, b),
        lambda a, b: k.curator_alert_key(f"x{a}", b),
        lambda a, b: k.calendar_key(a, DAY + timedelta(days=b), "evaluation", 1),
        lambda a, b: k.digest_key(a, "2026-11-30", b),
        lambda a, b: k.survey_message_key(a, k.survey_remind_suffix(b)),
        lambda a, b: k.survey_campaign_key(a, "closed", b),
        lambda a, b: k.year_closed_key(a, b),
        lambda a, b: k.carry_summary_key(a, b),
        lambda a, b: k.announcement_key(a, b),
        lambda a, b: k.head_reminder_key(a, b, "2026-11-30"),
        lambda a, b: k.head_digest_key(a, b, "2026-11-30"),
        lambda a, b: k.quarterly_reminder_key(a, "2026Q4", 7, b),
        lambda a, b: k.quarterly_report_key(a, "2026Q4", b),
    ],
)
def test_distinct_inputs_give_distinct_keys(build: Callable[[int, int], str]) -> None:
    pairs = [(a, b) for a in (1, 2, 11, 12, 111) for b in (1, 2, 11, 12, 111)]
    keys = [build(a, b) for a, b in pairs]
    assert len(set(keys)) == len(keys)


def test_carry_keys_distinct() -> None:
    keys = [k.carry_key(i, reminder=r) for i in (1, 2, 11, 12) for r in (False, True)]
    assert len(set(keys)) == len(keys)


def test_families_do_not_collide() -> None:
    """Each kind of message has its own head, so no two kinds share a key."""
    keys = [
        *_meeting_keys(1),
        k.feedback_request_key(1, 1),
        k.log_prompt_key(1, 1, 1),
        k.curator_alert_key(k.log_escalation_prefix(1, 1), 1),
        k.calendar_key(1, DAY, "evaluation", 1),
        k.digest_key(1, "2026-11-30", 0),
        k.survey_message_key(1, k.survey_invite_suffix()),
        k.survey_campaign_key(1, "opened", 1),
        k.carry_key(1, reminder=False),
        k.year_closed_key(1, 1),
        k.carry_summary_key(1, 1),
        k.announcement_key(1, 1),
        k.head_reminder_key(1, 1, "2026-11-30"),
        k.head_digest_key(1, 1, "2026-11-30"),
        k.quarterly_reminder_key(1, "2026Q4", 7, 1),
        k.quarterly_report_key(1, "2026Q4", 1),
    ]
    assert len(set(keys)) == len(keys)
    heads = {key.split(":", 1)[0] for key in keys if not key.startswith("mtg:")}
    assert len(heads) == len(keys) - len(_meeting_keys(1)) - 1  # qrep: remind and send share one


# ----- meetings: the mentor's log and the trial meeting's feedback ---------------------------
def test_a_meeting_log_subject_names_its_meeting_and_reads_back() -> None:
    assert k.meeting_log_subject(42) == "meeting:42"
    assert k.meeting_of_log_subject(k.meeting_log_subject(42)) == 42


@pytest.mark.parametrize(
    "subject", [None, "", "survey:42", "meeting:", "meeting:x1", "meeting:-1", "meeting:٤٢"]
)
def test_other_subjects_name_no_meeting(subject: str | None) -> None:
    assert k.meeting_of_log_subject(subject) is None


def test_a_not_fit_alert_is_keyed_by_meeting_and_member() -> None:
    assert k.not_fit_key(7, 3) == "notfit:7:3"
    assert k.not_fit_key(7, 3) != k.not_fit_key(7, 4)


def test_an_attendance_answer_is_keyed_under_the_meeting_and_its_version() -> None:
    key = k.attendance_answer_key(7, 2, 3, "yes")
    assert key == "mtg:7:v2:att:3:yes"
    assert key.startswith(k.meeting_prefix(7))
    assert key != k.attendance_answer_key(7, 3, 3, "yes")
