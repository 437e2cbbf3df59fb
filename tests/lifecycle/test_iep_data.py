"""exits.csv of the IEP data import and export: written by the life-cycle area."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lifecycle.models import IEPExit
from rostering.iep_import import IEP_FILES, export_iep_data, run_iep_import
from rostering.models import ImportRun
from rostering.oneroster.reader import Problem
from services.models import ServiceRequirement
from students.models import IEP
from tests import factories as f
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.django_db
EXITS = ",".join(IEP_FILES["exits.csv"].headers)


def _exits(tmp_path: Path, *rows: str) -> Path:
    (tmp_path / "exits.csv").write_text("\n".join([EXITS, *rows]) + "\n", encoding="utf-8")
    return tmp_path


def test_the_template_names_every_exit_reason() -> None:
    assert IEP_FILES["exits.csv"].choices["exit_reason"] == frozenset(IEPExit.Reason.values)


def test_an_exit_ends_an_active_iep_and_its_services_on_the_exit_date(tmp_path, iep, school_admin) -> None:  # noqa: ANN001
    line = ServiceRequirementFactory(iep=iep)
    path = _exits(tmp_path, f"{iep.student.student_number},2026-09-08,2026-11-02,moved,"
                            "Records sent to the new district Nov 2")
    result = run_iep_import(path, user=school_admin)
    assert result.problems == [] and result.summary["exits.csv"]["ended"] == 1
    record = IEPExit.objects.get(iep=iep)
    assert (record.exit_date, record.reason, record.by) == (dt.date(2026, 11, 2), "moved", school_admin)
    iep.refresh_from_db()
    assert iep.status == IEP.Status.ENDED
    assert ServiceRequirement.objects.get(pk=line.pk).end_date == dt.date(2026, 11, 2)

    exported = export_iep_data()["exits.csv"]
    assert exported == path.joinpath("exits.csv").read_text()
    again = run_iep_import(path, user=school_admin)
    assert (again.problems, again.summary["exits.csv"]["unchanged"]) == ([], 1)


def test_an_ended_iep_gets_its_exit_recorded(tmp_path, student, case_manager, school_admin) -> None:  # noqa: ANN001
    old = f.IEPFactory(student=student, case_manager=case_manager, status=IEP.Status.ENDED,
                       start_date=dt.date(2025, 9, 8), end_date=dt.date(2026, 8, 31),
                       meeting_date=dt.date(2025, 9, 1), annual_review_due=dt.date(2026, 8, 31))
    path = _exits(tmp_path, f"{student.student_number},2025-09-08,2026-06-05,graduated,Diploma June 5")
    result = run_iep_import(path, user=school_admin)
    assert result.problems == [] and result.summary["exits.csv"]["added"] == 1
    assert IEPExit.objects.get(iep=old).reason == "graduated"


def test_rows_an_exit_cannot_take_are_refused_on_their_line(tmp_path, iep, school_admin) -> None:  # noqa: ANN001
    draft = f.IEPFactory(student=f.StudentFactory(school=iep.student.school), status=IEP.Status.DRAFT)
    number = iep.student.student_number
    path = _exits(tmp_path,
                  f"{number},2026-09-08,2026-12-01,moved,Moving in December",
                  f"{draft.student.student_number},2026-09-08,2026-11-02,moved,Never started",
                  f"{number},2026-09-08,2026-11-02,transferred,Unknown reason")
    result = run_iep_import(path, user=school_admin, mode=ImportRun.Mode.APPLY_VALID)
    assert result.problems == [
        Problem("exits.csv", 4, "exit_reason", '"transferred" is not one of: aged_out, deceased, '
                "dropped_out, graduated, moved, not_eligible, revoked."),
        Problem("exits.csv", 2, "exit_date", "Record an exit on or after the day it happens."),
        Problem("exits.csv", 3, "iep_start_date", "This IEP is a draft: only an active or ended IEP "
                "has an exit."),
    ]
    assert not IEPExit.objects.exists()


def test_an_import_never_changes_a_recorded_exit(tmp_path, iep, school_admin) -> None:  # noqa: ANN001
    IEPExit.objects.create(iep=iep, exit_date=dt.date(2026, 11, 2), reason="moved", note="x", by=school_admin)
    path = _exits(tmp_path, f"{iep.student.student_number},2026-09-08,2026-11-02,graduated,x")
    result = run_iep_import(path, user=school_admin)
    assert [p.message for p in result.problems] == [
        "This IEP's exit is recorded already (Moved out of the district, 2026-11-02); an import does "
        "not change a recorded exit."]
    assert not result.applied


def test_an_exit_needs_to_know_who_recorded_it(tmp_path, iep) -> None:  # noqa: ANN001
    path = _exits(tmp_path, f"{iep.student.student_number},2026-09-08,2026-11-02,moved,Moved away")
    result = run_iep_import(path)
    assert [p.column for p in result.problems] == [""]
    assert "--by" in result.problems[0].message
    assert not IEPExit.objects.exists()
