"""The curator's actions on proposals, pairs and groups, as decisions (no Telegram here).

The handlers (handlers/pairing.py) parse a button, call one of these and render the outcome;
the checks a press needs (the pair is the organization's, the assignment is still open and
agreed, the value is one the bot offers) live here, once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from models import (
    Assignment,
    AssignmentState,
    MentoringForm,
    MentoringType,
    Organization,
    PairFixing,
    Pairing,
)
from services.errors import DomainError
from services.pairing.service import END_REASONS, Offered, PairingService, ProposalView

# a proposed pair to offer: mentee, mentor and the proposal's score (none for a manual pick)
Wanted = tuple[int, int, float | None]
Started = Callable[[Pairing, Assignment], Awaitable[None]]


@dataclass(frozen=True)
class OrgPair:
    """A pair or group of the organization, with all its assignments (open or closed)."""

    pairing: Pairing
    assignments: list[Assignment]

    @property
    def open_ones(self) -> list[Assignment]:
        return [a for a in self.assignments if a.is_open]

    def open_assignment(self, assignment_id: int) -> Assignment | None:
        return next((a for a in self.open_ones if a.id == assignment_id), None)

    def agreed(self, assignment_id: int) -> Assignment | None:
        """The open assignment both sides agreed to, the one a confirmation acts on."""
        target = self.open_assignment(assignment_id)
        return target if target is not None and target.state is AssignmentState.AGREED else None


async def pair_of_org(service: PairingService, org: Organization, pairing_id: int) -> OrgPair:
    pairing, assignments = await service.pairing(pairing_id)
    if pairing.org_id != org.id:
        # the organization in the button is checked against the pair's own
        raise DomainError("error-no-access")
    return OrgPair(pairing, assignments)


class Confirmation(Enum):
    CONFIRMED = "confirmed"
    NEEDS_CHECK = "needs_check"  # an adult from outside with a minor: the school checks first
    NOT_AGREED = "not_agreed"


async def confirm_agreed(
    service: PairingService, pairing: Pairing, target: Assignment, now: datetime
) -> Confirmation:
    """One agreed assignment fixed, unless the school's check of the mentor comes first.
    The single «Закрепить» and «Закрепить все согласованные» both go through here."""
    if target.state is not AssignmentState.AGREED:
        return Confirmation.NOT_AGREED
    if await service.needs_check(pairing, target):
        return Confirmation.NEEDS_CHECK
    await service.confirm(target, now)
    return Confirmation.CONFIRMED


@dataclass(frozen=True)
class ConfirmedAll:
    confirmed: int
    waiting: int  # left for their own card: the school's check comes first


async def confirm_all_agreed(
    service: PairingService, org: Organization, now: datetime, started: Started
) -> ConfirmedAll:
    """Every pair both sides agreed to; ``started`` runs for each one just fixed."""
    if org.pair_fixing is not PairFixing.CURATOR:
        raise DomainError("head-pairs-by-order")
    confirmed = waiting = 0
    for pairing, assignments in await service.org_pairings(org.id):
        for target in assignments:
            match await confirm_agreed(service, pairing, target, now):
                case Confirmation.CONFIRMED:
                    await started(pairing, target)
                    confirmed += 1
                case Confirmation.NEEDS_CHECK:
                    waiting += 1
    return ConfirmedAll(confirmed, waiting)


async def record_check(
    service: PairingService,
    org: Organization,
    pairing: Pairing,
    by_user_id: int | None,
    now: datetime,
) -> bool:
    """«The school checked the mentor», recorded. True: the curator fixes the pair now;
    False: it is fixed later, by the head's order."""
    await service.record_check(pairing, by_user_id, now)
    return org.pair_fixing is not PairFixing.HEAD_ORDER


async def end_pair(
    service: PairingService, pair: OrgPair, assignment_id: int, reason: str, now: datetime
) -> Assignment | None:
    """The open assignment ended for a reason the bot offers; None: a stale button."""
    target = pair.open_assignment(assignment_id)
    if target is None or reason not in END_REASONS:
        return None
    await service.end(target, reason, now)
    return target


async def set_form(service: PairingService, pairing: Pairing, value: str) -> bool:
    """An old form menu's button: only the form the two sides make is accepted (False: not a
    form at all, a stale button)."""
    if value not in {f.value for f in MentoringForm}:
        return False
    await service.set_form(pairing, MentoringForm(value))
    return True


async def set_type(service: PairingService, pairing: Pairing, value: str) -> bool:
    if value not in {t.value for t in MentoringType}:
        return False
    await service.set_type(pairing, MentoringType(value))
    return True


async def can_group(service: PairingService, pairing: Pairing) -> bool:
    """A group gathers several pairs of one mentor; offered only while some are still apart."""
    mentor_open = [
        a
        for _, group in await service.org_pairings(pairing.org_id)
        for a in group
        if a.mentor_membership_id == pairing.mentor_membership_id
    ]
    return len(mentor_open) > 1 and any(a.pairing_id != pairing.id for a in mentor_open)


def proposed(view: ProposalView) -> list[Wanted]:
    """Every pair of a proposal, to offer at once."""
    return [(p.mentee_id, p.mentor_id, p.score.total) for p in view.proposal.pairs]


async def make_offers(
    service: PairingService,
    org: Organization,
    wanted: Sequence[Wanted],
    *,
    by_user_id: int | None,
    now: datetime,
    municipal: bool,
) -> tuple[list[Offered], list[DomainError]]:
    """The offers made, and why each of the others was refused (taken, full, …)."""
    offers: list[Offered] = []
    refused: list[DomainError] = []
    for mentee_id, mentor_id, score in wanted:
        try:
            offers.append(
                await service.offer(
                    org,
                    mentee_id,
                    mentor_id,
                    by_user_id=by_user_id,
                    now=now,
                    score=score,
                    municipal=municipal,
                )
            )
        except DomainError as error:
            refused.append(error)
    return offers, refused
