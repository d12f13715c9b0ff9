"""`python -m bot report`: the files a curator's report has, written from the command line."""

from __future__ import annotations

import subprocess
from pathlib import Path

from docx import Document
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Role
from services.questionnaire.schema import Form
from tests.unit.cli_runner import run_cli
from tests.unit.factories import make_org
from tests.unit.pairing_factories import add_person


def _run(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(db_url, "report", *args)


async def test_report_command_writes_workbook_note_and_charts(
    tmp_path: Path,
    db_url: str,
    session_factory: async_sessionmaker[AsyncSession],
    forms: dict[str, Form],
) -> None:
    async with session_factory() as session, session.begin():
        org = await make_org(session, "МБОУ СОШ № 2")
        await add_person(session, forms, org, 1, Role.MENTOR, "Смирнова Анна")
        org_id = org.id
    out, note, charts = tmp_path / "r.xlsx", tmp_path / "n.docx", tmp_path / "charts"
    result = _run(
        db_url,
        str(org_id),
        "--out",
        str(out),
        "--note",
        str(note),
        "--charts",
        str(charts),
        "--locale",
        "en",
    )
    assert result.returncode == 0, result.stderr
    assert f"workbook written: {out}" in result.stdout
    book = load_workbook(out)
    assert book.sheetnames[0] == "Indicators"
    assert book["Mentors"]["B2"].value == "Смирнова Анна"
    assert Document(str(note)).paragraphs[0].text == "Analytical note"
    assert sorted(p.name for p in charts.iterdir()) == [
        "meetings-by-month.png",
        "program-stages.png",
        "satisfaction.png",
    ]

    only_xlsx = tmp_path / "ru.xlsx"
    assert _run(db_url, str(org_id), "--out", str(only_xlsx)).returncode == 0
    assert load_workbook(only_xlsx).sheetnames[0] == "Показатели"

    missing = _run(db_url, "999", "--out", str(tmp_path / "x.xlsx"))
    assert missing.returncode == 1
    assert "no organization #999" in missing.stderr
    assert not (tmp_path / "x.xlsx").exists()
    bad_locale = _run(db_url, str(org_id), "--out", str(tmp_path / "y.xlsx"), "--locale", "de")
    assert bad_locale.returncode == 2


async def test_report_command_for_a_period(
    tmp_path: Path,
    db_url: str,
    session_factory: async_sessionmaker[AsyncSession],
    forms: dict[str, Form],
) -> None:
    async with session_factory() as session, session.begin():
        org = await make_org(session, "МБОУ СОШ № 3")
        await add_person(session, forms, org, 1, Role.MENTOR, "Смирнова Анна")  # joins 20.11.2026
        org_id = org.id
    autumn, summer, note = tmp_path / "q4.xlsx", tmp_path / "q3.xlsx", tmp_path / "q3.docx"
    assert _run(db_url, str(org_id), "--out", str(autumn), "--quarter", "2026Q4").returncode == 0
    assert load_workbook(autumn)["Наставники"]["B2"].value == "Смирнова Анна"
    result = _run(
        db_url, str(org_id), "--out", str(summer), "--note", str(note), "--quarter", "2026q3"
    )
    assert result.returncode == 0, result.stderr
    assert load_workbook(summer)["Наставники"]["B2"].value is None  # not joined by 30.09
    texts = [p.text for p in Document(str(note)).paragraphs[:4]]
    assert any("01.07.2026" in t and "30.09.2026" in t for t in texts), texts
    typed = tmp_path / "typed.xlsx"
    args = ["--out", str(typed), "--from", "2026-11-01", "--to", "2026-11-30"]
    assert _run(db_url, str(org_id), *args).returncode == 0
    assert load_workbook(typed)["Наставники"]["B2"].value == "Смирнова Анна"
    year = tmp_path / "year.xlsx"
    assert _run(db_url, str(org_id), "--out", str(year), "--school-year", "2026").returncode == 0
    assert load_workbook(year)["Наставники"]["B2"].value is None  # 2025/26 ended 31.08.2026
    for bad in (
        ["--quarter", "2026Q5"],
        ["--from", "2026-11-01"],
        ["--from", "2026-12-01", "--to", "2026-11-01"],
        ["--from", "01.11.2026", "--to", "2026-11-30"],
        ["--quarter", "2026Q4", "--from", "2026-11-01", "--to", "2026-11-30"],
        ["--school-year", "27"],
    ):
        result = _run(db_url, str(org_id), "--out", str(tmp_path / "bad.xlsx"), *bad)
        assert result.returncode == 2, bad
        assert not (tmp_path / "bad.xlsx").exists()
