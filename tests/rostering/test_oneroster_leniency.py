"""Leniency where OneRoster allows it, each with a warning; strictness where it matters; and the
formats districts upload named for what they are."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from rostering.models import ImportRun
from rostering.oneroster.importer import run_import
from rostering.oneroster.reader import Problem
from students.models import Student
from tests.rostering.conftest import FIXTURES, rewrite

pytestmark = pytest.mark.django_db
APPLY_VALID = ImportRun.Mode.APPLY_VALID


def _drop_column(path: Path, name: str, column: str) -> None:
    lines = (path / name).read_text(encoding="utf-8-sig").splitlines()
    at = lines[0].split(",").index(column)
    out = []
    for line in lines:
        cells = line.split(",")  # the fixture's users.csv quotes no cell
        del cells[at]
        out.append(",".join(cells))
    (path / name).write_text("\n".join(out) + "\n", encoding="utf-8")


def test_a_missing_optional_column_is_a_warning_and_the_file_is_read(drop) -> None:  # noqa: ANN001
    path = drop("v12_bulk")
    _drop_column(path, "users.csv", "resourceSourcedIds")

    result = run_import(path)

    assert result.problems == []
    assert Problem("users.csv", 1, "resourceSourcedIds", (
        "The header has no column(s) resourceSourcedIds. They are optional in OneRoster 1.2, "
        "so every row was read with them empty.")) in result.warnings
    assert Student.objects.count() == 3


def test_a_missing_required_column_is_named_and_its_dependents_are_not_called_missing(drop) -> None:  # noqa: ANN001
    path = drop("v12_bulk")
    _drop_column(path, "users.csv", "username")

    result = run_import(path, mode=APPLY_VALID)

    [problem] = result.problems
    assert (problem.file, problem.line, problem.column) == ("users.csv", 1, "username")
    assert problem.message.startswith("users.csv is missing the required column(s) username ")
    assert result.skipped and not any("is not in users.csv" in p.message for p in result.skipped)
    assert {p.file for p in result.skipped} == {"roles.csv", "enrollments.csv", "demographics.csv"}


def _without_demographics(path: Path) -> None:
    (path / "demographics.csv").unlink()
    rewrite(path / "manifest.csv", "file.demographics,bulk", "file.demographics,absent")


def test_a_drop_without_demographics_imports_students_without_a_birth_date(drop) -> None:  # noqa: ANN001
    path = drop("v12_bulk")
    _without_demographics(path)

    result = run_import(path)

    assert result.problems == []
    assert Student.objects.count() == 3
    assert set(Student.objects.values_list("date_of_birth", flat=True)) == {None}
    [warning] = [w for w in result.warnings if w.column == "sourcedId"]
    assert (warning.file, warning.message) == ("users.csv", (
        "3 rows (lines 5, 6, 7): new students imported without a birth date (demographics.csv is "
        "not in the drop). The IEP checklist asks for it where the age matters (a transition "
        "plan at 16); a later import with demographics.csv fills it in."))

    # The next drop carries demographics: the birth dates are filled in, nothing else changes.
    result = run_import(_fresh(path))
    assert result.problems == []
    assert Student.objects.get(sourced_id="s-1").date_of_birth == dt.date(2014, 3, 9)
    assert not [w for w in result.warnings if w.column == "sourcedId"]


def _fresh(used: Path) -> Path:
    """The full fixture again, beside the one a test broke."""
    target = used.parent / "full"
    shutil.copytree(FIXTURES / "v12_bulk", target)
    return target


def test_a_student_missing_from_demographics_is_named(drop) -> None:  # noqa: ANN001
    path = drop("v12_bulk")
    rewrite(path / "demographics.csv", "s-2,,,2014-05-01,male,,,,,,,,,,,\n", "")

    result = run_import(path)

    assert result.problems == []
    assert Student.objects.get(sourced_id="s-2").date_of_birth is None
    assert Problem("users.csv", 6, "sourcedId", (
        "Line 6: new students imported without a birth date (demographics.csv has no row for "
        "them). The IEP checklist asks for it where the age matters (a transition plan at 16); "
        "a later import with demographics.csv fills it in.")) in result.warnings


def test_a_district_that_requires_birth_dates_refuses_students_without_one(drop, settings) -> None:  # noqa: ANN001
    settings.ROSTER_REQUIRE_BIRTH_DATE = True
    path = drop("v12_bulk")
    _without_demographics(path)

    result = run_import(path, mode=APPLY_VALID)

    assert {(p.file, p.line, p.message) for p in result.problems} == {
        ("users.csv", line, "No birth date for this student in demographics.csv; the district "
                            "requires one.") for line in (5, 6, 7)}
    assert Student.objects.count() == 0


def test_a_trailing_comma_in_a_header_is_ignored_with_a_warning(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "courses.csv", "subjects,subjectCodes\n", "subjects,subjectCodes,\n")

    result = run_import(path)

    assert result.problems == []
    assert Problem("courses.csv", 1, "", "The header ends with 1 blank column name(s) (a trailing "
                   "comma); they were ignored.") in result.warnings
    assert result.summary["courses.csv"]["added"] == 2


def test_an_unknown_column_is_named(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "courses.csv", "subjects,subjectCodes\n", "subjects,subjectCodes,room\n")
    result = run_import(path)
    assert (result.problems[0].column, result.problems[0].message.split(":")[0]) == (
        "room", "Extra column(s) room")


def test_a_bare_date_where_a_datetime_is_expected_is_read_with_a_warning(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "courses.csv", "course-math6,,,", "course-math6,,2023-05-01,")

    result = run_import(path)

    assert result.problems == []
    assert Problem("courses.csv", 2, "dateLastModified", (
        "Line 2: dateLastModified is a date without a time; it was read as midnight UTC. "
        "OneRoster writes it YYYY-MM-DDThh:mm:ss.sssZ.")) in result.warnings


def test_a_status_in_a_bulk_row_is_refused(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "courses.csv", "course-ela6,,,", "course-ela6,tobedeleted,,")
    rewrite(path / "courses.csv", "course-math6,,,", "course-math6,active,,")

    result = run_import(path)

    assert result.problems == [Problem(
        "courses.csv", 3, "status", 'A bulk file carries no status ("tobedeleted"): leave the row '
        "out to end the record, or send the file as delta.")]
    assert Problem("courses.csv", 2, "status", "Line 2: status active in a bulk file, whose rows "
                   "carry no status; read as active.") in result.warnings


def test_files_it_does_not_read_and_families_are_each_named(drop) -> None:  # noqa: ANN001
    path = drop("v12_bulk")
    (path / "userProfiles.csv").write_text("sourcedId,status,dateLastModified\n")
    (path / "userFlags.csv").write_text("userSourcedId,flag\ns-1,iep\ns-2,ell\ns-3,504\ns-4,IEP\n")
    (path / "relationships.csv").write_text("userSourcedId,relationshipUserSourcedId,relationshipRole\n")
    (path / "notes.csv").write_text("a\n")

    result = run_import(path)

    assert result.problems == []
    by_file = {w.file: w.message for w in result.warnings}
    assert by_file["userProfiles.csv"].startswith("userProfiles.csv is a OneRoster file this "
                                                  "importer does not read")
    assert by_file["userFlags.csv"] == (
        "userFlags.csv is a Microsoft School Data Sync file: its flags were not read. Students "
        "flagged iep: 2 (s-1, s-4); 504: 1 (s-3). A student's IEP or 504 plan comes from the IEP "
        "data import, not the roster: check that each flagged student's plan is there.")
    assert "linking guardians to students" in by_file["relationships.csv"]
    assert by_file["notes.csv"] == "notes.csv is not a OneRoster file, so it was not read."
    assert by_file["users.csv"].startswith("Line 8: families (guardian, parent or relative) naming "
                                           "no student in agentSourcedIds, read and not imported")


@pytest.mark.parametrize(("files", "named"), [
    ({"School.csv": "SIS ID,Name\n", "Student.csv": "SIS ID,School SIS ID\n"},
     "This is a Microsoft School Data Sync v1 (classic CSV) drop"),
    ({"orgs.csv": "sourcedId,name,type\n", "users.csv": "sourcedId,username,givenName\n",
      "userFlags.csv": "userSourcedId,flag\n"},
     "This is a Microsoft School Data Sync v2.1 drop"),
    ({"schools.csv": "School_id,School_name\n", "students.csv": "School_id,Student_id\n",
      "sections.csv": "School_id,Section_id\n"},
     "This is a Clever export"),
])
def test_a_school_data_sync_or_clever_drop_is_named_with_what_to_do(tmp_path, files, named) -> None:  # noqa: ANN001
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    result = run_import(tmp_path)
    [problem] = result.problems
    assert problem.message.startswith(named)
    assert "Export the roster as OneRoster 1.1 or 1.2 CSV" in problem.message
