"""The indicators curators report (seed 002 §6, seed 003), each with its formula.

Pure functions of a :class:`~services.reports.records.Dataset`. The formulas, in words (the
README's "Indicators" table says the same):

* ``mentors``, ``mentees`` — people in the bank (intake questionnaire confirmed) in that role;
* ``pairs``, ``groups`` — confirmed pairings (see ``dataset``), a group being one of type
  «групповое» or with two or more mentees; ``active``/``finished``/``ended`` split them;
* ``teachers_involved`` = distinct people among mentors and mentees ÷ ``teachers_total``
  (None when the curator has not set the number of teachers on staff);
* ``young_with_mentor`` = mentees with 0–3 years of experience who are in an active or finished
  pair ÷ all mentees with 0–3 years of experience;
* ``meetings_planned`` — meetings of the pairs' plans, cancelled ones left out;
  ``meetings_due`` — those of them due by the report's date (organization's local date);
  ``meetings_held`` — held ones; ``meetings_held_share`` = held ÷ due;
* ``pairs_finished`` — pairs and groups whose program is finished;
* ``satisfaction_mentors``/``_mentees`` = the mean over respondents of the final survey of each
  respondent's mean over the form's 1–10 items;
* ``mentees_without_pair`` — mentees in the bank with no active or finished pair (waiting for an
  offer, offered, or after a pair that ended early);
* ``difficulties_entry``/``_exit`` = difficulty marks ÷ respondents (those who answered the
  confidence item) of the entry / exit self-assessment; ``difficulties_growth`` = entry − exit
  (positive: fewer difficulties at the end); ``confidence_growth`` = mean exit confidence −
  mean entry confidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from services.reports.records import (
    Dataset,
    ItemStats,
    PairStatus,
    Satisfaction,
    merge_items,
)

SELF_ASSESSMENT_FORM = "self_assessment"
DIFFICULTIES_ITEM = "difficulties"
CONFIDENCE_ITEM = "confidence"


@dataclass(frozen=True)
class Share:
    part: int
    whole: int | None  # None: unknown (e.g. the number of teachers was not set)

    @property
    def value(self) -> float | None:
        return self.part / self.whole if self.whole else None


@dataclass(frozen=True)
class Mean:
    value: float | None
    n: int  # respondents behind it


@dataclass(frozen=True)
class Indicators:
    mentors: int
    mentees: int
    participants: int  # distinct people among mentors and mentees
    pairs: int  # one mentee
    groups: int
    active: int
    finished: int
    ended: int
    teachers_total: int | None
    teachers_involved: Share
    young_with_mentor: Share
    meetings_planned: int
    meetings_due: int
    meetings_held: int
    meetings_held_share: Share
    satisfaction_mentors: Mean
    satisfaction_mentees: Mean
    mentees_without_pair: int
    difficulties_entry: Mean
    difficulties_exit: Mean
    confidence_entry: Mean
    confidence_exit: Mean

    @property
    def pairs_and_groups(self) -> int:
        return self.pairs + self.groups

    @property
    def pairs_finished(self) -> int:
        return self.finished

    @property
    def difficulties_growth(self) -> float | None:
        return _difference(self.difficulties_entry, self.difficulties_exit)

    @property
    def confidence_growth(self) -> float | None:
        return _difference(self.confidence_exit, self.confidence_entry)


def _difference(a: Mean, b: Mean) -> float | None:
    if a.value is None or b.value is None:
        return None
    return a.value - b.value


def local_month(moment: datetime, zone: ZoneInfo) -> date:
    """The first day of the month ``moment`` falls in, in ``zone``. Offsets are under a day,
    so a moment between the 2nd and the 27th is in its UTC month: most skip the conversion."""
    if 2 <= moment.day <= 27:
        return date(moment.year, moment.month, 1)
    return moment.astimezone(zone).date().replace(day=1)


def local_today(dataset: Dataset, timezone: str | None = None) -> date:
    return dataset.generated_at.astimezone(ZoneInfo(timezone or dataset.timezone)).date()


def compute(dataset: Dataset) -> Indicators:
    mentors = dataset.mentors
    mentees = dataset.mentees
    pairs = dataset.pairs
    status = Counter(p.status for p in pairs)
    groups = sum(1 for p in pairs if p.is_group)
    paired = {mentee for p in pairs if p.status is not PairStatus.ENDED for mentee in p.mentee_ids}
    young = [m for m in mentees if m.is_young_teacher]
    totals = [o.teachers_total for o in dataset.orgs]
    # a municipal total is only known when every school has told its number
    teachers_total = (
        sum(t for t in totals if t is not None) if totals and None not in totals else None
    )
    # a withdrawn participant is still one person, known only by their membership
    participants = len({p.user_id or -p.membership_id for p in dataset.people})
    planned = due = held = 0
    zones = {o.id: o.timezone for o in dataset.orgs}
    today = {org_id: local_today(dataset, zone) for org_id, zone in zones.items()}
    fallback_today = local_today(dataset)
    for meeting in dataset.meetings:
        if meeting.status == "cancelled":
            continue
        planned += 1
        if meeting.due_on <= today.get(meeting.org_id, fallback_today):
            due += 1
        if meeting.status == "held":
            held += 1
    items = merge_items(dataset.items)
    entry = _self_assessment(items, "entry")
    exit_ = _self_assessment(items, "exit")
    return Indicators(
        mentors=len(mentors),
        mentees=len(mentees),
        participants=participants,
        pairs=len(pairs) - groups,
        groups=groups,
        active=status[PairStatus.ACTIVE],
        finished=status[PairStatus.FINISHED],
        ended=status[PairStatus.ENDED],
        teachers_total=teachers_total,
        teachers_involved=Share(participants, teachers_total),
        young_with_mentor=Share(sum(1 for m in young if m.membership_id in paired), len(young)),
        meetings_planned=planned,
        meetings_due=due,
        meetings_held=held,
        meetings_held_share=Share(held, due),
        satisfaction_mentors=_satisfaction(dataset.satisfaction, "mentor"),
        satisfaction_mentees=_satisfaction(dataset.satisfaction, "mentee"),
        mentees_without_pair=sum(1 for m in mentees if m.membership_id not in paired),
        difficulties_entry=entry[0],
        difficulties_exit=exit_[0],
        confidence_entry=entry[1],
        confidence_exit=exit_[1],
    )


def _satisfaction(rows: Iterable[Satisfaction], role: str) -> Mean:
    means = [r.mean for r in rows if r.role == role]
    return Mean(sum(means) / len(means) if means else None, len(means))


def _self_assessment(items: Iterable[ItemStats], kind: str) -> tuple[Mean, Mean]:
    """(difficulties per respondent, mean confidence) of one self-assessment kind."""
    marks = 0
    confidence: ItemStats | None = None
    for item in items:
        if item.kind != kind or item.form_id != SELF_ASSESSMENT_FORM:
            continue
        if item.question_id == DIFFICULTIES_ITEM:
            marks += sum(item.options.values())
        elif item.question_id == CONFIDENCE_ITEM:
            confidence = item
    # respondents with no difficulty left have no difficulty rows: count them by confidence
    respondents = confidence.n if confidence else 0
    if not respondents or confidence is None:
        return Mean(None, 0), Mean(None, 0)
    return Mean(marks / respondents, respondents), Mean(confidence.mean, respondents)


def satisfaction_distribution(rows: Iterable[Satisfaction], role: str) -> dict[int, int]:
    """How many respondents' means round to each score 1–10 (halves round up)."""
    counts = dict.fromkeys(range(1, 11), 0)
    for row in rows:
        if row.role == role:
            score = min(10, max(1, int(row.mean + 0.5)))
            counts[score] += 1
    return counts
