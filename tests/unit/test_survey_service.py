"""The survey service on a real database: campaigns open once, invitations, response rates,
reminders exactly twice, closing, anonymous results, and erasure with the person."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import (
    Answer,
    CampaignState,
    Membership,
    OutboxMessage,
    OutboxState,
    QuestionnaireResponse,
    ResponseStatus,
    Role,
    SurveyCampaign,
    SurveyInvitation,
    SurveyKind,
    SurveyResult,
    User,
)
from services.erasure import Erasure
from services.outbox import Outbox
from services.outbox_keys import invitation_prefix
from services.questionnaire.schema import Form
from services.questionnaire.store import QuestionnaireStore
from services.surveys.answering import SurveyAnswers
from services.surveys.campaigns import CampaignService
from services.surveys.forms import GroupKey, subject_of
from services.surveys.overview import SurveyOverview
from tests.unit.survey_factories import Pair, active_pair

JAN = datetime(2027, 1, 20, 6, 0, tzinfo=UTC)  # 09:00 in Moscow
CONFIRMED = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
REMIND = (timedelta(days=3), timedelta(days=7))


async def _answer(
    session: AsyncSession,
    forms: dict[str, Form],
    invitation: SurveyInvitation,
    answers: Mapping[str, object],
    now: datetime,
) -> QuestionnaireResponse:
    """What the chat does: start the survey's questionnaire, answer, confirm, complete."""
    _, _, membership = await SurveyAnswers(session).for_taking(
        invitation.id, await _user_id(session, invitation), now
    )
    owner = await session.get(User, membership.user_id)
    assert owner is not None
    store = QuestionnaireStore(session, forms)
    step = await store.start(
        owner, membership, invitation.form_id, now, subject=subject_of(invitation.id)
    )
    invitation.response_id = step.response.id
    for question_id, value in answers.items():
        await store.save(step.response, question_id, value, now)  # type: ignore[arg-type]
    done = await store.complete(step.response, now)
    assert done.response.status is ResponseStatus.COMPLETED
    await SurveyAnswers(session).complete(done.response, done.form, done.answers, now)
    return done.response


async def _user_id(session: AsyncSession, invitation: SurveyInvitation) -> int:
    membership = await session.get(Membership, invitation.membership_id)
    assert membership is not None
    assert membership.user_id is not None
    return membership.user_id


async def _two_pairs_one_mentor(session: AsyncSession, forms: dict[str, Form]) -> tuple[Pair, Pair]:
    first = await active_pair(session, forms, confirmed=CONFIRMED, mentee_tgs=(11,))
    # the same mentor's second, separate pair needs room for one more mentee
    first.mentor.capacity = 2
    second = await _second_pair(session, forms, first)
    return first, second


async def _second_pair(session: AsyncSession, forms: dict[str, Form], first: Pair) -> Pair:
    from services.matching import MatchWeights
    from services.meetings.plan import PlanSettings
    from services.meetings.repository import MeetingRepository
    from services.pairing.service import PairingService
    from tests.unit.pairing_factories import add_person

    mentee = await add_person(session, forms, first.org, 12, Role.MENTEE, "Наставляемый 12")
    service = PairingService(session, MatchWeights())
    offered = await service.offer(
        first.org, mentee.id, first.mentor.id, by_user_id=None, now=CONFIRMED
    )
    for side in (first.mentor.id, mentee.id):
        await service.reply(offered.assignment, side, accept=True, reason=None, now=CONFIRMED)
    await service.confirm(offered.assignment, CONFIRMED)
    program = await MeetingRepository(session).ensure_program(
        offered.pairing, CONFIRMED.date(), PlanSettings()
    )
    return Pair(first.org, offered.pairing, program, first.mentor, [mentee])


async def test_a_campaign_opens_once_per_key(session: AsyncSession, forms: dict[str, Form]) -> None:
    pair = await active_pair(session, forms, confirmed=CONFIRMED)
    service = CampaignService(session)
    first, created = await service.open_campaign(
        pair.org.id, SurveyKind.INTERIM, "interim:2027", now=JAN, open_days=14
    )
    again, created_again = await service.open_campaign(
        pair.org.id, SurveyKind.INTERIM, "interim:2027", now=JAN + timedelta(days=1), open_days=3
    )
    assert created
    assert not created_again
    assert again.id == first.id
    assert again.closes_at == JAN + timedelta(days=14)  # the second call changed nothing
    assert await session.scalar(select(func.count(SurveyCampaign.id))) == 1


async def test_interim_invites_everyone_in_an_active_pair_once(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    first, second = await _two_pairs_one_mentor(session, forms)
    service = CampaignService(session)
    opened = await service.open_interim(first.org, 2027, now=JAN, open_days=14, created_by=None)
    assert opened is not None
    assert opened.created
    invited = sorted((i.membership_id, i.form_id) for i in opened.invitations)
    assert invited == sorted(
        [
            (first.mentor.id, "interim_mentor"),  # a mentor of two pairs answers once
            (first.mentees[0].id, "interim_mentee"),
            (second.mentees[0].id, "interim_mentee"),
        ]
    )
    again = await service.open_interim(first.org, 2027, now=JAN, open_days=14, created_by=None)
    assert again is not None
    assert not again.created
    assert again.invitations == []
    assert await session.scalar(select(func.count(SurveyInvitation.id))) == 3


async def test_no_interim_without_active_pairs(session: AsyncSession) -> None:
    from tests.unit.factories import make_org

    org = await make_org(session)
    assert (
        await CampaignService(session).open_interim(
            org, 2027, now=JAN, open_days=14, created_by=None
        )
        is None
    )
    assert await session.scalar(select(func.count(SurveyCampaign.id))) == 0


async def test_final_stage_of_a_group(session: AsyncSession, forms: dict[str, Form]) -> None:
    pair = await active_pair(session, forms, confirmed=CONFIRMED, mentee_tgs=(11, 12))
    service = CampaignService(session)
    invitations = await service.open_final_stage(pair.pairing.id, now=JAN, open_days=14)
    by_kind: dict[str, list[tuple[int, str]]] = {}
    for invitation in invitations:
        campaign = await session.get(SurveyCampaign, invitation.campaign_id)
        assert campaign is not None
        assert campaign.key.startswith(f"program:{pair.program.id}:")
        assert invitation.pairing_id == pair.pairing.id
        by_kind.setdefault(campaign.kind.value, []).append(
            (invitation.membership_id, invitation.form_id)
        )
    mentor, (a, b) = pair.mentor.id, [m.id for m in pair.mentees]
    assert by_kind == {
        "final": [(mentor, "final_mentor"), (a, "final_mentee"), (b, "final_mentee")],
        "exit": [(a, "self_assessment"), (b, "self_assessment")],
        "mentor_report": [(mentor, "mentor_report")],
    }
    assert await service.open_final_stage(pair.pairing.id, now=JAN, open_days=14) == []


async def test_entry_for_new_pairs_only_and_a_late_group_member_gets_time(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    pair = await active_pair(session, forms, confirmed=CONFIRMED)
    service = CampaignService(session)
    # confirmed more than a survey's open time ago: no entry survey any more
    assert await service.entries_due(CONFIRMED + timedelta(days=15), 14) == []
    due = await service.entries_due(CONFIRMED + timedelta(hours=1), 14)
    assert [(a.mentee_membership_id, p.id) for a, p in due] == [
        (pair.mentees[0].id, pair.program.id)
    ]
    assignment, program = due[0]
    invitation = await service.open_entry(
        assignment, program, now=CONFIRMED + timedelta(hours=1), open_days=14
    )
    assert invitation is not None
    assert invitation.form_id == "self_assessment"
    assert await service.entries_due(CONFIRMED + timedelta(hours=2), 14) == []
    campaign = await session.get(SurveyCampaign, invitation.campaign_id)
    assert campaign is not None
    assert campaign.kind is SurveyKind.ENTRY
    # the campaign closed; a mentee who joins the group later reopens it for their own two weeks
    later = CONFIRMED + timedelta(days=20)
    await service.close(campaign, later)
    assignment.mentee_membership_id = pair.mentor.id  # stands in for another mentee
    reopened = await service.open_entry(assignment, program, now=later, open_days=14)
    assert reopened is not None
    assert campaign.state is CampaignState.OPEN
    assert campaign.closes_at == later + timedelta(days=14)


async def test_final_stage_is_due_the_day_after_the_program_ends(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    pair = await active_pair(
        session, forms, confirmed=CONFIRMED, start=date(2026, 10, 5), end=date(2027, 5, 31)
    )
    service = CampaignService(session)
    # 31 May 23:30 in Moscow is still the last day
    assert await service.finals_due(datetime(2027, 5, 31, 20, 30, tzinfo=UTC), 14) == []
    # 1 June 00:30 in Moscow (31 May 21:30 UTC): the program is over
    due = await service.finals_due(datetime(2027, 5, 31, 21, 30, tzinfo=UTC), 14)
    assert [p.id for p in due] == [pair.program.id]
    # months later nobody is asked about it any more
    assert await service.finals_due(datetime(2027, 8, 1, 9, 0, tzinfo=UTC), 14) == []
    await service.open_final_stage(pair.pairing.id, now=JAN, open_days=14)
    assert await service.finals_due(datetime(2027, 6, 1, 9, 0, tzinfo=UTC), 14) == []


async def test_reminders_exactly_twice(session: AsyncSession, forms: dict[str, Form]) -> None:
    pair = await active_pair(session, forms, confirmed=CONFIRMED)
    service = CampaignService(session)
    opened = await service.open_interim(pair.org, 2027, now=JAN, open_days=14, created_by=None)
    assert opened is not None
    sent: list[tuple[int, int, datetime]] = []
    clock = JAN
    while clock < JAN + timedelta(days=20):
        for invitation, number in await service.reminders_due(clock, REMIND):
            service.mark_reminded(invitation, number, clock)
            sent.append((invitation.id, number, clock))
        clock += timedelta(hours=1)
    ids = sorted(i.id for i in opened.invitations)
    assert sorted((i, n) for i, n, _ in sent) == [(i, n) for i in ids for n in (1, 2)]
    assert {at for _, n, at in sent if n == 1} == {JAN + timedelta(days=3)}
    assert {at for _, n, at in sent if n == 2} == {JAN + timedelta(days=7)}


async def test_a_completed_or_closed_survey_is_not_reminded(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    pair = await active_pair(session, forms, confirmed=CONFIRMED)
    service = CampaignService(session)
    opened = await service.open_interim(pair.org, 2027, now=JAN, open_days=14, created_by=None)
    assert opened is not None
    mentee_invitation = next(i for i in opened.invitations if i.form_id == "interim_mentee")
    await _answer(
        session,
        forms,
        mentee_invitation,
        {
            "progress": 6,
            "usefulness": 8,
            "meetings_regular": True,
            "obstacles": [],
            "need_help": False,
            "comment": None,
        },
        JAN + timedelta(days=1),
    )
    due = await service.reminders_due(JAN + timedelta(days=3), REMIND)
    assert [i.form_id for i, _ in due] == ["interim_mentor"]
    await service.close(opened.campaign, JAN + timedelta(days=4))
    assert await service.reminders_due(JAN + timedelta(days=7), REMIND) == []


async def test_completing_records_anonymous_results_and_cancels_reminders(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    pair = await active_pair(session, forms, confirmed=CONFIRMED, mentee_tgs=(11, 12))
    invitations = await CampaignService(session).open_final_stage(
        pair.pairing.id, now=JAN, open_days=14
    )
    finals = [i for i in invitations if i.form_id == "final_mentee"]
    outbox = Outbox(session)
    for invitation in finals:
        await outbox.enqueue(
            1,
            "r",
            kind="survey",
            not_before=JAN + timedelta(days=3),
            dedupe_key=invitation_prefix(invitation.id) + "remind:1",
        )
    answers = {
        "effectiveness": 9,
        "comfort": 10,
        "group_meetings": None,
        "individual_meetings": 8,
        "planning": 7,
        "plan_execution": 6,
        "clarity": 9,
        "expectations": "Ждала помощи с 7 «Б»",
        "expectations_met": None,
        "most_valuable": None,
        "missing": None,
        "liked": True,
        "would_continue": True,
        "growth_5y": False,
    }
    for invitation in finals:
        await _answer(session, forms, invitation, answers, JAN + timedelta(days=1))
    rows = list(await session.scalars(select(SurveyResult).order_by(SurveyResult.id)))
    assert len(rows) == 2 * 9  # 6 scales (one skipped) + 3 yes/no, per respondent
    assert {r.question_id for r in rows} == {
        "effectiveness",
        "comfort",
        "individual_meetings",
        "planning",
        "plan_execution",
        "clarity",
        "liked",
        "would_continue",
        "growth_5y",
    }
    assert all(r.value_option is None and r.value_num is not None for r in rows)
    assert {(r.kind, r.role, r.form_id, r.org_id) for r in rows} == {
        (SurveyKind.FINAL, "mentee", "final_mentee", pair.org.id)
    }
    tokens = {r.respondent for r in rows}
    assert len(tokens) == 2  # one fresh token per response
    assert all(len(t) == 32 for t in tokens)
    assert all(i.completed_at == JAN + timedelta(days=1) for i in finals)
    states = set(await session.scalars(select(OutboxMessage.state)))
    assert states == {OutboxState.CANCELLED}
    # a response completed twice (a double tap) is counted once
    response = await session.get(QuestionnaireResponse, finals[0].response_id)
    assert response is not None
    step = await QuestionnaireStore(session, forms).step(response)
    assert await SurveyAnswers(session).complete(response, step.form, step.answers, JAN) is None
    assert await session.scalar(select(func.count(SurveyResult.id))) == 18


async def test_rates_per_role_and_who_has_not_answered(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    pair = await active_pair(session, forms, confirmed=CONFIRMED, mentee_tgs=(11, 12))
    service = CampaignService(session)
    opened = await service.open_interim(pair.org, 2027, now=JAN, open_days=14, created_by=None)
    assert opened is not None
    mentee = next(i for i in opened.invitations if i.form_id == "interim_mentee")
    await _answer(
        session,
        forms,
        mentee,
        {
            "progress": 5,
            "usefulness": 5,
            "meetings_regular": True,
            "obstacles": ["time"],
            "need_help": True,
            "comment": None,
        },
        JAN,
    )
    overview = SurveyOverview(session)
    key = GroupKey(2027, SurveyKind.INTERIM)
    summary = await overview.summary(pair.org, key, JAN + timedelta(days=1))
    assert summary is not None
    assert [(r.role, r.completed, r.invited) for r in summary.rates] == [
        (Role.MENTOR, 0, 1),
        (Role.MENTEE, 1, 2),
    ]
    assert (summary.completed, summary.invited, summary.percent) == (1, 3, 33)
    assert summary.open_until == JAN + timedelta(days=14)
    campaigns = await overview.group_campaigns(pair.org, key)
    waiting = await overview.waiting(campaigns, JAN + timedelta(days=1))
    assert sorted(w.name or "" for w in waiting) == ["Наставляемый 12", "Наставник 1"]
    assert all(w.can_answer for w in waiting)
    # after the deadline the card still names them, as late
    after = await overview.summary(pair.org, key, JAN + timedelta(days=15))
    assert after is not None
    assert after.open_until is None
    assert not any(
        w.can_answer for w in await overview.waiting(campaigns, JAN + timedelta(days=15))
    )


async def test_closing_drops_unfinished_answers_and_pending_reminders(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    pair = await active_pair(session, forms, confirmed=CONFIRMED)
    service = CampaignService(session)
    opened = await service.open_interim(pair.org, 2027, now=JAN, open_days=14, created_by=None)
    assert opened is not None
    invitation = opened.invitations[0]
    _, _, membership = await SurveyAnswers(session).for_taking(
        invitation.id, await _user_id(session, invitation), JAN
    )
    owner = await session.get(User, membership.user_id)
    assert owner is not None
    store = QuestionnaireStore(session, forms)
    step = await store.start(
        owner, membership, invitation.form_id, JAN, subject=subject_of(invitation.id)
    )
    invitation.response_id = step.response.id
    await store.answer(step.response, "progress", 4, JAN)
    await Outbox(session).enqueue(
        1,
        "r",
        kind="survey",
        not_before=JAN + timedelta(days=3),
        dedupe_key=invitation_prefix(invitation.id) + "remind:1",
    )
    assert await service.due_to_close(JAN + timedelta(days=14) - timedelta(seconds=1)) == []
    due = await service.due_to_close(JAN + timedelta(days=14))
    assert [c.id for c in due] == [opened.campaign.id]
    assert await service.close(due[0], JAN + timedelta(days=14))
    assert not await service.close(due[0], JAN + timedelta(days=15))
    assert opened.campaign.state is CampaignState.CLOSED
    assert (
        await session.scalar(
            select(func.count(QuestionnaireResponse.id)).where(
                QuestionnaireResponse.subject.like("survey:%")
            )
        )
        == 0
    )
    assert (
        await session.scalar(select(func.count(Answer.id)).where(Answer.question_id == "progress"))
        == 0
    )
    assert invitation.response_id is None
    assert set(await session.scalars(select(OutboxMessage.state))) == {OutboxState.CANCELLED}


async def test_forget_deletes_the_answers_and_keeps_the_anonymous_numbers(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    async with session_factory() as session, session.begin():
        pair = await active_pair(session, forms, confirmed=CONFIRMED)
        invitations = await CampaignService(session).open_final_stage(
            pair.pairing.id, now=JAN, open_days=14
        )
        exit_survey = next(i for i in invitations if i.form_id == "self_assessment")
        await _answer(
            session,
            forms,
            exit_survey,
            {"difficulties": ["parents", "burnout"], "confidence": 8},
            JAN,
        )
        mentee_id = pair.mentees[0].id
        mentee_user_id = await _user_id(session, exit_survey)
        org_id = pair.org.id
    async with session_factory() as session, session.begin():
        user = await session.get(User, mentee_user_id)
        assert user is not None
        await Erasure(session).withdraw(user, JAN + timedelta(days=2))
    async with session_factory() as session:
        assert (
            await session.scalar(
                select(func.count(SurveyInvitation.id)).where(
                    SurveyInvitation.membership_id == mentee_id
                )
            )
            == 0
        )
        assert (
            await session.scalar(
                select(func.count(QuestionnaireResponse.id)).where(
                    QuestionnaireResponse.user_id == mentee_user_id
                )
            )
            == 0
        )
        rows = list(await session.scalars(select(SurveyResult)))
        assert sorted((r.question_id, r.value_option, r.value_num) for r in rows) == [
            ("confidence", None, 8),
            ("difficulties", "burnout", None),
            ("difficulties", "parents", None),
        ]
        assert {(r.org_id, r.kind, r.role) for r in rows} == {(org_id, SurveyKind.EXIT, "mentee")}
        # nothing in a result row can point at a person: no column refers to users,
        # memberships, responses or invitations
        targets = {fk.column.table.name for fk in inspect(SurveyResult).local_table.foreign_keys}
        assert targets == {"survey_campaigns", "organizations"}
        # the mentor's own invitations are untouched
        assert await session.scalar(select(func.count(SurveyInvitation.id))) == 2


async def test_closing_cancels_exactly_its_own_messages(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    from services.outbox_keys import invitation_id_of_key

    assert invitation_id_of_key("survey:12:remind:1") == 12
    assert invitation_id_of_key("survey-campaign:12:opened:3") is None
    assert invitation_id_of_key("mtg:12:v1:r60:5") is None
    pair = await active_pair(session, forms, confirmed=CONFIRMED)
    service = CampaignService(session)
    opened = await service.open_interim(pair.org, 2027, now=JAN, open_days=14, created_by=None)
    assert opened is not None
    outbox = Outbox(session)
    mine = [invitation_prefix(i.id) + "invite" for i in opened.invitations]
    # another invitation whose id starts with the same digits, and a sent reminder
    others = [f"survey:{opened.invitations[0].id}0:invite", "survey-campaign:1:opened:1"]
    for key in mine + others:
        await outbox.enqueue(1, "x", kind="survey", not_before=JAN, dedupe_key=key)
    await service.close(opened.campaign, JAN + timedelta(days=1))
    result = await session.execute(select(OutboxMessage.dedupe_key, OutboxMessage.state))
    states = dict(list(result))
    assert {states[k] for k in mine} == {OutboxState.CANCELLED}
    assert {states[k] for k in others} == {OutboxState.PENDING}


async def test_reminders_come_in_batches_oldest_first(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    pair = await active_pair(session, forms, confirmed=CONFIRMED, mentee_tgs=(11, 12))
    service = CampaignService(session)
    opened = await service.open_interim(pair.org, 2027, now=JAN, open_days=14, created_by=None)
    assert opened is not None
    # the second reminder of one invitation is not yet due: it must not crowd out the rest
    first = opened.invitations[0]
    first.reminders_sent = 1
    now = JAN + timedelta(days=3)
    due = await service.reminders_due(now, REMIND, limit=1)
    assert [(i.id, n) for i, n in due] == [(opened.invitations[1].id, 1)]
    everything = await service.reminders_due(now, REMIND)
    assert [(i.id, n) for i, n in everything] == [(i.id, 1) for i in opened.invitations[1:]]
