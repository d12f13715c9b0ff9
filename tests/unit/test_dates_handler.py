"""The mentor's typed date in the scheduling conversation (issue 15), through feed_update on a
real SQLite database: a passed day.month is asked about with «Да, <next year>», the conversation
is kept for typing again, the button is the calendar's own time press (checked like it), and
hints carry an example dated tomorrow."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import InlineKeyboardMarkup

from bot.tg.callbacks import MeetingAct, MeetingCb
from bot.tg.i18n import Translator
from bot.tg.views import meetings as mview
from services.questionnaire.schema import Form
from tests.recording import make_callback_update, make_message_update
from tests.unit.test_meeting_plan_pairs import (
    MENTEE,
    MENTOR,
    App,
    _agreed_pair,
    _plan,
    _press,
)
from tests.unit.test_meeting_plan_pairs import app as app

# the fixture's clock: Friday 20 November 2026, 12:00 in Moscow


async def _scheduling(app: App, forms: dict[str, Form]) -> int:
    pair = await _agreed_pair(app.factory, forms)
    await app.feed(_press(pair, "confirm", assignment=pair.assignment_id))
    meeting_id = (await _plan(app.factory, pair.pairing_id))[0].id
    await app.feed(
        make_callback_update(MENTOR, MeetingCb(act=MeetingAct.SCHEDULE, id=meeting_id).pack())
    )
    return meeting_id


def _buttons(request: SendMessage) -> list[tuple[str, str | None]]:
    markup = request.reply_markup
    assert isinstance(markup, InlineKeyboardMarkup)
    return [(b.text, b.callback_data) for row in markup.inline_keyboard for b in row]


async def test_a_passed_date_is_asked_about_and_nothing_typed_is_lost(
    app: App, forms: dict[str, Form]
) -> None:
    meeting_id = await _scheduling(app, forms)
    ask = app.rec.last(SendMessage).text
    assert "«21.11 15:30»" in ask  # tomorrow, never a date already gone

    await app.feed(make_message_update(MENTOR, "15.11 15:30"))
    question = app.rec.last(SendMessage)
    assert "Дата Вс 15.11.2026 15:30 в этом году уже прошла" in question.text
    time_press = MeetingCb(act=MeetingAct.TIME, id=meeting_id, value="202711151530").pack()
    assert _buttons(question) == [("Да, Пн 15.11.2027 15:30", time_press)]

    # the conversation is still on the date: typing again is read as usual
    await app.feed(make_message_update(MENTOR, "в пятницу 15:00"))
    assert "Встреча Пт 20.11.2026 15:00. Как она пройдёт?" in app.rec.last(SendMessage).text

    # the mentee cannot press the mentor's button; the mentor can, and goes on to the format
    await app.feed(make_callback_update(MENTEE, time_press))
    assert app.rec.last(AnswerCallbackQuery).text == "Это может сделать только наставник пары."
    await app.feed(make_callback_update(MENTOR, time_press))
    fmt = app.rec.last(SendMessage)
    assert "Встреча Пн 15.11.2027 15:30. Как она пройдёт?" in fmt.text
    assert [text for text, _ in _buttons(fmt)] == ["Очно", "Онлайн"]


async def test_a_date_not_understood_gets_a_hint_dated_tomorrow(
    app: App, forms: dict[str, Form]
) -> None:
    await _scheduling(app, forms)
    await app.feed(make_message_update(MENTOR, "через день в 16"))
    assert app.rec.last(SendMessage).text == (
        "Не удалось понять дату и время. Напишите, например, «21.11 15:30», «завтра в 16» "
        "или «в пятницу 15:00»."
    )


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("ru", "Да, Пн 15.11.2027 15:30"),
        ("en", "Yes, Mo 15.11.2027 15:30"),
    ],
)
def test_the_question_in_both_languages(locale: str, expected: str) -> None:
    i18n = Translator("ru").bind(locale)
    suggested = datetime(2027, 11, 15, 12, 30, tzinfo=UTC)
    keyboard = mview.past_date_keyboard(i18n, 7, suggested, "Europe/Moscow")
    assert [b.text for row in keyboard.inline_keyboard for b in row] == [expected]
    text = i18n(
        "when-past-date",
        understood=mview.dated(i18n, datetime(2026, 11, 15, 12, 30, tzinfo=UTC), "Europe/Moscow"),
        suggested=mview.dated(i18n, suggested, "Europe/Moscow"),
    )
    assert "15.11.2026 15:30" in text
    assert "15.11.2027 15:30" in text
