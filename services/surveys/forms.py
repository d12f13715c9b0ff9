"""Which form each kind of survey sends to whom, and how a survey's questionnaire is named.

The form ids are a contract with the reports (they read ``survey_results`` by form and
question id), so they are spelled once, here.
"""

from __future__ import annotations

from dataclasses import dataclass

from models import Audience, Role, SurveyKind

# the staff's forms, by role; the forms of other audiences below
INTERIM_FORMS: dict[Role, str] = {Role.MENTOR: "interim_mentor", Role.MENTEE: "interim_mentee"}
FINAL_FORMS: dict[Role, str] = {Role.MENTOR: "final_mentor", Role.MENTEE: "final_mentee"}
# pupil mentees answer the same items in a teenager's words (issue 12). Pupil mentors and
# external mentors answer the mentor forms: the mentor's side of the items (leadership, the
# final report) is the same for them, and their answers then count with the other mentors'.
AUDIENCE_INTERIM_FORMS: dict[tuple[Role, Audience], str] = {
    (Role.MENTEE, Audience.PUPIL): "interim_pupil",
}
AUDIENCE_FINAL_FORMS: dict[tuple[Role, Audience], str] = {
    (Role.MENTEE, Audience.PUPIL): "final_pupil",
}
SELF_ASSESSMENT = "self_assessment"  # the mentee's difficulties and confidence, entry and exit
# a pupil's difficulties come from the pupils' catalogue, not the teachers'
AUDIENCE_SELF_ASSESSMENTS: dict[Audience, str] = {Audience.PUPIL: "self_assessment_pupil"}
MENTOR_REPORT = "mentor_report"

# every form of the final satisfaction survey: the reports average their 1–10 items by role
ALL_FINAL_FORMS: tuple[str, ...] = (*FINAL_FORMS.values(), *AUDIENCE_FINAL_FORMS.values())
SURVEY_FORM_IDS: tuple[str, ...] = (
    *INTERIM_FORMS.values(),
    *AUDIENCE_INTERIM_FORMS.values(),
    *ALL_FINAL_FORMS,
    SELF_ASSESSMENT,
    *AUDIENCE_SELF_ASSESSMENTS.values(),
    MENTOR_REPORT,
)


def interim_form(role: Role, audience: Audience) -> str:
    """The interim survey of a pair's member (a curator has none: KeyError)."""
    return AUDIENCE_INTERIM_FORMS.get((role, audience)) or INTERIM_FORMS[role]


def final_form(role: Role, audience: Audience) -> str:
    """The final satisfaction survey of a pair's member."""
    return AUDIENCE_FINAL_FORMS.get((role, audience)) or FINAL_FORMS[role]


def self_assessment_form(audience: Audience) -> str:
    """A mentee's entry and exit self-assessment."""
    return AUDIENCE_SELF_ASSESSMENTS.get(audience, SELF_ASSESSMENT)


# the order surveys are listed in: as they happen in a school year
KIND_ORDER: tuple[SurveyKind, ...] = (
    SurveyKind.ENTRY,
    SurveyKind.INTERIM,
    SurveyKind.FINAL,
    SurveyKind.EXIT,
    SurveyKind.MENTOR_REPORT,
)

SUBJECT_PREFIX = "survey:"

# campaign keys of one program's surveys: "program:12:final"
_PROGRAM_SUFFIX: dict[SurveyKind, str] = {
    SurveyKind.ENTRY: "entry",
    SurveyKind.FINAL: "final",
    SurveyKind.EXIT: "exit",
    SurveyKind.MENTOR_REPORT: "report",
}


def subject_of(invitation_id: int) -> str:
    """The questionnaire subject of an invitation's response: "survey:<invitation id>"."""
    return f"{SUBJECT_PREFIX}{invitation_id}"


def invitation_id_of(subject: str | None) -> int | None:
    if not subject or not subject.startswith(SUBJECT_PREFIX):
        return None
    tail = subject[len(SUBJECT_PREFIX) :]
    return int(tail) if tail.isdigit() else None


def program_key(program_id: int, kind: SurveyKind) -> str:
    return f"program:{program_id}:{_PROGRAM_SUFFIX[kind]}"


def interim_key(year: int) -> str:
    """One interim survey per organization and school year (named by the year it ends in)."""
    return f"interim:{year}"


@dataclass(frozen=True, order=True)
class GroupKey:
    """What a curator sees as one survey: all campaigns of one kind in one school year (the
    final surveys of every program that ended in 2026/27 are "the final survey 2026/27")."""

    year: int
    kind: SurveyKind

    @property
    def token(self) -> str:
        """For callback data, which may not contain ":"."""
        return f"{self.kind.value}.{self.year}"

    @classmethod
    def parse(cls, token: str) -> GroupKey | None:
        kind, _, year = token.partition(".")
        if kind not in {k.value for k in SurveyKind} or not year.isdigit() or len(year) != 4:
            return None
        return cls(int(year), SurveyKind(kind))
