"""Outbox dedupe keys and questionnaire subjects built in one place (services/outbox_keys.py)."""

from __future__ import annotations

import pytest

from services import outbox_keys


# ----- meetings: the mentor's log and the trial meeting's feedback ---------------------------
def test_a_meeting_log_subject_names_its_meeting_and_reads_back() -> None:
    assert outbox_keys.meeting_log_subject(42) == "meeting:42"
    assert outbox_keys.meeting_of_log_subject(outbox_keys.meeting_log_subject(42)) == 42


@pytest.mark.parametrize(
    "subject", [None, "", "survey:42", "meeting:", "meeting:x1", "meeting:-1", "meeting:٤٢"]
)
def test_other_subjects_name_no_meeting(subject: str | None) -> None:
    assert outbox_keys.meeting_of_log_subject(subject) is None


def test_a_not_fit_alert_is_keyed_by_meeting_and_member() -> None:
    assert outbox_keys.not_fit_key(7, 3) == "notfit:7:3"
    assert outbox_keys.not_fit_key(7, 3) != outbox_keys.not_fit_key(7, 4)


def test_an_attendance_answer_is_keyed_under_the_meeting_and_its_version() -> None:
    key = outbox_keys.attendance_answer_key(7, 2, 3, "yes")
    assert key == "mtg:7:v2:att:3:yes"
    assert key.startswith(outbox_keys.meeting_prefix(7))
    assert key != outbox_keys.attendance_answer_key(7, 3, 3, "yes")
