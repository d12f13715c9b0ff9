"""Meeting plans per mentoring type (``services/meetings/plans.yaml``): the file, the shapes'
rules, the plans they give, and a pair's program built from its type."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.tg.i18n import Translator
from models import MentoringForm, MentoringType
from services.meetings.plan import (
    KIND_ORDER,
    YEAR_SHAPE,
    MeetingKind,
    PeriodUnit,
    PlanError,
    PlannedMeeting,
    PlanSettings,
    PlanShape,
    add_months,
    build_plan,
    check_period,
    default_end,
)
from services.meetings.shapes import (
    PLANS_FILE,
    PlanFileError,
    default_plan_shapes,
    load_plan_shapes,
    parse_plan_shapes,
)

ORG, TRY, PLN, REG, FIN = KIND_ORDER
YEAR_TYPES = (
    MentoringType.TRADITIONAL,
    MentoringType.GROUP,
    MentoringType.VIRTUAL,
    MentoringType.REVERSE,
)


def _shipped() -> dict[str, Any]:
    data = yaml.safe_load(PLANS_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _shape(kind: MentoringType, form: MentoringForm = MentoringForm.TEACHER_TEACHER) -> PlanShape:
    return default_plan_shapes().for_pair(kind, form)


# --- the file ------------------------------------------------------------------------------


def test_the_shipped_file_has_a_plan_for_every_type() -> None:
    shapes = load_plan_shapes()
    assert set(shapes.types) == set(MentoringType)
    for kind in YEAR_TYPES:
        assert shapes.types[kind] == YEAR_SHAPE  # today's five-stage year, unchanged
    assert shapes.types[MentoringType.SPEED].kinds == (FIN,)
    assert shapes.types[MentoringType.SITUATIONAL].kinds == (ORG, FIN)
    assert shapes.types[MentoringType.SHORT_TERM].kinds == (ORG, PLN, REG, FIN)
    # no form has its own plans out of the box: every form of a type gets the type's plan
    for form in MentoringForm:
        for kind in MentoringType:
            assert shapes.for_pair(kind, form) == shapes.types[kind]


def test_a_form_can_have_its_own_plan_for_a_type() -> None:
    data = _shipped()
    data["forms"] = {
        "pupil_pupil": {
            "traditional": {
                "kinds": ["organizational", "trial", "planning", "regular", "final"],
                "period": {"unit": "months", "min": 3, "max": 12, "default": "school_year"},
                "regular_every_weeks": 1,
            }
        }
    }
    shapes = parse_plan_shapes(data)
    weekly = shapes.for_pair(MentoringType.TRADITIONAL, MentoringForm.PUPIL_PUPIL)
    assert weekly.regular_every_weeks == 1
    assert shapes.for_pair(MentoringType.TRADITIONAL, MentoringForm.TEACHER_PUPIL) == YEAR_SHAPE
    # the form's rhythm wins over the organization's
    plan = build_plan(
        date(2026, 3, 2), date(2026, 6, 8), PlanSettings(regular_every_weeks=4), weekly
    )
    assert len([m for m in plan if m.kind is REG]) == 10


def _broken(path: str, value: object) -> dict[str, Any]:
    data = _shipped()
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[part]
    if value is None:
        del node[last]
    else:
        node[last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("types.speed", None, "no plan for the mentoring types: speed"),
        ("types.speed.kinds", ["trial", "organizational", "final"], "must be in the order"),
        ("types.speed.kinds", ["organizational"], "must end with the final meeting"),
        ("types.speed.kinds", ["final", "final"], "only once"),
        ("types.speed.kinds", ["coffee", "final"], "types.speed.kinds.0"),
        ("types.speed.kinds", [], "types.speed.kinds"),
        ("types.speed.period", {"unit": "days", "min": 1, "max": 2, "default": 1}, "unit"),
        ("types.speed.period", {"unit": "weeks", "min": 3, "max": 2, "default": 3}, "min <= max"),
        ("types.speed.period", {"unit": "weeks", "min": 1, "max": 53, "default": 1}, "<= 52"),
        ("types.speed.period", {"unit": "months", "min": 1, "max": 13, "default": 1}, "<= 12"),
        ("types.speed.period", {"unit": "weeks", "min": 1, "max": 2, "default": 3}, "default"),
        (
            "types.speed.period",
            {"unit": "weeks", "min": 1, "max": 2, "default": "school_year"},
            "needs months",
        ),
        ("types.speed.regular_every_weeks", 2, "no regular meetings"),
        ("types.speed.colour", "red", "types.speed.colour"),
        ("types.situational.first_deadlines_days", [3, 5], "one deadline per first meeting"),
        ("types.situational.first_deadlines_days", [7], "before the final one"),
        ("types.situational.first_deadlines_days", [0], "strictly increasing from 1"),
        ("types.short_term.first_deadlines_days", [7, 7], "strictly increasing"),
        ("types.short_term.regular_every_weeks", 9, "1 to 8"),
        # deadlines from the settings (up to 12 weeks) need a period over 84 days
        ("types.short_term.first_deadlines_days", None, "shortest period must be over 84 days"),
        ("types.traditional.period.min", 2, "shortest period must be over 84 days"),
        ("forms.chess_club", {}, "forms.chess_club"),
        ("types.hiking", dict(_shipped()["types"]["speed"]), "types.hiking"),
    ],
)
def test_a_bad_plans_file_is_refused_with_the_place(path: str, value: object, message: str) -> None:
    with pytest.raises(PlanFileError) as caught:
        parse_plan_shapes(_broken(path, value))
    text = str(caught.value)
    assert "plans.yaml" in text
    assert message in text
    if path != "types.speed" or value is not None:
        assert path.split(".")[1] in text  # the place in the file


def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "plans.yaml"
    broken.write_text("types: [unclosed\n", encoding="utf-8")
    with pytest.raises(PlanFileError, match="cannot be read"):
        load_plan_shapes(broken)
    with pytest.raises(PlanFileError, match="cannot be read"):
        load_plan_shapes(tmp_path / "missing.yaml")
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(PlanFileError, match="not valid"):
        load_plan_shapes(empty)


def test_a_yaml_anchor_shares_one_plan_between_types(tmp_path: Path) -> None:
    text = PLANS_FILE.read_text(encoding="utf-8")
    assert "&school_year" in text
    assert "*school_year" in text
    copy = tmp_path / "plans.yaml"
    copy.write_text(text, encoding="utf-8")
    assert load_plan_shapes(copy).types == default_plan_shapes().types


# --- the plans -----------------------------------------------------------------------------


def test_year_types_plan_exactly_as_before() -> None:
    settings = PlanSettings(regular_every_weeks=2)
    day = date(2025, 9, 1)
    while day < date(2026, 9, 1):
        for kind in YEAR_TYPES:
            shape = _shape(kind)
            assert default_end(day, shape) == default_end(day)
            assert build_plan(day, default_end(day), settings, shape) == build_plan(
                day, default_end(day), settings
            )
        day += timedelta(days=5)


def test_speed_is_exactly_one_meeting() -> None:
    shape = _shape(MentoringType.SPEED)
    start = date(2026, 11, 20)
    assert default_end(start, shape) == date(2026, 11, 27)
    assert build_plan(start, default_end(start, shape), PlanSettings(), shape) == [
        PlannedMeeting(1, FIN, date(2026, 11, 27))
    ]
    assert build_plan(start, date(2026, 12, 4), PlanSettings(), shape) == [
        PlannedMeeting(1, FIN, date(2026, 12, 4))
    ]


def test_situational_fits_within_a_month() -> None:
    shape = _shape(MentoringType.SITUATIONAL)
    day = date(2025, 1, 1)
    while day < date(2026, 1, 1):
        assert default_end(day, shape) == day + timedelta(weeks=2)
        for weeks in range(1, 5):
            end = day + timedelta(weeks=weeks)
            plan = build_plan(day, end, PlanSettings(), shape)
            assert plan == [
                PlannedMeeting(1, ORG, day + timedelta(days=3)),
                PlannedMeeting(2, FIN, end),
            ]
            assert plan[-1].due_on <= add_months(day, 1)
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "months", "dues"),
    [
        # two months: introduction in a week, planning in two, regular every two weeks
        (
            date(2026, 9, 1),
            2,
            [date(2026, 9, 8), date(2026, 9, 15), date(2026, 9, 29), date(2026, 10, 13)],
        ),
        # the shortest: 1 February + 1 month (28 days) leaves no room for a regular meeting
        (date(2026, 2, 1), 1, [date(2026, 2, 8), date(2026, 2, 15)]),
    ],
)
def test_short_term_plan(start: date, months: int, dues: list[date]) -> None:
    shape = _shape(MentoringType.SHORT_TERM)
    end = add_months(start, months)
    plan = build_plan(start, end, PlanSettings(regular_every_weeks=8), shape)
    assert [m.due_on for m in plan] == [*dues, end]
    assert [m.kind for m in plan] == [ORG, PLN] + [REG] * (len(dues) - 2) + [FIN]


@pytest.mark.parametrize("kind", list(MentoringType))
def test_every_shipped_shape_keeps_the_plan_invariants(kind: MentoringType) -> None:
    shape = _shape(kind)
    for every in (1, 2, 8):
        settings = PlanSettings(regular_every_weeks=every)
        day = date(2025, 1, 1)
        while day < date(2026, 1, 1):
            unit = timedelta(weeks=1)
            ends = (
                [add_months(day, n) for n in range(shape.min_length, shape.max_length + 1)]
                if shape.unit is PeriodUnit.MONTHS
                else [day + unit * n for n in range(shape.min_length, shape.max_length + 1)]
            )
            for end in [*ends, default_end(day, shape)]:
                plan = build_plan(day, end, settings, shape)
                kinds = [m.kind for m in plan]
                assert [m.sequence for m in plan] == list(range(1, len(plan) + 1))
                assert [k for k in kinds if k is not REG] == [
                    k for k in shape.kinds if k is not REG
                ]
                assert kinds[-1] is FIN
                assert plan[-1].due_on == end
                dues = [m.due_on for m in plan]
                assert dues == sorted(set(dues))  # strictly increasing, all after the start
                assert dues[0] > day
            day += timedelta(days=7)


@pytest.mark.parametrize(
    ("kind", "start", "end", "code", "ru", "en"),
    [
        (
            MentoringType.SITUATIONAL,
            date(2026, 3, 2),
            date(2026, 4, 7),
            "plan-too-long",
            "дольше 4 недель",
            "longer than 4 weeks",
        ),
        (
            MentoringType.SPEED,
            date(2026, 3, 2),
            date(2026, 3, 5),
            "plan-too-short",
            "не меньше 1 недели",
            "at least 1 week.",
        ),
        (
            MentoringType.SHORT_TERM,
            date(2026, 3, 2),
            date(2026, 6, 3),
            "plan-too-long",
            "дольше 3 месяцев",
            "longer than 3 months",
        ),
        (
            MentoringType.TRADITIONAL,
            date(2026, 3, 1),
            date(2026, 5, 31),
            "plan-too-short",
            "не меньше 3 месяцев",
            "at least 3 months",
        ),
        (
            MentoringType.TRADITIONAL,
            date(2025, 9, 1),
            date(2026, 9, 2),
            "plan-too-long",
            "дольше 12 месяцев",
            "longer than 12 months",
        ),
    ],
)
def test_a_period_outside_the_shape_is_refused_in_words(
    translator: Translator,
    kind: MentoringType,
    start: date,
    end: date,
    code: str,
    ru: str,
    en: str,
) -> None:
    shape = _shape(kind)
    with pytest.raises(PlanError) as caught:
        check_period(start, end, shape)
    error = caught.value
    assert error.code == error.key == code
    assert ru in translator.bind("ru")(error.key, **error.params)
    assert en in translator.bind("en")(error.key, **error.params)
    with pytest.raises(PlanError):
        build_plan(start, end, PlanSettings(), shape)


def test_the_end_before_the_start_is_refused_in_words(translator: Translator) -> None:
    with pytest.raises(PlanError) as caught:
        check_period(date(2026, 3, 2), date(2026, 3, 1), _shape(MentoringType.SPEED))
    assert "раньше даты начала" in translator.bind("ru")(caught.value.key)


def test_shapes_built_in_code_are_checked_too() -> None:
    with pytest.raises(ValueError, match="final"):
        PlanShape(kinds=(ORG, TRY))
    with pytest.raises(ValueError, match="order"):
        PlanShape(kinds=(TRY, ORG, FIN))
    # a plan of regular meetings only counts them from the start
    shape = PlanShape(
        kinds=(REG, FIN), unit=PeriodUnit.WEEKS, min_length=3, max_length=6, default_length=4
    )
    plan = build_plan(
        date(2026, 3, 2), date(2026, 3, 30), PlanSettings(regular_every_weeks=1), shape
    )
    assert [m.kind for m in plan] == [REG, REG, REG, FIN]
    assert plan[0].due_on == date(2026, 3, 9)
    assert MeetingKind.FINAL in shape.kinds
