"""OneRoster drops, 1.1 and 1.2: bulk, then delta; re-imports change nothing."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from iep_portal.models import User
from rostering.calendars import calendar_proposals
from rostering.models import ImportRun
from rostering.oneroster.importer import run_import
from rostering.oneroster.signals import enrollments_changed
from students.models import Enrollment, SchoolCalendar, Section, Student
from tests import factories as f
from tests.rostering.conftest import FIXTURES
from tests.rostering.roster_snapshot import snapshot

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 18)


@pytest.mark.parametrize("version", ["11", "12"])
def test_it_imports_a_bulk_drop(version: str) -> None:
    result = run_import(FIXTURES / f"v{version}_bulk")

    assert result.problems == []
    assert result.applied
    assert result.version == f"1.{version[1]}"
    assert result.summary["users.csv"] == {
        "rows": 7, "added": 6, "updated": 0, "ended": 0, "unchanged": 0, "errors": 0,
        "skipped": 0, "unread": 0}
    assert result.summary["enrollments.csv"]["added"] == 6
    maya = Student.objects.get(sourced_id="s-1")
    assert (maya.first_name, maya.student_number, maya.grade, maya.date_of_birth) == (
        "Maya", "100001", "6", dt.date(2014, 3, 9))
    assert maya.school.name == "Washington Middle School"
    assert Student.objects.get(sourced_id="s-3").grade == "K"
    math = Section.objects.get(sourced_id="class-math6-2")
    assert (math.name, math.subject, math.period) == ("Math 6 - Period 2", "Math", "2")
    assert math.teacher.email == "gpatel@district.test"
    assert set(math.enrollments.values_list("student__sourced_id", flat=True)) == {"s-1", "s-2"}
    gina = User.objects.get(sourced_id="t-1")
    assert gina.role == User.Role.GEN_ED_TEACHER
    assert not gina.has_usable_password()
    assert list(gina.schools.values_list("sourced_id", flat=True)) == ["school-wms"]
    assert User.objects.get(sourced_id="a-1").role == User.Role.SCHOOL_ADMIN
    assert not User.objects.filter(email="paula@home.test").exists()  # families are not users
    # The school year is proposed as a calendar, never made one without an administrator.
    assert not SchoolCalendar.objects.exists()
    [proposal] = calendar_proposals()
    assert (proposal.session, proposal.start, proposal.end) == (
        "year-2027", dt.date(2026, 8, 17), dt.date(2027, 6, 4))
    assert sorted(e.school.sourced_id for e in proposal.schools) == ["school-jhs", "school-wms"]


@pytest.mark.parametrize("version", ["11", "12"])
def test_importing_the_same_drop_twice_changes_nothing(version: str) -> None:
    run_import(FIXTURES / f"v{version}_bulk")
    before = snapshot()

    again = run_import(FIXTURES / f"v{version}_bulk")

    assert snapshot() == before
    for counts in again.summary.values():
        assert counts["added"] == counts["updated"] == counts["ended"] == 0


@pytest.mark.parametrize("version", ["11", "12"])
def test_a_delta_drop_updates_ends_and_adds_in_place(version: str) -> None:
    run_import(FIXTURES / f"v{version}_bulk")
    liam_pk = Student.objects.get(sourced_id="s-2").pk

    result = run_import(FIXTURES / f"v{version}_delta")

    assert result.problems == []
    william = Student.objects.get(sourced_id="s-2")
    assert (william.pk, william.first_name) == (liam_pk, "William")  # renamed in place
    sofia = Student.objects.get(sourced_id="s-3")
    assert not sofia.active  # tobedeleted: ended, never deleted
    assert Enrollment.objects.get(sourced_id="e-6").end_date == TODAY - dt.timedelta(days=1)
    assert Enrollment.objects.get(sourced_id="e-3").end_date == TODAY - dt.timedelta(days=1)
    assert Enrollment.objects.get(sourced_id="e-7").start_date == TODAY
    math = Section.objects.get(sourced_id="class-math6-2")
    assert math.name == "Math 6 (Period 2)"
    assert math.teacher.sourced_id == "t-3"  # the old primary teacher's enrollment was deleted
    assert set(Enrollment.objects.current(TODAY).filter(section=math).values_list(
        "student__sourced_id", flat=True)) == {"s-1"}
    assert result.summary["enrollments.csv"] == {
        "rows": 5, "added": 2, "updated": 0, "ended": 3, "unchanged": 0, "errors": 0,
        "skipped": 0, "unread": 0}

    before = snapshot()
    again = run_import(FIXTURES / f"v{version}_delta")
    assert snapshot() == before
    assert all(c["added"] == c["updated"] == c["ended"] == 0 for c in again.summary.values())


def test_a_bulk_drop_ends_what_is_no_longer_there_without_deleting(drop) -> None:  # noqa: ANN001
    run_import(FIXTURES / "v11_bulk")
    path = drop("v11_bulk")
    users = (path / "users.csv").read_text(encoding="utf-8")
    (path / "users.csv").write_text(
        "\n".join(line for line in users.splitlines() if not line.startswith(("s-3,", "t-2,"))) + "\n")
    enrollments = (path / "enrollments.csv").read_text(encoding="utf-8")
    (path / "enrollments.csv").write_text(
        "\n".join(line for line in enrollments.splitlines() if not line.startswith(("e-6,", "e-4,")))
        + "\n")

    result = run_import(path)

    assert result.problems == []
    assert not Student.objects.get(sourced_id="s-3").active
    assert not User.objects.get(sourced_id="t-2").is_active
    assert Enrollment.objects.get(sourced_id="e-6").end_date == TODAY - dt.timedelta(days=1)
    assert Section.objects.get(sourced_id="class-ela6-3").teacher is None
    assert result.summary["users.csv"]["ended"] == 2
    assert result.summary["enrollments.csv"]["ended"] == 2
    assert Student.objects.count() == 3  # nothing deleted


def test_an_import_never_overwrites_a_case_manager_or_provider() -> None:
    school = f.SchoolFactory(code="WMS")
    case_manager = f.UserFactory(email="gpatel@district.test", role=User.Role.CASE_MANAGER,
                                 schools=[school])
    provider = f.UserFactory(email="mbell@district.test", role=User.Role.PROVIDER)

    run_import(FIXTURES / "v11_bulk")

    case_manager.refresh_from_db()
    provider.refresh_from_db()
    assert (case_manager.role, case_manager.sourced_id) == (User.Role.CASE_MANAGER, "t-1")
    assert case_manager.has_usable_password()  # their own password stays
    assert provider.role == User.Role.PROVIDER
    school.refresh_from_db()
    assert school.sourced_id == "school-wms"  # adopted by its code, not duplicated


def test_an_existing_student_and_enrollment_are_adopted_not_duplicated() -> None:
    school = f.SchoolFactory(code="WMS")
    maya = f.StudentFactory(school=school, student_number="100001", first_name="Maya")
    run_import(FIXTURES / "v11_bulk")
    maya.refresh_from_db()
    assert maya.sourced_id == "s-1"
    assert Student.objects.filter(student_number="100001").count() == 1


def test_a_zip_drop_imports_like_a_folder(tmp_path: Path) -> None:
    archive = tmp_path / "drop.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in (FIXTURES / "v12_bulk").iterdir():
            zf.write(file, file.name)
    result = run_import(archive.read_bytes())
    assert result.problems == []
    assert Student.objects.count() == 3


def test_a_dry_run_reports_the_changes_and_saves_nothing() -> None:
    result = run_import(FIXTURES / "v11_bulk", dry_run=True)
    assert result.summary["users.csv"]["added"] == 6
    assert not result.applied
    assert Student.objects.count() == 0 and User.objects.count() == 0


def test_schedule_changes_are_announced_after_commit(django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    heard: list[dict] = []

    def listener(sender: object, **kwargs: object) -> None:
        heard.append(kwargs)

    enrollments_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run_import(FIXTURES / "v11_bulk")
    finally:
        enrollments_changed.disconnect(listener)
    assert len(heard) == 1
    assert heard[0]["student_ids"] == set(Student.objects.values_list("pk", flat=True))


def test_an_unexpected_database_error_rolls_everything_back(monkeypatch) -> None:  # noqa: ANN001
    from rostering.oneroster import apply

    def boom(self: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply.Applier, "enrollments", boom)
    result = run_import(FIXTURES / "v11_bulk", mode=ImportRun.Mode.APPLY_VALID)
    assert result.failed and "disk full" in result.message
    assert Student.objects.count() == 0 and Section.objects.count() == 0


def test_a_nul_character_is_reported_not_crashed_on(drop) -> None:  # noqa: ANN001
    # Found by the property tests: PostgreSQL text cannot hold NUL, so the file is refused.
    path = drop("v11_bulk")
    orgs = (path / "orgs.csv").read_text(encoding="utf-8").splitlines()
    orgs[1] = "\x00" + orgs[1]
    (path / "orgs.csv").write_text("\n".join(orgs) + "\n", encoding="utf-8")

    result = run_import(path)

    assert [(p.file, p.line) for p in result.problems if "NUL" in p.message] == [("orgs.csv", 2)]
    assert not result.failed
    assert not Student.objects.exists()
