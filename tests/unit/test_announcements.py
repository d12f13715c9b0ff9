"""The announcements service: who receives one, the outbox rows, and delivery counted from them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Announcement, AnnouncementKind, OrgKind, OutboxMessage, Role
from services.announcements import (
    MAX_TEXT,
    AnnouncementService,
    check_roles,
    check_text,
)
from services.errors import DomainError
from services.outbox import Outbox
from services.outbox_keys import announcement_key
from tests.unit.factories import NOW, join, make_org


def _render(locale: str) -> str:
    return f"[{locale}] hello"


async def test_a_school_reaches_its_mentors_and_mentees_once_each(session: AsyncSession) -> None:
    school = await make_org(session, "Школа 1")
    other = await make_org(session, "Школа 2")
    await join(session, 1, school, Role.CURATOR)
    mentor = await join(session, 2, school, Role.MENTOR)
    await join(session, 2, school, Role.MENTEE)  # one person in two roles: one message
    await join(session, 3, school, Role.MENTEE, locale="en")
    await join(session, 4, other, Role.MENTOR)
    blocked = await join(session, 5, school, Role.MENTOR)
    blocked.user.unreachable_at = NOW
    service = AnnouncementService(session)

    audience = await service.audience(school, [Role.MENTOR, Role.MENTEE])
    assert [p.telegram_id for p in audience.reachable] == [2, 3]
    assert audience.unreachable == 1
    only_mentors = await service.audience(school, [Role.MENTOR])
    assert [p.telegram_id for p in only_mentors.reachable] == [2]

    rendered: list[str] = []

    def render(locale: str) -> str:
        rendered.append(locale)
        return _render(locale)

    sent = await service.send(
        school,
        author_id=None,
        kind=AnnouncementKind.SEMINAR,
        text="  Семинар в пятницу  ",
        roles=["mentee", "mentor"],
        render=render,
        now=NOW,
    )
    assert (sent.queued, sent.unreachable) == (2, 1)
    assert sorted(rendered) == ["en", "ru"]  # once per language, not once per person
    row = await session.get(Announcement, sent.announcement.id)
    assert row is not None
    assert row.text == "Семинар в пятницу"
    assert row.roles == ["mentor", "mentee"]
    assert row.recipients == 2
    assert row.org_id == school.id
    messages = list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.chat_id)))
    assert [(m.chat_id, m.text, m.kind) for m in messages] == [
        (2, "[ru] hello", "announcement"),
        (3, "[en] hello", "announcement"),
    ]
    assert messages[0].dedupe_key == announcement_key(row.id, mentor.user.id)


async def test_a_municipal_office_reaches_all_its_schools_and_their_curators(
    session: AsyncSession,
) -> None:
    office = await make_org(session, "МКУ ЦРО", OrgKind.MUNICIPALITY)
    school_a = await make_org(session, "Школа А", parent=office)
    school_b = await make_org(session, "Школа Б", parent=office)
    foreign = await make_org(session, "Чужая школа")
    await join(session, 10, office, Role.CURATOR)  # the office's own curator: not a recipient
    await join(session, 11, school_a, Role.CURATOR)
    await join(session, 12, school_b, Role.CURATOR)
    await join(session, 13, school_a, Role.MENTOR)
    await join(session, 14, school_b, Role.MENTEE)
    await join(session, 15, foreign, Role.MENTOR)
    await join(session, 16, foreign, Role.CURATOR)
    service = AnnouncementService(session)

    curators = await service.audience(office, [Role.CURATOR])
    assert [p.telegram_id for p in curators.reachable] == [11, 12]
    everyone = await service.audience(office, [Role.MENTOR, Role.MENTEE, Role.CURATOR])
    assert [p.telegram_id for p in everyone.reachable] == [11, 12, 13, 14]
    sent = await service.send(
        office,
        author_id=None,
        kind=AnnouncementKind.MENTOR_OF_YEAR,
        text="Конкурс",
        roles=["curator", "mentor"],
        render=_render,
        now=NOW,
    )
    assert sent.queued == 3
    chats = set(await session.scalars(select(OutboxMessage.chat_id)))
    assert chats == {11, 12, 13}


async def test_an_office_without_schools_reaches_nobody(session: AsyncSession) -> None:
    office = await make_org(session, "МКУ", OrgKind.MUNICIPALITY)
    audience = await AnnouncementService(session).audience(office, [Role.MENTOR])
    assert (audience.reachable, audience.unreachable) == ([], 0)


async def test_text_and_roles_are_checked(session: AsyncSession) -> None:
    school = await make_org(session)
    office = await make_org(session, "МКУ", OrgKind.MUNICIPALITY)
    with pytest.raises(DomainError) as empty:
        check_text(" \n ")
    assert empty.value.key == "announce-text-empty"
    with pytest.raises(DomainError) as long:
        check_text("я" * (MAX_TEXT + 1))
    assert long.value.key == "announce-text-too-long"
    assert long.value.params == {"limit": MAX_TEXT, "length": MAX_TEXT + 1}
    assert check_text("я" * MAX_TEXT) == "я" * MAX_TEXT
    with pytest.raises(DomainError) as none:
        check_roles(school, [])
    assert none.value.key == "announce-no-roles"
    # a school addresses its own participants, not curators; nobody addresses "admins"
    for bad in (["curator"], ["mentor", "admin"]):
        with pytest.raises(DomainError) as stale:
            check_roles(school, bad)
        assert stale.value.key == "error-stale-button"
    assert check_roles(office, ["curator", "mentee"]) == [Role.MENTEE, Role.CURATOR]
    with pytest.raises(DomainError):
        await AnnouncementService(session).send(
            school,
            author_id=None,
            kind=AnnouncementKind.OTHER,
            text="",
            roles=["mentor"],
            render=_render,
            now=NOW,
        )
    assert list(await session.scalars(select(Announcement))) == []


async def test_delivery_is_counted_from_the_outbox_by_key(session: AsyncSession) -> None:
    school = await make_org(session)
    for telegram_id in range(20, 25):
        await join(session, telegram_id, school, Role.MENTOR)
    service = AnnouncementService(session)
    sent = await service.send(
        school,
        author_id=None,
        kind=AnnouncementKind.BEST_PAIR,
        text="Лучшая пара",
        roles=["mentor"],
        render=_render,
        now=NOW,
    )
    announcement_id = sent.announcement.id
    # a neighbour whose key shares the digits must not be counted: id 1 vs 12, 1x
    outbox = Outbox(session)
    await outbox.enqueue(
        99,
        "x",
        kind="announcement",
        not_before=NOW,
        dedupe_key=f"announcement:{announcement_id}2:7",
    )
    await outbox.enqueue(
        98, "x", kind="announcement", not_before=NOW, dedupe_key=f"Announcement:{announcement_id}:7"
    )
    rows = list(
        await session.scalars(
            select(OutboxMessage).where(OutboxMessage.chat_id < 90).order_by(OutboxMessage.chat_id)
        )
    )
    assert len(rows) == 5
    await outbox.mark_sent(rows[0].id, sent_at=NOW, telegram_message_id=1)
    await outbox.mark_sent(rows[1].id, sent_at=NOW, telegram_message_id=2)
    await outbox.mark_blocked(rows[2].id, at=NOW, error="Forbidden")
    await outbox.mark_failed(rows[3].id, "Bad Request")
    delivery = await service.delivery(announcement_id)
    assert (delivery.sent, delivery.pending, delivery.blocked, delivery.failed) == (2, 1, 1, 1)
    assert delivery.queued == 5

    # the same announcement queued again (a retry of the same transaction) adds nothing
    again = await outbox.enqueue(
        20, "x", kind="announcement", not_before=NOW, dedupe_key=rows[0].dedupe_key
    )
    assert again is False


async def test_recent_lists_the_newest_first_with_their_delivery(session: AsyncSession) -> None:
    school = await make_org(session)
    other = await make_org(session, "Другая")
    await join(session, 30, school, Role.MENTEE)
    service = AnnouncementService(session)
    for number in range(12):
        await service.send(
            school,
            author_id=None,
            kind=AnnouncementKind.OTHER,
            text=f"Объявление {number}",
            roles=["mentee"],
            render=_render,
            now=NOW + timedelta(minutes=number),
        )
    await service.send(
        other,
        author_id=None,
        kind=AnnouncementKind.OTHER,
        text="Чужое",
        roles=["mentee"],
        render=_render,
        now=NOW,
    )
    recent = await service.recent(school.id)
    assert [a.text for a, _ in recent] == [f"Объявление {n}" for n in range(11, 1, -1)]
    assert all(d.pending == 1 and d.queued == 1 for _, d in recent)
