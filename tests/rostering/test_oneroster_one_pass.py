"""One pass reports every row's own problems whatever its parents' state; "apply the valid
rows" writes only rows whose whole chain of references passed; the summary, the exit status
and the import history say what was written."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from iep_portal.models import User
from rostering.models import ImportRun, RosterRecord
from rostering.oneroster.importer import run_import
from rostering.oneroster.reader import Problem
from students.models import School, Section, Student
from tests.rostering.conftest import rewrite

pytestmark = pytest.mark.django_db
APPLY_VALID = ImportRun.Mode.APPLY_VALID


def _append(path, name: str, text: str) -> None:  # noqa: ANN001
    target = path / name
    target.write_text(target.read_text(encoding="utf-8-sig") + text, encoding="utf-8")


def test_a_broken_parent_hides_none_of_its_childrens_own_problems(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    # The school's parent org is missing: everything at the school hangs on that row.
    rewrite(path / "orgs.csv", "WMS,district-1", "WMS,district-x")
    # An org of type department used as a class's school.
    _append(path, "orgs.csv", "dept-sci,,,Science Department,department,SCI,district-1\n")
    _append(path, "classes.csv", "class-sci,,,Science 6,06,course-math6,S6,scheduled,Lab,dept-sci,"
                                 "term-fall,,,\n")
    # A teacher in users.csv enrolled as a student.
    rewrite(path / "enrollments.csv", "e-2,,,class-math6-2,school-wms,s-1,student",
            "e-2,,,class-math6-2,school-wms,t-1,student")

    result = run_import(path, mode=APPLY_VALID)

    assert result.problems == [
        Problem("orgs.csv", 3, "parentSourcedId", '"district-x" is not in orgs.csv or an earlier import.'),
        Problem("classes.csv", 4, "schoolSourcedId", '"dept-sci" is a department, not a school.'),
        Problem("enrollments.csv", 3, "role",
                'Role "student" conflicts with user t-1, who is staff in users.csv.'),
    ]
    wms = "Skipped: it refers to school-wms (orgs.csv line 3), which was rejected."
    assert Problem("users.csv", 2, "orgSourcedIds", wms) in result.skipped
    assert Problem("courses.csv", 2, "orgSourcedId", wms) in result.skipped
    assert Problem("classes.csv", 2, "courseSourcedId",
                   "Skipped: it refers to course-math6 (courses.csv line 2), which depends on "
                   "school-wms (orgs.csv line 3), which was rejected.") in result.skipped
    # Only what does not hang on the broken school was written.
    assert list(School.objects.values_list("sourced_id", flat=True)) == ["school-jhs"]
    assert not Section.objects.exists() and not Student.objects.exists()
    assert not User.objects.filter(sourced_id__startswith="t-").exists()
    assert result.applied
    assert result.summary["users.csv"] == {
        "rows": 7, "added": 0, "updated": 0, "ended": 0, "unchanged": 0, "errors": 0,
        "skipped": 7, "unread": 0}


def test_a_session_whose_parent_was_refused_is_not_written(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "academicSessions.csv", "Fall 2026,semester", "Fall 2026,quarter")
    _append(path, "academicSessions.csv",
            "gp-1,,,Q1,gradingPeriod,2026-08-17,2026-10-16,term-fall,2027\n")

    result = run_import(path, mode=APPLY_VALID)

    assert result.problems == [Problem(
        "academicSessions.csv", 3, "type",
        '"quarter" is not one of: gradingPeriod, schoolYear, semester, term.')]
    assert Problem("academicSessions.csv", 4, "parentSourcedId",
                   "Skipped: it refers to term-fall (academicSessions.csv line 3), which was "
                   "rejected.") in result.skipped
    assert set(RosterRecord.objects.filter(kind="academicSessions").values_list(
        "sourced_id", flat=True)) == {"year-2027"}
    assert not Section.objects.exists()  # both classes meet in term-fall


def test_a_user_whose_roles_row_is_rejected_is_skipped_not_called_roleless(drop) -> None:  # noqa: ANN001
    path = drop("v12_bulk")
    rewrite(path / "roles.csv", "r-s-2-0,,,s-2,primary,student", "r-s-2-0,,,s-2,primary,pupil")

    result = run_import(path, mode=APPLY_VALID)

    assert [(p.file, p.line, p.column) for p in result.problems] == [("roles.csv", 7, "role")]
    assert Problem("users.csv", 6, "sourcedId",
                   "Skipped: it refers to r-s-2-0 (roles.csv line 7), which was rejected.") in result.skipped
    assert sorted(Student.objects.values_list("sourced_id", flat=True)) == ["s-1", "s-3"]


def test_files_refused_at_their_header_are_named_and_nothing_is_said_to_be_applied(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "orgs.csv", "name,type", "type,name")
    rewrite(path / "academicSessions.csv", "title,type", "type,title")

    result = run_import(path, mode=APPLY_VALID)

    assert [(p.file, p.line) for p in result.problems] == [("orgs.csv", 1), ("academicSessions.csv", 1)]
    assert not result.applied
    assert result.message == (
        "Nothing was applied: no row that passed changes anything. 2 file problem(s) "
        "(academicSessions.csv, orgs.csv) were left out, 20 row(s) skipped because of them.")
    assert result.summary["orgs.csv"]["unread"] == 1
    # No dependent row is called missing: each is skipped because of the unread file.
    assert all("could not be read" in p.message for p in result.skipped)
    assert not RosterRecord.objects.exists()


def test_the_command_exits_non_zero_and_records_nothing_applied(drop, capsys) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "orgs.csv", "name,type", "type,name")
    rewrite(path / "academicSessions.csv", "title,type", "type,title")

    with pytest.raises(CommandError, match="^Nothing was applied"):
        call_command("import_oneroster", str(path), "--apply-valid")

    run = ImportRun.objects.get()
    assert (run.applied, run.problem_count, len(run.consequences())) == (False, 2, 20)
    assert "not read" in capsys.readouterr().out


def test_a_reimport_says_nothing_changed_and_exits_zero(drop, capsys) -> None:  # noqa: ANN001
    path = drop("v12_bulk")
    call_command("import_oneroster", str(path))
    call_command("import_oneroster", str(path))

    assert list(ImportRun.objects.order_by("pk").values_list("applied", "message")) == [
        (True, ImportRun.objects.order_by("pk").first().message),  # type: ignore[union-attr]
        (False, "Nothing to apply: the drop matches what is already imported."),
    ]
    assert ImportRun.objects.order_by("pk").first().message.startswith("Import applied: ")  # type: ignore[union-attr]
