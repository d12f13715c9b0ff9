"""Reports for a municipality: 50 schools, 10,000 pairs and groups, a year of meetings.

Seeds a temporary SQLite file with bulk inserts (in a child process, so its memory does not
count), then times what a municipal curator's «XLSX», «Графики» and «Аналитическая справка»
do: reading the data set, the workbook, the three charts and the note — and prints the time of
each and the process's peak memory (``ru_maxrss``). One school's report is timed as well.

Run from the repository root: ``python bench/bench_reports.py [--schools 50] [--pairs 10000]``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a plain script

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.infra.db import create_engine, create_session_factory, upgrade_database
from bot.tg.i18n import LOCALES_DIR, Translator
from models import (
    Answer,
    Assignment,
    AssignmentState,
    Meeting,
    MeetingKindDb,
    MeetingStatus,
    Membership,
    MentoringForm,
    MentoringType,
    Organization,
    OrgKind,
    Pairing,
    Program,
    QuestionnaireResponse,
    Reply,
    ResponseStatus,
    Role,
    SurveyCampaign,
    SurveyKind,
    SurveyResult,
    User,
)
from services.meetings.plan import PlanSettings, build_plan
from services.questionnaire.schema import load_forms
from services.reports.charts import build_charts
from services.reports.dataset import load_dataset
from services.reports.note import build_note
from services.reports.xlsx import build_workbook

START = date(2026, 9, 7)
END = date(2027, 5, 31)
REPORT_AT = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
SEED_AT = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
GROUP_EVERY = 10  # every tenth pairing is a group of two mentees
UNPAIRED_PER_SCHOOL = 15
SCALE_ITEMS = (
    "effectiveness",
    "comfort",
    "group_meetings",
    "individual_meetings",
    "planning",
    "plan_execution",
    "clarity",
)
DIFFICULTIES = (
    "lesson_planning",
    "classroom_management",
    "parents",
    "special_needs",
    "gifted",
    "assessment",
    "digital",
    "class_teacher",
)
CHUNK = 20_000


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


async def _insert(session: AsyncSession, model: Any, rows: list[dict[str, Any]]) -> None:
    # a Core executemany (no RETURNING) is one driver call per chunk, not one per row batch
    for i in range(0, len(rows), CHUNK):
        await session.execute(model.__table__.insert(), rows[i : i + CHUNK])


async def seed(db_url: str, schools: int, pairs: int) -> None:
    rng = random.Random(5)
    engine = create_engine(db_url)
    await upgrade_database(engine)
    factory = create_session_factory(engine)
    per_school = pairs // schools
    plan = build_plan(START, END, PlanSettings())
    async with factory() as session, session.begin():
        office = Organization(
            name="МКУ «Центр развития образования»",
            kind=OrgKind.MUNICIPALITY,
            timezone="Europe/Moscow",
            created_at=SEED_AT,
        )
        session.add(office)
        await session.flush()
        await _insert(
            session,
            Organization,
            [
                {
                    "name": f"МБОУ СОШ № {n + 1}",
                    "kind": OrgKind.SCHOOL,
                    "parent_id": office.id,
                    "timezone": "Europe/Moscow",
                    "teachers_total": rng.randint(500, 700),
                    "created_at": SEED_AT,
                }
                for n in range(schools)
            ],
        )
        org_ids = list(
            await session.scalars(
                select(Organization.id)
                .where(Organization.parent_id == office.id)
                .order_by(Organization.id)
            )
        )
        # people: per school, one mentor per pairing, mentees for pairs/groups, some unpaired
        people: list[tuple[int, Role, int]] = []  # (org, role, experience)
        for org_id in org_ids:
            groups = per_school // GROUP_EVERY
            mentee_count = per_school + groups + UNPAIRED_PER_SCHOOL
            people += [(org_id, Role.MENTOR, rng.randint(8, 35)) for _ in range(per_school)]
            people += [(org_id, Role.MENTEE, rng.randint(0, 12)) for _ in range(mentee_count)]
        curators = [(org_id, Role.CURATOR, 0) for org_id in [office.id, *org_ids]]
        everyone = people + curators
        await _insert(
            session,
            User,
            [
                {
                    "telegram_id": 10_000_000 + i,
                    "locale": "ru",
                    "full_name": f"Фамилия{i} Имя{i % 97} Отчество{i % 89}",
                    "created_at": SEED_AT,
                }
                for i in range(len(everyone))
            ],
        )
        user_ids = list(await session.scalars(select(User.id).order_by(User.id)))
        await _insert(
            session,
            Membership,
            [
                {
                    "user_id": uid,
                    "org_id": org_id,
                    "role": role,
                    "created_at": SEED_AT,
                    "profile_completed_at": SEED_AT,
                    "capacity": 2 if role is Role.MENTOR else None,
                    "load": 0,
                }
                for uid, (org_id, role, _) in zip(user_ids, everyone, strict=True)
            ],
        )
        members = list(
            await session.execute(
                select(
                    Membership.id, Membership.user_id, Membership.org_id, Membership.role
                ).order_by(Membership.id)
            )
        )
        await _insert(
            session,
            QuestionnaireResponse,
            [
                {
                    "user_id": uid,
                    "membership_id": mid,
                    "form_id": f"{role.value}_intake",
                    "form_version": 1,
                    "status": ResponseStatus.COMPLETED,
                    "started_at": SEED_AT,
                    "completed_at": SEED_AT,
                }
                for mid, uid, _, role in members
                if role is not Role.CURATOR
            ],
        )
        responses = {
            m: r
            for r, m in await session.execute(
                select(QuestionnaireResponse.id, QuestionnaireResponse.membership_id)
            )
        }
        answers = []
        for (mid, _, _, role), (_, _, years) in zip(members, everyone, strict=True):
            if role is Role.CURATOR:
                continue
            rid = responses[mid]
            answers += [
                {
                    "response_id": rid,
                    "question_id": "position",
                    "value": "teacher",
                    "answered_at": SEED_AT,
                },
                {
                    "response_id": rid,
                    "question_id": "subjects",
                    "value": rng.sample(["math", "russian", "physics", "history"], 2),
                    "answered_at": SEED_AT,
                },
                {
                    "response_id": rid,
                    "question_id": "experience_years",
                    "value": years,
                    "answered_at": SEED_AT,
                },
            ]
        await _insert(session, Answer, answers)

        # pairings: a mentor each; every tenth one a group of two
        by_org: dict[int, tuple[list[int], list[int]]] = {o: ([], []) for o in org_ids}
        for mid, _, org_id, role in members:
            if role is Role.MENTOR:
                by_org[org_id][0].append(mid)
            elif role is Role.MENTEE:
                by_org[org_id][1].append(mid)
        pairing_rows, links = [], []
        for org_id, (mentor_ids, mentee_ids) in by_org.items():
            queue = iter(mentee_ids)
            for n, mentor in enumerate(mentor_ids):
                group = n % GROUP_EVERY == 0
                pairing_rows.append(
                    {
                        "org_id": org_id,
                        "mentor_membership_id": mentor,
                        "form": MentoringForm.TEACHER_TEACHER,
                        "type": MentoringType.GROUP if group else MentoringType.TRADITIONAL,
                        "created_at": SEED_AT,
                    }
                )
                links.append((org_id, mentor, [next(queue) for _ in range(2 if group else 1)]))
        await _insert(session, Pairing, pairing_rows)
        pairing_ids = list(await session.scalars(select(Pairing.id).order_by(Pairing.id)))
        fate = {
            pid: rng.choices(("finished", "active", "ended"), (80, 15, 5))[0] for pid in pairing_ids
        }
        assignments, programs, meetings = [], [], []
        for pid, (org_id, mentor, mentees) in zip(pairing_ids, links, strict=True):
            ended = fate[pid] == "ended"
            for mentee in mentees:
                assignments.append(
                    {
                        "pairing_id": pid,
                        "org_id": org_id,
                        "mentor_membership_id": mentor,
                        "mentee_membership_id": mentee,
                        "state": AssignmentState.ENDED if ended else AssignmentState.ACTIVE,
                        "is_open": not ended,
                        "mentor_reply": Reply.ACCEPTED,
                        "mentee_reply": Reply.ACCEPTED,
                        "offered_at": SEED_AT,
                        "confirmed_at": SEED_AT,
                        "reason": "not_fit" if ended else None,
                        "closed_at": SEED_AT + timedelta(days=60) if ended else None,
                    }
                )
            programs.append(
                {
                    "pairing_id": pid,
                    "org_id": org_id,
                    "start_on": START,
                    "end_on": END,
                    "created_at": SEED_AT,
                }
            )
            stop = rng.randint(2, 5) if ended else len(plan)
            if fate[pid] == "active":
                stop = len(plan) - rng.randint(1, 4)
            for planned in plan:
                held = planned.sequence <= stop and (
                    planned.kind.value == "final" or rng.random() < 0.9
                )
                at = datetime.combine(
                    planned.due_on - timedelta(days=rng.randint(0, 4)), dtime(12, 0), tzinfo=UTC
                )
                if ended and planned.sequence > stop:
                    status = MeetingStatus.CANCELLED
                elif held:
                    status = MeetingStatus.HELD
                else:
                    status = MeetingStatus.PLANNED
                meetings.append(
                    {
                        "pairing_id": pid,
                        "org_id": org_id,
                        "sequence": planned.sequence,
                        "kind": MeetingKindDb(planned.kind.value),
                        "due_on": planned.due_on,
                        "status": status,
                        "version": 1,
                        "times_moved": 0,
                        "times_missed": 0,
                        "scheduled_at": at if held else None,
                        "held_at": at if held else None,
                        "duration_minutes": 45 if held else None,
                        "format": "offline" if held else None,
                        "topics": "Разбор урока, план на две недели" if held else None,
                    }
                )
        await _insert(session, Assignment, assignments)
        await _insert(session, Program, programs)
        await _insert(session, Meeting, meetings)

        # anonymous survey results: final (finished pairs), entry (all), exit (finished)
        campaigns = {}
        for org_id in org_ids:
            for kind in (SurveyKind.FINAL, SurveyKind.ENTRY, SurveyKind.EXIT):
                campaign = SurveyCampaign(
                    org_id=org_id,
                    kind=kind,
                    key=f"{kind.value}:2027",
                    opens_at=SEED_AT,
                    closes_at=REPORT_AT,
                )
                session.add(campaign)
                campaigns[(org_id, kind)] = campaign
        await session.flush()
        results: list[dict[str, Any]] = []
        token = iter(range(10**9))

        def respond(
            org_id: int,
            kind: SurveyKind,
            role: str,
            form: str,
            nums: dict[str, int],
            options: list[str],
        ) -> None:
            base = {
                "campaign_id": campaigns[(org_id, kind)].id,
                "org_id": org_id,
                "kind": kind,
                "role": role,
                "form_id": form,
                "respondent": f"r{next(token)}",
                "recorded_at": SEED_AT,
            }
            # executemany needs the same keys in every row
            results.extend(
                {**base, "question_id": q, "value_num": v, "value_option": None}
                for q, v in nums.items()
            )
            results.extend(
                {**base, "question_id": "difficulties", "value_num": None, "value_option": o}
                for o in options
            )

        for pid, (org_id, _, mentees) in zip(pairing_ids, links, strict=True):
            for _ in mentees:
                respond(
                    org_id,
                    SurveyKind.ENTRY,
                    "mentee",
                    "self_assessment",
                    {"confidence": rng.randint(2, 7)},
                    rng.sample(DIFFICULTIES, 3),
                )
            if fate[pid] != "finished":
                continue
            for side in ("mentor", "mentee"):
                scores = {q: rng.randint(6, 10) for q in SCALE_ITEMS}
                respond(
                    org_id,
                    SurveyKind.FINAL,
                    side,
                    f"final_{side}",
                    {**scores, "liked": 1, "would_continue": rng.randint(0, 1)},
                    [],
                )
            for _ in mentees:
                respond(
                    org_id,
                    SurveyKind.EXIT,
                    "mentee",
                    "self_assessment",
                    {"confidence": rng.randint(5, 10)},
                    rng.sample(DIFFICULTIES, 1),
                )
        await _insert(session, SurveyResult, results)
    await engine.dispose()
    print(
        f"seeded: {len(org_ids)} schools, {len(pairing_ids)} pairs and groups, "
        f"{len(members)} people, {len(meetings)} meetings, {len(results)} survey answers"
    )


async def _longest_stall() -> float:
    """How long the event loop was kept from a 10 ms timer, at worst (until cancelled)."""
    worst = 0.0
    try:
        while True:
            began = time.perf_counter()
            await asyncio.sleep(0.01)
            worst = max(worst, time.perf_counter() - began - 0.01)
    except asyncio.CancelledError:
        return worst


class Clock:
    """Wall time and this process's CPU time (the machine may be busy with other work)."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> str:
        wall, cpu = time.perf_counter(), time.process_time()
        text = f"{wall - self.wall:.1f} s (CPU {cpu - self.cpu:.1f} s)"
        self.wall, self.cpu = wall, cpu
        return text


async def measure(db_url: str) -> None:
    # as the bot reads a report (AppDeps.read_session_factory): aiosqlite's worker thread
    engine = create_engine(db_url, sqlite_worker_thread=True)
    factory = create_session_factory(engine)
    t = Translator("ru").bind("ru")
    forms = load_forms(LOCALES_DIR / "forms")
    print(f"peak RSS after imports: {_peak_mb():.0f} MB")
    async with factory() as session:
        office = await session.scalar(
            select(Organization).where(Organization.kind == OrgKind.MUNICIPALITY)
        )
        school = await session.scalar(
            select(Organization).where(Organization.kind == OrgKind.SCHOOL).limit(1)
        )
        assert office is not None
        assert school is not None
        for label, org in (("municipality", office), ("one school", school)):
            clock, total = Clock(), Clock()
            ticker = asyncio.create_task(_longest_stall())
            await asyncio.sleep(0)  # the ticker is running before the load starts
            data = await load_dataset(session, org, now=REPORT_AT, forms=forms)
            loaded = clock.lap()
            ticker.cancel()
            stall = await ticker
            workbook = build_workbook(data, t, forms)
            written = clock.lap()
            charts = build_charts(data, t)
            drawn = clock.lap()
            note = build_note(data, t, charts)
            noted = clock.lap()
            print(
                f"{label}: {len(data.pairs)} pairs and groups, {len(data.meetings)} meetings\n"
                f"  load {loaded}, longest event-loop stall {stall * 1000:.0f} ms\n  XLSX {written}, {len(workbook) / 1e6:.1f} MB\n"
                f"  charts {drawn}\n  note {noted}, {len(note) / 1e6:.1f} MB\n"
                f"  total {total.lap()}; peak RSS so far {_peak_mb():.0f} MB"
            )
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=None, help="reuse (or keep) a seeded file")
    parser.add_argument("--seed-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_only is not None:
        asyncio.run(seed(f"sqlite+aiosqlite:///{args.seed_only}", args.schools, args.pairs))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.sqlite3"
        if not path.exists():
            began = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--seed-only",
                    str(path),
                    "--schools",
                    str(args.schools),
                    "--pairs",
                    str(args.pairs),
                ],
                check=True,
            )
            print(f"seeding took {time.perf_counter() - began:.1f} s (not part of the figures)")
        asyncio.run(measure(f"sqlite+aiosqlite:///{path}"))


if __name__ == "__main__":
    main()
