"""Pupils are addressed with «ты» (locales/<locale>/pupil/*.ftl over the shared messages): the
translator's lookup order, and through the dispatcher a pupil and a teacher getting the same
message in their own register."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from aiogram.methods import AnswerCallbackQuery, SendMessage
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.config import Settings
from bot.app.deps import AppDeps
from bot.notify.notices import notify_user
from bot.tg.i18n import Translator
from models import AgeBand, Audience, OutboxMessage, Role, User
from services.invites import InviteService
from services.questionnaire.schema import Form
from tests.recording import make_callback_update, make_message_update
from tests.unit.app_factory import BotApp as App
from tests.unit.app_factory import MovableClock, build_app
from tests.unit.factories import NOW, make_org
from tests.unit.pairing_factories import add_person
from tests.unit.pupil_factories import add_pupil

PUPIL, TEACHER, STRANGER = 11, 12, 13


@dataclass
class Person:
    locale: str
    age_band: AgeBand | None


# ----- the translator ------------------------------------------------------------------------
def test_a_pupil_gets_the_overlay_an_adult_the_base(translator: Translator) -> None:
    pupil = translator.for_user(Person("ru", AgeBand.TEEN))
    adult = translator.for_user(Person("ru", None))
    assert pupil.pupil
    assert not adult.pupil
    assert pupil("offer-declined") == "Хорошо, ответ записан. Куратор подберёт другой вариант."
    assert adult("offer-declined") == "Вы отказались. Куратор подберёт другой вариант."
    assert "ты и Маша" in pupil("pair-confirmed-notice", date="01.12", other="Маша", org="СОШ")
    assert "вы и Маша" in adult("pair-confirmed-notice", date="01.12", other="Маша", org="СОШ")
    # an adult of 18 who joined as a pupil is still a pupil of the school
    assert translator.for_user(Person("ru", AgeBand.ADULT))("menu-no-roles").startswith("Ты ")


def test_a_key_the_overlay_lacks_falls_back_to_the_base(translator: Translator) -> None:
    assert "menu-title" not in translator.pupil_bundles["ru"]._messages
    pupil = translator.bind("ru", pupil=True)
    assert pupil("menu-title") == translator.bind("ru")("menu-title")
    assert pupil("meeting-reminder", kind="К", at="Т", with_whom="М", place="") == (
        translator.bind("ru")("meeting-reminder", kind="К", at="Т", with_whom="М", place="")
    )


def test_english_has_no_overlay_and_is_unaffected(translator: Translator) -> None:
    assert not translator.pupil_bundles["en"]._messages
    pupil = translator.for_user(Person("en", AgeBand.UNDER_14))
    assert pupil.locale == "en"
    for key in ("offer-declined", "help-common", "q-summary-hint", "error-stale-button"):
        assert pupil(key, title="T") == translator.bind("en")(key, title="T")


def test_an_unknown_locale_falls_back_to_the_default_overlay(translator: Translator) -> None:
    pupil = translator.for_user(Person("de", AgeBand.TEEN))
    assert pupil.locale == "ru"
    assert pupil("menu-no-roles") == "Ты пока не участвуешь в программе."


def test_the_default_locales_overlay_comes_before_its_base(tmp_path: Path) -> None:
    """A message missing in a pupil's language: the default's «ты» text, not its «вы» one."""
    for locale in ("ru", "en"):
        (tmp_path / locale).mkdir()
    (tmp_path / "ru" / "a.ftl").write_text("hi = Здравствуйте\nonly = Вы тут\n", encoding="utf-8")
    (tmp_path / "ru" / "pupil").mkdir()
    (tmp_path / "ru" / "pupil" / "a.ftl").write_text("only = Ты тут\n", encoding="utf-8")
    (tmp_path / "en" / "a.ftl").write_text("hi = Hello\n", encoding="utf-8")
    translator = Translator("ru", tmp_path)
    assert translator.get("en", "only", pupil=True) == "Ты тут"
    assert translator.get("en", "only") == "Вы тут"
    assert translator.get("en", "hi", pupil=True) == "Hello"


def test_a_broken_overlay_fails_at_start(tmp_path: Path) -> None:
    for locale in ("ru", "en"):
        (tmp_path / locale / "pupil").mkdir(parents=True)
        (tmp_path / locale / "a.ftl").write_text("hi = Hi\n", encoding="utf-8")
    (tmp_path / "ru" / "pupil" / "a.ftl").write_text("hi = { broken\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot parse"):
        Translator("ru", tmp_path)


# ----- through the dispatcher ------------------------------------------------------------------
@pytest.fixture
def app(
    session_factory: async_sessionmaker[AsyncSession],
    forms: dict[str, Form],
    translator: Translator,
) -> App:
    return build_app(session_factory, NOW, forms=forms, translator=translator)


async def _school(app: App, forms: dict[str, Form]) -> int:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        await add_pupil(session, forms, org, PUPIL, Role.MENTEE, "Маша", grade=7)
        await add_person(session, forms, org, TEACHER, Role.MENTEE, "Иванова Анна")
        return org.id


async def _said(app: App, user_id: int, text: str) -> str:
    await app.feed(make_message_update(user_id, text))
    return app.rec.last(SendMessage).text or ""


async def test_help_and_mydata_speak_to_a_pupil_with_ty(app: App, forms: dict[str, Form]) -> None:
    await _school(app, forms)
    pupil_help = await _said(app, PUPIL, "/help")
    teacher_help = await _said(app, TEACHER, "/help")
    assert "/mydata — что бот о тебе хранит" in pupil_help
    assert "Наставляемому:</b> заполни анкету" in pupil_help
    assert "/mydata — что бот о вас хранит" in teacher_help
    assert "Наставляемому:</b> заполните анкету" in teacher_help
    assert "<b>Твои данные</b>" in await _said(app, PUPIL, "/mydata")
    assert "<b>Ваши данные</b>" in await _said(app, TEACHER, "/mydata")


async def test_a_refusal_speaks_to_a_pupil_with_ty(app: App, forms: dict[str, Form]) -> None:
    """The error handler looks the person up itself: the update's session was rolled back."""
    org_id = await _school(app, forms)
    await app.feed(make_callback_update(PUPIL, f"sv:list:{org_id}:0:"))
    assert app.rec.last(AnswerCallbackQuery).text == "Это действие тебе недоступно."
    await app.feed(make_callback_update(TEACHER, f"sv:list:{org_id}:0:"))
    assert app.rec.last(AnswerCallbackQuery).text == "У вас нет прав на это действие."


async def test_a_notice_to_a_pupil_is_queued_with_ty(
    app: App, forms: dict[str, Form], translator: Translator
) -> None:
    await _school(app, forms)
    deps = AppDeps(
        settings=Settings(bot_token="1:x"),
        translator=translator,
        forms=forms,
        clock=MovableClock(NOW),
        session_factory=app.factory,
    )
    async with app.factory() as session, session.begin():
        for telegram_id in (PUPIL, TEACHER):
            user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
            assert user is not None
            await notify_user(
                session,
                deps,
                user,
                lambda i18n: i18n("withdrawal-mentor-left", org="СОШ"),
                NOW,
            )
    async with app.factory() as session:
        rows = await session.execute(select(OutboxMessage.chat_id, OutboxMessage.text))
        texts = {row.chat_id: row.text for row in rows}
    assert texts[PUPIL].startswith("Твой наставник вышел из программы «СОШ»")
    assert texts[TEACHER].startswith("Ваш наставник вышел из программы «СОШ»")


async def test_a_pupil_not_stored_yet_is_addressed_with_ty(app: App) -> None:
    """Between the age question and the parent's answer only the conversation knows the band."""
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        invite = await InviteService(session).create(
            org.id, Role.MENTEE, audience=Audience.PUPIL, now=NOW
        )
        token = invite.token
    await app.feed(make_message_update(STRANGER, f"/start {token}"))
    ask = app.rec.last(SendMessage)
    assert ask.reply_markup is not None
    teen = next(
        button.callback_data
        for row in ask.reply_markup.inline_keyboard  # type: ignore[union-attr]
        for button in row
        if button.text == "Мне 14–17"
    )
    assert teen is not None
    await app.feed(make_callback_update(STRANGER, "zz:forged"))
    assert "Используйте последнее" in (app.rec.last(AnswerCallbackQuery).text or "")
    await app.feed(make_callback_update(STRANGER, teen))
    await app.feed(make_callback_update(STRANGER, "zz:forged"))
    assert "Используй последнее" in (app.rec.last(AnswerCallbackQuery).text or "")
