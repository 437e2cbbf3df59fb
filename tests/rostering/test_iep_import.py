"""IEP data import and export: the template in docs/iep-import.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command

from rostering.iep_import import IEP_FILES, export_iep_data, register_iep_file, run_iep_import
from rostering.models import ImportRun
from rostering.oneroster.reader import Problem
from students.models import IEP, TeamMember
from tests import factories as f

pytestmark = pytest.mark.django_db
IEPS = ",".join(IEP_FILES["ieps.csv"].headers[:10])  # without the reporting columns: still read
FULL = ",".join(IEP_FILES["ieps.csv"].headers)
TEAM = ",".join(IEP_FILES["team_members.csv"].headers)


def _files(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def test_it_imports_ieps_and_team_members_and_exports_them_back(tmp_path, student, case_manager,  # noqa: ANN001
                                                                 provider) -> None:
    path = _files(
        tmp_path,
        ieps=f"{FULL}\n{student.student_number},active,2026-09-08,2027-08-31,2026-09-01,2027-08-31,"
             f"2025-03-01,2028-02-28,{case_manager.email.upper()},21,specific_learning_disability,"
             "speech_language_impairment,2025-03-15,regular_80,iep,,\n",
        team_members=f"{TEAM}\n{student.student_number},2026-09-08,{provider.email},provider\n",
    )
    result = run_iep_import(path)
    assert result.problems == []
    iep = IEP.objects.get(student=student)
    assert (iep.case_manager, iep.status, iep.family_contact_interval_days) == (case_manager, "active", 21)
    assert (iep.primary_disability, iep.secondary_disability, iep.eligibility_date,
            iep.educational_environment) == (IEP.Disability.SPECIFIC_LEARNING_DISABILITY,
                                             IEP.Disability.SPEECH_LANGUAGE_IMPAIRMENT,
                                             dt.date(2025, 3, 15), IEP.Environment.REGULAR_80)
    assert TeamMember.objects.get(iep=iep).user == provider
    assert result.summary["ieps.csv"]["added"] == 1

    exported = export_iep_data()
    assert exported["ieps.csv"] == (tmp_path / "ieps.csv").read_text().replace(
        case_manager.email.upper(), case_manager.email)
    assert exported["team_members.csv"] == (tmp_path / "team_members.csv").read_text()
    assert exported["services.csv"] == ",".join(IEP_FILES["services.csv"].headers) + "\n"

    again = run_iep_import(path)
    assert again.summary["ieps.csv"]["unchanged"] == 1
    assert again.summary["team_members.csv"]["unchanged"] == 1


def test_every_problem_is_reported_and_nothing_applied(tmp_path, student, case_manager) -> None:  # noqa: ANN001
    path = _files(
        tmp_path,
        ieps=f"{IEPS}\n{student.student_number},active,09/08/2026,2027-08-31,2026-09-01,2027-08-31,,,"
             f"{case_manager.email},\n"
             f"999,active,2026-09-08,2026-09-01,2026-09-01,2027-08-31,,,nobody@district.test,\n",
        team_members=f"{TEAM}\n{student.student_number},2026-09-08,{case_manager.email},boss\n",
    )
    result = run_iep_import(path)
    assert result.problems == [
        Problem("ieps.csv", 2, "start_date",
                ('"09/08/2026" is written with slashes: it could be 2026-09-08 (month first) or '
                     "2026-08-09 (day first). Dates are written YYYY-MM-DD.")),
        Problem("ieps.csv", 3, "case_manager_email", "No active staff account has the email "
                "nobody@district.test."),
        Problem("ieps.csv", 3, "student_id", 'No student has the ID "999".'),
        Problem("team_members.csv", 2, "role", '"boss" is not one of: co_teacher, gen_ed_teacher, '
                "observer, provider."),
    ]
    assert not IEP.objects.exists()


def test_the_model_rules_apply_to_imported_ieps(tmp_path, student, case_manager) -> None:  # noqa: ANN001
    path = _files(tmp_path, ieps=f"{IEPS}\n{student.student_number},active,2026-09-08,2027-12-31,"
                                 f"2026-09-01,2027-08-31,,,{case_manager.email},\n")
    result = run_iep_import(path, mode=ImportRun.Mode.APPLY_VALID)
    assert result.problems == [Problem(
        "ieps.csv", 2, "end_date", "An IEP lasts at most one year; schedule an annual review.")]
    assert not IEP.objects.exists()


def test_services_are_checked_and_handed_to_the_registered_importer(tmp_path, iep, provider) -> None:  # noqa: ANN001
    services = ",".join(IEP_FILES["services.csv"].headers)
    number = iep.student.student_number
    path = _files(tmp_path, services=(
        f"{services}\n{number},2026-09-08,related_service,Speech,30,week,1,special_ed,{provider.email},,\n"
        f"{number},2025-01-01,sdi,Math,60,week,,general_ed,{provider.email},,\n"
        f"{number},2026-09-08,sdi,Math,lots,week,,general_ed,{provider.email},,\n"))
    original = IEP_FILES["services.csv"].apply
    IEP_FILES["services.csv"].apply = None  # as before the services area registers its importer
    try:
        result = run_iep_import(path, mode=ImportRun.Mode.APPLY_VALID)
    finally:
        IEP_FILES["services.csv"].apply = original
    assert result.problems == [
        Problem("services.csv", 3, "iep_start_date", f"Student {number} has no IEP starting 2025-01-01."),
        Problem("services.csv", 4, "minutes", '"lots" is not a number.'),
    ]
    assert "services.csv was checked but not imported" in result.message

    received = []
    exporter = IEP_FILES["services.csv"].export
    register_iep_file("services.csv", apply=lambda rows: received.extend(rows) or {"added": len(rows)})
    try:
        result = run_iep_import(path, mode=ImportRun.Mode.APPLY_VALID)
    finally:
        IEP_FILES["services.csv"].apply, IEP_FILES["services.csv"].export = original, exporter
    assert [(r.iep, r.values["minutes"], r.values["provider_email"]) for r in received] == [
        (iep, 30, provider)]
    assert result.summary["services.csv"]["added"] == 1


def test_the_commands_round_trip(tmp_path, iep) -> None:  # noqa: ANN001
    call_command("export_iep_data", str(tmp_path))
    call_command("import_iep_data", str(tmp_path))
    run = ImportRun.objects.get(kind=ImportRun.Kind.IEP)
    assert run.summary["ieps.csv"]["unchanged"] == 1
    assert run.summary["team_members.csv"]["unchanged"] == 2
    assert iep.start_date == dt.date(2026, 9, 8)


def test_an_out_of_range_number_is_reported_on_its_row_and_the_valid_rows_are_applied(
        tmp_path, student, school, case_manager) -> None:  # noqa: ANN001
    other = f.StudentFactory(school=school)
    path = _files(tmp_path, ieps=(
        f"{IEPS}\n{student.student_number},active,2026-09-08,2027-08-31,2026-09-01,2027-08-31,,,"
        f"{case_manager.email},21\n"
        f"{other.student_number},active,2026-09-08,2027-08-31,2026-09-01,2027-08-31,,,"
        f"{case_manager.email},99999\n"))

    result = run_iep_import(path, mode=ImportRun.Mode.APPLY_VALID)

    assert result.problems == [Problem("ieps.csv", 3, "family_contact_interval_days",
                                       "family_contact_interval_days must be between 1 and 365 "
                                       "(the file says 99999).")]
    assert result.applied and not result.failed
    assert list(IEP.objects.values_list("student", flat=True)) == [student.pk]
    assert result.summary["ieps.csv"] == {"rows": 2, "added": 1, "updated": 0, "ended": 0,
                                          "unchanged": 0, "errors": 1}


def test_with_apply_nothing_the_summary_adds_nothing(tmp_path, student, case_manager) -> None:  # noqa: ANN001
    path = _files(tmp_path, ieps=f"{IEPS}\n{student.student_number},active,2026-09-08,2027-08-31,"
                                 f"2026-09-01,2027-08-31,,,{case_manager.email},-5\n")
    result = run_iep_import(path)
    assert [p.message for p in result.problems] == [
        "family_contact_interval_days must be between 1 and 365 (the file says -5)."]
    assert result.message.startswith("Nothing was applied")
    assert result.summary["ieps.csv"]["added"] == 0 and not IEP.objects.exists()


@pytest.mark.parametrize(("column", "cell", "message"), [
    ("target_date", "9999-12-31",
     "Enter a date between 1900-01-01 and 2100-12-31 (the file says 9999-12-31)."),
    ("baseline_date", "0001-01-01",
     "Enter a date between 1900-01-01 and 2100-12-31 (the file says 0001-01-01)."),
    ("target", "1e400.5", '"1e400.5" is not a number.'),
    ("target", "99999999.5", "target must be between 0 and 999999 (the file says 99999999.5)."),
    ("baseline", "NaN", '"NaN" is not a number.'),
    ("baseline", "Infinity.0", '"Infinity.0" is not a number.'),
])
def test_goal_numbers_and_dates_are_bounded_where_they_enter(tmp_path, iep, column, cell, message) -> None:  # noqa: ANN001
    cells = {"baseline": "20", "baseline_date": "2026-09-08", "target": "80", "target_date": "2027-05-28"}
    cells[column] = cell
    goals = ",".join(IEP_FILES["goals.csv"].headers)
    path = _files(tmp_path, goals=(
        f"{goals}\n{iep.student.student_number},2026-09-08,Math,Solves problems,percent,"
        f"{cells['baseline']},{cells['baseline_date']},{cells['target']},{cells['target_date']},\n"
        f"{iep.student.student_number},2026-09-08,Reading,Reads aloud,count,5,2026-09-08,9,2027-05-28,\n"))

    result = run_iep_import(path, mode=ImportRun.Mode.APPLY_VALID)

    assert result.problems == [Problem("goals.csv", 2, column, message)]
    assert list(iep.goals.values_list("area", flat=True)) == ["Reading"]
    assert result.summary["goals.csv"]["added"] == 1


def test_an_import_that_stops_on_an_error_reports_nothing_added(tmp_path, student, case_manager,  # noqa: ANN001
                                                                monkeypatch) -> None:
    def broken(rows: object, counts: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("rostering.iep_import._apply_team", broken)
    path = _files(
        tmp_path,
        ieps=f"{IEPS}\n{student.student_number},active,2026-09-08,2027-08-31,2026-09-01,2027-08-31,,,"
             f"{case_manager.email},\n",
        team_members=f"{TEAM}\n{student.student_number},2026-09-08,{case_manager.email},provider\n",
    )
    result = run_iep_import(path)
    assert result.failed and not result.applied
    assert result.message == "The import stopped on an unexpected error and nothing was saved (disk full)."
    assert all(c["added"] == 0 for c in result.summary.values()) and not IEP.objects.exists()


@pytest.mark.parametrize(("number", "shown"), [('"A""1"', '"A\\"1"'), ('"A\n1"', '"A\\n1"')])
def test_a_student_id_that_could_break_a_file_name_gets_a_clear_message(tmp_path, case_manager,  # noqa: ANN001
                                                                        number, shown) -> None:
    path = _files(tmp_path, ieps=f"{IEPS}\n{number},active,2026-09-08,2027-08-31,2026-09-01,2027-08-31,,,"
                                 f"{case_manager.email},\n")
    result = run_iep_import(path)
    assert result.problems == [Problem(
        "ieps.csv", 2, "student_id", f"Student ID {shown} can hold only letters, digits and - _ . @, "
        "starting with a letter or digit (no spaces, quotes, slashes or line breaks).")]
