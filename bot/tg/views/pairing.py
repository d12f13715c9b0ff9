"""Proposals, offers and pair cards as the curator and both sides see them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.notify.guardians import role_label
from bot.tg.callbacks import (
    MenuAct,
    MenuCb,
    OfferAct,
    OfferCb,
    PairAct,
    PairCb,
    ProgramAct,
    ProgramCb,
    ProposalAct,
    ProposalCb,
)
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views.common import esc, local_date, shorten
from bot.tg.views.labels import Labels
from models import Assignment, AssignmentState, MentoringForm, MentoringType, Pairing
from models.person import Audience
from services.matching import PairScore, Reason, ReasonKind
from services.pairing.bank import Person, Pool
from services.pairing.service import DECLINE_REASONS, END_REASONS, ProposalView
from services.people import DUTIES_TEXT_VERSION

PAGE_SIZE = 8
NAME_LIMIT = 40


def name_of(pool: Pool, membership_id: int, i18n: I18n) -> str:
    person = pool.people.get(membership_id)
    return shorten(person.name, NAME_LIMIT) if person and person.name else i18n("name-unknown")


def is_pupil(pool: Pool, membership_id: int) -> bool:
    person = pool.people.get(membership_id)
    return person is not None and person.side.audience is Audience.PUPIL


ReasonLine = Callable[[I18n, Labels, Reason, bool], str]

# each kind of reason in words; the last argument: the mentee is a pupil
_REASON_LINES: dict[ReasonKind, ReasonLine] = {
    ReasonKind.SUBJECT: lambda i18n, labels, reason, _: i18n(
        "reason-subject", subjects=labels.many("subjects", reason.matched)
    ),
    ReasonKind.DIFFICULTIES: lambda i18n, _, reason, pupil: i18n(
        "reason-pupil-needs" if pupil else "reason-difficulties",
        covered=reason.covered or 0,
        of=reason.of or 0,
    ),
    ReasonKind.CATEGORY: lambda i18n, labels, reason, _: i18n(
        "reason-category",
        category=labels.one("categories", reason.matched[0] if reason.matched else None),
    ),
    ReasonKind.FORMAT: lambda i18n, labels, reason, _: i18n(
        "reason-format",
        format=labels.one("formats", reason.matched[-1] if reason.matched else None),
    ),
    ReasonKind.TIME: lambda i18n, _, reason, __: i18n(
        "reason-time", covered=reason.covered or 0, of=reason.of or 0
    ),
    ReasonKind.SAME_ORG: lambda i18n, *_: i18n("reason-same-org"),
    ReasonKind.PREFERENCE: lambda i18n, _, reason, __: i18n(
        "reason-preference", rank=reason.rank or 0
    ),
    ReasonKind.MENTOR_PREFERENCE: lambda i18n, *_: i18n("reason-mentor-preference"),
    ReasonKind.GRADE_GAP: lambda i18n, _, reason, __: i18n("reason-grade-gap", gap=reason.gap or 0),
}


def reasons_text(i18n: I18n, labels: Labels, score: PairScore, *, pupil: bool = False) -> str:
    """``pupil``: the mentee is a pupil, whose needs are learning goals, not difficulties."""
    parts = [
        line(i18n, labels, reason, pupil)
        for reason in score.reasons
        if (line := _REASON_LINES.get(reason.kind)) is not None
    ]
    return "; ".join(parts) if parts else i18n("reason-none")


def score_label(score: PairScore) -> str:
    return f"{score.total:.1f}"


def proposal_text(i18n: I18n, labels: Labels, view: ProposalView, org_name: str, page: int) -> str:
    pairs = view.proposal.pairs
    pool = view.pool
    lines = [
        i18n(
            "proposal-title",
            org=esc(org_name),
            pairs=len(pairs),
            unmatched=len(view.proposal.unmatched),
        )
    ]
    start = page * PAGE_SIZE
    for number, pair in enumerate(pairs[start : start + PAGE_SIZE], start=start + 1):
        lines.append(
            i18n(
                "proposal-line",
                number=number,
                mentee=esc(name_of(pool, pair.mentee_id, i18n)),
                mentor=esc(name_of(pool, pair.mentor_id, i18n)),
                score=score_label(pair.score),
                reasons=esc(
                    reasons_text(i18n, labels, pair.score, pupil=is_pupil(pool, pair.mentee_id))
                ),
            )
        )
    if view.proposal.unmatched:
        lines.append(i18n("proposal-unmatched-title"))
        for item in view.proposal.unmatched:
            reason = "declined" if item.mentee_id in pool.declined else item.reason.value
            lines.append(
                i18n(
                    "proposal-unmatched-line",
                    mentee=esc(name_of(pool, item.mentee_id, i18n)),
                    reason=i18n(f"unmatched-{reason}"),
                )
            )
        lines.append(i18n("proposal-unmatched-support"))
    if not pairs and not view.proposal.unmatched:
        lines.append(i18n("proposal-empty"))
    return "\n\n".join(lines)


def proposal_keyboard(
    i18n: I18n, view: ProposalView, org_id: int, *, municipal: bool, has_office: bool, page: int
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    sizes: list[int] = []
    common = {"org": org_id, "version": view.version, "muni": municipal}
    pairs = view.proposal.pairs
    if pairs:
        kb.button(
            text=i18n("btn-accept-all", count=len(pairs)),
            callback_data=ProposalCb(act=ProposalAct.ALL, **common),
        )
        sizes.append(1)
    start = page * PAGE_SIZE
    for number, pair in enumerate(pairs[start : start + PAGE_SIZE], start=start + 1):
        ids = {"mentee": pair.mentee_id, "mentor": pair.mentor_id}
        kb.button(
            text=f"✅ {number}", callback_data=ProposalCb(act=ProposalAct.ONE, **common, **ids)
        )
        kb.button(
            text=f"🔄 {number}", callback_data=ProposalCb(act=ProposalAct.SWAP, **common, **ids)
        )
        kb.button(
            text=f"✖️ {number}", callback_data=ProposalCb(act=ProposalAct.SKIP, **common, **ids)
        )
        sizes.append(3)
    nav = 0
    if page > 0:
        kb.button(text="◀️", callback_data=ProposalCb(act=ProposalAct.SHOW, **common, page=page - 1))
        nav += 1
    if start + PAGE_SIZE < len(pairs):
        kb.button(text="▶️", callback_data=ProposalCb(act=ProposalAct.SHOW, **common, page=page + 1))
        nav += 1
    if nav:
        sizes.append(nav)
    for item in view.proposal.unmatched[:PAGE_SIZE]:
        kb.button(
            text=i18n("btn-manual-pick", name=name_of(view.pool, item.mentee_id, i18n)),
            callback_data=ProposalCb(act=ProposalAct.SWAP, **common, mentee=item.mentee_id),
        )
        sizes.append(1)
    if has_office:
        key = "btn-municipal-off" if municipal else "btn-municipal-on"
        kb.button(
            text=i18n(key),
            callback_data=ProposalCb(act=ProposalAct.SHOW, org=org_id, muni=not municipal),
        )
        sizes.append(1)
    kb.button(
        text=i18n("btn-recompute"),
        callback_data=ProposalCb(act=ProposalAct.SHOW, org=org_id, muni=municipal),
    )
    kb.button(text=i18n("btn-back-to-org"), callback_data=MenuCb(act=MenuAct.ORG, org=org_id))
    sizes += [1, 1]
    kb.adjust(*sizes)
    return kb.as_markup()


def candidates_keyboard(
    i18n: I18n,
    pool: Pool,
    ranked: list[tuple[int, PairScore]],
    *,
    org_id: int,
    version: str,
    mentee_id: int,
    municipal: bool,
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for mentor_id, score in ranked:
        kb.button(
            text=f"{name_of(pool, mentor_id, i18n)} · {score_label(score)}",
            callback_data=ProposalCb(
                act=ProposalAct.PICK,
                org=org_id,
                version=version,
                mentee=mentee_id,
                mentor=mentor_id,
                muni=municipal,
            ),
        )
    kb.button(
        text=i18n("btn-back-to-proposal"),
        callback_data=ProposalCb(act=ProposalAct.SHOW, org=org_id, muni=municipal),
    )
    kb.adjust(1)
    return kb.as_markup()


def candidates_text(
    i18n: I18n, labels: Labels, pool: Pool, mentee_id: int, ranked: list[tuple[int, PairScore]]
) -> str:
    lines = [i18n("candidates-title", mentee=esc(name_of(pool, mentee_id, i18n)))]
    for mentor_id, score in ranked:
        lines.append(
            i18n(
                "candidates-line",
                mentor=esc(name_of(pool, mentor_id, i18n)),
                score=score_label(score),
                reasons=esc(reasons_text(i18n, labels, score, pupil=is_pupil(pool, mentee_id))),
            )
        )
    if not ranked:
        lines.append(i18n("candidates-none"))
    return "\n\n".join(lines)


def _intro(i18n: I18n, labels: Labels, person: Person, *, as_mentor: bool) -> str:
    answers: dict[str, Any] = person.answers
    if person.side.audience is not Audience.TEACHER:
        # pupils and outside mentors: class or kind instead of a position; the contacts stay
        # with the school (a minor's or an outsider's are never shown to the other side)
        return i18n(
            "intro-pupil" if person.side.audience is Audience.PUPIL else "intro-external",
            name=esc(person.name or i18n("name-unknown")),
            grade=person.side.grade or 0,
            kind=role_label(i18n, person.side),
            subjects=esc(labels.many("subjects", answers.get("subjects") or [])),
            needs=esc(
                labels.many(
                    "pupil_needs",
                    answers.get("competences" if as_mentor else "difficulties") or [],
                )
            ),
        )
    fields = {
        "name": esc(person.name or i18n("name-unknown")),
        "position": esc(labels.one("positions", answers.get("position"))),
        "subjects": esc(labels.many("subjects", answers.get("subjects") or [])),
        "format": esc(labels.one("formats", answers.get("format"))),
        "times": esc(labels.many("times", answers.get("times") or [])),
    }
    if as_mentor:
        return i18n(
            "intro-mentor",
            competences=esc(labels.many("competences", answers.get("competences") or [])),
            **fields,
        )
    return i18n(
        "intro-mentee",
        category=esc(labels.one("categories", answers.get("category"))),
        difficulties=esc(labels.many("competences", answers.get("difficulties") or [])),
        **fields,
    )


def offer_text(
    i18n: I18n,
    labels: Labels,
    other: Person,
    org_name: str,
    *,
    to_mentor: bool,
    to_pupil: bool = False,
    through_school: bool = False,
) -> str:
    """``to_pupil``: the reader is a pupil (addressed with «ты»); ``through_school``: a minor
    with an adult from outside, whose contacts are never exchanged."""
    intro = _intro(i18n, labels, other, as_mentor=not to_mentor)
    if to_mentor:
        key = "offer-to-pupil-mentor" if to_pupil else "offer-to-mentor"
        text = i18n(key, org=esc(org_name), intro=intro)
    else:
        key = "offer-to-pupil-mentee" if to_pupil else "offer-to-mentee"
        text = i18n(key, org=esc(org_name), intro=intro, version=DUTIES_TEXT_VERSION)
    if through_school:
        text += "\n\n" + i18n("offer-through-school")
    return text


def offer_keyboard(i18n: I18n, assignment_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-offer-accept"),
        callback_data=OfferCb(act=OfferAct.ACCEPT, assignment=assignment_id),
    )
    kb.button(
        text=i18n("btn-offer-decline"),
        callback_data=OfferCb(act=OfferAct.DECLINE, assignment=assignment_id),
    )
    kb.adjust(2)
    return kb.as_markup()


def decline_reasons_keyboard(i18n: I18n, assignment_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for code in DECLINE_REASONS:
        kb.button(
            text=i18n(f"decline-{code}"),
            callback_data=OfferCb(act=OfferAct.REASON, assignment=assignment_id, reason=code),
        )
    kb.adjust(1)
    return kb.as_markup()


def state_label(i18n: I18n, assignment: Assignment, timezone: str) -> str:
    if assignment.state is AssignmentState.ACTIVE and assignment.confirmed_at is not None:
        return i18n("state-active-since", date=local_date(assignment.confirmed_at, timezone))
    if assignment.state is AssignmentState.OFFERED:
        return i18n(
            "state-offered",
            mentor=i18n(f"reply-{assignment.mentor_reply.value}"),
            mentee=i18n(f"reply-{assignment.mentee_reply.value}"),
        )
    return i18n(f"state-{assignment.state.value}")


def pairing_card(
    i18n: I18n, pairing: Pairing, assignments: list[Assignment], pool: Pool, timezone: str
) -> str:
    lines = [
        i18n(
            "pair-card",
            mentor=esc(name_of(pool, pairing.mentor_membership_id, i18n)),
            form=i18n(f"form-{pairing.form.value}"),
            type=i18n(f"type-{pairing.type.value}"),
        )
    ]
    if pairing.safeguarding_checked_at is not None:
        lines.append(
            i18n(
                "pair-card-safeguarding",
                date=local_date(pairing.safeguarding_checked_at, timezone),
            )
        )
    for assignment in assignments:
        lines.append(
            i18n(
                "pair-card-mentee",
                mentee=esc(name_of(pool, assignment.mentee_membership_id, i18n)),
                state=state_label(i18n, assignment, timezone),
            )
        )
    return "\n".join(lines)


def pairing_keyboard(
    i18n: I18n, pairing: Pairing, assignments: list[Assignment], pool: Pool, *, can_group: bool
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    base = {"org": pairing.org_id, "pairing": pairing.id}
    for assignment in assignments:
        name = name_of(pool, assignment.mentee_membership_id, i18n)
        if assignment.state is AssignmentState.AGREED:
            kb.button(
                text=i18n("btn-confirm-pair", name=name),
                callback_data=PairCb(act=PairAct.CONFIRM, assignment=assignment.id, **base),
            )
        kb.button(
            text=i18n("btn-end-pair", name=name),
            callback_data=PairCb(act=PairAct.END, assignment=assignment.id, **base),
        )
    if can_group:
        kb.button(text=i18n("btn-make-group"), callback_data=PairCb(act=PairAct.GROUP, **base))
    kb.button(text=i18n("btn-pair-type"), callback_data=PairCb(act=PairAct.TYPE, **base))
    if any(a.state is AssignmentState.ACTIVE for a in assignments):
        kb.button(
            text=i18n("btn-program-open"),
            callback_data=ProgramCb(act=ProgramAct.SHOW, pairing=pairing.id),
        )
    kb.button(
        text=i18n("btn-back-to-pairs"), callback_data=PairCb(act=PairAct.LIST, org=pairing.org_id)
    )
    kb.adjust(1)
    return kb.as_markup()


def safeguarding_keyboard(i18n: I18n, pairing: Pairing, assignment_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-safeguarding-checked"),
        callback_data=PairCb(
            act=PairAct.CHECK, org=pairing.org_id, pairing=pairing.id, assignment=assignment_id
        ),
    )
    kb.button(
        text=i18n("btn-back"),
        callback_data=PairCb(act=PairAct.CARD, org=pairing.org_id, pairing=pairing.id),
    )
    kb.adjust(1)
    return kb.as_markup()


# the button that sets a value of the kind the menu chooses
_SET = {"form": PairAct.SET_FORM, "type": PairAct.SET_TYPE}


def choice_keyboard(i18n: I18n, pairing: Pairing, *, kind: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    values: list[str] = (
        [f.value for f in MentoringForm] if kind == "form" else [t.value for t in MentoringType]
    )
    current = pairing.form.value if kind == "form" else pairing.type.value
    for value in values:
        mark = "● " if value == current else ""
        kb.button(
            text=mark + i18n(f"{kind}-{value}"),
            callback_data=PairCb(
                act=_SET[kind], org=pairing.org_id, pairing=pairing.id, value=value
            ),
        )
    kb.button(
        text=i18n("btn-back"),
        callback_data=PairCb(act=PairAct.CARD, org=pairing.org_id, pairing=pairing.id),
    )
    kb.adjust(1)
    return kb.as_markup()


def end_reasons_keyboard(i18n: I18n, pairing: Pairing, assignment_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for code in END_REASONS:
        kb.button(
            text=i18n(f"end-{code}"),
            callback_data=PairCb(
                act=PairAct.END_REASON,
                org=pairing.org_id,
                pairing=pairing.id,
                assignment=assignment_id,
                value=code,
            ),
        )
    kb.button(
        text=i18n("btn-back"),
        callback_data=PairCb(act=PairAct.CARD, org=pairing.org_id, pairing=pairing.id),
    )
    kb.adjust(1)
    return kb.as_markup()
