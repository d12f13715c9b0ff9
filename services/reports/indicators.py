"""The indicators curators report (seed 002 §6, seed 003), each with its formula.

Pure functions of a :class:`~services.reports.records.Dataset`. The formulas, in words (the
README's "Indicators" table says the same):

* ``mentors``, ``mentees`` — people in the bank (intake questionnaire confirmed) in that role;
* ``pairs``, ``groups`` — confirmed pairings (see ``dataset``), a group being one of type
  «групповое» or with two or more mentees; ``active``/``finished``/``ended`` split them;
* ``teachers_involved`` = distinct teachers (membership audience «teacher») among mentors and
  mentees ÷ ``teachers_total`` (None when the curator has not set the number of teachers on
  staff); pupils and external mentors are not teachers of the school;
* ``young_with_mentor`` = teacher mentees with 0–3 years of experience who are in an active or
  finished pair ÷ all teacher mentees with 0–3 years of experience;
* ``pupils_involved`` (the methodology's «доля обучающихся в возрасте от 10 до 18 лет,
  вовлечённых в наставничество») = distinct pupils (membership audience «pupil») of classes
  5–11, or whose class is unknown, who are a mentee **or** a (peer) mentor in a pair or group
  the curator confirmed and that is active or finished ÷ ``pupils_total`` (pupils aged 10–18 on
  the roll, set by the curator; None when not set). Pupils waiting in the bank, and those whose
  only pair ended early, are not counted: «вовлечён» means in a running or completed program.
  Classes 1–4 (ages 6–10) are left out of the 10–18 base. A municipal total is known when
  every school set its number, as with teachers;
* ``satisfaction_pupils`` = the mean over respondents of the pupils' final form
  (``final_pupil``) of each respondent's mean over its 1–10 items (the pupils are also counted
  in ``satisfaction_mentees``/``_mentors`` by their role);
* ``by_form`` — the same counts for the pairs of each form of mentoring (``pairings.form``):
  mentors and mentees in its pairs, pairs, groups, statuses, meetings, and the satisfaction of
  the final surveys of its programs; one entry per form that has any data;
* ``by_audience`` — per audience (teachers, pupils, external mentors): mentors and mentees in the
  bank and mentees without a pair (a pupil mentee without a pair counts under pupils: a mentee
  without a pair has no form yet);
* ``meetings_planned`` — meetings of the pairs' plans, cancelled ones left out;
  ``meetings_due`` — those of them due by the report's date (organization's local date) or
  already held (a meeting held early counts, so held never exceeds due);
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

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from services.reports.records import (
    FINAL_PUPIL_FORM,
    Dataset,
    ItemStats,
    MeetingRecord,
    PairRecord,
    PairStatus,
    PersonRecord,
    Satisfaction,
    merge_items,
)

PUPIL = "pupil"
TEACHER = "teacher"
AUDIENCE_ORDER = (TEACHER, PUPIL, "external")
# «обучающиеся в возрасте от 10 до 18 лет»: classes 5–11 (a pupil's class, not their age, is
# what the bot knows; 1–4 are ages 6–10)
PUPIL_SHARE_MIN_GRADE = 5
# the order forms are listed in (pairings.form values), as services.pairing.forms lists them
FORM_ORDER = (
    "teacher_teacher",
    "head_teacher",
    "teacher_pupil",
    "pupil_pupil",
    "student_pupil",
    "employer_pupil",
    "employer_student",
    "college_teacher",
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
class FormIndicators:
    """The indicators of one form of mentoring: its pairs, their people and meetings."""

    form: str  # pairings.form
    mentors: int  # distinct mentors of the form's pairs and groups
    mentees: int  # distinct mentees confirmed into them (including those who left)
    pairs: int
    groups: int
    active: int
    finished: int
    ended: int
    meetings_planned: int
    meetings_due: int
    meetings_held: int
    satisfaction_mentors: Mean
    satisfaction_mentees: Mean

    @property
    def pairs_and_groups(self) -> int:
        return self.pairs + self.groups

    @property
    def meetings_held_share(self) -> Share:
        return Share(self.meetings_held, self.meetings_due)


@dataclass(frozen=True)
class AudienceIndicators:
    """Who is in the bank, by audience (memberships.audience)."""

    audience: str  # teacher | pupil | external
    mentors: int
    mentees: int
    without_pair: int  # mentees with no active or finished pair


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
    pupils_total: int | None = None
    pupils_involved: Share = Share(0, None)
    satisfaction_pupils: Mean = Mean(None, 0)
    by_form: tuple[FormIndicators, ...] = ()
    by_audience: tuple[AudienceIndicators, ...] = ()
    # the scope has pupils or external mentors, or a pupil count: the pupils' rows are shown
    pupil_scope: bool = False

    @property
    def pupils_without_pair(self) -> int:
        return sum(a.without_pair for a in self.by_audience if a.audience == PUPIL)

    @property
    def by_form_shown(self) -> bool:
        """The breakdown tells more than the totals: several forms, or anyone not a teacher."""
        return len(self.by_form) > 1 or self.pupil_scope

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


def _known_total(values: Sequence[int | None]) -> int | None:
    """A municipal total is only known when every school has told its number."""
    return sum(v for v in values if v is not None) if values and None not in values else None


def _person_key(person: PersonRecord) -> int:
    # a withdrawn participant is still one person, known only by their membership
    return person.user_id or -person.membership_id


def compute(dataset: Dataset) -> Indicators:
    mentors = dataset.mentors
    mentees = dataset.mentees
    pairs = dataset.pairs
    status = Counter(p.status for p in pairs)
    groups = sum(1 for p in pairs if p.is_group)
    paired = {mentee for p in pairs if p.status is not PairStatus.ENDED for mentee in p.mentee_ids}
    young = [m for m in mentees if m.audience == TEACHER and m.is_young_teacher]
    teachers_total = _known_total([o.teachers_total for o in dataset.orgs])
    pupils_total = _known_total([o.pupils_total for o in dataset.orgs])
    participants = len({_person_key(p) for p in dataset.people})
    teachers = len({_person_key(p) for p in dataset.people if p.audience == TEACHER})
    pupil_scope = any(p.audience != TEACHER for p in dataset.people) or any(
        o.pupils_total is not None for o in dataset.orgs
    )
    planned, due, held = _meeting_counts(dataset, dataset.meetings)
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
        teachers_involved=Share(teachers, teachers_total),
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
        pupils_total=pupils_total,
        pupils_involved=Share(len(pupils_involved(dataset)), pupils_total),
        satisfaction_pupils=_mean(
            [r.mean for r in dataset.satisfaction if r.survey_form == FINAL_PUPIL_FORM]
        ),
        by_form=by_form(dataset),
        by_audience=by_audience(dataset, paired),
        pupil_scope=pupil_scope,
    )


def pupils_involved(dataset: Dataset) -> set[int]:
    """The pupils counted in «доля обучающихся 10–18 лет» (see the module's docstring)."""
    pupils = {
        p.membership_id: p
        for p in dataset.people
        if p.audience == PUPIL and (p.grade is None or p.grade >= PUPIL_SHARE_MIN_GRADE)
    }
    involved: set[int] = set()
    for pair in dataset.pairs:
        if pair.status is PairStatus.ENDED:
            continue
        for membership_id in (pair.mentor_id, *pair.mentee_ids):
            person = pupils.get(membership_id)
            if person is not None:
                involved.add(_person_key(person))
    return involved


def _meeting_counts(dataset: Dataset, meetings: Iterable[MeetingRecord]) -> tuple[int, int, int]:
    """(planned, due by the report's date in each organization's zone, held)."""
    planned = due = held = 0
    zones = {o.id: o.timezone for o in dataset.orgs}
    today = {org_id: local_today(dataset, zone) for org_id, zone in zones.items()}
    fallback_today = local_today(dataset)
    for meeting in meetings:
        if meeting.status == "cancelled":
            continue
        planned += 1
        # a meeting held ahead of its deadline is due all the same: it happened, and "held 1
        # of 0 due" would leave the share unknown while the note says nothing is due yet
        if meeting.status == "held":
            held += 1
            due += 1
        elif meeting.due_on <= today.get(meeting.org_id, fallback_today):
            due += 1
    return planned, due, held


def _form_key(form: str) -> tuple[int, str]:
    return (FORM_ORDER.index(form) if form in FORM_ORDER else len(FORM_ORDER), form)


def by_form(dataset: Dataset) -> tuple[FormIndicators, ...]:
    """One entry per form of mentoring with any pair or final-survey answer."""
    pairs: defaultdict[str, list[PairRecord]] = defaultdict(list)
    for pair in dataset.pairs:
        pairs[pair.form].append(pair)
    form_of = {p.pairing_id: p.form for p in dataset.pairs}
    meetings: defaultdict[str, list[MeetingRecord]] = defaultdict(list)
    for meeting in dataset.meetings:
        form = form_of.get(meeting.pairing_id)
        if form is not None:
            meetings[form].append(meeting)
    answers: defaultdict[str, list[Satisfaction]] = defaultdict(list)
    for row in dataset.satisfaction:
        if row.form:
            answers[row.form].append(row)
    result = []
    for form in sorted(set(pairs) | set(answers), key=_form_key):
        mine = pairs[form]
        status = Counter(p.status for p in mine)
        groups = sum(1 for p in mine if p.is_group)
        planned, due, held = _meeting_counts(dataset, meetings[form])
        result.append(
            FormIndicators(
                form=form,
                mentors=len({p.mentor_id for p in mine}),
                mentees=len({m for p in mine for m in p.mentee_ids}),
                pairs=len(mine) - groups,
                groups=groups,
                active=status[PairStatus.ACTIVE],
                finished=status[PairStatus.FINISHED],
                ended=status[PairStatus.ENDED],
                meetings_planned=planned,
                meetings_due=due,
                meetings_held=held,
                satisfaction_mentors=_satisfaction(answers[form], "mentor"),
                satisfaction_mentees=_satisfaction(answers[form], "mentee"),
            )
        )
    return tuple(result)


def by_audience(dataset: Dataset, paired: set[int]) -> tuple[AudienceIndicators, ...]:
    mentors: Counter[str] = Counter()
    mentees: Counter[str] = Counter()
    waiting: Counter[str] = Counter()
    for person in dataset.people:
        if person.role == "mentor":
            mentors[person.audience] += 1
        else:
            mentees[person.audience] += 1
            if person.membership_id not in paired:
                waiting[person.audience] += 1
    known = set(mentors) | set(mentees)
    order = [a for a in AUDIENCE_ORDER if a in known] + sorted(known - set(AUDIENCE_ORDER))
    return tuple(AudienceIndicators(a, mentors[a], mentees[a], waiting[a]) for a in order)


def _satisfaction(rows: Iterable[Satisfaction], role: str) -> Mean:
    return _mean([r.mean for r in rows if r.role == role])


def _mean(means: Sequence[float]) -> Mean:
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
