"""Indicators on a hand-made school whose every number is computed in report_factories."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.tg.i18n import Translator
from services.reports.dataset import programs_over
from services.reports.indicators import (
    Mean,
    Share,
    compute,
    local_month,
    satisfaction_distribution,
)
from services.reports.records import Dataset, OrgRecord, PairStatus, merge_items
from services.reports.staff import parse_teachers_total
from services.reports.texts import indicator_rows, natural_key
from tests.unit.report_factories import (
    GENERATED,
    ITEMS,
    ORG,
    ORG_ID,
    PAIRS,
    PEOPLE,
    empty_dataset,
    item,
    meeting,
    person,
    school_dataset,
    utc,
)


def test_counts_of_people_pairs_and_groups() -> None:
    ind = compute(school_dataset())
    assert (ind.mentors, ind.mentees) == (3, 6)
    assert ind.participants == 8  # user 2 is both a mentor and a mentee
    assert (ind.pairs, ind.groups, ind.pairs_and_groups) == (3, 1, 4)
    assert (ind.active, ind.finished, ind.ended) == (2, 1, 1)
    assert ind.pairs_finished == 1


def test_shares() -> None:
    ind = compute(school_dataset())
    assert ind.teachers_involved == Share(8, 40)
    assert ind.teachers_involved.value == pytest.approx(0.2)
    # young: 111 (active), 112 (finished), 114 (ended early), 115 (no pair) → 2 of 4
    assert ind.young_with_mentor == Share(2, 4)
    assert ind.mentees_without_pair == 2  # 114 and 115


def test_meetings_planned_due_held() -> None:
    ind = compute(school_dataset())
    assert (ind.meetings_planned, ind.meetings_due, ind.meetings_held) == (8, 6, 5)
    assert ind.meetings_held_share.value == pytest.approx(5 / 6)


def test_due_uses_the_organizations_local_date() -> None:
    # 14 March 21:30 UTC is already 15 March in Moscow: the meeting due on 15 March is due

    late = school_dataset(
        generated_at=datetime(2027, 3, 14, 21, 30, tzinfo=UTC),
        meetings=(meeting(1, 1, 1, "organizational", date(2027, 3, 15), "planned"),),
    )
    assert compute(late).meetings_due == 1
    utc_org = replace(ORG, timezone="UTC")
    assert compute(replace(late, orgs=(utc_org,), timezone="UTC")).meetings_due == 0


def test_a_meeting_held_before_its_deadline_is_due_as_well() -> None:
    # the year-walk: one meeting held early, the rest ahead; «held 1 of 0 due» read as «no
    # data» in the indicators while the note said nothing was due yet
    early = school_dataset(
        meetings=(
            meeting(1, 1, 1, "organizational", date(2027, 4, 1), "held", held=utc(2027, 3, 1)),
            meeting(2, 1, 2, "trial", date(2027, 4, 15), "planned"),
        ),
    )
    ind = compute(early)
    assert (ind.meetings_planned, ind.meetings_due, ind.meetings_held) == (2, 1, 1)
    assert ind.meetings_held_share.value == pytest.approx(1.0)


def test_a_program_whose_period_is_over_has_finished() -> None:
    zones = {ORG_ID: "Europe/Moscow"}
    active = PAIRS[0]  # ends 31 May 2027
    # 31 May 22:00 UTC is already 1 June in Moscow: the program's last day is behind
    (after,) = programs_over([active], zones, datetime(2027, 5, 31, 22, 0, tzinfo=UTC))
    assert (after.status, after.stage) == (PairStatus.FINISHED, "finished")
    assert after.ended_at == datetime(2027, 5, 31, 21, 0, tzinfo=UTC)  # midnight in Moscow
    (still,) = programs_over([active], zones, datetime(2027, 5, 31, 20, 0, tzinfo=UTC))
    assert still is active
    # an ended pair stays ended
    (ended,) = programs_over([PAIRS[2]], zones, datetime(2027, 7, 1, tzinfo=UTC))
    assert ended.status is PairStatus.ENDED


def test_satisfaction_means_of_respondent_means() -> None:
    ind = compute(school_dataset())
    assert ind.satisfaction_mentors == Mean(8.75, 2)
    assert ind.satisfaction_mentees.value == pytest.approx(26 / 3)
    assert ind.satisfaction_mentees.n == 3


def test_self_assessment_growth() -> None:
    ind = compute(school_dataset())
    assert ind.difficulties_entry == Mean(2.0, 3)
    assert ind.difficulties_exit == Mean(0.5, 2)
    assert ind.difficulties_growth == pytest.approx(1.5)
    assert ind.confidence_entry.value == pytest.approx(14 / 3)
    assert ind.confidence_exit == Mean(7.5, 2)
    assert ind.confidence_growth == pytest.approx(7.5 - 14 / 3)


def test_a_respondent_without_difficulties_still_counts() -> None:
    # one more exit respondent, confidence 9, no difficulty left (so no difficulty rows)
    items = tuple(
        replace(i, values={7: 1, 8: 1, 9: 1}, form_respondents=3)
        if (i.kind, i.question_id) == ("exit", "confidence")
        else i
        for i in ITEMS
    )
    ind = compute(school_dataset(items=items))
    assert ind.difficulties_exit == Mean(1 / 3, 3)
    assert ind.confidence_exit == Mean(8.0, 3)


def test_empty_organization_has_no_data_not_zero_division() -> None:
    ind = compute(empty_dataset())
    assert (ind.mentors, ind.pairs, ind.meetings_planned) == (0, 0, 0)
    assert ind.young_with_mentor.value is None
    assert ind.meetings_held_share.value is None
    assert ind.satisfaction_mentors == Mean(None, 0)
    assert ind.difficulties_growth is None
    assert ind.confidence_growth is None
    assert ind.teachers_involved.value == 0.0  # nobody involved out of 40


def test_unknown_number_of_teachers() -> None:
    unknown = replace(ORG, teachers_total=None)
    ind = compute(school_dataset(orgs=(unknown,)))
    assert ind.teachers_total is None
    assert ind.teachers_involved.value is None


def test_municipal_totals_and_split() -> None:
    second = OrgRecord(8, "МБОУ СОШ № 8", "Asia/Yekaterinburg", 10)
    extra = (person(201, 21, "mentor", "Лебедева Ольга", 30, org=8),)
    items = (*ITEMS, item("exit", "mentee", "self_assessment", "confidence", 1, {10: 1}, org=8))
    office = school_dataset(
        title="МКУ ЦРО",
        municipal=True,
        orgs=(ORG, second),
        people=PEOPLE + extra,
        items=items,
    )
    ind = compute(office)
    assert (ind.mentors, ind.participants, ind.teachers_total) == (4, 9, 50)
    assert ind.teachers_involved == Share(9, 50)
    # exit confidence over both schools: 7, 8 and 10
    assert ind.confidence_exit == Mean(25 / 3, 3)
    parts = office.split()
    assert set(parts) == {7, 8}
    assert compute(parts[8]).mentors == 1
    assert compute(parts[8]).pairs == 0
    assert compute(parts[7]) == compute(school_dataset())
    assert parts[8].timezone == "Asia/Yekaterinburg"
    # one school without its number of teachers: the municipal share is unknown
    no_total = replace(office, orgs=(ORG, replace(second, teachers_total=None)))
    assert compute(no_total).teachers_involved.value is None


def test_merge_items_adds_counts_and_bases() -> None:
    merged = merge_items(
        [
            item("final", "mentee", "final_mentee", "liked", 3, {0: 1, 1: 2}),
            item("final", "mentee", "final_mentee", "liked", 2, {1: 2}, org=8),
        ]
    )
    assert len(merged) == 1
    assert merged[0].values == {0: 1, 1: 4}
    assert merged[0].form_respondents == 5
    assert merged[0].mean == pytest.approx(0.8)


def test_satisfaction_distribution_rounds_half_up() -> None:
    counts = satisfaction_distribution(school_dataset().satisfaction, "mentor")
    assert counts == {**dict.fromkeys(range(1, 11), 0), 8: 1, 10: 1}
    assert sum(satisfaction_distribution(school_dataset().satisfaction, "mentee").values()) == 3


def test_group_is_by_type_or_by_size() -> None:
    two_mentees = replace(PAIRS[0], mentee_ids=(111, 113))
    assert two_mentees.is_group
    assert not PAIRS[0].is_group
    assert PAIRS[1].is_group  # type «групповое»


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("48", 48),
        (" 1 200 ", 1200),
        ("1", 1),
        ("5000", 5000),
        ("0", None),
        ("5001", None),
        ("-3", None),
        ("сорок", None),
        ("4.5", None),
        ("", None),
        ("٤٨", None),
    ],
)
def test_parse_teachers_total(text: str, value: int | None) -> None:
    assert parse_teachers_total(text) == value


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_indicator_rows_have_values_and_formulas(translator: Translator, locale: str) -> None:
    rows = indicator_rows(translator.bind(locale), compute(school_dataset()))
    assert len(rows) == 20
    assert all(row.label and row.formula and row.text for row in rows)
    by_label = {row.label: row for row in rows}
    if locale == "ru":
        teachers = by_label["Доля педагогов, вовлечённых в наставничество"]
        assert teachers.text == "20\xa0% (8 из 40)"
        assert by_label["Удовлетворённость наставников (1–10)"].text == "8,8 (ответили: 2)"
    else:
        assert by_label["Share of teachers involved in mentoring"].text == "20% (8 of 40)"


def test_dataset_fixture_is_consistent() -> None:
    # guards the hand computations above against an edited fixture
    data: Dataset = school_dataset()
    assert data.generated_at == GENERATED
    assert {p.org_id for p in data.people} == {ORG.id}


@pytest.mark.parametrize(
    ("moment", "zone", "month"),
    [
        (datetime(2026, 9, 30, 22, 0, tzinfo=UTC), "Europe/Moscow", date(2026, 10, 1)),
        (datetime(2026, 9, 30, 20, 0, tzinfo=UTC), "Europe/Moscow", date(2026, 9, 1)),
        (datetime(2026, 10, 1, 2, 0, tzinfo=UTC), "America/New_York", date(2026, 9, 1)),
        (datetime(2026, 12, 31, 13, 0, tzinfo=UTC), "Asia/Kamchatka", date(2027, 1, 1)),
        (datetime(2026, 10, 15, 23, 59, tzinfo=UTC), "Asia/Kamchatka", date(2026, 10, 1)),
        (datetime(2026, 2, 28, 23, 0, tzinfo=UTC), "Asia/Yekaterinburg", date(2026, 3, 1)),
    ],
)
def test_local_month(moment: datetime, zone: str, month: date) -> None:
    assert local_month(moment, ZoneInfo(zone)) == month


def test_schools_sort_by_their_numbers() -> None:
    names = ["МБОУ СОШ № 10", "МБОУ СОШ № 2", "Гимназия № 1", "МБОУ СОШ № 2 им. Пушкина"]
    assert sorted(names, key=natural_key) == [
        "Гимназия № 1",
        "МБОУ СОШ № 2",
        "МБОУ СОШ № 2 им. Пушкина",
        "МБОУ СОШ № 10",
    ]
