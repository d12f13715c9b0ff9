"""Questionnaire definitions loaded from YAML data files (``locales/forms``).

A form is data, not code, so a region can edit the wording, add options or questions without
programming. Every user-visible text is a mapping ``{locale: text}`` and must exist in every
supported locale; the loader refuses a form that misses one.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SUPPORTED_LOCALES: tuple[str, ...] = ("ru", "en")

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,24}$")]


class LocalizedText(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, locale: str) -> str:
        return str(getattr(self, locale, self.ru))


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTI = "multi"
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    SCALE = "scale"
    YESNO = "yesno"
    FILE = "file"  # a document or a photo; stored as its Telegram file id


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Identifier
    text: LocalizedText


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Identifier
    type: QuestionType
    text: LocalizedText
    # a short name for the question where answers are listed for someone else to read (a bank
    # card, /mydata); the full question stays for asking it and for the person's own summary
    label: LocalizedText | None = None
    hint: LocalizedText | None = None
    required: bool = True
    # choice questions: inline options or a shared catalogue (catalogues.yaml)
    options: tuple[Option, ...] = ()
    catalogue: Identifier | None = None
    min_choices: int = 1
    max_choices: int | None = None
    # text
    max_length: int = Field(default=500, ge=1, le=3500)
    # number and scale
    min: int | None = None
    max: int | None = None

    @model_validator(mode="after")
    def _check_shape(self) -> Self:
        is_choice = self.type in (QuestionType.SINGLE, QuestionType.MULTI)
        if is_choice and not (self.options or self.catalogue):
            raise ValueError(f"question {self.id}: a choice question needs options or a catalogue")
        if not is_choice and (self.options or self.catalogue):
            raise ValueError(f"question {self.id}: only choice questions take options")
        if self.type is QuestionType.NUMBER and (self.min is None or self.max is None):
            raise ValueError(f"question {self.id}: a number question needs min and max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"question {self.id}: min is above max")
        return self

    @property
    def bounds(self) -> tuple[int, int]:
        if self.type is QuestionType.SCALE:
            return (
                self.min if self.min is not None else 1,
                self.max if self.max is not None else 10,
            )
        return (self.min or 0, self.max or 0)


class Form(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Identifier
    version: int = Field(ge=1)
    title: LocalizedText
    intro: LocalizedText | None = None
    # short forms (a meeting log) are saved on the last answer, without the summary step
    review: bool = True
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        ids = [q.id for q in self.questions]
        if len(ids) != len(set(ids)):
            raise ValueError(f"form {self.id}: question ids repeat")
        for q in self.questions:
            option_ids = [o.id for o in q.options]
            if len(option_ids) != len(set(option_ids)):
                raise ValueError(f"form {self.id}: options of {q.id} repeat")
        return self

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def index_of(self, question_id: str) -> int:
        return [q.id for q in self.questions].index(question_id)


class Catalogues(BaseModel):
    """Shared option lists, so that e.g. mentee difficulties and mentor competences compare."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    catalogues: dict[Identifier, tuple[Option, ...]]


def _read_yaml(path: Path) -> object:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def resolve_catalogues(form: Form, catalogues: Catalogues) -> Form:
    """Return the form with every ``catalogue:`` reference replaced by its options."""
    questions = []
    for q in form.questions:
        if q.catalogue is not None:
            if q.catalogue not in catalogues.catalogues:
                raise ValueError(f"form {form.id}: unknown catalogue {q.catalogue}")
            q = q.model_copy(update={"options": catalogues.catalogues[q.catalogue]})
        questions.append(q)
    return form.model_copy(update={"questions": tuple(questions)})


def load_forms(directory: Path) -> dict[str, Form]:
    """Load every ``*.yaml`` form in ``directory`` (``catalogues.yaml`` holds shared lists)."""
    catalogue_path = directory / "catalogues.yaml"
    catalogues = (
        Catalogues.model_validate(_read_yaml(catalogue_path))
        if catalogue_path.exists()
        else Catalogues(catalogues={})
    )
    forms: dict[str, Form] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name == "catalogues.yaml":
            continue
        form = resolve_catalogues(Form.model_validate(_read_yaml(path)), catalogues)
        if form.id != path.stem:
            raise ValueError(f"{path.name}: form id {form.id} must match the file name")
        forms[form.id] = form
    return forms
