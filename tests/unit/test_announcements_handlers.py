"""The announcement conversation through ``Dispatcher.feed_update``, with a real database."""

from __future__ import annotations

import pytest
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    SendMessage,
)
from aiogram.types import InlineKeyboardMarkup, Update
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tg.callbacks import AnnounceAct, AnnounceCb
from models import Announcement, Membership, OrgKind, OutboxMessage, Role, User
from services.outbox import Outbox
from tests.recording import make_message_update
from tests.unit.app_factory import BotApp
from tests.unit.factories import NOW, join, make_org

CURATOR, MENTOR, MENTEE, MENTEE_EN, OUTSIDER = 700, 701, 702, 703, 704


class App(BotApp):
    def alert(self) -> str:
        return self.rec.last(AnswerCallbackQuery).text or ""

    def last_markup(self) -> InlineKeyboardMarkup:
        for request in reversed(self.rec.requests):
            markup = getattr(request, "reply_markup", None)
            if isinstance(markup, InlineKeyboardMarkup):
                return markup
        raise AssertionError("no keyboard was sent")

    def button(self, label: str) -> str:
        for row in self.last_markup().inline_keyboard:
            for button in row:
                if label in button.text:
                    assert button.callback_data is not None
                    return button.callback_data
        raise AssertionError(f"no button {label!r} in {self.last_markup()}")


@pytest.fixture
def app(session_factory: async_sessionmaker[AsyncSession]) -> App:
    # the flood limit is off: these tests press faster than any person
    return App.build(session_factory, NOW, flood_rate=0)


async def _school(app: App) -> int:
    async with app.factory() as session, session.begin():
        org = await make_org(session, "МБОУ <СОШ> № 7")
        await join(session, CURATOR, org, Role.CURATOR)
        await join(session, MENTOR, org, Role.MENTOR)
        await join(session, MENTEE, org, Role.MENTEE)
        await join(session, MENTEE_EN, org, Role.MENTEE, locale="en")
        return org.id


async def _to_preview(app: App, org_id: int, text: str = "Семинар в пятницу") -> str:
    """Open the flow, pick «Семинар», keep the default roles, type the text; the send data."""
    await app.press(CURATOR, AnnounceCb(act=AnnounceAct.NEW, org=org_id))
    assert "О чём объявление" in app.rec.last(SendMessage).text
    await app.press(CURATOR, app.button("Семинар"))
    assert "Кому отправить" in (app.rec.last(EditMessageText).text or "")
    await app.press(CURATOR, app.button("Далее"))
    assert "Напишите текст объявления" in (app.rec.last(EditMessageText).text or "")
    await app.say(CURATOR, text)
    return app.button("Отправить")


async def test_a_curator_announces_a_seminar_and_sees_it_delivered(app: App) -> None:
    org_id = await _school(app)
    send = await _to_preview(app, org_id, "Семинар <b>в пятницу</b> & чай\nКаб. 12")
    preview = app.rec.last(SendMessage).text
    assert "Так объявление увидят получатели" in preview
    assert "Получателей: 3 (Наставники, Наставляемые)" in preview
    # the text as typed, escaped for HTML; the organization's name too
    assert "Семинар &lt;b&gt;в пятницу&lt;/b&gt; &amp; чай\nКаб. 12" in preview
    assert "МБОУ &lt;СОШ&gt; № 7" in preview

    await app.press(CURATOR, send)
    assert "поставлено в очередь: 3 получателя" in app.rec.last(SendMessage).text
    assert app.rec.last(EditMessageReplyMarkup).reply_markup is None
    async with app.factory() as session:
        messages = {m.chat_id: m for m in await session.scalars(select(OutboxMessage))}
        announcement = await session.scalar(select(Announcement))
    assert set(messages) == {MENTOR, MENTEE, MENTEE_EN}
    assert announcement is not None
    assert announcement.recipients == 3
    assert announcement.roles == ["mentor", "mentee"]
    ru, en = messages[MENTEE].text, messages[MENTEE_EN].text
    assert ru.startswith("<b>📚 Семинар</b>\n<i>МБОУ &lt;СОШ&gt; № 7</i>\n\n")
    assert en.startswith("<b>📚 Seminar</b>\n<i>МБОУ &lt;СОШ&gt; № 7</i>\n\n")
    assert ru.endswith("Семинар &lt;b&gt;в пятницу&lt;/b&gt; &amp; чай\nКаб. 12")
    assert {m.dedupe_key for m in messages.values()} == {
        f"announcement:{announcement.id}:{uid}"
        for uid in await _user_ids(app, MENTOR, MENTEE, MENTEE_EN)
    }

    # the list: nothing delivered yet, then one of three
    await app.press(CURATOR, AnnounceCb(act=AnnounceAct.LIST, org=org_id))
    listing = app.rec.last(SendMessage).text
    assert "доставлено 0 из 3" in listing
    assert "в очереди 3" in listing
    assert "Семинар" in listing
    async with app.factory() as session, session.begin():
        await Outbox(session).mark_sent(messages[MENTOR].id, sent_at=NOW, telegram_message_id=5)
        await Outbox(session).mark_blocked(messages[MENTEE].id, at=NOW, error="Forbidden")
    await app.press(CURATOR, AnnounceCb(act=AnnounceAct.LIST, org=org_id))
    listing = app.rec.last(SendMessage).text
    assert "доставлено 1 из 3" in listing
    assert "заблокировали бота 1" in listing


async def _user_ids(app: App, *telegram_ids: int) -> set[int]:
    async with app.factory() as session:
        return set(await session.scalars(select(User.id).where(User.telegram_id.in_(telegram_ids))))


async def test_a_double_press_of_send_sends_once(app: App) -> None:
    org_id = await _school(app)
    send = await _to_preview(app, org_id)
    await app.press(CURATOR, send)
    await app.press(CURATOR, send)
    assert "уже отправлено" in app.alert()
    assert await app.count(Announcement) == 1
    assert await app.count(OutboxMessage) == 3
    # with a new draft open, the old button still sends nothing
    await _to_preview(app, org_id, "Второе")
    await app.press(CURATOR, send)
    assert "уже отправлено" in app.alert()
    assert await app.count(Announcement) == 1


async def test_roles_toggle_and_at_least_one_is_needed(app: App) -> None:
    org_id = await _school(app)
    await app.press(CURATOR, AnnounceCb(act=AnnounceAct.NEW, org=org_id))
    await app.press(CURATOR, app.button("Лучшая пара"))
    labels = [b.text for row in app.last_markup().inline_keyboard for b in row]
    # a school writes to its mentors and mentees; curators are for a municipal office
    assert labels[:2] == ["✅ Наставники", "✅ Наставляемые"]
    assert not any("Кураторы" in label for label in labels)
    await app.press(CURATOR, app.button("Наставники"))
    await app.press(CURATOR, app.button("Наставляемые"))
    labels = [b.text for row in app.last_markup().inline_keyboard for b in row]
    assert labels[:2] == ["⬜ Наставники", "⬜ Наставляемые"]
    await app.press(CURATOR, app.button("Далее"))
    assert "хотя бы одну" in app.alert()
    await app.press(CURATOR, app.button("Наставники"))
    await app.press(CURATOR, app.button("Далее"))
    await app.say(CURATOR, "Только наставникам")
    assert "Получателей: 1 (Наставники)" in app.rec.last(SendMessage).text
    await app.press(CURATOR, app.button("Отправить"))
    async with app.factory() as session:
        chats = list(await session.scalars(select(OutboxMessage.chat_id)))
    assert chats == [MENTOR]


async def test_wrong_input_while_typing_gets_a_polite_answer(app: App) -> None:
    org_id = await _school(app)
    await app.press(CURATOR, AnnounceCb(act=AnnounceAct.NEW, org=org_id))
    await app.press(CURATOR, app.button("Семинар"))
    await app.press(CURATOR, app.button("Далее"))
    await app.feed(_photo_update(CURATOR))
    assert "обычным сообщением" in app.rec.last(SendMessage).text
    await app.say(CURATOR, "я" * 3001)
    assert "слишком длинный: 3\xa0001 символ" in app.rec.last(SendMessage).text
    await app.say(CURATOR, "   ")
    assert "пустой" in app.rec.last(SendMessage).text
    # a command is left to its own handler, and the step stays
    await app.say(CURATOR, "/help")
    assert "Справка" in app.rec.last(SendMessage).text
    await app.say(CURATOR, "Теперь правильно")
    assert "Получателей: 3" in app.rec.last(SendMessage).text
    assert await app.count(Announcement) == 0


async def test_cancel_leaves_nothing_and_kills_the_draft(app: App) -> None:
    org_id = await _school(app)
    send = await _to_preview(app, org_id)
    await app.press(CURATOR, app.button("Отмена"))
    assert "ничего не отправлено" in (app.rec.last(EditMessageText).text or "")
    await app.press(CURATOR, send)
    assert "устарела" in app.alert()
    assert await app.count(OutboxMessage) == 0
    # a cancel while typing also leaves the step: the next text is not an announcement
    await app.press(CURATOR, AnnounceCb(act=AnnounceAct.NEW, org=org_id))
    await app.press(CURATOR, app.button("Семинар"))
    await app.press(CURATOR, app.button("Далее"))
    await app.press(CURATOR, app.button("Отмена"))
    await app.say(CURATOR, "просто текст")
    assert "Получателей" not in app.rec.last(SendMessage).text


async def test_a_mentee_and_an_outsider_cannot_announce(app: App) -> None:
    org_id = await _school(app)
    for person in (MENTEE, OUTSIDER):
        for act, v in (("new", ""), ("list", ""), ("kind", "seminar"), ("send", "deadbeef")):
            await app.press(person, AnnounceCb(act=act, org=org_id, kind_or_draft=v))
            assert "нет прав" in app.alert(), (person, act)
    # the curator's live send button pressed by a mentee (a forwarded or forged press)
    send = await _to_preview(app, org_id)
    await app.press(MENTEE, send)
    assert "нет прав" in app.alert()
    assert await app.count(Announcement) == 0


async def test_forged_and_stale_presses(app: App) -> None:
    org_id = await _school(app)
    async with app.factory() as session, session.begin():
        other = await make_org(session, "Чужая школа")
        await join(session, 710, other, Role.MENTOR)
        other_id = other.id
    send = await _to_preview(app, org_id)
    token = AnnounceCb.unpack(send).kind_or_draft
    # the same draft's buttons pointed at another school: no right there
    await app.press(CURATOR, AnnounceCb(act=AnnounceAct.SEND, org=other_id, kind_or_draft=token))
    assert "нет прав" in app.alert()
    # a made-up token, a role a school cannot address, an unknown kind or action (the last
    # ones do not even parse)
    for forged in (
        AnnounceCb(act=AnnounceAct.SEND, org=org_id, kind_or_draft="deadbeef"),
        AnnounceCb(act=AnnounceAct.ROLE, org=org_id, kind_or_draft=f"{token}.curator"),
        f"an:role:{org_id}:{token}.admin",
        f"an:kind:{org_id}:party",
        f"an:boom:{org_id}:",
        f"an:send:{org_id}",
        "an:send:notanumber:x",
    ):
        await app.press(CURATOR, forged)
        assert "устарела" in app.alert(), forged
    assert await app.count(Announcement) == 0
    # the right is re-checked on the press itself: a curator removed after the preview
    async with app.factory() as session, session.begin():
        await session.execute(
            delete(Membership).where(Membership.role == Role.CURATOR, Membership.org_id == org_id)
        )
    await app.press(CURATOR, send)
    assert "нет прав" in app.alert()
    assert await app.count(OutboxMessage) == 0


async def test_a_municipal_curator_writes_to_school_curators(app: App) -> None:
    async with app.factory() as session, session.begin():
        office = await make_org(session, "МКУ ЦРО", OrgKind.MUNICIPALITY)
        school = await make_org(session, "Школа А", parent=office)
        await join(session, CURATOR, office, Role.CURATOR)
        await join(session, 720, school, Role.CURATOR)
        await join(session, 721, school, Role.MENTOR)
        office_id = office.id
    await app.press(CURATOR, AnnounceCb(act=AnnounceAct.NEW, org=office_id))
    await app.press(CURATOR, app.button("Школа наставников"))
    labels = [b.text for row in app.last_markup().inline_keyboard for b in row]
    assert "⬜ Кураторы школ" in labels
    await app.press(CURATOR, app.button("Кураторы школ"))
    await app.press(CURATOR, app.button("Наставляемые"))  # off: nobody is a mentee anyway
    await app.press(CURATOR, app.button("Далее"))
    await app.say(CURATOR, "Школа наставников 1 декабря")
    assert "Получателей: 2 (Наставники, Кураторы школ)" in app.rec.last(SendMessage).text
    await app.press(CURATOR, app.button("Отправить"))
    async with app.factory() as session:
        chats = set(await session.scalars(select(OutboxMessage.chat_id)))
    assert chats == {720, 721}


async def test_nobody_to_send_to_offers_no_send_button(app: App) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session, "Пустая школа")
        await join(session, CURATOR, org, Role.CURATOR)
        org_id = org.id
    await app.press(CURATOR, AnnounceCb(act=AnnounceAct.NEW, org=org_id))
    await app.press(CURATOR, app.button("📣 Объявление"))
    await app.press(CURATOR, app.button("Далее"))
    await app.say(CURATOR, "Никому")
    assert "отправлять некому" in app.rec.last(SendMessage).text
    labels = [b.text for row in app.last_markup().inline_keyboard for b in row]
    assert not any("Отправить" in label for label in labels)


def _photo_update(user_id: int) -> Update:
    base = make_message_update(user_id, "x").model_dump(exclude_none=True)
    message = base["message"]
    del message["text"]
    message["photo"] = [
        {"file_id": "p1", "file_unique_id": "u1", "width": 10, "height": 10},
    ]
    return Update.model_validate(base)
