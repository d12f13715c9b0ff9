"""The report workbook (openpyxl, streaming write-only mode).

One sheet per list — indicators, mentors, mentees, pairs and groups, the meeting journal,
survey results, the registry of programs — plus, for a municipal office, a table by
organization and the list of curators (seed 000 item 1). Headers come from the locale files,
the header row is frozen, dates are real Excel dates in the organization's local time with
the locale's date format.

A municipal office's journal is a table by school and month instead of one row per meeting:
a year of a municipality is hundreds of thousands of meetings, which nobody reads row by row
and which would take minutes to write; each school's own report keeps the full journal.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from services.questionnaire.schema import Form, QuestionType
from services.reports.indicators import Indicators, compute, local_month
from services.reports.periods import Period, period_label
from services.reports.records import Dataset, ItemStats, PairRecord, PairStatus, merge_items
from services.reports.texts import (
    FORMAT_KEYS,
    MEETING_STATUS_KEYS,
    PAIR_STATUS_KEYS,
    SURVEY_KIND_KEYS,
    FormTexts,
    Translate,
    audience_name,
    form_name,
    indicator_rows,
    natural_key,
    role_name,
    stage_name,
)

PERCENT_FORMAT = "0.0%"
MEAN_FORMAT = "0.00"
TOPICS_LIMIT = 300
SCALE_POINTS = range(1, 11)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="top")
_WRAP = Alignment(wrap_text=True, vertical="top")

Column = tuple[str, float]  # header text, width in characters


class _Sheet:
    """A write-only sheet with a styled, frozen header row; dates and datetimes get the
    locale's formats. Styled cells are reused per column, as a streamed row is written at
    once — a new styled cell per value costs more than the rest of the row."""

    def __init__(self, wb: Workbook, title: str, columns: Sequence[Column], t: Translate):
        self.ws: WriteOnlyWorksheet = wb.create_sheet(title[:31])
        self.ws.freeze_panes = "A2"
        for index, (_, width) in enumerate(columns, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        header = []
        for text, _ in columns:
            cell = WriteOnlyCell(self.ws, value=text)
            cell.font = _HEADER_FONT
            cell.fill = _HEADER_FILL
            cell.alignment = _HEADER_ALIGN
            header.append(cell)
        self.ws.append(header)
        self.date_format = t("report-xlsx-date-format")
        self.datetime_format = t("report-xlsx-datetime-format")
        self._styled: dict[tuple[int, str], Cell] = {}

    def header(self, texts: Sequence[str]) -> None:
        """A header row inside the sheet, for a second table under the first."""
        cells = []
        for text in texts:
            cell = WriteOnlyCell(self.ws, value=text)
            cell.font = _HEADER_FONT
            cell.fill = _HEADER_FILL
            cell.alignment = _HEADER_ALIGN
            cells.append(cell)
        self.ws.append(cells)

    def cell(self, column: int, value: Any, number_format: str) -> Cell:
        cell = self._styled.get((column, number_format))
        if cell is None:
            cell = WriteOnlyCell(self.ws)
            cell.number_format = number_format
            self._styled[(column, number_format)] = cell
        cell.value = value
        return cell

    def row(self, values: list[Any]) -> None:
        for column, value in enumerate(values):
            if isinstance(value, date):  # a datetime is a date too
                fmt = self.datetime_format if isinstance(value, datetime) else self.date_format
                values[column] = self.cell(column, value, fmt)
        self.ws.append(values)


def build_workbook(
    dataset: Dataset, t: Translate, forms: Mapping[str, Form] | None = None
) -> bytes:
    texts = FormTexts(forms, t.locale)
    wb = Workbook(write_only=True)
    people = {p.membership_id: p.name or t("report-withdrawn") for p in dataset.people}
    org_names = {o.id: o.name for o in dataset.orgs}
    zones = _Zones(dataset)
    indicators = compute(dataset)
    _indicators_sheet(wb, t, indicators, dataset.period)
    if dataset.municipal:
        _orgs_sheet(wb, t, dataset, indicators.pupil_scope)
        _curators_sheet(wb, t, dataset, org_names, zones)
    if indicators.by_form_shown:
        _forms_sheet(wb, t, indicators)
    _mentors_sheet(wb, t, dataset, texts, org_names, zones)
    _mentees_sheet(wb, t, dataset, texts, org_names, people, zones)
    _pairs_sheet(wb, t, dataset, org_names, people, zones)
    if dataset.municipal:
        _journal_by_month_sheet(wb, t, dataset, org_names, zones)
    else:
        _journal_sheet(wb, t, dataset, org_names, zones, people)
    _surveys_sheet(wb, t, dataset, texts)
    _programs_sheet(wb, t, dataset, org_names)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _indicators_sheet(
    wb: Workbook, t: Translate, ind: Indicators, period: Period | None = None
) -> None:
    sheet = _Sheet(
        wb,
        t("report-sheet-indicators"),
        [
            (t("report-col-indicator"), 48),
            (t("report-col-value"), 12),
            (t("report-col-comment"), 22),
            (t("report-col-formula"), 70),
        ],
        t,
    )
    if period is not None:  # a report for a period says which, above its numbers
        sheet.row([t("period-xlsx-row"), period_label(t, period), "", ""])
    for row in indicator_rows(t, ind):
        if row.value is None:
            value: Any = t("report-value-none")
        else:
            fmt = (
                PERCENT_FORMAT
                if row.percent
                else ("0" if isinstance(row.value, int) else MEAN_FORMAT)
            )
            value = sheet.cell(1, row.value, fmt)
        sheet.row([row.label, value, row.text, row.formula])


def _orgs_sheet(wb: Workbook, t: Translate, dataset: Dataset, pupils: bool) -> None:
    # the pupils' columns at the end, and only where there are pupils: a teachers-only
    # municipality's table stays as it was
    pupil_columns: list[Column] = (
        [(t("report-col-pupils"), 13), (t("report-ind-pupils"), 16)] if pupils else []
    )
    sheet = _Sheet(
        wb,
        t("report-sheet-orgs"),
        [
            (t("report-col-org"), 36),
            (t("report-col-teachers"), 11),
            (t("report-ind-mentors"), 11),
            (t("report-ind-mentees"), 13),
            (t("report-ind-pairs"), 11),
            (t("report-ind-groups"), 11),
            (t("report-ind-teachers"), 14),
            (t("report-ind-young"), 16),
            (t("report-ind-meetings-due"), 14),
            (t("report-ind-meetings-held"), 12),
            (t("report-ind-finished"), 14),
            (t("report-ind-sat-mentors"), 14),
            (t("report-ind-sat-mentees"), 14),
            (t("report-ind-without-pair"), 12),
            *pupil_columns,
        ],
        t,
    )
    parts = dataset.split()
    for org in sorted(dataset.orgs, key=lambda o: natural_key(o.name)):
        ind = compute(parts[org.id])
        sheet.row(
            [
                org.name,
                org.teachers_total,
                ind.mentors,
                ind.mentees,
                ind.pairs,
                ind.groups,
                _maybe(sheet, 6, ind.teachers_involved.value, PERCENT_FORMAT),
                _maybe(sheet, 7, ind.young_with_mentor.value, PERCENT_FORMAT),
                ind.meetings_due,
                ind.meetings_held,
                ind.finished,
                _maybe(sheet, 11, ind.satisfaction_mentors.value, MEAN_FORMAT),
                _maybe(sheet, 12, ind.satisfaction_mentees.value, MEAN_FORMAT),
                ind.mentees_without_pair,
                *(
                    [org.pupils_total, _maybe(sheet, 15, ind.pupils_involved.value, PERCENT_FORMAT)]
                    if pupils
                    else []
                ),
            ]
        )


def _forms_sheet(wb: Workbook, t: Translate, ind: Indicators) -> None:
    """«По формам наставничества»: every indicator of the pairs of each form, then who is in the
    bank by audience (a mentee without a pair has no form yet: they are counted there)."""
    sheet = _Sheet(
        wb,
        t("report-sheet-forms"),
        [
            (t("report-col-form"), 30),
            (t("report-ind-mentors"), 11),
            (t("report-ind-mentees"), 13),
            (t("report-ind-pairs"), 11),
            (t("report-ind-groups"), 11),
            (t("report-ind-active"), 12),
            (t("report-ind-finished"), 13),
            (t("report-ind-ended"), 12),
            (t("report-ind-meetings-planned"), 12),
            (t("report-ind-meetings-due"), 13),
            (t("report-ind-meetings-held"), 12),
            (t("report-ind-meetings-share"), 13),
            (t("report-ind-sat-mentors"), 14),
            (t("report-ind-sat-mentees"), 14),
        ],
        t,
    )
    for row in ind.by_form:
        sheet.row(
            [
                form_name(t, row.form),
                row.mentors,
                row.mentees,
                row.pairs,
                row.groups,
                row.active,
                row.finished,
                row.ended,
                row.meetings_planned,
                row.meetings_due,
                row.meetings_held,
                _maybe(sheet, 11, row.meetings_held_share.value, PERCENT_FORMAT),
                _maybe(sheet, 12, row.satisfaction_mentors.value, MEAN_FORMAT),
                _maybe(sheet, 13, row.satisfaction_mentees.value, MEAN_FORMAT),
            ]
        )
    sheet.row([])
    sheet.header(
        [
            t("report-col-audience"),
            t("report-col-bank-mentors"),
            t("report-col-bank-mentees"),
            t("report-ind-without-pair"),
        ]
    )
    for group in ind.by_audience:
        sheet.row(
            [audience_name(t, group.audience), group.mentors, group.mentees, group.without_pair]
        )


def _maybe(sheet: _Sheet, column: int, value: float | None, fmt: str) -> Any:
    return None if value is None else sheet.cell(column, value, fmt)


def _curators_sheet(
    wb: Workbook, t: Translate, dataset: Dataset, org_names: dict[int, str], zones: _Zones
) -> None:
    sheet = _Sheet(
        wb,
        t("report-sheet-curators"),
        [
            (t("report-col-number"), 6),
            (t("report-col-org"), 36),
            (t("report-col-name"), 34),
            (t("report-col-position"), 34),
            (t("report-col-curator-since"), 14),
        ],
        t,
    )
    office = t("report-office")
    rows = sorted(
        dataset.curators,
        key=lambda c: (c.org_id in org_names, natural_key(org_names.get(c.org_id, "")), c.name),
    )
    for number, curator in enumerate(rows, start=1):
        sheet.row(
            [
                number,
                org_names.get(curator.org_id, f"{dataset.title} ({office})"),
                curator.name,
                curator.position or "",
                curator.since.astimezone(zones.default).date(),
            ]
        )


def _mentors_sheet(
    wb: Workbook,
    t: Translate,
    dataset: Dataset,
    texts: FormTexts,
    org_names: dict[int, str],
    zones: _Zones,
) -> None:
    sheet = _Sheet(
        wb,
        t("report-sheet-mentors"),
        [
            (t("report-col-number"), 6),
            (t("report-col-name"), 34),
            (t("report-col-org"), 30),
            (t("report-col-position"), 24),
            (t("report-col-subjects"), 30),
            (t("report-col-experience"), 10),
            (t("report-col-mentees-now"), 14),
            (t("report-col-capacity"), 12),
            (t("report-col-joined"), 14),
        ],
        t,
    )
    current: Counter[int] = Counter()
    for pair in dataset.pairs:
        if pair.status is PairStatus.ACTIVE:
            current[pair.mentor_id] += len(pair.mentee_ids)
    mentors = sorted(
        dataset.mentors, key=lambda p: (natural_key(org_names.get(p.org_id, "")), p.name)
    )
    for number, person in enumerate(mentors, start=1):
        sheet.row(
            [
                number,
                person.name or t("report-withdrawn"),
                org_names.get(person.org_id, ""),
                texts.catalogue("positions", person.position),
                texts.catalogue_many("subjects", person.subjects),
                person.experience_years,
                current[person.membership_id],
                person.capacity,
                zones.day(person.joined_at, person.org_id),
            ]
        )


class _Zones:
    """Each organization's zone, looked up once: rows convert many moments."""

    def __init__(self, dataset: Dataset) -> None:
        self.default = ZoneInfo(dataset.timezone)
        self.by_org = {o.id: ZoneInfo(o.timezone) for o in dataset.orgs}

    def of(self, org_id: int) -> ZoneInfo:
        return self.by_org.get(org_id, self.default)

    def day(self, value: datetime | None, org_id: int) -> date | None:
        return value.astimezone(self.of(org_id)).date() if value else None

    def wall(self, value: datetime | None, org_id: int) -> datetime | None:
        """Excel has no time zones: the organization's wall-clock time."""
        return value.astimezone(self.of(org_id)).replace(tzinfo=None) if value else None


def _mentees_sheet(
    wb: Workbook,
    t: Translate,
    dataset: Dataset,
    texts: FormTexts,
    org_names: dict[int, str],
    people: dict[int, str],
    zones: _Zones,
) -> None:
    sheet = _Sheet(
        wb,
        t("report-sheet-mentees"),
        [
            (t("report-col-number"), 6),
            (t("report-col-name"), 34),
            (t("report-col-org"), 30),
            (t("report-col-position"), 24),
            (t("report-col-subjects"), 30),
            (t("report-col-experience"), 10),
            (t("report-col-young"), 12),
            (t("report-col-mentor"), 34),
            (t("report-col-status"), 22),
            (t("report-col-joined"), 14),
        ],
        t,
    )
    # the pair that describes a mentee best: an active one, else finished, else ended
    rank = {PairStatus.ACTIVE: 0, PairStatus.FINISHED: 1, PairStatus.ENDED: 2}
    best: dict[int, PairRecord] = {}
    for pair in dataset.pairs:
        for mentee in pair.mentee_ids:
            known = best.get(mentee)
            if known is None or rank[pair.status] < rank[known.status]:
                best[mentee] = pair
    yes, no = t("report-yes"), t("report-no")
    mentees = sorted(
        dataset.mentees, key=lambda p: (natural_key(org_names.get(p.org_id, "")), p.name)
    )
    for number, person in enumerate(mentees, start=1):
        found = best.get(person.membership_id)
        if found is None or found.status is PairStatus.ENDED:
            status = t("report-mentee-waiting")
        elif found.status is PairStatus.FINISHED:
            status = t("report-mentee-finished")
        else:
            status = t("report-mentee-paired")
        young = (
            None if person.experience_years is None else (yes if person.is_young_teacher else no)
        )
        sheet.row(
            [
                number,
                person.name or t("report-withdrawn"),
                org_names.get(person.org_id, ""),
                texts.catalogue("positions", person.position),
                texts.catalogue_many("subjects", person.subjects),
                person.experience_years,
                young,
                people.get(found.mentor_id, "—")
                if found and found.status is not PairStatus.ENDED
                else "",
                status,
                zones.day(person.joined_at, person.org_id),
            ]
        )


def _pairs_sheet(
    wb: Workbook,
    t: Translate,
    dataset: Dataset,
    org_names: dict[int, str],
    people: dict[int, str],
    zones: _Zones,
) -> None:
    sheet = _Sheet(
        wb,
        t("report-sheet-pairs"),
        [
            (t("report-col-number"), 6),
            (t("report-col-org"), 30),
            (t("report-col-mentor"), 32),
            (t("report-col-mentees"), 40),
            (t("report-col-form"), 24),
            (t("report-col-type"), 24),
            (t("report-col-confirmed"), 14),
            (t("report-col-start"), 14),
            (t("report-col-end"), 14),
            (t("report-col-status"), 18),
            (t("report-col-stage"), 18),
            (t("report-col-held"), 12),
            (t("report-col-planned"), 12),
        ],
        t,
    )
    held: Counter[int] = Counter()
    planned: Counter[int] = Counter()
    for meeting in dataset.meetings:
        if meeting.status != "cancelled":
            planned[meeting.pairing_id] += 1
        if meeting.status == "held":
            held[meeting.pairing_id] += 1
    forms = {f: t(f"form-{f}") for f in {p.form for p in dataset.pairs}}
    types = {k: t(f"type-{k}") for k in {p.type for p in dataset.pairs}}
    statuses = {s: t(key) for s, key in PAIR_STATUS_KEYS.items()}
    stages = {s: stage_name(t, s) for s in {p.stage for p in dataset.pairs}}
    pairs = sorted(
        dataset.pairs, key=lambda p: (natural_key(org_names.get(p.org_id, "")), p.pairing_id)
    )
    for number, pair in enumerate(pairs, start=1):
        sheet.row(
            [
                number,
                org_names.get(pair.org_id, ""),
                people.get(pair.mentor_id, "—"),
                ", ".join(people.get(m, "—") for m in pair.mentee_ids),
                forms[pair.form],
                types[pair.type],
                zones.day(pair.confirmed_at, pair.org_id),
                pair.start_on,
                pair.end_on,
                statuses[pair.status],
                stages[pair.stage],
                held[pair.pairing_id],
                planned[pair.pairing_id],
            ]
        )


def pair_label(pair: PairRecord, people: dict[int, str]) -> str:
    mentees = ", ".join(people.get(m, "—") for m in pair.mentee_ids)
    return f"{people.get(pair.mentor_id, '—')} → {mentees}"


def _journal_sheet(
    wb: Workbook,
    t: Translate,
    dataset: Dataset,
    org_names: dict[int, str],
    zones: _Zones,
    people: dict[int, str],
) -> None:
    sheet = _Sheet(
        wb,
        t("report-sheet-meetings"),
        [
            (t("report-col-org"), 28),
            (t("report-col-pair"), 44),
            (t("report-col-sequence"), 8),
            (t("report-col-kind"), 30),
            (t("report-col-due"), 12),
            (t("report-col-scheduled"), 17),
            (t("report-col-held-at"), 17),
            (t("report-col-status"), 14),
            (t("report-col-duration"), 12),
            (t("report-col-format"), 12),
            (t("report-col-topics"), 60),
        ],
        t,
    )
    pairs = {p.pairing_id: p for p in dataset.pairs}
    labels = {pid: pair_label(p, people) for pid, p in pairs.items()}
    kinds = {k: t(f"meeting-kind-{k}") for k in {m.kind for m in dataset.meetings}}
    statuses = {s: t(key) for s, key in MEETING_STATUS_KEYS.items()}
    formats = {f: t(key) for f, key in FORMAT_KEYS.items()}
    order = sorted(
        dataset.meetings,
        key=lambda m: (
            natural_key(org_names.get(m.org_id, "")),
            labels.get(m.pairing_id, ""),
            m.sequence,
        ),
    )
    for meeting in order:
        topics = meeting.topics or ""
        sheet.row(
            [
                org_names.get(meeting.org_id, ""),
                labels.get(meeting.pairing_id, ""),
                meeting.sequence,
                kinds[meeting.kind],
                meeting.due_on,
                zones.wall(meeting.scheduled_at, meeting.org_id),
                zones.wall(meeting.held_at, meeting.org_id),
                statuses.get(meeting.status, meeting.status),
                meeting.duration_minutes,
                formats.get(meeting.format or "", meeting.format or ""),
                topics if len(topics) <= TOPICS_LIMIT else topics[: TOPICS_LIMIT - 1] + "…",
            ]
        )


def _journal_by_month_sheet(
    wb: Workbook, t: Translate, dataset: Dataset, org_names: dict[int, str], zones: _Zones
) -> None:
    sheet = _Sheet(
        wb,
        t("report-sheet-meetings"),
        [
            (t("report-col-org"), 36),
            (t("report-col-month"), 16),
            (t("report-col-due-in-month"), 16),
            (t("report-col-held-in-month"), 16),
        ],
        t,
    )
    due: Counter[tuple[int, date]] = Counter()
    held: Counter[tuple[int, date]] = Counter()
    for meeting in dataset.meetings:
        if meeting.status == "cancelled":
            continue
        due[(meeting.org_id, meeting.due_on.replace(day=1))] += 1
        if meeting.held_at is not None:
            held[(meeting.org_id, local_month(meeting.held_at, zones.of(meeting.org_id)))] += 1
    month_format = t("report-xlsx-month-format")
    for org_id, month in sorted(
        set(due) | set(held), key=lambda k: (natural_key(org_names.get(k[0], "")), k[1])
    ):
        sheet.row(
            [
                org_names.get(org_id, ""),
                sheet.cell(1, month, month_format),
                due[(org_id, month)],
                held[(org_id, month)],
            ]
        )


def survey_order(items: Iterable[ItemStats], texts: FormTexts) -> list[ItemStats]:
    kinds = list(SURVEY_KIND_KEYS)  # the order surveys happen in the year

    def key(item: ItemStats) -> tuple[int, str, str, int, str]:
        form = texts.forms.get(item.form_id)
        ids = [q.id for q in form.questions] if form else []
        position = ids.index(item.question_id) if item.question_id in ids else len(ids)
        kind = kinds.index(item.kind) if item.kind in kinds else len(kinds)
        return (kind, item.role, item.form_id, position, item.question_id)

    return sorted(items, key=key)


def _surveys_sheet(wb: Workbook, t: Translate, dataset: Dataset, texts: FormTexts) -> None:
    sheet = _Sheet(
        wb,
        t("report-sheet-surveys"),
        [
            (t("report-col-survey"), 22),
            (t("report-col-role"), 14),
            (t("report-col-question"), 60),
            (t("report-col-option"), 34),
            (t("report-col-answers"), 10),
            (t("report-col-mean"), 10),
            (t("report-col-share"), 10),
            *((str(point), 5) for point in SCALE_POINTS),
        ],
        t,
    )
    for item in survey_order(merge_items(dataset.items), texts):
        kind = SURVEY_KIND_KEYS.get(item.kind)
        head = [
            t(kind) if kind else item.kind,
            role_name(t, item.role),
            texts.question_text(item.form_id, item.question_id),
        ]
        qtype = texts.question_type(item.form_id, item.question_id)
        if item.options or qtype in (QuestionType.SINGLE, QuestionType.MULTI):
            order = texts.option_order(item.form_id, item.question_id)
            options = sorted(
                item.options.items(),
                key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]),
            )
            base = item.form_respondents
            for option, count in options:
                share = count / base if base else None
                sheet.row(
                    [
                        *head,
                        texts.option_text(item.form_id, item.question_id, option),
                        count,
                        None,
                        _maybe(sheet, 6, share, PERCENT_FORMAT),
                    ]
                )
            continue
        mean = item.mean
        if qtype is QuestionType.YESNO or (qtype is None and set(item.values) <= {0, 1}):
            sheet.row([*head, "", item.n, None, _maybe(sheet, 6, mean, PERCENT_FORMAT)])
            continue
        distribution: list[Any] = []
        if qtype is QuestionType.SCALE or (qtype is None and set(item.values) <= set(SCALE_POINTS)):
            distribution = [item.values.get(point, 0) for point in SCALE_POINTS]
        sheet.row([*head, "", item.n, _maybe(sheet, 5, mean, MEAN_FORMAT), None, *distribution])


def _programs_sheet(
    wb: Workbook, t: Translate, dataset: Dataset, org_names: dict[int, str]
) -> None:
    """The registry of mentoring programs: one program per organization and form of
    mentoring (e.g. «учитель – учитель»), with its period and pairs."""
    sheet = _Sheet(
        wb,
        t("report-sheet-programs"),
        [
            (t("report-col-number"), 6),
            (t("report-col-org"), 30),
            (t("report-col-program"), 44),
            (t("report-col-types"), 34),
            (t("report-col-start"), 14),
            (t("report-col-end"), 14),
            (t("report-col-pairs"), 12),
            (t("report-ind-mentors"), 12),
            (t("report-ind-mentees"), 13),
            (t("report-ind-active"), 12),
            (t("report-ind-finished"), 14),
        ],
        t,
    )
    groups: defaultdict[tuple[int, str], list[PairRecord]] = defaultdict(list)
    for pair in dataset.pairs:
        groups[(pair.org_id, pair.form)].append(pair)
    keys = sorted(groups, key=lambda k: (natural_key(org_names.get(k[0], "")), k[1]))
    for number, (org_id, form) in enumerate(keys, start=1):
        pairs = groups[(org_id, form)]
        starts = [p.start_on for p in pairs if p.start_on]
        ends = [p.end_on for p in pairs if p.end_on]
        types = sorted({p.type for p in pairs})
        sheet.row(
            [
                number,
                org_names.get(org_id, ""),
                t("report-program-name", form=t(f"form-{form}")),
                ", ".join(t(f"type-{k}") for k in types),
                min(starts) if starts else None,
                max(ends) if ends else None,
                len(pairs),
                len({p.mentor_id for p in pairs}),
                len({m for p in pairs for m in p.mentee_ids}),
                sum(1 for p in pairs if p.status is PairStatus.ACTIVE),
                sum(1 for p in pairs if p.status is PairStatus.FINISHED),
            ]
        )
