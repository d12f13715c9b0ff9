"""The meeting plans per mentoring type (and form) as data: ``plans.yaml`` next to this module.

The file is validated at load — every mentoring type needs a plan; an unknown type, form, kind
or field, or a shape :class:`~services.meetings.plan.PlanShape` refuses (kinds out of order, no
final meeting, first meetings that would not fit before the final one…) is a
:class:`PlanFileError` naming the file and the place in it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails

from models.pairing import MentoringForm, MentoringType
from services.meetings.plan import MeetingKind, PeriodUnit, PlanShape

PLANS_FILE = Path(__file__).with_name("plans.yaml")


class PlanFileError(ValueError):
    """The plans file cannot be used; the message says where and why."""


class _Period(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    unit: PeriodUnit
    min: int
    max: int
    default: int | Literal["school_year"]


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: list[MeetingKind] = Field(min_length=1)
    period: _Period
    first_deadlines_days: list[int] | None = None
    regular_every_weeks: int | None = None

    @model_validator(mode="after")
    def _valid_shape(self) -> Self:
        self.shape()  # a ValueError here is reported at this shape's place in the file
        return self

    def shape(self) -> PlanShape:
        days = self.first_deadlines_days
        return PlanShape(
            kinds=tuple(self.kinds),
            unit=self.period.unit,
            min_length=self.period.min,
            max_length=self.period.max,
            default_length=None if self.period.default == "school_year" else self.period.default,
            first_deadlines_days=None if days is None else tuple(days),
            regular_every_weeks=self.regular_every_weeks,
        )


class _PlansFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    types: dict[MentoringType, _Shape]
    forms: dict[MentoringForm, dict[MentoringType, _Shape]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _every_type(self) -> Self:
        missing = [kind.value for kind in MentoringType if kind not in self.types]
        if missing:
            raise ValueError("no plan for the mentoring types: " + ", ".join(missing))
        return self


class PlanShapes:
    """The plan shape of each mentoring type, with a form's own where the file gives one."""

    def __init__(
        self,
        types: dict[MentoringType, PlanShape],
        forms: dict[MentoringForm, dict[MentoringType, PlanShape]] | None = None,
    ) -> None:
        self.types = dict(types)
        self.forms = {form: dict(shapes) for form, shapes in (forms or {}).items()}

    def for_pair(self, kind: MentoringType, form: MentoringForm) -> PlanShape:
        return self.forms.get(form, {}).get(kind) or self.types[kind]


def _where(error: ErrorDetails) -> str:
    loc = ".".join(str(part) for part in error["loc"])
    return f"  {loc or '(top)'}: {error['msg']}"


def parse_plan_shapes(data: object, path: Path = PLANS_FILE) -> PlanShapes:
    try:
        parsed = _PlansFile.model_validate(data)
    except ValidationError as exc:
        details = "\n".join(_where(error) for error in exc.errors())
        raise PlanFileError(f"{path}: the meeting plans are not valid:\n{details}") from exc
    return PlanShapes(
        {kind: shape.shape() for kind, shape in parsed.types.items()},
        {
            form: {kind: shape.shape() for kind, shape in shapes.items()}
            for form, shapes in parsed.forms.items()
        },
    )


def load_plan_shapes(path: Path = PLANS_FILE) -> PlanShapes:
    """Read and validate a plans file (:class:`PlanFileError` if it cannot be used)."""
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise PlanFileError(f"{path}: cannot be read: {exc}") from exc
    return parse_plan_shapes(data, path)


@cache
def default_plan_shapes() -> PlanShapes:
    """The shapes of :data:`PLANS_FILE`, read once per process."""
    return load_plan_shapes(PLANS_FILE)
