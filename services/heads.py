"""The head of the organization: one head per school, and pairs fixed by the head's order.

In «head_order» mode (models/orders.py PairFixing) a pair both sides agreed to waits: the
curator sends the agreed pairs for approval, the head approves them all by typing the order's
number and date, and only then are they active, with the order's date as the date of fixing.
The head may instead return the list to the curator. Plain Python: no Telegram code.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Answer,
    Assignment,
    AssignmentState,
    Membership,
    Order,
    OrderKind,
    Organization,
    PairFixing,
    Pairing,
    Program,
    ProgramState,
    QuestionnaireResponse,
    Role,
    User,
)
from services.errors import DomainError
from services.onboarding import POSITION_QUESTION
from services.questionnaire.answers import Invalid, parse_date
from services.questionnaire.schema import Form
from services.questionnaire.store import QuestionnaireStore

ORDER_NUMBER_MAX = 32
MAX_COMMENT = 500  # the head's comment when returning the list to the curator
# an order is typed after it is signed; a few days ahead allow for one dated to a term's start
ORDER_DATE_AHEAD = timedelta(days=14)
ORDER_DATE_BACK = timedelta(days=366)
# the time of day an order's date stands for, so the local date survives any time zone
_FIXING_TIME = time(12, 0)


def check_order_number(raw: str) -> str:
    number = " ".join(raw.split())
    if not number:
        raise DomainError("head-order-number-empty")
    if len(number) > ORDER_NUMBER_MAX:
        raise DomainError("head-order-number-too-long", limit=ORDER_NUMBER_MAX)
    return number


def check_order_date(raw: str, today: date) -> date:
    parsed = parse_date(raw)
    if isinstance(parsed, Invalid):
        raise DomainError(parsed.code, **parsed.params)
    assert isinstance(parsed.value, str)
    dated = date.fromisoformat(parsed.value)
    if dated > today + ORDER_DATE_AHEAD:
        raise DomainError("head-order-date-future", days=ORDER_DATE_AHEAD.days)
    if dated < today - ORDER_DATE_BACK:
        raise DomainError("head-order-date-old")
    return dated


def fixing_moment(dated: date, timezone: str) -> datetime:
    """The order's date as the moment the pairs were fixed (midday in the school's zone)."""
    return datetime.combine(dated, _FIXING_TIME, tzinfo=ZoneInfo(timezone)).astimezone(UTC)


@dataclass(frozen=True)
class Submitted:
    sent: list[Assignment]
    needs_check: int  # agreed pairs held back until the school's check is recorded


@dataclass(frozen=True)
class Approved:
    order: Order
    assignments: list[Assignment]


@dataclass(frozen=True)
class HeadMenu:
    """The figures of the head's menu."""

    mentors: int  # with a completed profile
    mentees: int
    pairs: int  # active
    waiting: int  # pairs waiting for the head's order
    programs: list[int]  # pairings whose programs wait for approval, the oldest first


class Approvals:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def menu(self, org_id: int) -> HeadMenu:
        rows = await self.session.execute(
            select(Membership.role, func.count())
            .where(
                Membership.org_id == org_id,
                Membership.user_id.is_not(None),
                Membership.profile_completed_at.is_not(None),
            )
            .group_by(Membership.role)
        )
        counts: dict[Role, int] = {row[0]: row[1] for row in rows}
        active = await self.session.scalar(
            select(func.count(Assignment.id)).where(
                Assignment.org_id == org_id,
                Assignment.is_open,
                Assignment.state == AssignmentState.ACTIVE,
            )
        )
        return HeadMenu(
            mentors=counts.get(Role.MENTOR, 0),
            mentees=counts.get(Role.MENTEE, 0),
            pairs=active or 0,
            waiting=len(await self.pending(org_id)),
            programs=await self.program_pairings_waiting(org_id),
        )

    async def program_pairings_waiting(self, org_id: int) -> list[int]:
        """The pairs whose programs wait for approval, in the order they were submitted."""
        rows = await self.session.scalars(
            select(Program.pairing_id)
            .join(Pairing, Pairing.id == Program.pairing_id)
            .where(Pairing.org_id == org_id, Program.state == ProgramState.SUBMITTED)
            .order_by(Program.submitted_at, Program.pairing_id)
        )
        return list(rows)

    async def require_pending(self, org_id: int) -> None:
        """The head approves or returns a list only while pairs wait for it."""
        if not await self.pending(org_id):
            raise DomainError("head-nothing-pending")

    async def order_of(self, org_id: int, order_id: int) -> Order:
        """The organization's order a button names."""
        order = await self.order(order_id)
        if order is None or order.org_id != org_id:
            raise DomainError("error-stale-button")
        return order

    async def programs_of(self, pairing_ids: list[int]) -> list[Program]:
        return list(
            await self.session.scalars(select(Program).where(Program.pairing_id.in_(pairing_ids)))
        )

    async def signer(self, forms: dict[str, Form], order: Order) -> tuple[str, str]:
        """The head's name and position as they answered; blank after the head withdrew."""
        if order.approved_by is None:
            return "", ""
        head = await self.session.get(User, order.approved_by)
        if head is None:
            return "", ""
        membership = await self.session.scalar(
            select(Membership).where(
                Membership.user_id == head.id,
                Membership.org_id == order.org_id,
                Membership.role == Role.HEAD,
            )
        )
        position = ""
        if membership is not None:
            store = QuestionnaireStore(self.session, forms)
            response = await store.for_membership(membership.id)
            if response is not None:
                value = (await store.answers(response.id)).get(POSITION_QUESTION)
                position = value if isinstance(value, str) else ""
        return head.full_name or "", position

    async def has_head(self, org_id: int) -> bool:
        found = await self.session.scalar(
            select(Membership.id).where(
                Membership.org_id == org_id,
                Membership.role == Role.HEAD,
                Membership.user_id.is_not(None),
            )
        )
        return found is not None

    async def set_mode(self, org: Organization, mode: PairFixing) -> list[Assignment]:
        """Switch who fixes pairs; back to the curator, pairs waiting for the head return."""
        if mode is PairFixing.HEAD_ORDER and not await self.has_head(org.id):
            raise DomainError("head-mode-needs-head")
        returned: list[Assignment] = []
        if mode is PairFixing.CURATOR:
            returned = await self.return_to_curator(org)
        org.pair_fixing = mode
        await self.session.flush()
        return returned

    async def _agreed(self, org_id: int) -> list[Assignment]:
        return list(
            await self.session.scalars(
                select(Assignment)
                .where(
                    Assignment.org_id == org_id,
                    Assignment.is_open,
                    Assignment.state == AssignmentState.AGREED,
                )
                .order_by(Assignment.pairing_id, Assignment.id)
            )
        )

    async def ready(self, org_id: int) -> list[Assignment]:
        """Agreed pairs the curator has not sent yet."""
        return [a for a in await self._agreed(org_id) if a.submitted_at is None]

    async def pending(self, org_id: int) -> list[Assignment]:
        """Pairs waiting for the head's order."""
        return [a for a in await self._agreed(org_id) if a.submitted_at is not None]

    async def submit(
        self,
        org: Organization,
        now: datetime,
        needs_check: Callable[[Assignment], Awaitable[bool]],
    ) -> Submitted:
        if org.pair_fixing is not PairFixing.HEAD_ORDER:
            raise DomainError("head-mode-is-curator")
        if not await self.has_head(org.id):
            raise DomainError("head-mode-needs-head")
        sent: list[Assignment] = []
        held = 0
        for assignment in await self.ready(org.id):
            if await needs_check(assignment):
                held += 1
                continue
            assignment.submitted_at = now
            sent.append(assignment)
        if not sent:
            raise DomainError("head-nothing-to-send" if not held else "head-all-need-check")
        await self.session.flush()
        return Submitted(sent, held)

    async def approve(
        self, org: Organization, head_user_id: int, number: str, dated: date, now: datetime
    ) -> Approved:
        """The order fixes every pair sent for approval; they are active from its date."""
        if org.pair_fixing is not PairFixing.HEAD_ORDER:
            raise DomainError("head-mode-is-curator")
        waiting = await self.pending(org.id)
        if not waiting:
            raise DomainError("head-nothing-pending")
        order = Order(
            org_id=org.id,
            kind=OrderKind.PAIRS,
            number=check_order_number(number),
            dated=dated,
            approved_by=head_user_id,
            created_at=now,
        )
        self.session.add(order)
        await self.session.flush()
        fixed_at = fixing_moment(dated, org.timezone)
        for assignment in waiting:
            assignment.state = AssignmentState.ACTIVE
            assignment.confirmed_at = fixed_at
            assignment.order_id = order.id
        await self.session.flush()
        return Approved(order, waiting)

    async def return_to_curator(self, org: Organization) -> list[Assignment]:
        waiting = await self.pending(org.id)
        for assignment in waiting:
            assignment.submitted_at = None
        await self.session.flush()
        return waiting

    async def order(self, order_id: int) -> Order | None:
        return await self.session.get(Order, order_id)

    async def order_assignments(self, order: Order) -> list[Assignment]:
        return list(
            await self.session.scalars(
                select(Assignment)
                .where(Assignment.order_id == order.id)
                .order_by(Assignment.pairing_id, Assignment.id)
            )
        )

    async def orgs_waiting(self) -> list[Organization]:
        """Organizations in «head_order» mode with pairs waiting for the head."""
        rows = await self.session.scalars(
            select(Organization)
            .where(
                Organization.pair_fixing == PairFixing.HEAD_ORDER,
                Organization.id.in_(
                    select(Assignment.org_id).where(
                        Assignment.is_open,
                        Assignment.state == AssignmentState.AGREED,
                        Assignment.submitted_at.is_not(None),
                    )
                ),
            )
            .order_by(Organization.id)
        )
        return list(rows)

    async def programs_waiting(self, org_id: int) -> list[datetime]:
        """When each personalized program waiting for approval in the school was submitted."""
        rows = await self.session.scalars(
            select(Program.submitted_at).where(
                Program.org_id == org_id,
                Program.state == ProgramState.SUBMITTED,
                Program.submitted_at.is_not(None),
            )
        )
        return [at for at in rows if at is not None]

    async def orgs_with_programs_waiting(self) -> list[Organization]:
        """Schools with a head and programs submitted for approval (the head approves them)."""
        rows = await self.session.scalars(
            select(Organization)
            .where(
                Organization.id.in_(
                    select(Program.org_id).where(Program.state == ProgramState.SUBMITTED)
                ),
                Organization.id.in_(
                    select(Membership.org_id).where(
                        Membership.role == Role.HEAD, Membership.user_id.is_not(None)
                    )
                ),
            )
            .order_by(Organization.id)
        )
        return list(rows)

    async def replace_head(self, org_id: int, new_membership: Membership) -> list[int]:
        """One head per organization: a new head's joining ends the previous head's role
        (a school changes its head; the orders they signed stay). Returns their user ids."""
        previous = list(
            await self.session.scalars(
                select(Membership).where(
                    Membership.org_id == org_id,
                    Membership.role == Role.HEAD,
                    Membership.id != new_membership.id,
                )
            )
        )
        users = [m.user_id for m in previous if m.user_id is not None]
        if previous:
            ids = [m.id for m in previous]
            # their head profile goes too; explicit, where a backend ignores ON DELETE CASCADE
            responses = select(QuestionnaireResponse.id).where(
                QuestionnaireResponse.membership_id.in_(ids)
            )
            await self.session.execute(delete(Answer).where(Answer.response_id.in_(responses)))
            await self.session.execute(
                delete(QuestionnaireResponse).where(QuestionnaireResponse.membership_id.in_(ids))
            )
            await self.session.execute(delete(Membership).where(Membership.id.in_(ids)))
            await self.session.flush()
        return users
