"""A pupil's intake questionnaire through the chat (issue 12): the questions a pupil answers, the
class stored on the membership, and thanks in «ты». Through ``Dispatcher.feed_update`` with a
recording session and a real database; the parent's consent step (another part) is skipped."""

from __future__ import annotations

from aiogram.methods import SendMessage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.wiring import build_dispatcher
from bot.infra.fsm_storage import SqlStorage
from models import Audience, Membership, QuestionnaireResponse, Role
from services.invites import InviteService
from services.people import PeopleService
from services.questionnaire.schema import Form
from services.questionnaire.store import QuestionnaireStore
from tests.recording import RecordingSession, make_bot, make_callback_update, make_message_update
from tests.unit.app_factory import MovableClock, make_deps
from tests.unit.factories import NOW, make_org

PUPIL = 701


async def test_a_pupil_fills_in_the_pupils_questionnaire(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    rec = RecordingSession()
    dp = build_dispatcher(
        make_deps(session_factory, MovableClock(NOW)), SqlStorage(session_factory)
    )
    bot = make_bot(rec)
    async with session_factory() as session, session.begin():
        org = await make_org(session)
        invite = await InviteService(session).create(
            org.id, Role.MENTEE, audience=Audience.PUPIL, now=NOW
        )
        joined = await PeopleService(session).join(PUPIL, "ru", invite.token, NOW)
        step = await QuestionnaireStore(session, forms).start(
            joined.user, joined.membership, "pupil_mentee_intake", NOW
        )
        rid, membership_id = step.response.id, joined.membership.id

    async def press(data: str) -> None:
        await dp.feed_update(bot, make_callback_update(PUPIL, data))

    async def say(text: str) -> None:
        await dp.feed_update(bot, make_message_update(PUPIL, text))

    await press("m:continue:0")
    assert "Как тебя зовут?" in rec.last(SendMessage).text
    await say("Маша Иванова")
    assert "В каком ты классе?" in rec.last(SendMessage).text
    await say("12")  # there is no 12th class
    await say("7")
    await press(f"qa:{rid}:subjects:t:0")
    await press(f"qa:{rid}:subjects:d:0")
    assert "помощи наставника" in rec.last(SendMessage).text
    await press(f"qa:{rid}:difficulties:t:0")
    await press(f"qa:{rid}:difficulties:t:5")
    await press(f"qa:{rid}:difficulties:d:0")
    await press(f"qa:{rid}:goals:s:0")
    await say("Рисую и играю в футбол")
    await press(f"qa:{rid}:strong_subjects:s:0")
    await press(f"qa:{rid}:format:o:0")
    await press(f"qa:{rid}:times:t:3")
    await press(f"qa:{rid}:times:d:0")
    await press(f"qr:{rid}:ok:0")
    assert any("Твоя анкета сохранена" in text for text in rec.sent_texts)

    async with session_factory() as session:
        membership = await session.get(Membership, membership_id)
        response = await session.get(QuestionnaireResponse, rid)
        assert membership is not None
        assert response is not None
        assert membership.grade == 7
        assert membership.profile_completed_at == NOW
        answers = (await QuestionnaireStore(session, forms).step(response)).answers
    assert answers["subjects"] == ["math"]
    assert answers["difficulties"] == ["profession", "exams"]
    assert answers["goals"] is None
    assert answers["interests"] == "Рисую и играю в футбол"
    assert answers["times"] == ["weekend"]
