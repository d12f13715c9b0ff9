"""Answering a survey: who may take it, and what is kept when a response is completed.

A completed response stays with the person (deleted with them, 152-FZ); its countable answers
are copied into ``survey_results`` under a random token, with no link to anyone.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Membership,
    QuestionnaireResponse,
    Role,
    SurveyCampaign,
    SurveyInvitation,
    SurveyResult,
)
from services.errors import AccessDenied, DomainError
from services.outbox import Outbox
from services.outbox_keys import invitation_prefix
from services.questionnaire.schema import Form
from services.surveys.campaigns import is_open
from services.surveys.forms import invitation_id_of
from services.surveys.results import countable_answers

TOKEN_BYTES = 16  # 32 hex characters: the width of survey_results.respondent


class SurveyAnswers:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_taking(
        self, invitation_id: int, user_id: int, now: datetime
    ) -> tuple[SurveyInvitation, SurveyCampaign, Membership]:
        """The invitation a person pressed «Пройти опрос» on, if they may still answer it."""
        invitation = await self.session.get(SurveyInvitation, invitation_id)
        if invitation is None:
            raise DomainError("survey-gone")
        membership = await self.session.get(Membership, invitation.membership_id)
        if membership is None or membership.user_id != user_id:
            raise AccessDenied
        campaign = await self.session.get(SurveyCampaign, invitation.campaign_id)
        assert campaign is not None
        if invitation.completed_at is not None:
            raise DomainError("survey-already-done")
        if not is_open(campaign, now):
            raise DomainError("survey-closed")
        return invitation, campaign, membership

    async def complete(
        self,
        response: QuestionnaireResponse,
        form: Form,
        answers: Mapping[str, Any],
        now: datetime,
    ) -> SurveyInvitation | None:
        """A survey response was confirmed: the invitation is done, the countable answers are
        copied without the person, and the reminders still queued are cancelled."""
        invitation_id = invitation_id_of(response.subject)
        invitation = (
            await self.session.get(SurveyInvitation, invitation_id) if invitation_id else None
        )
        if (
            invitation is None
            or invitation.completed_at is not None
            or invitation.membership_id != response.membership_id
        ):
            return None
        campaign = await self.session.get(SurveyCampaign, invitation.campaign_id)
        membership = await self.session.get(Membership, invitation.membership_id)
        assert campaign is not None
        assert membership is not None
        invitation.completed_at = now
        invitation.response_id = response.id
        await self.record_results(campaign, membership.role, form, answers, now)
        await Outbox(self.session).cancel_pending(invitation_prefix(invitation.id))
        await self.session.flush()
        return invitation

    async def record_results(
        self,
        campaign: SurveyCampaign,
        role: Role,
        form: Form,
        answers: Mapping[str, Any],
        now: datetime,
    ) -> int:
        """Copy the countable answers under a fresh random token; how many rows."""
        respondent = secrets.token_hex(TOKEN_BYTES)
        rows = countable_answers(form, answers)
        for row in rows:
            self.session.add(
                SurveyResult(
                    campaign_id=campaign.id,
                    org_id=campaign.org_id,
                    kind=campaign.kind,
                    role=role.value,
                    form_id=form.id,
                    question_id=row.question_id,
                    respondent=respondent,
                    value_num=row.value_num,
                    value_option=row.value_option,
                    recorded_at=now,
                )
            )
        await self.session.flush()
        return len(rows)
