"""ieps.csv's state-reporting columns, and an active IEP whose end date has passed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from rostering.iep_import import IEP_FILES, PLAN, export_iep_data, run_iep_import
from rostering.models import ImportRun
from rostering.oneroster.reader import Problem
from rostering.results import save_result
from students.models import IEP
from tests import factories as f

pytestmark = pytest.mark.django_db
# Through the reporting columns (the plan-kind columns after them are optional too).
FULL = ",".join(IEP_FILES["ieps.csv"].headers[:-len(PLAN)])
LEGACY = ",".join(IEP_FILES["ieps.csv"].headers[:10])
THIS_YEAR = "2026-09-08,2027-08-31,2026-09-01,2027-08-31,2025-03-01,2028-02-28"
LAST_YEAR = "2025-09-08,2026-08-31,2025-09-01,2026-08-31,2025-03-01,2028-02-28"


def _ieps(tmp_path: Path, text: str) -> Path:
    (tmp_path / "ieps.csv").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_bad_category_is_reported_on_its_line_and_the_valid_rows_are_kept(
        tmp_path, school, case_manager) -> None:  # noqa: ANN001
    ok, bad = f.StudentFactory(school=school), f.StudentFactory(school=school)
    path = _ieps(tmp_path, f"{FULL}\n"
                 f"{ok.student_number},active,{THIS_YEAR},{case_manager.email},30,"
                 "speech_language_impairment,,2025-03-01,regular_80\n"
                 f"{bad.student_number},active,{THIS_YEAR},{case_manager.email},30,"
                 "dyslexia,,2025-03-01,resource_room\n")
    result = run_iep_import(path, mode=ImportRun.Mode.APPLY_VALID)
    choices = IEP_FILES["ieps.csv"].choices
    assert result.problems == [
        Problem("ieps.csv", 3, "educational_environment", '"resource_room" is not one of: '
                f"{', '.join(sorted(choices['educational_environment']))}."),
        Problem("ieps.csv", 3, "primary_disability", '"dyslexia" is not one of: '
                f"{', '.join(sorted(choices['primary_disability']))}."),
    ]
    kept = IEP.objects.get(student=ok)
    assert (kept.primary_disability, kept.educational_environment) == ("speech_language_impairment",
                                                                      "regular_80")
    assert not IEP.objects.filter(student=bad).exists()


def test_the_template_offers_the_idea_categories_and_the_federal_environments() -> None:
    assert len(IEP.Disability.values) == 14  # 13 categories of 34 CFR 300.8(c), and developmental delay
    assert len(IEP.Environment.values) == 8
    assert IEP_FILES["ieps.csv"].choices["secondary_disability"] == frozenset(IEP.Disability.values)


def test_the_model_rules_for_categories_apply_on_their_line(tmp_path, school, case_manager) -> None:  # noqa: ANN001
    older, same, alone = (f.StudentFactory(school=school) for _ in range(3))  # born 2014: 12 in 2026
    path = _ieps(tmp_path, f"{FULL}\n"
                 f"{older.student_number},active,{THIS_YEAR},{case_manager.email},30,developmental_delay,,,\n"
                 f"{same.student_number},active,{THIS_YEAR},{case_manager.email},30,autism,autism,,\n"
                 f"{alone.student_number},active,{THIS_YEAR},{case_manager.email},30,,autism,2026-10-01,\n")
    result = run_iep_import(path, mode=ImportRun.Mode.APPLY_VALID)
    assert [(p.line, p.column) for p in result.problems] == [
        (2, "primary_disability"), (3, "secondary_disability"), (4, "eligibility_date"),
        (4, "secondary_disability")]
    assert "aged 3 through 9; the student is 12" in result.problems[0].message
    assert result.problems[2].message == ("Eligibility is determined before the IEP starts "
                                          "(on or before 2026-09-08).")
    assert not IEP.objects.exists()


def test_a_young_child_may_be_found_eligible_under_developmental_delay(
        tmp_path, school, case_manager) -> None:  # noqa: ANN001
    child = f.StudentFactory(school=school, date_of_birth=dt.date(2020, 1, 5), grade="1")
    path = _ieps(tmp_path, f"{FULL}\n{child.student_number},active,{THIS_YEAR},{case_manager.email},30,"
                           "developmental_delay,speech_language_impairment,2025-03-01,regular_80\n")
    assert run_iep_import(path).problems == []
    assert IEP.objects.get(student=child).primary_disability == IEP.Disability.DEVELOPMENTAL_DELAY


def test_a_file_without_the_reporting_columns_leaves_them_as_they_are(tmp_path, iep) -> None:  # noqa: ANN001
    iep.primary_disability, iep.educational_environment = "autism", "regular_40_79"
    iep.save()
    path = _ieps(tmp_path, f"{LEGACY}\n{iep.student.student_number},active,{THIS_YEAR},"
                           f"{iep.case_manager.email},14\n")
    result = run_iep_import(path)
    assert (result.problems, result.summary["ieps.csv"]["updated"]) == ([], 1)
    iep.refresh_from_db()
    assert (iep.family_contact_interval_days, iep.primary_disability, iep.educational_environment) == (
        14, "autism", "regular_40_79")


def test_the_export_writes_the_reporting_columns_and_reads_back_unchanged(tmp_path, iep) -> None:  # noqa: ANN001
    iep.primary_disability, iep.secondary_disability = "other_health_impairment", "specific_learning_disability"
    iep.eligibility_date, iep.educational_environment = dt.date(2023, 5, 2), "regular_80"
    iep.save()
    text = export_iep_data()["ieps.csv"]
    assert text.splitlines()[1].endswith(",other_health_impairment,specific_learning_disability,"
                                         "2023-05-02,regular_80,iep,,")
    result = run_iep_import(_ieps(tmp_path, text))
    assert (result.problems, result.summary["ieps.csv"]["unchanged"]) == ([], 1)


def test_an_active_iep_past_its_end_date_is_imported_active_with_a_warning(
        tmp_path, student, case_manager) -> None:  # noqa: ANN001
    path = _ieps(tmp_path, f"{FULL}\n{student.student_number},active,{LAST_YEAR},{case_manager.email},30,"
                           "specific_learning_disability,,2024-05-01,regular_80\n")
    preview = run_iep_import(path, dry_run=True)
    assert preview.problems == []
    assert preview.warnings == [Problem("ieps.csv", 2, "end_date", (
        "This IEP's end date (2026-08-31) has passed, but it is marked active. It is imported as "
        "active and shows as past its annual review; if the student has a newer IEP, import that one "
        "and mark this row ended."))]
    assert "1 warning(s) to read: those rows are imported as they are." in preview.message
    assert not IEP.objects.exists()

    applied = run_iep_import(path)  # the warning blocks nothing, even with "apply nothing"
    assert applied.applied and len(applied.warnings) == 1
    assert IEP.objects.get(student=student).status == IEP.Status.ACTIVE


def test_an_iep_past_its_end_date_marked_ended_has_no_warning(tmp_path, student, case_manager) -> None:  # noqa: ANN001
    path = _ieps(tmp_path, f"{FULL}\n{student.student_number},ended,{LAST_YEAR},{case_manager.email},30,,,,\n"
                           f"{student.student_number},active,{THIS_YEAR},{case_manager.email},30,,,,\n")
    result = run_iep_import(path)
    assert (result.problems, result.warnings) == ([], [])


def test_the_preview_page_lists_the_warnings_apart_from_the_problems(
        tmp_path, login, district_admin, student, case_manager) -> None:  # noqa: ANN001
    path = _ieps(tmp_path, f"{FULL}\n{student.student_number},active,{LAST_YEAR},{case_manager.email},30,,,,\n"
                           f"{student.student_number},active,2026-13-01,{THIS_YEAR[11:]},"
                           f"{case_manager.email},30,,,,\n")
    run = ImportRun.objects.create(kind=ImportRun.Kind.IEP, dry_run=True, started_by=district_admin)
    save_result(run, run_iep_import(path, dry_run=True, mode=ImportRun.Mode.APPLY_VALID))
    run.refresh_from_db()
    assert run.problem_count == 1 and len(run.warnings()) == 1 and len(run.row_problems()) == 1
    page = login(district_admin).get(reverse("rostering:import_detail", args=[run.pk])).content.decode()
    assert "Problems (1)" in page and "Warnings (1)" in page
    assert "would be imported as they are" in page
    assert "ieps.csv, line 2, end_date:" in page
    assert "This IEP&#x27;s end date (2026-08-31) has passed, but it is marked active." in page


# --- Section 504 plans: the plan-kind columns ----------------------------------------------

PLANS = ",".join(IEP_FILES["ieps.csv"].headers)


def _plan_row(student, coordinator, tail: str) -> str:  # noqa: ANN001
    return (f"{student.student_number},active,2026-09-15,2027-09-14,2026-09-10,2027-09-10,2026-05-04,,"
            f"{coordinator.email},30,{tail}")


def test_a_504_plan_is_imported_with_its_impairment_and_exported_back(tmp_path, student, case_manager) -> None:  # noqa: ANN001
    row = _plan_row(student, case_manager, ",,,,section_504,Type 1 diabetes,eating")
    result = run_iep_import(_ieps(tmp_path, f"{PLANS}\n{row}\n"))
    assert result.problems == []
    plan = IEP.objects.get(student=student)
    assert (plan.kind, plan.impairment, plan.major_life_activity) == ("section_504", "Type 1 diabetes", "eating")
    assert plan.is_504 and plan.case_manager == case_manager
    text = export_iep_data()["ieps.csv"]
    assert text.splitlines()[1].endswith(",section_504,Type 1 diabetes,eating")
    again = run_iep_import(_ieps(tmp_path, text))
    assert (again.problems, again.summary["ieps.csv"]["unchanged"]) == ([], 1)


def test_a_504_plan_without_its_impairment_or_with_an_idea_category_is_refused_on_its_line(
    tmp_path, student, case_manager,  # noqa: ANN001
) -> None:
    other = f.StudentFactory(school=student.school, student_number="S504")
    rows = [_plan_row(student, case_manager, ",,,,section_504,,concentrating"),
            _plan_row(other, case_manager, "autism,,,,section_504,Autism,communicating")]
    result = run_iep_import(_ieps(tmp_path, PLANS + "\n" + "\n".join(rows) + "\n"))
    found = {(p.line, p.column) for p in result.problems}
    assert found == {(2, "impairment"), (3, "primary_disability")}
    assert not IEP.objects.exists()


def test_a_file_without_the_plan_columns_leaves_a_504_plan_a_504_plan(tmp_path, student, case_manager) -> None:  # noqa: ANN001
    plan = f.IEPFactory(student=student, case_manager=case_manager, kind="section_504", impairment="Asthma",
                        major_life_activity="breathing", start_date=dt.date(2026, 9, 15),
                        end_date=dt.date(2027, 9, 14), meeting_date=dt.date(2026, 9, 10),
                        annual_review_due=dt.date(2027, 9, 10))
    # Through family_contact_interval_days, as a file written before the reporting columns.
    row = (f"{student.student_number},active,2026-09-15,2027-09-14,2026-09-10,2027-09-10,2026-05-04,,"
           f"{case_manager.email},45")
    result = run_iep_import(_ieps(tmp_path, f"{LEGACY}\n{row}\n"))
    assert result.problems == []
    plan.refresh_from_db()
    assert (plan.kind, plan.impairment, plan.family_contact_interval_days) == ("section_504", "Asthma", 45)
