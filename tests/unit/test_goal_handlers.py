"""The development plan's buttons (handlers/goals.py): who may press what, and a goal's steps."""

from __future__ import annotations

from aiogram.methods import SendMessage
from sqlalchemy import select

from models import Goal
from tests.unit.test_program_handlers import MENTEE, MENTOR, STRANGER, App, app

__all__ = ["app"]  # the fixture


async def test_a_goal_is_added_ticked_and_guarded(app: App) -> None:
    p = app.pairing_id
    await app.press(STRANGER, f"gl:list:{p}:0:")
    assert "нет прав" in app.alerts()[-1]
    await app.press(MENTEE, f"gl:list:{p}:0:")
    assert "Целей пока нет" in app.rec.last(SendMessage).text
    await app.press(MENTEE, f"gl:add:{p}:0:")
    assert "только наставник" in app.alerts()[-1]
    await app.press(MENTEE, f"gl:diff:{p}:0:")
    assert "только наставник" in app.alerts()[-1]
    await app.press(MENTEE, f"gl:nodue:{p}:0:")
    assert "только наставник" in app.alerts()[-1]

    await app.press(MENTOR, f"gl:add:{p}:0:")
    assert "Сформулируйте цель" in app.rec.last(SendMessage).text
    await app.say(MENTOR, "Цель плана")
    ask = app.rec.last(SendMessage)
    assert "Какое затруднение" in ask.text
    assert ask.reply_markup is not None
    data = [b.callback_data for row in ask.reply_markup.inline_keyboard for b in row]  # type: ignore[union-attr]
    assert f"gl:diff:{p}:0:classroom_management" in data
    assert data[-1] == f"gl:diff:{p}:0:"
    await app.press(MENTOR, f"gl:diff:{p}:0:classroom_management")
    assert "К какой дате" in app.rec.last(SendMessage).text
    await app.press(MENTOR, f"gl:nodue:{p}:0:")
    texts = [m.text for m in app.rec.requests_of(SendMessage)]
    assert "✅ Цель добавлена в план." in texts
    async with app.factory() as session:
        goals = list(await session.scalars(select(Goal).where(Goal.pairing_id == p)))
    assert [(g.title, g.difficulty, g.due_on, g.done_at) for g in goals] == [
        ("Цель плана", "classroom_management", None, None)
    ]

    await app.press(MENTEE, f"gl:done:{p}:{goals[0].id}:")
    assert app.alerts()[-1] == "Отмечено"
    async with app.factory() as session:
        goal = await session.get(Goal, goals[0].id)
        assert goal is not None
        assert goal.done_at is not None
    await app.press(MENTOR, f"gl:done:{p}:999:")
    assert "устарела" in app.alerts()[-1]
