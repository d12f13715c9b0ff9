"""Invite links per kind (issue 12): a school curator picks a teacher, pupil or external kind,
the link carries its audience, and the card names the kind. Through ``Dispatcher.feed_update``
with a recording session and a real database."""

from __future__ import annotations

import pytest
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Audience, Invite, Organization, OrgKind, Role
from services.errors import DomainError
from services.invites import InviteService
from services.onboarding import INVITE_KINDS
from services.people import PeopleService
from tests.recording import make_callback_update
from tests.unit.app_factory import BotApp
from tests.unit.factories import NOW, join, make_org

CURATOR = 50
# the buttons a school curator sees, in order, with the kind each one makes
SCHOOL_KINDS = [
    ("Педагог-наставник", "mentor", "teacher"),
    ("Наставляемый педагог", "mentee", "teacher"),
    ("Ученик-наставник", "mentor", "pupil"),
    ("Ученик-наставляемый", "mentee", "pupil"),
    ("Внешний наставник (студент, работодатель, выпускник, родитель)", "mentor", "external"),
    ("Куратор", "curator", "teacher"),
    ("Руководитель организации", "head", "teacher"),
]
SHARE_HINTS = {"teacher": "чат педагогов", "pupil": "согласие родителя", "external": "работодател"}


class App(BotApp):
    async def press(self, data: str, user_id: int = CURATOR) -> None:  # type: ignore[override]
        await self.dp.feed_update(self.bot, make_callback_update(user_id, data))

    async def invites(self) -> list[Invite]:
        async with self.factory() as session:
            return list(await session.scalars(select(Invite).order_by(Invite.id)))


@pytest.fixture
def app(session_factory: async_sessionmaker[AsyncSession]) -> App:
    return App.build(session_factory, NOW)


async def _school(app: App, kind: OrgKind = OrgKind.SCHOOL) -> int:
    async with app.factory() as session, session.begin():
        org = await make_org(session, kind=kind)
        await join(session, CURATOR, org, Role.CURATOR)
        return org.id


def _buttons(markup: object) -> list[tuple[str, str]]:
    assert isinstance(markup, InlineKeyboardMarkup)
    return [(b.text, b.callback_data or "") for row in markup.inline_keyboard for b in row]


async def test_a_school_curator_chooses_among_every_kind(app: App) -> None:
    org = await _school(app)
    await app.press(f"iv:new:{org}::0:0:")
    buttons = _buttons(app.rec.last(SendMessage).reply_markup)
    assert buttons == [
        (text, f"iv:role:{org}:{role}:0:0:{aud}") for text, role, aud in SCHOOL_KINDS
    ]
    # every kind onboarding knows, a curator's and the head's link
    kinds = {(Role(role), Audience(aud)) for _, role, aud in SCHOOL_KINDS}
    assert kinds == {*INVITE_KINDS, (Role.CURATOR, Audience.TEACHER), (Role.HEAD, Audience.TEACHER)}


@pytest.mark.parametrize(("label", "role", "aud"), SCHOOL_KINDS)
async def test_each_kind_makes_a_link_for_its_audience(
    app: App, label: str, role: str, aud: str
) -> None:
    org = await _school(app)
    before = len(await app.invites())
    await app.press(f"iv:role:{org}:{role}:0:0:{aud}")
    ttl = app.rec.last(EditMessageText)
    assert "Сколько будет действовать" in (ttl.text or "")
    assert _buttons(ttl.reply_markup) == [
        (days, f"iv:ttl:{org}:{role}:{n}:0:{aud}")
        for days, n in (("7 дней", 7), ("30 дней", 30), ("Бессрочно (до отзыва)", 0))
    ]
    await app.press(f"iv:ttl:{org}:{role}:30:0:{aud}")
    card = app.rec.last(EditMessageText).text or ""
    assert f"<b>{label}</b>" in card
    assert "start=" in card
    assert SHARE_HINTS[aud] in card
    # a pupil or outside link while the school runs teacher forms only: the curator is warned
    assert ("ни одна форма наставничества с учениками" in card) is (aud != "teacher")
    invites = await app.invites()
    assert len(invites) == before + 1
    invite = invites[-1]
    assert (invite.role.value, invite.audience.value) == (role, aud)
    assert invite.expires_at is not None
    assert invite.max_uses == (1 if role in ("curator", "head") else None)
    # the person who opens it joins with the link's audience
    async with app.factory() as session, session.begin():
        joined = await PeopleService(session).join(700, "ru", invite.token, NOW)
        assert joined.membership.audience.value == aud


@pytest.mark.parametrize(
    "forged",
    [
        "iv:role:{org}:mentee:0:0:external",
        "iv:ttl:{org}:mentee:7:0:external",
        "iv:ttl:{org}:curator:7:0:pupil",
        "iv:ttl:{org}:mentor:7:0",  # a pick-the-expiry button from before the audience field
        "iv:ttl:{org}:mentor:7:0:",
        "iv:ttl:{org}:mentor:8:0:pupil",  # not one of the offered expiries
    ],
)
async def test_a_forged_kind_gets_the_stale_button_answer(app: App, forged: str) -> None:
    org = await _school(app)
    before = len(await app.invites())
    await app.press(forged.format(org=org))
    answer = app.rec.last(AnswerCallbackQuery)
    assert answer.text is not None
    assert "устарела" in answer.text
    assert len(await app.invites()) == before


async def test_a_municipal_office_makes_only_curator_links(app: App) -> None:
    org = await _school(app, OrgKind.MUNICIPALITY)
    await app.press(f"iv:new:{org}::0:0:")
    assert _buttons(app.rec.last(SendMessage).reply_markup) == [
        ("Муниципальный куратор", f"iv:role:{org}:curator:0:0:teacher")
    ]
    # a real kind for a school, but not here
    before = len(await app.invites())
    await app.press(f"iv:ttl:{org}:mentee:7:0:pupil")
    answer = app.rec.last(AnswerCallbackQuery)
    assert answer.text is not None
    assert "устарела" in answer.text
    assert len(await app.invites()) == before


async def test_a_mentee_cannot_make_a_pupil_link(app: App) -> None:
    org = await _school(app)
    async with app.factory() as session, session.begin():
        school = await session.get(Organization, org)
        assert school is not None
        await join(session, 51, school, Role.MENTEE)
    before = len(await app.invites())
    await app.press(f"iv:ttl:{org}:mentee:7:0:pupil", user_id=51)
    answer = app.rec.last(AnswerCallbackQuery)
    assert answer.text is not None
    assert "нет прав" in answer.text
    assert len(await app.invites()) == before


async def test_the_list_and_the_revoked_card_name_the_kind(app: App) -> None:
    org = await _school(app)
    async with app.factory() as session, session.begin():
        invites = InviteService(session)
        pupil = await invites.create(org, Role.MENTEE, audience=Audience.PUPIL, now=NOW)
        await invites.create(org, Role.MENTOR, audience=Audience.EXTERNAL, now=NOW)
        await invites.create(org, Role.MENTEE, now=NOW)
        pupil_id = pupil.id
    await app.press(f"iv:list:{org}::0:0:")
    cards = " ".join(app.rec.sent_texts)
    assert "Ученик-наставляемый" in cards
    assert "Внешний наставник" in cards
    assert "Наставляемый педагог" in cards
    await app.press(f"iv:revoke:{org}::0:{pupil_id}:")
    assert "«Ученик-наставляемый»" in (app.rec.last(EditMessageText).text or "")


async def test_the_service_refuses_a_kind_that_does_not_exist(session: AsyncSession) -> None:
    org = await make_org(session)
    invites = InviteService(session)
    for role, audience in [
        (Role.CURATOR, Audience.PUPIL),
        (Role.CURATOR, Audience.EXTERNAL),
        (Role.MENTEE, Audience.EXTERNAL),
    ]:
        with pytest.raises(DomainError, match="invite-kind-unknown"):
            await invites.create(org.id, role, audience=audience, now=NOW)
    assert await session.scalar(select(func.count()).select_from(Invite)) == 0
    made = await invites.create(org.id, Role.MENTEE, now=NOW)
    assert made.audience is Audience.TEACHER  # the default keeps today's callers as they are


async def test_no_warning_once_a_pupil_form_is_enabled(app: App) -> None:
    org_id = await _school(app)
    async with app.factory() as session, session.begin():
        org = await session.get(Organization, org_id)
        assert org is not None
        org.enabled_forms = ["teacher_teacher", "pupil_pupil"]
    await app.press(f"iv:ttl:{org_id}:mentee:30:0:pupil")
    card = app.rec.last(EditMessageText).text or ""
    assert "start=" in card
    assert "ни одна форма наставничества с учениками" not in card
