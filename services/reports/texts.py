"""Words in reports: the caller's translator, plus question and option texts from the forms.

Reports never carry their own strings: every header and phrase is a Fluent message in
``locales/<locale>/reports.ftl`` (or an existing one, e.g. ``form-…``), looked up through a
``Translate`` — the bot's ``I18n`` fits it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from services.questionnaire.schema import Form, Question, QuestionType
from services.reports.indicators import Indicators, Mean, Share
from services.reports.records import STAGE_ENDED, PairStatus


class Translate(Protocol):
    locale: str

    def __call__(self, key: str, /, **args: Any) -> str: ...


SURVEY_KIND_KEYS = {
    "entry": "report-survey-entry",
    "interim": "report-survey-interim",
    "exit": "report-survey-exit",
    "final": "report-survey-final",
    "mentor_report": "report-survey-mentor_report",
}
PAIR_STATUS_KEYS = {
    PairStatus.ACTIVE: "report-status-active",
    PairStatus.FINISHED: "report-status-finished",
    PairStatus.ENDED: "report-status-ended",
}
MEETING_STATUS_KEYS = {
    "planned": "report-meeting-planned",
    "scheduled": "report-meeting-scheduled",
    "held": "report-meeting-held",
    "cancelled": "report-meeting-cancelled",
}
FORMAT_KEYS = {"offline": "report-format-offline", "online": "report-format-online"}
ROLE_KEYS = {"mentor": "role-mentor", "mentee": "role-mentee"}
# catalogue → (form, question) that carries its options
_CATALOGUE_SOURCES = {
    "positions": ("mentee_intake", "position"),
    "subjects": ("mentee_intake", "subjects"),
}


def stage_name(t: Translate, stage: str) -> str:
    return t("report-stage-ended") if stage == STAGE_ENDED else t(f"stage-{stage}")


def role_name(t: Translate, role: str) -> str:
    key = ROLE_KEYS.get(role)
    return t(key) if key else role


@lru_cache(maxsize=4096)
def natural_key(name: str) -> tuple[str | int, ...]:
    """«МБОУ СОШ № 2» before «МБОУ СОШ № 10»: numbers inside names compare as numbers.
    The split alternates text and digits, so equal positions always hold the same type."""
    return tuple(int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", name))


def format_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


class FormTexts:
    """Question and option texts of the loaded forms in one language; ids when unknown."""

    def __init__(self, forms: Mapping[str, Form] | None, locale: str) -> None:
        self.forms = forms or {}
        self.locale = locale
        self.catalogues: dict[str, dict[str, str]] = {}
        for name, (form_id, question_id) in _CATALOGUE_SOURCES.items():
            question = self.question(form_id, question_id)
            options = question.options if question else ()
            self.catalogues[name] = {o.id: o.text.get(locale) for o in options}

    def question(self, form_id: str, question_id: str) -> Question | None:
        form = self.forms.get(form_id)
        if form is None:
            return None
        try:
            return form.question(question_id)
        except KeyError:
            return None

    def question_text(self, form_id: str, question_id: str) -> str:
        question = self.question(form_id, question_id)
        return question.text.get(self.locale) if question else question_id

    def question_type(self, form_id: str, question_id: str) -> QuestionType | None:
        question = self.question(form_id, question_id)
        return question.type if question else None

    def option_text(self, form_id: str, question_id: str, option: str) -> str:
        question = self.question(form_id, question_id)
        for candidate in question.options if question else ():
            if candidate.id == option:
                return candidate.text.get(self.locale)
        return option

    def option_order(self, form_id: str, question_id: str) -> list[str]:
        question = self.question(form_id, question_id)
        return [o.id for o in question.options] if question else []

    def catalogue(self, name: str, value: str | None) -> str:
        if value is None:
            return ""
        return self.catalogues.get(name, {}).get(value, value)

    def catalogue_many(self, name: str, values: tuple[str, ...]) -> str:
        return ", ".join(self.catalogue(name, v) for v in values)


@dataclass(frozen=True)
class IndicatorRow:
    """One line of the indicators table: the number for a spreadsheet cell, the words for
    people, and the formula."""

    label: str
    value: float | int | None  # a share as a fraction; None: no data
    percent: bool
    text: str
    formula: str


def share_text(t: Translate, share: Share) -> str:
    if share.value is None:
        return t("report-value-none")
    return t("report-value-share", value=share.value, part=share.part, whole=share.whole or 0)


def mean_text(t: Translate, mean: Mean) -> str:
    if mean.value is None:
        return t("report-value-none")
    return t("report-value-mean", value=mean.value, n=mean.n)


def number_text(t: Translate, value: float | None) -> str:
    if value is None:
        return t("report-value-none")
    return t("report-value-number", value=value)


def indicator_rows(t: Translate, ind: Indicators) -> list[IndicatorRow]:
    def count(label: str, value: int, formula: str) -> IndicatorRow:
        return IndicatorRow(t(label), value, False, str(value), t(formula))

    def share(label: str, value: Share, formula: str) -> IndicatorRow:
        return IndicatorRow(t(label), value.value, True, share_text(t, value), t(formula))

    def mean(label: str, value: Mean, formula: str) -> IndicatorRow:
        return IndicatorRow(t(label), value.value, False, mean_text(t, value), t(formula))

    teachers_formula = (
        "report-ind-teachers-formula"
        if ind.teachers_total is not None
        else "report-ind-teachers-unknown"
    )
    return [
        count("report-ind-mentors", ind.mentors, "report-ind-mentors-formula"),
        count("report-ind-mentees", ind.mentees, "report-ind-mentees-formula"),
        count("report-ind-pairs", ind.pairs, "report-ind-pairs-formula"),
        count("report-ind-groups", ind.groups, "report-ind-groups-formula"),
        count("report-ind-active", ind.active, "report-ind-active-formula"),
        count("report-ind-finished", ind.finished, "report-ind-finished-formula"),
        count("report-ind-ended", ind.ended, "report-ind-ended-formula"),
        share("report-ind-teachers", ind.teachers_involved, teachers_formula),
        share("report-ind-young", ind.young_with_mentor, "report-ind-young-formula"),
        *(pupil_rows(t, ind) if ind.pupil_scope else []),
        count(
            "report-ind-meetings-planned",
            ind.meetings_planned,
            "report-ind-meetings-planned-formula",
        ),
        count("report-ind-meetings-due", ind.meetings_due, "report-ind-meetings-due-formula"),
        count("report-ind-meetings-held", ind.meetings_held, "report-ind-meetings-held-formula"),
        share(
            "report-ind-meetings-share",
            ind.meetings_held_share,
            "report-ind-meetings-share-formula",
        ),
        mean("report-ind-sat-mentors", ind.satisfaction_mentors, "report-ind-sat-formula"),
        mean("report-ind-sat-mentees", ind.satisfaction_mentees, "report-ind-sat-formula"),
        count(
            "report-ind-without-pair",
            ind.mentees_without_pair,
            "report-ind-without-pair-formula",
        ),
        mean("report-ind-diff-entry", ind.difficulties_entry, "report-ind-diff-entry-formula"),
        mean("report-ind-diff-exit", ind.difficulties_exit, "report-ind-diff-exit-formula"),
        IndicatorRow(
            t("report-ind-diff-growth"),
            ind.difficulties_growth,
            False,
            number_text(t, ind.difficulties_growth),
            t("report-ind-diff-growth-formula"),
        ),
        IndicatorRow(
            t("report-ind-confidence-growth"),
            ind.confidence_growth,
            False,
            number_text(t, ind.confidence_growth),
            t("report-ind-confidence-growth-formula"),
        ),
    ]


def pupil_rows(t: Translate, ind: Indicators) -> list[IndicatorRow]:
    """The methodology's pupil indicators: shown where there are pupils or a pupil count."""
    share = ind.pupils_involved
    formula = (
        "report-ind-pupils-formula" if ind.pupils_total is not None else "report-ind-pupils-unknown"
    )
    return [
        IndicatorRow(
            t("report-ind-pupils"), share.value, True, pupils_share_text(t, ind), t(formula)
        ),
        IndicatorRow(
            t("report-ind-sat-pupils"),
            ind.satisfaction_pupils.value,
            False,
            mean_text(t, ind.satisfaction_pupils),
            t("report-ind-sat-pupils-formula"),
        ),
        IndicatorRow(
            t("report-ind-pupils-without-pair"),
            ind.pupils_without_pair,
            False,
            str(ind.pupils_without_pair),
            t("report-ind-pupils-without-pair-formula"),
        ),
    ]


def pupils_share_text(t: Translate, ind: Indicators) -> str:
    if ind.pupils_total is None:
        return t("report-pupils-not-set")
    return share_text(t, ind.pupils_involved)


def form_name(t: Translate, form: str) -> str:
    return t(f"form-{form}")


AUDIENCE_KEYS = {
    "teacher": "report-audience-teacher",
    "pupil": "report-audience-pupil",
    "external": "report-audience-external",
}


def audience_name(t: Translate, audience: str) -> str:
    key = AUDIENCE_KEYS.get(audience)
    return t(key) if key else audience
