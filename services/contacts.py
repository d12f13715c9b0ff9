"""Reaching one's pair (issue 15): whose Telegram contact the other side sees, and who may write
to whom through the bot.

A contact is shown only between two adults of the school's staff (both joined by a teacher
link): pupils are minors whose intake asks no such consent, and an outside mentor's contacts
stay with the school — those pairs write through the bot only. Between staff, a mentee's
contact is shown when they answered ``contact_ok`` yes, a mentor's only once they switched it
on; either may change it later with the toggle (``contact_choices``).

Every call starts from the person acting and re-checks that they are a current member of an
active pair, so a forged or stale button never reaches anyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Answer,
    Audience,
    ContactChoice,
    Membership,
    Organization,
    Pairing,
    QuestionnaireResponse,
)
from services.errors import DomainError
from services.meetings.repository import MeetingRepository, Participant

# what one relayed message may hold: a note, not a document (Telegram's own limit is 4096)
RELAY_LIMIT = 1000
CONSENT_QUESTION = "contact_ok"


@dataclass(frozen=True)
class Side:
    person: Participant
    # this person agreed to show their contact to the pair
    shares: bool
    # the school lets the two show contacts to each other at all (both adult staff)
    contacts_allowed: bool

    @property
    def visible(self) -> bool:
        return self.contacts_allowed and self.shares


@dataclass(frozen=True)
class PairContacts:
    pairing: Pairing
    me: Participant
    my_choice: bool
    # the mentor for a mentee; the mentees for a mentor
    others: list[Side]

    @property
    def can_share(self) -> bool:
        """The toggle means something: some side of this pair could see my contact."""
        return any(side.contacts_allowed for side in self.others)

    def other(self, membership_id: int) -> Side:
        side = next((s for s in self.others if s.person.membership.id == membership_id), None)
        if side is None:
            raise DomainError("contact-not-in-pair")
        return side


def _staff(person: Participant) -> bool:
    return person.membership.audience is Audience.TEACHER and person.user.age_band is None


class ContactService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def pair(self, user_id: int, pairing_id: int) -> PairContacts:
        """The person's place in an active pair, or a refusal: withdrawn, ended, never in it."""
        pairing = await self.session.get(Pairing, pairing_id)
        if pairing is None:
            raise DomainError("contact-not-in-pair")
        # only active assignments and memberships that still have a person behind them
        participants = await MeetingRepository(self.session).participants(pairing)
        me = next((p for p in participants if p.user.id == user_id), None)
        mentees = [p for p in participants if not p.is_mentor]
        if me is None or me.membership.withdrawn_at is not None or not mentees:
            raise DomainError("contact-not-in-pair")
        others = [p for p in participants if p.is_mentor != me.is_mentor]
        shares = await self._shares([me, *others])
        return PairContacts(
            pairing,
            me,
            shares[me.membership.id],
            [
                Side(p, shares[p.membership.id], _staff(me) and _staff(p))
                for p in others
                if p.membership.withdrawn_at is None
            ],
        )

    async def relay(
        self, user_id: int, pairing_id: int, to_membership_id: int
    ) -> tuple[PairContacts, Side]:
        """Who writes to whom through the bot: both must be current members of the pair."""
        contacts = await self.pair(user_id, pairing_id)
        return contacts, contacts.other(to_membership_id)

    async def set_shown(self, contacts: PairContacts, shown: bool, now: datetime) -> None:
        if not contacts.can_share:
            # a pupil's or an outside pair: the school keeps contacts, the toggle is not offered
            raise DomainError("contact-relay-only")
        membership_id = contacts.me.membership.id
        choice = await self.session.get(ContactChoice, membership_id)
        if choice is None:
            self.session.add(
                ContactChoice(membership_id=membership_id, shown=shown, changed_at=now)
            )
        else:
            choice.shown = shown
            choice.changed_at = now
        await self.session.flush()

    async def choices_of(self, user_id: int) -> list[tuple[ContactChoice, Organization]]:
        """What the person chose, for /mydata."""
        rows = await self.session.execute(
            select(ContactChoice, Organization)
            .join(Membership, Membership.id == ContactChoice.membership_id)
            .join(Organization, Organization.id == Membership.org_id)
            .where(Membership.user_id == user_id)
            .order_by(ContactChoice.membership_id)
        )
        return [(choice, org) for choice, org in rows]

    async def _shares(self, people: list[Participant]) -> dict[int, bool]:
        ids = [p.membership.id for p in people]
        chosen = {
            c.membership_id: c.shown
            for c in await self.session.scalars(
                select(ContactChoice).where(ContactChoice.membership_id.in_(ids))
            )
        }
        result: dict[int, bool] = {}
        for person in people:
            mid = person.membership.id
            if mid in chosen:
                result[mid] = chosen[mid]
            elif person.is_mentor:
                result[mid] = False  # a mentor was never asked: nothing is shown until they say so
            else:
                result[mid] = await self._intake_consent(mid)
        return result

    async def _intake_consent(self, membership_id: int) -> bool:
        value = await self.session.scalar(
            select(Answer.value)
            .join(QuestionnaireResponse, QuestionnaireResponse.id == Answer.response_id)
            .where(
                QuestionnaireResponse.membership_id == membership_id,
                QuestionnaireResponse.subject.is_(None),
                Answer.question_id == CONSENT_QUESTION,
            )
            .order_by(QuestionnaireResponse.id.desc())
            .limit(1)
        )
        return value is True
