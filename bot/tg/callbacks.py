"""Typed callback data, validated when it is parsed. Every press is re-checked against the
database before it acts.

Callback data comes back from the client, and a modified client sends whatever it likes. Every
field is therefore bounded here, once: database ids fit the columns (``Integer``, 32-bit on
PostgreSQL; SQLite overflows at 2**63), counters and values stay small, strings match the shape
the bot itself packs, and each ``act`` is one of the factory's actions. Formats that depend on
the action (a meeting's date, an outcome, a reason) are checked by the factory's validator.
aiogram's ``CallbackData.filter()`` takes a ``ValueError`` at unpack (pydantic's
``ValidationError`` is one) as "not this handler", so forged data ends in the fallback router,
which answers «Эта кнопка устарела…», before any handler or query sees it.

The packed form is unchanged (a ``StrEnum`` packs as its value): buttons already in chats and
in the outbox keep working.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Self

from aiogram.filters.callback_data import CallbackData
from pydantic import BeforeValidator, Field, model_validator

from models import (
    AgeBand,
    AnnouncementKind,
    Audience,
    GuardianRelation,
    MentoringForm,
    MentoringType,
    OrgKind,
    PairFixing,
    Role,
    SurveyKind,
)
from services.onboarding import is_invite_kind
from services.pairing.forms import SCHOOL_FORMS
from services.pairing.service import DECLINE_REASONS, END_REASONS
from services.questionnaire.schema import Identifier

_PLAIN_NUMBER = re.compile(r"-?[0-9]{1,10}")


def _plain_number(value: object) -> object:
    # pydantic would also read " 5", "+5", "1_000" and "1.0"; the bot packs plain digits only,
    # so anything else is forged (and would otherwise not survive a round trip unchanged)
    if isinstance(value, str) and not _PLAIN_NUMBER.fullmatch(value):
        raise ValueError("not a plain decimal number")
    return value


def _flag(value: object) -> object:
    # aiogram packs a bool as "1" or "0"; pydantic alone would also take "yes", "off", "t"…
    if isinstance(value, bool):
        return value
    if value in ("0", "1"):
        return value == "1"
    raise ValueError("not a flag")


# a row id, or 0 for "none": the columns are 32-bit Integer on PostgreSQL
DbId = Annotated[int, BeforeValidator(_plain_number), Field(ge=0, le=2**31 - 1)]
# a page, a question number, a number of days: never more than a few hundred
Small = Annotated[int, BeforeValidator(_plain_number), Field(ge=0, le=999)]
Flag = Annotated[bool, BeforeValidator(_flag)]
# an invite token (services/invites.py: token_urlsafe) as it is in a deep link
InviteToken = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,56}$")]
# the same, where it shares the 64 bytes with other fields (new_token() makes 22 characters)
ShortToken = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,40}$")]
OptionalShortToken = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{0,40}$")]
# a catalogue option id (services/questionnaire/schema.py), or nothing
OptionalIdentifier = Annotated[str, Field(pattern=r"^[a-z0-9_]{0,24}$")]


def _any_of(*values: str) -> str:
    return "(?:" + "|".join(re.escape(value) for value in values) + ")"


def _one_of_or_empty(*values: str) -> str:
    return f"^{_any_of(*values)}?$"


def _real_date(value: str, pattern: str) -> None:
    """A real calendar date or time in this century: strptime alone takes year 1, and moving a
    calendar from 9999-12 overflows."""
    try:
        parsed = datetime.strptime(value, pattern)
    except ValueError:
        raise ValueError(f"not a date: {value!r}") from None
    if not 2000 <= parsed.year <= 2099 or parsed.strftime(pattern) != value:
        raise ValueError(f"not a date: {value!r}")


def _empty(value: object, act: str) -> None:
    if value not in ("", 0, False):
        raise ValueError(f"{act} takes no value")


class ConsentStep(StrEnum):
    PERSONAL_DATA = "pd"
    APPOINTMENT = "ap"  # a mentor's appointment


class ConsentCb(CallbackData, prefix="cs"):
    step: ConsentStep
    ok: Flag
    token: InviteToken


class AnswerAct(StrEnum):
    OPTION = "o"  # pick option ``value`` (its index)
    TOGGLE = "t"  # toggle option ``value`` of a multiple choice
    DONE = "d"
    BACK = "b"
    SKIP = "s"
    VALUE = "v"  # a scale's ``value``, or yes (1) / no (0)
    KEEP = "k"  # keep the answer given before («Назад» then forward again)


class AnswerCb(CallbackData, prefix="qa"):
    response: DbId  # the questionnaire response
    question: Identifier  # the question the button was drawn under
    act: AnswerAct
    # an option's index, or a scale's value: a scale's bounds come from the form files and
    # may be below zero
    value: Annotated[int, BeforeValidator(_plain_number), Field(ge=-9999, le=9999)] = 0

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        if self.act in (AnswerAct.OPTION, AnswerAct.TOGGLE) and not 0 <= self.value < 100:
            # Telegram draws at most 100 buttons on a message
            raise ValueError("option index out of range")
        if self.act in (AnswerAct.DONE, AnswerAct.BACK, AnswerAct.SKIP, AnswerAct.KEEP):
            _empty(self.value, self.act)
        return self


class ReviewAct(StrEnum):
    CONFIRM = "ok"
    LIST = "list"  # show the question numbers
    SHOW = "show"  # back to the summary's buttons
    EDIT = "ed"  # edit question ``number``


class ReviewCb(CallbackData, prefix="qr"):
    response: DbId  # the questionnaire response
    act: ReviewAct
    number: Small = 0  # a question's number in the form, from 1


class MenuAct(StrEnum):
    MAIN = "main"
    HELP = "help"
    CONTINUE = "continue"  # the unfinished questionnaire
    ORG = "org"
    NEW_ORG = "neworg"
    MEETINGS = "meetings"
    MY_DATA = "mydata"
    LANG = "lang"
    SCHOOLS = "schools"
    ADD_SCHOOL = "addschool"


class MenuCb(CallbackData, prefix="m"):
    act: MenuAct
    org: DbId = 0


class InviteAct(StrEnum):
    NEW = "new"
    ROLE = "role"  # a role was picked: pick the expiry
    TTL = "ttl"  # the expiry was picked: create the link
    LIST = "list"
    REVOKE = "revoke"


class InviteCb(CallbackData, prefix="iv"):
    act: InviteAct
    org: DbId
    role: Annotated[str, Field(pattern=_one_of_or_empty(*Role))] = ""
    ttl: Small = 0  # days, 0: no expiry
    id: DbId = 0
    # who the link is for (issue 12); last, so the cards sent before it still unpack
    aud: Annotated[str, Field(pattern=_one_of_or_empty(*Audience))] = ""

    @classmethod
    def unpack(cls, value: str) -> Self:
        # a revoke button on a card sent before the audience field has one part fewer
        if value.count(cls.__separator__) == len(cls.model_fields) - 1:
            value += cls.__separator__
        return super().unpack(value)

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        if self.act in (InviteAct.ROLE, InviteAct.TTL):
            # a forged pair (a pupil curator, an external mentee) has no questionnaire
            if not self.role or not self.aud:
                raise ValueError("an invite kind needs a role and an audience")
            if not is_invite_kind(Role(self.role), Audience(self.aud)):
                raise ValueError("not an invite kind")
        else:
            _empty(self.role, self.act)
            _empty(self.aud, self.act)
        return self


class BankCb(CallbackData, prefix="bk"):
    org: DbId
    page: Small = 0
    member: DbId = 0
    edit: Flag = False  # page arrows redraw the list in place


class LangCb(CallbackData, prefix="lg"):
    code: Annotated[str, Field(pattern=r"^[a-z]{2}$")]


class ForgetCb(CallbackData, prefix="fg"):
    ok: Flag


class NewOrgStep(StrEnum):
    KIND = "kind"
    TIMEZONE = "tz"


_ZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+){0,2}")


class NewOrgCb(CallbackData, prefix="no"):
    step: NewOrgStep
    value: Annotated[str, Field(max_length=48)]

    @model_validator(mode="after")
    def _per_step(self) -> Self:
        if self.step is NewOrgStep.KIND and self.value not in set(OrgKind):
            raise ValueError("unknown kind of organization")
        if self.step is NewOrgStep.TIMEZONE and not _ZONE.fullmatch(self.value):
            raise ValueError("not a time zone name")
        return self


class ProposalAct(StrEnum):
    SHOW = "show"
    ALL = "all"  # offer every proposed pair
    ONE = "one"
    SWAP = "swap"  # other candidates for the mentee
    PICK = "pick"  # one of those candidates
    SKIP = "skip"  # leave the mentee out for now


class ProposalCb(CallbackData, prefix="pp"):
    act: ProposalAct
    org: DbId
    # the bank's version the buttons were drawn for (services/pairing/bank.py: fingerprint)
    version: Annotated[str, Field(pattern=r"^[0-9a-f]{0,16}$")] = ""
    mentee: DbId = 0  # mentee membership
    mentor: DbId = 0  # mentor membership
    muni: Flag = False
    page: Small = 0


class OfferAct(StrEnum):
    ACCEPT = "y"
    DECLINE = "n"  # asks why
    REASON = "r"  # the reason


class OfferCb(CallbackData, prefix="of"):
    act: OfferAct
    assignment: DbId
    reason: Annotated[str, Field(pattern=_one_of_or_empty(*DECLINE_REASONS))] = ""

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        if (self.act is OfferAct.REASON) != bool(self.reason):
            raise ValueError("a reason goes with the reason button only")
        return self


class PairAct(StrEnum):
    LIST = "list"
    CARD = "card"
    CONFIRM = "confirm"
    CHECK = "check"  # «the school checked the mentor», then confirm (safeguarding)
    GROUP = "group"
    END = "end"  # asks why
    END_REASON = "endr"
    FORM = "form"  # the choice of forms
    TYPE = "type"
    SET_FORM = "setform"
    SET_TYPE = "settype"
    ORDER = "order"  # the DOCX for the head's order
    CONFIRM_ALL = "confall"  # every agreed pair of the school at once


_PAIR_VALUES: dict[PairAct, frozenset[str]] = {
    PairAct.END_REASON: frozenset(END_REASONS),
    PairAct.SET_FORM: frozenset(MentoringForm),
    PairAct.SET_TYPE: frozenset(MentoringType),
}


class PairCb(CallbackData, prefix="pr"):
    act: PairAct
    org: DbId
    pairing: DbId = 0
    assignment: DbId = 0
    value: Annotated[str, Field(max_length=24)] = ""

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        allowed = _PAIR_VALUES.get(self.act)
        if allowed is None:
            _empty(self.value, self.act)
        elif self.value not in allowed:
            raise ValueError(f"unknown value for {self.act}")
        return self


class SchoolFormsAct(StrEnum):
    SHOW = "show"
    TOGGLE = "t"  # switch a form on or off


class SchoolFormsCb(CallbackData, prefix="ef"):
    """The forms of mentoring a school runs (services/pairing/forms.py: SCHOOL_FORMS)."""

    act: SchoolFormsAct
    org: DbId
    form: Annotated[str, Field(pattern=_one_of_or_empty(*SCHOOL_FORMS))] = ""

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        if (self.act is SchoolFormsAct.TOGGLE) != bool(self.form):
            raise ValueError("a form goes with the toggle only")
        return self


class PrefAct(StrEnum):
    START = "start"
    TOGGLE = "t"  # toggle the target membership
    DONE = "d"


class PrefCb(CallbackData, prefix="pf"):
    act: PrefAct
    org: DbId
    target: DbId = 0  # the membership picked or unpicked


class MeetingAct(StrEnum):
    NOOP = "noop"  # the calendar's headers and blanks
    SCHEDULE = "sched"
    UNSCHEDULE = "unsched"
    CALENDAR = "cal"  # another month: ``value`` is its first day, YYYYMMDD
    DAY = "day"  # value: YYYYMMDD
    TIME = "time"  # value: YYYYMMDDHHMM, local to the organization
    FORMAT = "fmt"  # value: offline or online
    YES = "yes"  # a participant confirms
    OTHER = "other"  # a participant asks for another time
    NO_PROPOSAL = "noprop"  # …and proposes none
    LOG = "log"  # value: held, moved or missed
    WHOLE_PLAN = "plan"  # the pair's whole plan: id is the pairing, not a meeting


MEETING_FORMATS = frozenset({"offline", "online"})
MEETING_OUTCOMES = frozenset({"held", "moved", "missed"})


class MeetingCb(CallbackData, prefix="mt"):
    act: MeetingAct
    id: DbId = 0  # meeting
    # what the action needs: a day, a time, a format or an outcome (see MeetingAct)
    value: Annotated[str, Field(max_length=12)] = ""

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        match self.act:
            case MeetingAct.CALENDAR | MeetingAct.DAY:
                _real_date(self.value, "%Y%m%d")
            case MeetingAct.TIME:
                _real_date(self.value, "%Y%m%d%H%M")
            case MeetingAct.FORMAT if self.value not in MEETING_FORMATS:
                raise ValueError("unknown meeting format")
            case MeetingAct.LOG if self.value not in MEETING_OUTCOMES:
                raise ValueError("unknown meeting outcome")
            case MeetingAct.FORMAT | MeetingAct.LOG:
                pass
            case _:
                _empty(self.value, self.act)
        return self


class FeedbackAct(StrEnum):
    USEFULNESS = "u"  # answer: 1-5
    FIT = "fit"  # does the pair fit: answer 1 (yes) or 0 (no)
    SKIP = "skip"  # no comment


class FeedbackCb(CallbackData, prefix="fb"):
    act: FeedbackAct
    id: DbId  # meeting
    answer: Annotated[int, BeforeValidator(_plain_number), Field(ge=0, le=5)] = 0

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        if self.act is FeedbackAct.USEFULNESS and self.answer < 1:
            raise ValueError("usefulness is 1-5")
        if self.act is FeedbackAct.FIT and self.answer > 1:
            raise ValueError("fit is yes or no")
        if self.act is FeedbackAct.SKIP:
            _empty(self.answer, self.act)
        return self


class GoalAct(StrEnum):
    LIST = "list"
    ADD = "add"
    DONE = "done"  # tick the goal
    DIFFICULTY = "diff"  # the difficulty it addresses (empty: none)
    NO_DUE = "nodue"


class GoalCb(CallbackData, prefix="gl"):
    act: GoalAct
    pairing: DbId
    goal: DbId = 0
    difficulty: OptionalIdentifier = ""

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        if self.act is not GoalAct.DIFFICULTY:
            _empty(self.difficulty, self.act)
        return self


class ProgramAct(StrEnum):
    SHOW = "show"
    PERIOD = "period"  # the choice of periods
    SET_MONTHS = "setm"  # a period of months (0: to the end of the school year)
    GOAL_ADD = "gadd"
    GOAL_DIFFICULTY = "gdif"  # tick a difficulty of the goal being written
    GOAL_NEXT = "gnext"  # difficulties chosen: ask the expected result
    GOAL_SKIP_RESULT = "gskip"
    GOAL_DELETE = "gdel"  # the goal
    SHARE = "share"  # send the draft to the mentee
    AGREE = "agree"  # the mentee agrees with this version
    CHANGE = "change"  # the mentee asks for a change of this version
    SUBMIT = "submit"
    APPROVE = "approve"  # this version
    RETURN = "ret"  # this version, with a comment
    DOCX = "docx"


_PROGRAM_VERSIONED = frozenset(
    {ProgramAct.AGREE, ProgramAct.CHANGE, ProgramAct.APPROVE, ProgramAct.RETURN}
)


class ProgramCb(CallbackData, prefix="prg"):
    act: ProgramAct
    pairing: DbId
    goal: DbId = 0
    months: Small = 0
    version: DbId = 0  # the program's version the button was made for
    difficulty: OptionalIdentifier = ""  # a difficulty code

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        if self.act is ProgramAct.GOAL_DIFFICULTY:
            if not self.difficulty:
                raise ValueError("a difficulty is needed")
        else:
            _empty(self.difficulty, self.act)
        if self.act is ProgramAct.SET_MONTHS and not (self.months == 0 or 1 <= self.months <= 12):
            raise ValueError("a period is 1-12 months")
        if self.act is not ProgramAct.SET_MONTHS and self.months:
            raise ValueError(f"no months for {self.act}")
        if self.act is not ProgramAct.GOAL_DELETE and self.goal:
            raise ValueError(f"no goal for {self.act}")
        if self.act not in _PROGRAM_VERSIONED and self.version:
            raise ValueError(f"no version for {self.act}")
        return self


class DigestAct(StrEnum):
    SHOW = "show"
    NUDGE = "nudge"  # remind the mentor about the meeting


class DigestCb(CallbackData, prefix="dg"):
    act: DigestAct
    org: DbId
    meeting: DbId = 0  # the meeting to nudge about


class SurveyAct(StrEnum):
    TAKE = "take"  # a participant starts invitation id
    LIST = "list"  # the organization's surveys
    OPEN = "open"  # one survey, and the three below
    REMIND = "remind"
    CLOSE = "close"
    CLOSE_CONFIRMED = "closeok"
    START = "start"  # the interim survey, launched by hand
    READ = "read"  # a mentor's report, invitation id


_SURVEY_GROUP_ACTS = frozenset(
    {SurveyAct.OPEN, SurveyAct.REMIND, SurveyAct.CLOSE, SurveyAct.CLOSE_CONFIRMED}
)


class SurveyCb(CallbackData, prefix="sv"):
    act: SurveyAct
    org: DbId = 0
    id: DbId = 0  # invitation
    # a survey as the curator sees it (services/surveys/forms.py: GroupKey.token), or nothing
    survey: Annotated[str, Field(pattern=f"^(?:{_any_of(*SurveyKind)}\\.[0-9]{{4}})?$")] = ""

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        if (self.act in _SURVEY_GROUP_ACTS) != bool(self.survey):
            raise ValueError(f"{self.act}: a survey goes with the survey's own buttons only")
        return self


class ReportAct(StrEnum):
    MENU = "menu"
    XLSX = "xlsx"
    CHARTS = "charts"
    NOTE = "note"
    TEACHERS = "teachers"  # ask for the number of teachers
    PUPILS = "pupils"  # ask for the number of pupils aged 10–18


class ReportCb(CallbackData, prefix="rp"):
    act: ReportAct
    org: DbId


class AnnounceAct(StrEnum):
    NEW = "new"
    KIND = "kind"  # the kind
    ROLE = "role"  # "<draft token>.<role>"
    NEXT = "next"  # the draft token, and for the three below
    SEND = "send"
    CANCEL = "cancel"
    LIST = "list"


_DRAFT_TOKEN = r"[0-9a-f]{8}"  # handlers/announcements.py: secrets.token_hex(4)
_ANNOUNCE_VALUES: dict[AnnounceAct, re.Pattern[str]] = {
    AnnounceAct.KIND: re.compile(_any_of(*AnnouncementKind)),
    AnnounceAct.ROLE: re.compile(_DRAFT_TOKEN + r"\." + _any_of(*Role)),
    AnnounceAct.NEXT: re.compile(_DRAFT_TOKEN),
    AnnounceAct.SEND: re.compile(_DRAFT_TOKEN),
    AnnounceAct.CANCEL: re.compile(_DRAFT_TOKEN),
}


class AnnounceCb(CallbackData, prefix="an"):
    act: AnnounceAct
    org: DbId
    # the kind that starts a draft, then the draft's token (with the role toggled)
    kind_or_draft: Annotated[str, Field(max_length=32)] = ""

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        pattern = _ANNOUNCE_VALUES.get(self.act)
        if pattern is None:
            _empty(self.kind_or_draft, self.act)
        elif not pattern.fullmatch(self.kind_or_draft):
            raise ValueError(f"malformed value for {self.act}")
        return self


class PupilAct(StrEnum):
    AGE = "age"  # the age band the pupil picked
    GRADE = "gr"  # the class, 1-11
    INTAKE = "in"  # a parent agreed: start the intake questionnaire


class PupilCb(CallbackData, prefix="pu"):
    act: PupilAct
    answer: Annotated[str, Field(max_length=8)] = ""  # the age band or the class
    # the pupil invite (the age step only: later steps keep it in the conversation)
    token: OptionalShortToken = ""

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        match self.act:
            case PupilAct.AGE:
                if self.answer not in set(AgeBand) or not self.token:
                    raise ValueError("an age band and the invite go with the age button")
            case PupilAct.GRADE:
                if not re.fullmatch(r"[1-9]|1[01]", self.answer) or self.token:
                    raise ValueError("a class is 1-11")
            case PupilAct.INTAKE:
                _empty(self.answer, self.act)
                _empty(self.token, self.act)
        return self


class PupilConsentCb(CallbackData, prefix="pc"):
    """A pupil old enough to consent themselves (services/guardians/rules.py)."""

    step: ConsentStep
    ok: Flag
    band: AgeBand
    token: ShortToken


class GuardianAct(StrEnum):
    YES = "y"  # the parent consents: ask their name
    NO = "n"  # the parent declines: the request goes
    RELATION = "rel"  # mother, father or guardian
    WITHDRAW = "wd"  # ask to confirm withdrawing for the child
    WITHDRAW_OK = "wdok"
    WITHDRAW_NO = "wdno"


_GUARDIAN_TOKEN_ACTS = frozenset({GuardianAct.YES, GuardianAct.NO, GuardianAct.RELATION})


class GuardianCb(CallbackData, prefix="gd"):
    act: GuardianAct
    # the parent's link (services/guardians/requests.py), for the consent steps
    token: OptionalShortToken = ""
    relation: Annotated[str, Field(pattern=_one_of_or_empty(*GuardianRelation))] = ""
    child: DbId = 0  # the child's user id

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        if (self.act in _GUARDIAN_TOKEN_ACTS) != bool(self.token):
            raise ValueError("the parent's link goes with the consent steps only")
        if (self.act is GuardianAct.RELATION) != bool(self.relation):
            raise ValueError("a relation goes with the relation button only")
        if (self.act not in _GUARDIAN_TOKEN_ACTS) != bool(self.child):
            raise ValueError("a child goes with the withdrawal steps only")
        return self


class HeadAct(StrEnum):
    MENU = "menu"  # the head's view of the organization
    PENDING = "pending"  # pairs waiting for the head's order
    APPROVE = "approve"  # type the order's number and date
    RETURN = "return"  # give the list back to the curator, with a comment
    ORDER = "order"  # the DOCX of order id
    SUBMIT = "submit"  # the curator sends the agreed pairs for approval
    MODE = "mode"  # the curator switches who fixes pairs


class HeadCb(CallbackData, prefix="hd"):
    act: HeadAct
    org: DbId
    id: DbId = 0  # an order
    fixing: Annotated[str, Field(pattern=_one_of_or_empty(*PairFixing))] = ""  # a PairFixing

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        if (self.act is HeadAct.MODE) != bool(self.fixing):
            raise ValueError("a mode goes with the mode button only")
        if self.act is not HeadAct.ORDER:
            _empty(self.id, self.act)
        return self


class CarryAct(StrEnum):
    """A participant's answer to «do you continue next year?» (carry-over id), and the
    curator's lists of the new year (year-closure id)."""

    SAME = "s"  # a mentor continues with the same places
    CHANGE = "c"  # a mentor wants another number of places: show the choice
    CAPACITY = "n"  # the new number of places, 1-10
    YES = "y"  # a mentee still needs a mentor
    LEAVE = "l"  # does not continue
    LISTS = "x"  # the curator's XLSX of the closure


class CarryCb(CallbackData, prefix="cy"):
    act: CarryAct
    id: DbId
    places: Small = 0

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        if self.act is CarryAct.CAPACITY:
            if not 1 <= self.places <= 10:
                raise ValueError("places are 1-10")
        elif self.places:
            raise ValueError("a number goes with the places button only")
        return self


class CalendarAct(StrEnum):
    SHOW = "show"  # the office's calendar and the calendars to pick from
    SET = "set"  # the calendar id


class CalendarCb(CallbackData, prefix="cl"):
    act: CalendarAct
    org: DbId
    # a calendar id (services/school_year/calendar_file.py: CALENDAR_ID), or nothing
    calendar: Annotated[str, Field(pattern=r"^(?:[a-z0-9][a-z0-9_-]{0,39})?$")] = ""

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        if (self.act is CalendarAct.SET) != bool(self.calendar):
            raise ValueError("a calendar goes with the set button only")
        return self


class DocAct(StrEnum):
    MENU = "menu"
    REPORTS = "reps"  # the mentors and whether each has reported
    REPORT = "rep"  # id: the mentor's membership; 0: every report in one document
    CURATOR = "cur"  # the curator's appointment order; id: the curator's membership, 0: pick
    CONSENTS = "cons"  # the three consent forms
    CONSENT_PICK = "cpk"  # form: the form; pick a person to fill it in for
    CONSENT = "con"  # form: the form; id: the person's membership, 0: a blank form
    REWARDS = "rew"  # the candidates, with the curator's ticks
    TOGGLE_MENTOR = "tm"  # id: the mentor's membership
    TOGGLE_PAIR = "tp"  # id: the pairing
    REWARD_DOCS = "rdoc"  # the order and the letters for the ticked ones


class PaperConsent(StrEnum):
    PERSONAL_DATA = "pd"
    APPOINTMENT = "ap"
    PARENTAL = "pa"


_DOC_FORM_ACTS = frozenset({DocAct.CONSENT_PICK, DocAct.CONSENT})


class DocumentsCb(CallbackData, prefix="dcm"):
    act: DocAct
    org: DbId
    id: DbId = 0
    form: Annotated[str, Field(pattern=_one_of_or_empty(*PaperConsent))] = ""

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        if (self.act in _DOC_FORM_ACTS) != bool(self.form):
            raise ValueError(f"{self.act}: a consent form goes with the consent buttons only")
        return self


class PeriodAct(StrEnum):
    CHOOSE = "ch"  # the list of periods
    TYPE = "ty"  # ask for typed dates
    PICK = "pk"  # a period: its files
    XLSX = "x"  # the workbook for the period
    CHARTS = "c"
    NOTE = "n"
    AUTO = "au"  # a school's curator toggles the quarterly report sent to the office


_PERIOD_CODE = re.compile(r"\d{4}Q[1-4]|Y\d{4}|\d{8}-\d{8}")
_PERIOD_ACTS = frozenset({PeriodAct.PICK, PeriodAct.XLSX, PeriodAct.CHARTS, PeriodAct.NOTE})


class PeriodCb(CallbackData, prefix="rpp"):
    """A report for a period (services/reports/periods.py codes)."""

    act: PeriodAct
    org: DbId
    period: Annotated[str, Field(max_length=17)] = ""

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        if self.act in _PERIOD_ACTS:
            if not _PERIOD_CODE.fullmatch(self.period):
                raise ValueError("a period code goes with this button")
        else:
            _empty(self.period, self.act)
        return self


class RosterAct(StrEnum):
    START = "st"  # ask the default role, then the file
    ROLE = "rl"  # the default role for rows without one
    LIST = "ls"  # who joined and who did not yet
    DELETE = "dl"  # ask to confirm deleting the roster
    DELETE_OK = "dok"


class RosterCb(CallbackData, prefix="ros"):
    act: RosterAct
    org: DbId
    role: Annotated[str, Field(pattern=_one_of_or_empty(Role.MENTOR, Role.MENTEE))] = ""

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        if (self.act is RosterAct.ROLE) != bool(self.role):
            raise ValueError("a role goes with the role button only")
        return self


class ContactAct(StrEnum):
    SHOW = "on"  # show my Telegram contact to my pair
    HIDE = "off"
    WRITE = "w"  # write to the pair's member through the bot
    REPLY = "r"  # answer a message relayed from the member


class ContactCb(CallbackData, prefix="ct"):
    act: ContactAct
    pairing: DbId
    member: DbId = 0  # the other side's membership

    @model_validator(mode="after")
    def _per_act(self) -> Self:
        if (self.act in (ContactAct.WRITE, ContactAct.REPLY)) != (self.member > 0):
            raise ValueError("a member goes with the write and reply buttons only")
        return self
