"""Charts for the report, as PNG bytes (matplotlib's object API on the Agg canvas).

No pyplot: figures are plain objects, so charts can be drawn in a worker thread while the bot
keeps serving others. Layout is "constrained", month labels are rotated and every text comes
from the locale files, so labels neither overlap nor get cut off.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from services.meetings.digest import STAGE_ORDER
from services.reports.indicators import local_month, local_today, satisfaction_distribution
from services.reports.records import STAGE_ENDED, Dataset
from services.reports.texts import Translate, stage_name

SIZE = (9.0, 5.0)  # inches
DPI = 110
MAX_MONTHS = 24
HELD_COLOR = "#2E6DA4"
PLANNED_COLOR = "#A9C7E3"
MENTOR_COLOR = "#2E6DA4"
MENTEE_COLOR = "#E08A2E"
STAGE_COLOR = "#4C9A6A"
ENDED_COLOR = "#B0B0B0"


@dataclass(frozen=True)
class Chart:
    key: str  # meetings | satisfaction | stages
    filename: str
    png: bytes


def build_charts(dataset: Dataset, t: Translate) -> list[Chart]:
    return [
        Chart("meetings", "meetings-by-month.png", meetings_chart(dataset, t)),
        Chart("satisfaction", "satisfaction.png", satisfaction_chart(dataset, t)),
        Chart("stages", "program-stages.png", stages_chart(dataset, t)),
    ]


def _figure() -> Figure:
    return Figure(figsize=SIZE, dpi=DPI, layout="constrained")


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _no_data(fig: Figure, title: str, t: Translate) -> bytes:
    ax = fig.subplots()
    ax.set_title(title, fontsize=13)
    ax.text(
        0.5,
        0.5,
        t("report-chart-no-data"),
        ha="center",
        va="center",
        fontsize=14,
        color="#666666",
        transform=ax.transAxes,
    )
    ax.set_axis_off()
    return _png(fig)


def _label_bars(ax: Axes, bars: BarContainer, values: Sequence[int]) -> None:
    """The count above each bar; zeros stay unlabeled, so empty months do not clutter, and
    long numbers stand upright so that neighbours never touch."""
    upright = max(values, default=0) >= 1000
    ax.bar_label(
        bars,
        labels=[str(v) if v else "" for v in values],
        fontsize=7 if upright else 8,
        padding=2,
        rotation=90 if upright else 0,
    )


def _legend_below(fig: Figure, ax: Axes) -> None:
    """The legend in its own row under the plot: never over a bar or the title."""
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), frameon=False)


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _month_span(first: date, last: date) -> list[date]:
    months: list[date] = []
    current = first.replace(day=1)
    while current <= last and len(months) < 10 * MAX_MONTHS:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months[-MAX_MONTHS:]


def meetings_chart(dataset: Dataset, t: Translate) -> bytes:
    """Meetings held per month (the organization's local month), next to those due."""
    fig = _figure()
    title = t("report-chart-meetings-title")
    zones = {o.id: ZoneInfo(o.timezone) for o in dataset.orgs}
    fallback = ZoneInfo(dataset.timezone)
    held: Counter[date] = Counter()
    due: Counter[date] = Counter()
    for meeting in dataset.meetings:
        if meeting.status == "cancelled":
            continue
        due[meeting.due_on.replace(day=1)] += 1
        if meeting.held_at is not None:
            held[local_month(meeting.held_at, zones.get(meeting.org_id, fallback))] += 1
    this_month = local_today(dataset).replace(day=1)
    if dataset.period is not None:  # a past period's chart ends with it
        this_month = min(this_month, dataset.period.end.replace(day=1))
    known = [m for m in (*held, *due) if m <= this_month] or list(held)
    if not known:
        return _no_data(fig, title, t)
    months = _month_span(min(known), max(max(held, default=this_month), this_month))
    ax = fig.subplots()
    positions = list(range(len(months)))
    width = 0.4
    for offset, counts, color, key in (
        (-width / 2, due, PLANNED_COLOR, "report-chart-due"),
        (width / 2, held, HELD_COLOR, "report-chart-held"),
    ):
        values = [counts[m] for m in months]
        bars = ax.bar([p + offset for p in positions], values, width, color=color, label=t(key))
        _label_bars(ax, bars, values)
    ax.set_xticks(
        positions,
        [f"{t(f'month-{m.month}')} {m.year}" for m in months],
        rotation=45,
        ha="right",
        rotation_mode="anchor",
    )
    ax.set_title(title, fontsize=13)
    ax.set_ylabel(t("report-chart-meetings-y"))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(y=0.15)
    _legend_below(fig, ax)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def satisfaction_chart(dataset: Dataset, t: Translate) -> bytes:
    """How the respondents' mean scores of the final survey spread over 1–10."""
    fig = _figure()
    title = t("report-chart-sat-title")
    mentors = satisfaction_distribution(dataset.satisfaction, "mentor")
    mentees = satisfaction_distribution(dataset.satisfaction, "mentee")
    n_mentors, n_mentees = sum(mentors.values()), sum(mentees.values())
    if not n_mentors and not n_mentees:
        return _no_data(fig, title, t)
    ax = fig.subplots()
    points = list(range(1, 11))
    width = 0.4
    for offset, counts, n, color, key in (
        (-width / 2, mentors, n_mentors, MENTOR_COLOR, "report-chart-mentors"),
        (width / 2, mentees, n_mentees, MENTEE_COLOR, "report-chart-mentees"),
    ):
        values = [counts[p] for p in points]
        bars = ax.bar([p + offset for p in points], values, width, color=color, label=t(key, n=n))
        _label_bars(ax, bars, values)
    ax.set_xticks(points, [str(p) for p in points])
    ax.set_title(title, fontsize=13)
    ax.set_xlabel(t("report-chart-sat-x"))
    ax.set_ylabel(t("report-chart-sat-y"))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(y=0.15)
    _legend_below(fig, ax)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def stages_chart(dataset: Dataset, t: Translate) -> bytes:
    """Pairs and groups by the stage of their program (the next meeting due, or the end)."""
    fig = _figure()
    title = t("report-chart-stages-title")
    counts = Counter(p.stage for p in dataset.pairs)
    if not counts:
        return _no_data(fig, title, t)
    stages = [s for s in (*STAGE_ORDER, STAGE_ENDED) if counts[s]]
    ax = fig.subplots()
    positions = list(range(len(stages)))
    bars = ax.barh(
        positions,
        [counts[s] for s in stages],
        color=[ENDED_COLOR if s == STAGE_ENDED else STAGE_COLOR for s in stages],
        height=0.6,
    )
    ax.bar_label(bars, fontsize=9, padding=3)
    ax.set_yticks(positions, [_capitalized(stage_name(t, s)) for s in stages])
    ax.invert_yaxis()
    ax.set_title(title, fontsize=13)
    ax.set_xlabel(t("report-chart-stages-x"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(x=0.1)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)
