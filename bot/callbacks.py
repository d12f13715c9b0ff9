"""Typed callback data. Every press is re-checked against the database before it acts."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class ConsentCb(CallbackData, prefix="cs"):
    step: str  # "pd" (personal data) or "ap" (mentor appointment)
    ok: bool
    token: str


class AnswerCb(CallbackData, prefix="qa"):
    rid: int
    q: str
    act: str  # o: pick option, t: toggle, d: done, b: back, s: skip, v: scale/yes-no value
    v: int = 0


class ReviewCb(CallbackData, prefix="qr"):
    rid: int
    act: str  # ok: confirm, list: show the numbers, ed: edit question number n
    n: int = 0


class MenuCb(CallbackData, prefix="m"):
    act: str
    org: int = 0


class InviteCb(CallbackData, prefix="iv"):
    act: str  # role: pick a role, ttl: pick expiry, list, revoke
    org: int
    role: str = ""
    ttl: int = 0
    id: int = 0


class BankCb(CallbackData, prefix="bk"):
    org: int
    page: int = 0
    member: int = 0
    edit: bool = False  # page arrows redraw the list in place


class LangCb(CallbackData, prefix="lg"):
    code: str


class ForgetCb(CallbackData, prefix="fg"):
    ok: bool


class NewOrgCb(CallbackData, prefix="no"):
    step: str  # kind or tz
    value: str


class ProposalCb(CallbackData, prefix="pp"):
    act: str  # show, all, one, swap, pick, skip, muni, page
    org: int
    v: str = ""  # the bank's version the buttons were drawn for
    e: int = 0  # mentee membership
    m: int = 0  # mentor membership
    muni: bool = False
    pg: int = 0


class OfferCb(CallbackData, prefix="of"):
    act: str  # y: accept, n: decline (asks why), r: the reason
    a: int
    r: str = ""


class PairCb(CallbackData, prefix="pr"):
    act: str  # list, card, confirm, group, end, endr, form, type, setform, settype, order
    org: int
    p: int = 0
    a: int = 0
    v: str = ""


class PrefCb(CallbackData, prefix="pf"):
    act: str  # start, t: toggle, d: done
    org: int
    t: int = 0


class MeetingCb(CallbackData, prefix="mt"):
    act: str  # open, sched, cal, day, time, fmt, unsched, yes, other, log, hist
    id: int = 0  # meeting
    v: str = ""  # a date "20261125", a time "1530", a format, an outcome


class FeedbackCb(CallbackData, prefix="fb"):
    act: str  # u: usefulness, fit: does the pair fit, skip: no comment
    id: int  # meeting
    v: int = 0


class GoalCb(CallbackData, prefix="gl"):
    act: str  # list, add, done, diff, nodue
    p: int  # pairing
    g: int = 0
    v: str = ""


class DigestCb(CallbackData, prefix="dg"):
    act: str  # show, nudge
    org: int
    id: int = 0  # meeting to nudge about


class SurveyCb(CallbackData, prefix="sv"):
    act: str  # list (the org's campaigns), open (one campaign), remind, start (launch by hand)
    org: int = 0
    id: int = 0  # campaign
    v: str = ""


class ReportCb(CallbackData, prefix="rp"):
    act: str  # menu, xlsx, charts, note
    org: int


class AnnounceCb(CallbackData, prefix="an"):
    act: str  # new, kind, role, send, cancel, list
    org: int
    v: str = ""
