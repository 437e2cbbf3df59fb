"""Property test: a drop with independent defects in different files is reported whole in one
pass, and "apply the valid rows" writes no row whose chain of references reaches a rejected one.

Each defect is a row's own problem at a known line and column. Any combination of them, drawn
by hypothesis, must give exactly those problems (none hidden behind a broken parent, none
invented), and after applying the valid rows every written record's parents are written too.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iep_portal.models import User
from rostering.models import ImportRun, RosterRecord
from rostering.oneroster.importer import run_import
from students.models import Enrollment, School, Section, Student
from tests.rostering.conftest import FIXTURES, rewrite

pytestmark = pytest.mark.django_db
BASE = "v11_bulk"
SETTINGS = settings(max_examples=40, deadline=None, derandomize=bool(os.environ.get("CI")),
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

# (file, text in the fixture, what it becomes, the problem's line and column). One per file,
# so any subset is a drop whose defects are independent of each other.
DEFECTS = {
    "orgs.csv": ("WMS,district-1", "WMS,district-x", 3, "parentSourcedId"),
    "academicSessions.csv": ("Fall 2026,semester", "Fall 2026,quarter", 3, "type"),
    "courses.csv": ("course-ela6,,,", "course-ela6,tobedeleted,,", 3, "status"),
    "classes.csv": ("M6-2,scheduled", "M6-2,sometimes", 2, "classType"),
    "users.csv": ("GPatel@district.test", "", 2, "email"),
    "enrollments.csv": ("e-5,,,class-ela6-3,school-wms,s-1,student",
                        "e-5,,,class-ela6-3,school-wms,s-1,pupil", 6, "role"),
    "demographics.csv": ("s-3,,,2020-01-15", "s-3,,,2020-13-45", 4, "birthDate"),
}
# (file, column) -> the file its sourcedIds name; a cell may hold several, comma-separated.
REFERENCES = {
    ("orgs.csv", "parentSourcedId"): "orgs.csv",
    ("academicSessions.csv", "parentSourcedId"): "academicSessions.csv",
    ("courses.csv", "schoolYearSourcedId"): "academicSessions.csv",
    ("courses.csv", "orgSourcedId"): "orgs.csv",
    ("classes.csv", "courseSourcedId"): "courses.csv",
    ("classes.csv", "schoolSourcedId"): "orgs.csv",
    ("classes.csv", "termSourcedIds"): "academicSessions.csv",
    ("users.csv", "orgSourcedIds"): "orgs.csv",
    ("enrollments.csv", "classSourcedId"): "classes.csv",
    ("enrollments.csv", "schoolSourcedId"): "orgs.csv",
    ("enrollments.csv", "userSourcedId"): "users.csv",
}


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _written() -> dict[str, set[str]]:
    """The sourcedIds the database holds, by the file they came from."""
    records: dict[str, set[str]] = {}
    for kind, sid in RosterRecord.objects.values_list("kind", "sourced_id"):
        records.setdefault(f"{kind}.csv", set()).add(sid)
    users = set(User.objects.exclude(sourced_id="").values_list("sourced_id", flat=True))
    return {
        "orgs.csv": records.get("orgs.csv", set())
        | set(School.objects.exclude(sourced_id="").values_list("sourced_id", flat=True)),
        "academicSessions.csv": records.get("academicSessions.csv", set()),
        "courses.csv": records.get("courses.csv", set()),
        "classes.csv": set(Section.objects.exclude(sourced_id="").values_list("sourced_id", flat=True)),
        "users.csv": users | set(Student.objects.exclude(sourced_id="").values_list("sourced_id", flat=True)),
        "enrollments.csv": set(Enrollment.objects.exclude(sourced_id="").values_list("sourced_id", flat=True)),
        "demographics.csv": set(Student.objects.exclude(date_of_birth=None).values_list("sourced_id", flat=True)),
    }


def _broken(chosen: frozenset[str]) -> Path:
    folder = Path(tempfile.mkdtemp()) / "drop"
    shutil.copytree(FIXTURES / BASE, folder)
    for name in chosen:
        old, new, _line, _column = DEFECTS[name]
        rewrite(folder / name, old, new)
    return folder


@SETTINGS
@given(chosen=st.frozensets(st.sampled_from(sorted(DEFECTS)), min_size=1))
def test_one_pass_reports_every_independent_defect_and_applies_no_dependent_of_a_rejected_row(
    chosen: frozenset[str],
) -> None:
    folder = _broken(chosen)
    try:
        with transaction.atomic():
            result = run_import(folder, mode=ImportRun.Mode.APPLY_VALID)
            assert not result.failed, result.message

            # Every defect is reported in this one pass, at its own line, and nothing else is.
            assert {(p.file, p.line, p.column) for p in result.problems} == {
                (name, DEFECTS[name][2], DEFECTS[name][3]) for name in chosen}

            # No rejected or skipped row was written.
            written = _written()
            refused = {(p.file, p.line) for p in [*result.problems, *result.skipped]}
            for name in DEFECTS:
                for line, row in enumerate(_rows(folder, name), start=2):
                    if (name, line) in refused:
                        assert row["sourcedId"] not in written[name], (name, line)

            # Every written row's whole chain of references is written too.
            for (name, column), parent in REFERENCES.items():
                for row in _rows(folder, name):
                    if row["sourcedId"] not in written[name]:
                        continue
                    for sid in filter(None, (s.strip() for s in row.get(column, "").split(","))):
                        assert sid in written[parent], f"{name} {row['sourcedId']} -> {parent} {sid}"
            transaction.set_rollback(True)
    finally:
        shutil.rmtree(folder.parent)
