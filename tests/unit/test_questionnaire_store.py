"""Answers are saved as given; back, edit and confirm move through the real intake form."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import ResponseStatus, Role
from services.onboarding import complete_intake
from services.questionnaire.schema import Form
from services.questionnaire.store import QuestionnaireStore
from tests.unit.factories import NOW, join, make_org

CURATOR_ANSWERS = {
    "full_name": "Петрова Мария Ивановна",
    "position": "Заместитель директора по УВР",
}


async def test_walk_edit_and_complete(session: AsyncSession, forms: dict[str, Form]) -> None:
    org = await make_org(session)
    joined = await join(session, 1, org, Role.CURATOR)
    store = QuestionnaireStore(session, forms)
    step = await store.start(joined.user, joined.membership, "curator_profile", NOW)
    response = step.response
    assert step.question is not None
    assert step.question.id == "full_name"
    step = await store.answer(response, "full_name", CURATOR_ANSWERS["full_name"], NOW)
    assert step.question is not None
    assert step.question.id == "position"
    step = await store.back(response)
    assert step.question is not None
    assert step.question.id == "full_name"
    step = await store.answer(response, "full_name", CURATOR_ANSWERS["full_name"], NOW)
    step = await store.answer(response, "position", CURATOR_ANSWERS["position"], NOW)
    assert step.question is None
    assert response.status is ResponseStatus.REVIEW
    assert step.answers == CURATOR_ANSWERS
    step = await store.edit(response, "full_name")
    assert response.editing
    assert step.question is not None
    step = await store.answer(response, "full_name", "Петрова М. И.", NOW)
    assert response.status is ResponseStatus.REVIEW
    assert not response.editing
    done = await store.complete(response, NOW)
    assert response.status is ResponseStatus.COMPLETED
    intake = await complete_intake(session, joined.user, response, done.answers, NOW)
    assert intake is not None
    assert intake.full_name == "Петрова М. И."
    assert joined.membership.profile_completed_at == NOW
    assert await store.open_for_user(joined.user.id) is None


async def test_answers_survive_a_new_session(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    async with session_factory() as session, session.begin():
        org = await make_org(session)
        joined = await join(session, 2, org, Role.MENTEE)
        store = QuestionnaireStore(session, forms)
        step = await store.start(joined.user, joined.membership, "mentee_intake", NOW)
        await store.answer(step.response, "full_name", "Сидоров Пётр", NOW)
        await store.answer(step.response, "position", "teacher", NOW)
        user_id = joined.user.id
    async with session_factory() as session:
        store = QuestionnaireStore(session, forms)
        response = await store.open_for_user(user_id)
        assert response is not None
        assert response.current_question == "subjects"
        assert await store.answers(response.id) == {
            "full_name": "Сидоров Пётр",
            "position": "teacher",
        }


async def test_confirm_with_missing_answer_goes_back_to_it(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    org = await make_org(session)
    joined = await join(session, 3, org, Role.CURATOR)
    store = QuestionnaireStore(session, forms)
    step = await store.start(joined.user, joined.membership, "curator_profile", NOW)
    await store.answer(step.response, "full_name", "А", NOW)
    done = await store.complete(step.response, NOW)
    assert step.response.status is ResponseStatus.IN_PROGRESS
    assert done.response.current_question == "position"


async def test_forward_after_back_asks_the_next_question_even_if_answered(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    org = await make_org(session)
    joined = await join(session, 3, org, Role.MENTEE)
    store = QuestionnaireStore(session, forms)
    step = await store.start(joined.user, joined.membership, "mentee_intake", NOW)
    response = step.response
    for question_id, value in (
        ("full_name", "Сидоров Пётр"),
        ("position", "teacher"),
        ("subjects", ["math"]),
    ):
        step = await store.answer(response, question_id, value, NOW)
    assert response.current_question == "experience_years"
    await store.back(response)
    await store.back(response)
    assert response.current_question == "position"
    step = await store.answer(response, "position", "teacher", NOW)
    # the answered «subjects» comes next, not the first unanswered question after it
    assert response.current_question == "subjects"
    assert step.answers["subjects"] == ["math"]
    step = await store.answer(response, "subjects", ["math"], NOW)
    assert response.current_question == "experience_years"
