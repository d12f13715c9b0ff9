"""Finishing a questionnaire: what a confirmed form does depends on what it is about.

A response's ``subject`` says that: none for the person's intake, a meeting for a mentor's
log (services/outbox_keys.py: ``meeting_log_subject``), a survey invitation for a survey
(services/surveys/forms.py: ``subject_of``). Each kind of subject registers its completion
step here (``@completes``); the bot registers, alongside, what it tells people about it
(handlers/questionnaire.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from models import (
    MeetingKindDb,
    Membership,
    Organization,
    QuestionnaireResponse,
    ResponseStatus,
    User,
)
from services.meetings.repository import MeetingContext, MeetingRepository
from services.onboarding import IntakeDone, complete_intake
from services.outbox_keys import meeting_of_log_subject
from services.questionnaire.store import QuestionnaireStore, Step
from services.surveys.answering import SurveyAnswers
from services.surveys.forms import invitation_id_of


class SubjectKind(StrEnum):
    INTAKE = "intake"  # no subject: the person's own questionnaire on joining
    MEETING_LOG = "meeting_log"  # the mentor's log of a meeting
    SURVEY = "survey"  # an invitation to a survey
    OTHER = "other"  # a subject no step knows: finishing saves the answers, nothing more


# how a subject names its kind: each reader gives the id the subject is about, or None
_SUBJECT_READERS: tuple[tuple[SubjectKind, Callable[[str], int | None]], ...] = (
    (SubjectKind.MEETING_LOG, meeting_of_log_subject),
    (SubjectKind.SURVEY, invitation_id_of),
)


def subject_kind(subject: str | None) -> SubjectKind:
    if subject is None:
        return SubjectKind.INTAKE
    for kind, read in _SUBJECT_READERS:
        if read(subject) is not None:
            return kind
    return SubjectKind.OTHER


@dataclass(frozen=True)
class Completion:
    """What finishing a questionnaire did: the facts the bot tells people about."""

    kind: SubjectKind
    step: Step  # the finished response with its form and answers
    # an intake: the person's place (its role picks the thanks) and its organization
    membership: Membership | None = None
    org: Organization | None = None
    # an intake finished for the first time: the curators hear about the newcomer
    newcomer: IntakeDone | None = None
    # a meeting's log: the meeting it closed
    meeting: MeetingContext | None = None

    @property
    def opens_final_stage(self) -> bool:
        """The final meeting was logged: the pair's final surveys go out."""
        return self.meeting is not None and self.meeting.meeting.kind is MeetingKindDb.FINAL


CompletionStep = Callable[[QuestionnaireStore, User, Step, datetime], Awaitable[Completion]]
_STEPS: dict[SubjectKind, CompletionStep] = {}


def completes(kind: SubjectKind) -> Callable[[CompletionStep], CompletionStep]:
    """Register the completion step of one kind of subject."""

    def register(step: CompletionStep) -> CompletionStep:
        _STEPS[kind] = step
        return step

    return register


async def complete_response(
    store: QuestionnaireStore, user: User, response: QuestionnaireResponse, now: datetime
) -> Completion | Step:
    """Confirm a response. With an answer still missing it is not finished: the person is
    moved to that question, and the step to show is returned. Otherwise the response is
    completed and the step registered for its subject runs."""
    step = await store.complete(response, now)
    if response.status is not ResponseStatus.COMPLETED:
        return step
    return await _STEPS[subject_kind(response.subject)](store, user, step, now)


@completes(SubjectKind.INTAKE)
async def _intake(store: QuestionnaireStore, user: User, step: Step, now: datetime) -> Completion:
    """The person enters the organization's bank (services/onboarding.py)."""
    session = store.session
    response = step.response
    newcomer = await complete_intake(session, user, response, step.answers, now)
    membership = (
        await session.get(Membership, response.membership_id)
        if response.membership_id is not None
        else None
    )
    org = await session.get(Organization, membership.org_id) if membership is not None else None
    return Completion(SubjectKind.INTAKE, step, membership=membership, org=org, newcomer=newcomer)


@completes(SubjectKind.MEETING_LOG)
async def _meeting_log(
    store: QuestionnaireStore, user: User, step: Step, now: datetime
) -> Completion:
    """The mentor's log closes the meeting."""
    meeting_id = meeting_of_log_subject(step.response.subject)
    assert meeting_id is not None
    repo = MeetingRepository(store.session)
    ctx = await repo.context(meeting_id)
    await repo.record_log(ctx, step.answers, now)
    return Completion(SubjectKind.MEETING_LOG, step, meeting=ctx)


@completes(SubjectKind.SURVEY)
async def _survey(store: QuestionnaireStore, user: User, step: Step, now: datetime) -> Completion:
    """The invitation is done and the countable answers are kept (services/surveys)."""
    await SurveyAnswers(store.session).complete(step.response, step.form, step.answers, now)
    return Completion(SubjectKind.SURVEY, step)


@completes(SubjectKind.OTHER)
async def _other(store: QuestionnaireStore, user: User, step: Step, now: datetime) -> Completion:
    return Completion(SubjectKind.OTHER, step)
