"""Broken drops: every problem is reported at once, with file, line, column and message."""

from __future__ import annotations

from pathlib import Path

import pytest

from iep_portal.models import User
from rostering.models import ImportRun
from rostering.oneroster.importer import run_import
from rostering.oneroster.reader import Problem
from students.models import Enrollment, Section, Student
from tests.rostering.conftest import rewrite

pytestmark = pytest.mark.django_db
APPLY_VALID = ImportRun.Mode.APPLY_VALID


def test_a_drop_without_a_manifest_is_refused(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    (path / "manifest.csv").unlink()
    result = run_import(path)
    assert result.problems == [Problem(
        "manifest.csv", 0, "", "The drop has OneRoster files but no manifest.csv. A OneRoster 1.0 "
        "drop has none (this importer reads 1.1 and 1.2); a 1.1 or 1.2 drop without it is "
        "incomplete. Export the roster as OneRoster 1.1 or 1.2 CSV (a zip with manifest.csv), "
        "which this importer reads. Nothing was read.")]
    assert Student.objects.count() == 0


def test_an_unknown_version_is_refused(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "manifest.csv", "oneroster.version,1.1", "oneroster.version,1.0")
    result = run_import(path)
    assert result.problems == [Problem(
        "manifest.csv", 0, "oneroster.version",
        "OneRoster 1.0 is not a version this importer reads (1.1 or 1.2). Export the roster as "
        "OneRoster 1.1 or 1.2 CSV (a zip with manifest.csv), which this importer reads.")]


def test_a_file_with_columns_out_of_order_is_reported_and_not_read(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "courses.csv", "schoolYearSourcedId,title", "title,schoolYearSourcedId")
    result = run_import(path, mode=APPLY_VALID)
    assert result.problems[0] == Problem(
        "courses.csv", 1, "title",
        "The columns are not in the standard order. Expected: sourcedId,status,dateLastModified,"
        "schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes "
        "Nothing in this file was read.")
    # The file's problem is the only problem: the classes that refer to its courses, and
    # their enrollments, are skipped because of it, never called missing.
    assert len(result.problems) == 1
    assert [(p.file, p.line, p.column) for p in result.skipped] == [
        ("classes.csv", 2, "courseSourcedId"), ("classes.csv", 3, "courseSourcedId"),
        ("enrollments.csv", 2, "classSourcedId"), ("enrollments.csv", 3, "classSourcedId"),
        ("enrollments.csv", 4, "classSourcedId"), ("enrollments.csv", 5, "classSourcedId"),
        ("enrollments.csv", 6, "classSourcedId"), ("enrollments.csv", 7, "classSourcedId"),
    ]
    assert result.skipped[0].message == ("Skipped: it refers to courses.csv, which could not be "
                                         "read (see the problem with its header).")
    assert not Section.objects.exists()


def test_a_lowercase_header_is_a_missing_column(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "orgs.csv", "sourcedId,status", "sourcedid,status")
    result = run_import(path)
    assert result.problems[0] == Problem(
        "orgs.csv", 1, "sourcedId",
        "orgs.csv is missing the required column(s) sourcedId (names are case-sensitive; the "
        "header has sourcedid for sourcedId). Expected: "
        "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId "
        "Nothing in this file was read.")


def test_dangling_references_are_reported_with_their_line_and_column(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "enrollments.csv", "e-3,,,class-math6-2,school-wms,s-2",
            "e-3,,,class-math6-2,school-wms,s-9")
    rewrite(path / "classes.csv", "school-wms,term-fall,English", "school-wms,term-spring,English")
    result = run_import(path, mode=APPLY_VALID)
    assert result.problems == [
        Problem("classes.csv", 3, "termSourcedIds",
                '"term-spring" is not in academicSessions.csv or an earlier import.'),
        Problem("enrollments.csv", 4, "userSourcedId", '"s-9" is not in users.csv or an earlier import.'),
    ]
    assert result.skipped == [
        Problem("enrollments.csv", line, "classSourcedId",
                "Skipped: it refers to class-ela6-3 (classes.csv line 3), which was rejected.")
        for line in (5, 6, 7)
    ]
    # Apply the valid rows: Math 6 and its two good enrollments are in; English 6 is not.
    assert set(Enrollment.objects.values_list("sourced_id", flat=True)) == {"e-2"}
    assert (result.summary["enrollments.csv"]["errors"],
            result.summary["enrollments.csv"]["skipped"]) == (1, 3)


def test_a_role_that_conflicts_between_files_is_reported(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "enrollments.csv", "s-1,student,false,2026-08-17,\ne-3",
            "s-1,teacher,false,2026-08-17,\ne-3")
    result = run_import(path)
    assert result.problems == [Problem(
        "enrollments.csv", 3, "role",
        'Role "teacher" conflicts with user s-1, who is a student in users.csv.')]
    assert Student.objects.count() == 0  # apply nothing is the default


def test_a_role_conflict_inside_roles_csv_is_reported(drop) -> None:  # noqa: ANN001
    path = drop("v12_bulk")
    text = (path / "roles.csv").read_text()
    (path / "roles.csv").write_text(text + "r-x,,,s-1,secondary,teacher,,,school-wms,\n")
    result = run_import(path)
    assert result.problems == [Problem(
        "roles.csv", 10, "role",
        'Role "teacher" conflicts with the role this user already has (student).')]


def test_slashed_dates_are_told_apart_by_what_they_can_be(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "demographics.csv", "s-1,,,2014-03-09", "s-1,,,03/09/2014")
    rewrite(path / "demographics.csv", "s-2,,,2014-05-01", "s-2,,,15/06/2014")
    rewrite(path / "enrollments.csv", "s-3,student,false,2026-08-17", "s-3,student,false,8/17/26")
    result = run_import(path)
    assert result.problems == [
        Problem("enrollments.csv", 7, "beginDate", '"8/17/26" is written with slashes: it is a '
                "US-style date (2026-08-17). OneRoster dates are written YYYY-MM-DD."),
        Problem("demographics.csv", 2, "birthDate", '"03/09/2014" is written with slashes: it '
                "could be 2014-03-09 (month first) or 2014-09-03 (day first). OneRoster dates are "
                "written YYYY-MM-DD."),
        Problem("demographics.csv", 3, "birthDate", '"15/06/2014" is written with slashes: it is a '
                "day-first date (2014-06-15). OneRoster dates are written YYYY-MM-DD."),
    ]
    # The students whose birth dates were refused are skipped because of them, and so are
    # their enrollments, each naming the rejected row.
    assert result.skipped[:2] == [
        Problem("users.csv", 5, "sourcedId",
                "Skipped: it refers to s-1 (demographics.csv line 2), which was rejected."),
        Problem("users.csv", 6, "sourcedId",
                "Skipped: it refers to s-2 (demographics.csv line 3), which was rejected."),
    ]
    assert result.skipped[2] == Problem(
        "enrollments.csv", 3, "userSourcedId", "Skipped: it refers to s-1 (users.csv line 5), "
        "which depends on s-1 (demographics.csv line 2), which was rejected.")


def test_an_empty_file_is_reported(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    (path / "orgs.csv").write_bytes(b"")
    result = run_import(path, mode=APPLY_VALID)
    assert result.problems[0] == Problem(
        "orgs.csv", 1, "", "orgs.csv is empty: it has no header line. Nothing in it was read.")
    assert Student.objects.count() == 0  # every student's school was in orgs.csv


def test_duplicate_ids_and_empty_required_fields_are_reported(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    text = (path / "orgs.csv").read_text(encoding="utf-8-sig")
    (path / "orgs.csv").write_text(text + "school-wms,,,Copy,school,WMS2,\nschool-x,,,,school,X,\n")
    result = run_import(path, mode=APPLY_VALID)
    assert result.problems[:2] == [
        Problem("orgs.csv", 5, "sourcedId", '"school-wms" appears twice in this file (also line 3).'),
        Problem("orgs.csv", 6, "name", "name is required and is empty."),
    ]


def test_a_delta_drop_needs_status_and_date_last_modified(drop) -> None:  # noqa: ANN001
    run_import(drop("v11_bulk"))
    path = drop("v11_delta")
    rewrite(path / "classes.csv", "active,2026-11-17T08:00:00.000Z", ",11/17/2026 8:00")
    result = run_import(path)
    assert result.problems == [
        Problem("classes.csv", 2, "dateLastModified", '"11/17/2026 8:00" is written with slashes: '
                "it is a US-style date (2026-11-17). dateLastModified is written "
                "YYYY-MM-DDThh:mm:ssZ."),
        Problem("classes.csv", 2, "status", "status is required and is empty."),
    ]
    assert result.skipped == [Problem(
        "enrollments.csv", 5, "classSourcedId",
        "Skipped: it refers to class-math6-2 (classes.csv line 2), which was rejected.")]


def test_staff_without_an_email_and_a_short_row_are_reported(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "users.csv", "mbell@district.test", "")
    text = (path / "users.csv").read_text()
    (path / "users.csv").write_text(text + "x-1,,,true\n")
    result = run_import(path, mode=APPLY_VALID)
    assert Problem("users.csv", 3, "email", "Staff need an email address to sign in.") in result.problems
    assert Problem("users.csv", 9, "", "This line has 4 values; the header has 19.") in result.problems
    assert not User.objects.filter(sourced_id="t-2").exists()
    assert User.objects.filter(sourced_id="t-1").exists()


def test_a_file_that_is_not_utf8_is_reported(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    (path / "courses.csv").write_bytes(
        (path / "courses.csv").read_bytes().replace(b"English 6", "Inglés 6".encode("latin-1")))
    result = run_import(path)
    assert result.problems[0].file == "courses.csv"
    assert "not UTF-8" in result.problems[0].message


def test_a_file_the_manifest_lists_but_the_drop_lacks_is_reported(drop) -> None:  # noqa: ANN001
    path: Path = drop("v11_bulk")
    (path / "demographics.csv").unlink()
    result = run_import(path)
    assert Problem(
        "demographics.csv", 0, "",
        "The manifest lists demographics.csv as bulk, but the drop has no such file."
    ) in result.problems


@pytest.mark.parametrize(("identifier", "shown"), [
    ('"100""02"', '"100\\"02"'),
    ('"100\n02"', '"100\\n02"'),
    ("=1+1", '"=1+1"'),
])
def test_a_student_id_that_could_break_a_file_name_is_refused_on_its_row(drop, identifier, shown) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "users.csv", "Liam,Nguyen,,100002,", f"Liam,Nguyen,,{identifier},")
    result = run_import(path, mode=APPLY_VALID)
    assert result.problems[0] == Problem(
        "users.csv", 6, "identifier",
        f"Student ID {shown} can hold only letters, digits and - _ . @, starting with a letter or "
        "digit (no spaces, quotes, slashes or line breaks).")
    assert sorted(Student.objects.values_list("student_number", flat=True)) == ["100001", "100003"]


def test_a_student_id_longer_than_the_field_is_refused_not_cut(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "users.csv", "Liam,Nguyen,,100002,", f"Liam,Nguyen,,{'7' * 41},")
    result = run_import(path, mode=APPLY_VALID)
    assert result.problems[0] == Problem("users.csv", 6, "identifier",
                                         f'Student ID "{"7" * 41}" is longer than 40 characters.')
    assert Student.objects.count() == 2


def test_a_date_past_the_range_is_refused(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "demographics.csv", "s-2,,,2014-05-01", "s-2,,,9999-05-01")
    result = run_import(path, mode=APPLY_VALID)
    assert Problem("demographics.csv", 3, "birthDate", "Enter a date between 1900-01-01 and 2100-12-31 "
                   "(the file says 9999-05-01).") in result.problems
