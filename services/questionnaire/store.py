"""Questionnaire runs in the database: every answer is saved the moment it is given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Answer, Membership, QuestionnaireResponse, ResponseStatus, User
from services.errors import DomainError
from services.questionnaire import flow
from services.questionnaire.answers import AnswerValue
from services.questionnaire.schema import Form, Question

OPEN_STATUSES = (ResponseStatus.IN_PROGRESS, ResponseStatus.REVIEW)


@dataclass(frozen=True)
class Step:
    """What to show next: a question, or the summary when ``question`` is None."""

    response: QuestionnaireResponse
    form: Form
    answers: dict[str, Any]

    @property
    def question(self) -> Question | None:
        qid = self.response.current_question
        return self.form.question(qid) if qid else None


class QuestionnaireStore:
    """One per unit of work. It reads a response's answers once and keeps them up to date
    itself, so an answer costs one read instead of three (bench/bench_throughput.py); nothing
    else changes a response's answers while the handler that made the store runs."""

    def __init__(self, session: AsyncSession, forms: dict[str, Form]) -> None:
        self.session = session
        self.forms = forms
        self._answers: dict[int, dict[str, Answer]] = {}

    def form(self, form_id: str) -> Form:
        try:
            return self.forms[form_id]
        except KeyError:
            raise DomainError("error-not-found") from None

    async def start(
        self,
        user: User,
        membership: Membership | None,
        form_id: str,
        now: datetime,
        *,
        subject: str | None = None,
    ) -> Step:
        form = self.form(form_id)
        response = QuestionnaireResponse(
            user_id=user.id,
            membership_id=membership.id if membership else None,
            form_id=form.id,
            form_version=form.version,
            status=ResponseStatus.IN_PROGRESS,
            current_question=flow.first(form).question_id,
            subject=subject,
            started_at=now,
        )
        self.session.add(response)
        await self.session.flush()
        return Step(response, form, {})

    async def open_for_user(self, user_id: int) -> QuestionnaireResponse | None:
        """The person's unfinished questionnaire, oldest first (one at a time is asked)."""
        return await self.session.scalar(
            select(QuestionnaireResponse)
            .where(
                QuestionnaireResponse.user_id == user_id,
                QuestionnaireResponse.status.in_(OPEN_STATUSES),
            )
            .order_by(QuestionnaireResponse.started_at, QuestionnaireResponse.id)
            .limit(1)
        )

    async def for_subject(self, user_id: int, subject: str) -> QuestionnaireResponse | None:
        return await self.session.scalar(
            select(QuestionnaireResponse)
            .where(
                QuestionnaireResponse.user_id == user_id, QuestionnaireResponse.subject == subject
            )
            .order_by(QuestionnaireResponse.id.desc())
            .limit(1)
        )

    async def for_membership(self, membership_id: int) -> QuestionnaireResponse | None:
        """The person's intake run (forms about meetings carry a subject and are not it)."""
        return await self.session.scalar(
            select(QuestionnaireResponse)
            .where(
                QuestionnaireResponse.membership_id == membership_id,
                QuestionnaireResponse.subject.is_(None),
            )
            .order_by(QuestionnaireResponse.id.desc())
            .limit(1)
        )

    async def _rows(self, response_id: int) -> dict[str, Answer]:
        rows = self._answers.get(response_id)
        if rows is None:
            result = await self.session.scalars(
                select(Answer).where(Answer.response_id == response_id)
            )
            rows = self._answers[response_id] = {a.question_id: a for a in result}
        return rows

    async def answers(self, response_id: int) -> dict[str, Any]:
        return {qid: answer.value for qid, answer in (await self._rows(response_id)).items()}

    async def step(self, response: QuestionnaireResponse) -> Step:
        return Step(response, self.form(response.form_id), await self.answers(response.id))

    async def save(
        self, response: QuestionnaireResponse, question_id: str, value: AnswerValue, now: datetime
    ) -> None:
        rows = await self._rows(response.id)
        answer = rows.get(question_id)
        if answer is None:
            rows[question_id] = answer = Answer(
                response_id=response.id, question_id=question_id, value=value, answered_at=now
            )
            self.session.add(answer)
        else:
            answer.value = value
            answer.answered_at = now
        await self.session.flush()

    async def answer(
        self, response: QuestionnaireResponse, question_id: str, value: AnswerValue, now: datetime
    ) -> Step:
        """Save a finished answer and move on."""
        await self.save(response, question_id, value, now)
        step = await self.step(response)
        position = flow.after(
            step.form, question_id, editing=response.editing, answers=step.answers
        )
        self._move(response, position)
        await self.session.flush()
        return step

    async def back(self, response: QuestionnaireResponse) -> Step:
        step = await self.step(response)
        if response.editing or response.current_question is None:
            # "back" while editing from the summary returns to the summary
            self._move(response, flow.REVIEW)
        else:
            previous = flow.before(step.form, response.current_question)
            if previous is not None:
                self._move(response, previous)
        await self.session.flush()
        return step

    async def edit(self, response: QuestionnaireResponse, question_id: str) -> Step:
        step = await self.step(response)
        step.form.question(question_id)  # raises KeyError for a forged id
        response.current_question = question_id
        response.status = ResponseStatus.IN_PROGRESS
        response.editing = True
        await self.session.flush()
        return step

    async def complete(self, response: QuestionnaireResponse, now: datetime) -> Step:
        step = await self.step(response)
        missing = flow.first_missing(step.form, step.answers)
        if missing is not None:
            self._move(response, flow.Position(missing))
            await self.session.flush()
            return step
        response.status = ResponseStatus.COMPLETED
        response.completed_at = now
        response.current_question = None
        response.editing = False
        await self.session.flush()
        return step

    @staticmethod
    def _move(response: QuestionnaireResponse, position: flow.Position) -> None:
        response.current_question = position.question_id
        if position.is_review:
            response.status = ResponseStatus.REVIEW
            response.editing = False
        else:
            response.status = ResponseStatus.IN_PROGRESS
