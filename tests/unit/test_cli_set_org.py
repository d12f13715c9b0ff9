"""`python -m bot set-org`: an organization's own settings, with bad values refused."""

from __future__ import annotations

import subprocess

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Organization
from tests.unit.cli_runner import run_cli
from tests.unit.factories import make_org


def _set_org(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(db_url, "set-org", *args)


async def test_set_org_changes_the_settings_and_refuses_nonsense(
    db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session, session.begin():
        org_id = (await make_org(session, "МБОУ СОШ № 3")).id

    done = _set_org(
        db_url,
        str(org_id),
        "--interim-survey",
        "02-01",
        "--teachers",
        "48",
        "--meetings-every",
        "3",
        "--timezone",
        "Asia/Yekaterinburg",
    )
    assert done.returncode == 0, done.stderr
    assert "interim survey 02-01, teachers 48" in done.stdout
    for bad in (
        ["--interim-survey", "02-30"],
        ["--teachers", "0"],
        ["--timezone", "Mars/Olympus"],
    ):
        refused = _set_org(db_url, str(org_id), *bad)
        assert refused.returncode == 2
        assert "refused" in refused.stderr
    assert _set_org(db_url, "999", "--teachers", "5").returncode == 2
    forms = _set_org(db_url, str(org_id), "--forms", "teacher_teacher,pupil_pupil")
    assert forms.returncode == 0, forms.stderr
    assert "forms pupil_pupil,teacher_teacher" in forms.stdout
    refused = _set_org(db_url, str(org_id), "--forms", "pupil_pupil,employer_student")
    assert refused.returncode == 2
    assert "unknown employer_student" in refused.stderr

    async with session_factory() as session:
        org = await session.get(Organization, org_id)
        assert org is not None
        assert (org.interim_survey_on, org.teachers_total) == ("02-01", 48)
        assert (org.meeting_every_weeks, org.timezone) == (3, "Asia/Yekaterinburg")
        assert org.enabled_forms == ["teacher_teacher", "pupil_pupil"]

    back = _set_org(db_url, str(org_id), "--interim-survey", "default", "--meetings-every", "0")
    assert back.returncode == 0, back.stderr
    async with session_factory() as session:
        org = await session.get(Organization, org_id)
        assert org is not None
        assert (org.interim_survey_on, org.meeting_every_weeks) == (None, None)
