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
