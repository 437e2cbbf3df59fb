"""The IEP data files the other areas own: services.csv, accommodations.csv, goals.csv."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from accommodations.models import Support
from progress.models import Goal, GoalCollector
from rostering.iep_import import IEP_FILES, export_iep_data, run_iep_import
from rostering.models import ImportRun
from rostering.oneroster.reader import Problem
from services.models import ServiceRequirement
from students.models import IEP, TeamMember
from tests import factories as f
from tests.accommodations.factories import StrategyFactory, SupportFactory
from tests.progress.factories import GoalFactory
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.django_db


def _header(name: str) -> str:
    return ",".join(IEP_FILES[name].headers)


def _files(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_it_imports_services_accommodations_and_goals_and_a_second_import_changes_nothing(
        tmp_path, iep, provider, case_manager, gen_ed_teacher) -> None:  # noqa: ANN001
    n = iep.student.student_number
    path = _files(tmp_path, {
        "services.csv": f"{_header('services.csv')}\n"
                        f"{n},2026-09-08,related_service,Speech-language,30,week,2,special_ed,{provider.email},,\n"
                        f"{n},2026-09-08,sdi,Reading,150,week,,general_ed,{case_manager.email},2026-10-01,2027-06-04\n",
        "accommodations.csv": f"{_header('accommodations.csv')}\n"
                              f"{n},2026-09-08,accommodation,timing,Extended time (1.5x) on tests,assessments,,assessments\n"
                              f"{n},2026-09-08,modification,response,Shortened assignments,some_subjects,Math; Science,every_class\n",
        "goals.csv": f"{_header('goals.csv')}\n"
                     f"{n},2026-09-08,Reading fluency,Reads 90 words correct per minute,count,62,2026-09-01,90,2027-06-01,\n"
                     f"{n},2026-09-08,Math,Solves two-step problems,percent,20.5,,80,2027-05-28,{gen_ed_teacher.email}\n"
                     f"{n},2026-09-08,Math,Solves two-step problems,percent,20.5,,80,2027-05-28,{provider.email}\n",
    })

    result = run_iep_import(path)

    assert result.problems == [] and result.applied, result.message
    assert "not imported" not in result.message
    speech, reading = ServiceRequirement.objects.filter(iep=iep).order_by("kind")
    assert (speech.kind, speech.minutes, speech.sessions, speech.period, speech.setting, speech.provider) == (
        ServiceRequirement.Kind.RELATED, 30, 2, "week", ServiceRequirement.Setting.SPECIAL_ED, provider)
    assert (speech.start_date, speech.end_date) == (iep.start_date, iep.end_date)
    assert (reading.kind, reading.sessions, reading.start_date, reading.end_date) == (
        ServiceRequirement.Kind.SDI, 1, dt.date(2026, 10, 1), dt.date(2027, 6, 4))
    extended, shortened = Support.objects.filter(iep=iep).order_by("kind")
    assert (extended.scope, extended.frequency, extended.start_date) == (
        Support.Scope.ASSESSMENTS, Support.Frequency.ASSESSMENTS, iep.start_date)
    assert (shortened.kind, shortened.scope, shortened.subjects) == (
        Support.Kind.MODIFICATION, Support.Scope.SUBJECTS, ["Math", "Science"])
    fluency, math = Goal.objects.filter(iep=iep).order_by("area").reverse()
    assert (fluency.baseline_value, fluency.baseline_date, fluency.target_value) == (
        Decimal(62), dt.date(2026, 9, 1), Decimal(90))
    assert list(fluency.collectors.all()) == [case_manager]  # the default collector
    assert (math.baseline_value, math.baseline_date) == (Decimal("20.5"), iep.start_date)
    assert set(math.collectors.all()) == {gen_ed_teacher, provider}
    assert result.summary["services.csv"]["added"] == 2
    assert result.summary["accommodations.csv"]["added"] == 2
    assert result.summary["goals.csv"]["added"] == 2

    again = run_iep_import(path)

    assert again.problems == []
    for name in ("services.csv", "accommodations.csv", "goals.csv"):
        assert (again.summary[name]["added"], again.summary[name]["updated"]) == (0, 0), name
    assert again.summary["services.csv"]["unchanged"] == 2
    assert ServiceRequirement.objects.count() == 2 and Support.objects.count() == 2
    assert GoalCollector.objects.count() == 3


def test_a_changed_row_updates_in_place_and_asks_teachers_to_acknowledge_again(
        tmp_path, iep, provider) -> None:  # noqa: ANN001
    n = iep.student.student_number
    requirement = ServiceRequirementFactory(iep=iep, provider=provider, kind="related", area="Speech-language",
                                            minutes=30, period="week", setting="special_ed")
    support = SupportFactory(iep=iep, text="Preferential seating", category="setting")
    before = support.changed_at
    path = _files(tmp_path, {
        "services.csv": f"{_header('services.csv')}\n{n},2026-09-08,related_service,speech-language,45,week,1,"
                        f"special_ed,{provider.email},,\n",
        "accommodations.csv": f"{_header('accommodations.csv')}\n{n},2026-09-08,accommodation,setting,"
                              "Preferential seating,all_classes,,as_needed\n",
    })

    result = run_iep_import(path)

    assert result.summary["services.csv"]["updated"] == 1
    assert result.summary["accommodations.csv"]["updated"] == 1
    requirement.refresh_from_db()
    support.refresh_from_db()
    assert requirement.minutes == 45 and ServiceRequirement.objects.count() == 1
    assert support.frequency == Support.Frequency.AS_NEEDED and support.changed_at > before


def _refused_files(tmp_path: Path, iep: IEP, provider: object, colleague: object) -> Path:
    n = iep.student.student_number
    return _files(tmp_path, {
        "services.csv": f"{_header('services.csv')}\n"
                        f"{n},2026-09-08,related_service,Speech,30,week,1,special_ed,{provider.email},,\n"
                        f"{n},2026-09-08,related_service,OT,30,week,1,special_ed,{colleague.email},,\n"
                        f"{n},2026-09-08,sdi,Math,60,week,,general_ed,{provider.email},2026-01-01,\n"
                        f"{n},2026-09-08,sdi,Writing,2.5,week,,general_ed,{provider.email},,\n",
        "accommodations.csv": f"{_header('accommodations.csv')}\n"
                              f"{n},2026-09-08,accommodation,timing,Breaks,some_subjects,,every_class\n"
                              f"{n},2026-09-08,accommodation,timing,Read aloud,assessments,,every_class\n",
        "goals.csv": f"{_header('goals.csv')}\n"
                     f"{n},2026-09-08,Math,Accuracy,percent,20,2026-09-01,120,2027-05-28,\n"
                     f"{n},2026-09-08,Writing,Paragraphs,rubric,1,2026-09-01,3,2027-05-28,\n"
                     f"{n},2026-09-08,Behavior,On task,percent,40,2026-09-01,80,2027-05-28,{colleague.email}\n"
                     f"{n},2026-09-08,Reading,Fluency,count,60,2026-09-01,90,2027-05-28,\n",
    })


def _refusals(n: str) -> list[Problem]:
    return [
        Problem("services.csv", 3, "provider_email", "The provider must be the case manager or a provider "
                "on this IEP's team. Add them to the team first."),
        Problem("services.csv", 4, "start_date", "The service must start while the IEP is in effect "
                "(2026-09-08 to 2027-08-31)."),
        Problem("services.csv", 5, "minutes", "minutes must be a whole number."),
        Problem("accommodations.csv", 2, "subjects", "Choose at least one subject, or apply it to all classes."),
        Problem("accommodations.csv", 3, "frequency",
                "A support for assessments only is expected on assessments or as needed."),
        Problem("goals.csv", 2, "target", "A percent must be between 0 and 100."),
        Problem("goals.csv", 3, "measure", "A rubric goal needs its highest rubric level, which goals.csv "
                "cannot carry yet: add this goal in the portal."),
        Problem("goals.csv", 4, "collected_by_email", "{colleague} cannot collect data for this student: only "
                "the case manager, team members and the student's teachers can. Add them to the team first."),
    ]


def test_rows_the_areas_rules_refuse_are_reported_on_their_line_and_nothing_is_applied(
        tmp_path, iep, provider, colleague) -> None:  # noqa: ANN001
    path = _refused_files(tmp_path, iep, provider, colleague)

    result = run_iep_import(path)

    expected = [p if "{colleague}" not in p.message else
                Problem(p.file, p.line, p.column, p.message.format(colleague=colleague))
                for p in _refusals(iep.student.student_number)]
    assert result.problems == expected
    assert result.message.startswith("Nothing was applied: 8 problem(s) found.")
    assert not result.applied
    assert result.summary["services.csv"]["added"] == 0 and result.summary["services.csv"]["errors"] == 3
    assert not ServiceRequirement.objects.exists() and not Support.objects.exists()
    assert not Goal.objects.exists()


def test_apply_valid_rows_applies_the_rest(tmp_path, iep, provider, colleague) -> None:  # noqa: ANN001
    path = _refused_files(tmp_path, iep, provider, colleague)

    result = run_iep_import(path, mode=ImportRun.Mode.APPLY_VALID)

    assert result.applied and len(result.problems) == 8
    assert list(ServiceRequirement.objects.values_list("area", flat=True)) == ["Speech"]
    assert not Support.objects.exists()
    assert list(Goal.objects.values_list("area", flat=True)) == ["Reading"]


def test_the_export_round_trips_into_an_empty_district(tmp_path, iep, provider, case_manager,  # noqa: ANN001
                                                        gen_ed_teacher) -> None:
    ServiceRequirementFactory(iep=iep, provider=provider, kind="related", area="Speech, language",
                              minutes=30, sessions=2, period="week", setting="special_ed")
    ServiceRequirementFactory(iep=iep, provider=case_manager, kind="sdi", area="Reading", minutes=20,
                              period="day", setting="gen_ed", start_date=dt.date(2026, 10, 1),
                              end_date=dt.date(2027, 6, 4))
    SupportFactory(iep=iep, text='Directions read aloud, "chunked"', category="presentation",
                   scope="subjects", subjects=["Math", "Science"])
    SupportFactory(iep=iep, kind="modification", category="response", text="Word bank",
                   scope="assessments", frequency="assessments")
    SupportFactory(iep=iep, text="Ended support", end_date=dt.date(2026, 10, 1))
    StrategyFactory(iep=iep)
    GoalFactory(iep=iep, area="Math", baseline_value=Decimal("20.5"), collectors=[case_manager, gen_ed_teacher])
    GoalFactory(iep=iep, area="Reading", annual_goal="Reads 90 wcpm,\nwith expression", measure="count",
                baseline_value=62, target_value=90, collectors=[provider])
    other = f.IEPFactory(student=f.StudentFactory(school=iep.student.school))
    ServiceRequirementFactory(iep=other, provider=other.case_manager, kind="sdi", area="Math",
                              minutes=100, period="month", setting="special_ed")
    exported = export_iep_data()
    for name, text in exported.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert exported["services.csv"].count("\n") == 4
    assert exported["accommodations.csv"].count("\n") == 3  # not the strategy, not the ended one
    assert exported["goals.csv"].count('"Reads 90 wcpm,\nwith expression"') == 1

    # An empty district: the same people and students, none of the IEP data.
    GoalCollector.objects.all().delete()
    Goal.objects.all().delete()
    Support.objects.all().delete()
    ServiceRequirement.objects.all().delete()
    TeamMember.objects.all().delete()
    IEP.objects.all().delete()

    result = run_iep_import(tmp_path)

    assert result.problems == [] and result.applied, result.message
    assert export_iep_data() == exported
    assert ServiceRequirement.objects.count() == 3 and Goal.objects.count() == 2


def test_text_that_looks_like_a_formula_is_exported_quoted_and_reads_back_unchanged(
        tmp_path, iep, provider) -> None:  # noqa: ANN001
    ServiceRequirementFactory(iep=iep, provider=provider, kind="related", area="+Speech",
                              minutes=30, period="week", setting="special_ed")
    SupportFactory(iep=iep, text='=HYPERLINK("http://evil.test","Open")')
    SupportFactory(iep=iep, text="'=already quoted by a person")
    SupportFactory(iep=iep, text="'twas typed with an apostrophe")
    GoalFactory(iep=iep, area="-1", annual_goal="@SUM(A1:A9) words", collectors=[iep.case_manager])
    exported = export_iep_data()
    assert ",'+Speech," in exported["services.csv"]
    assert "\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"Open\"\")\"" in exported["accommodations.csv"]
    assert ",''=already quoted by a person," in exported["accommodations.csv"]
    assert ",'twas typed with an apostrophe," in exported["accommodations.csv"]
    assert ",'-1,'@SUM(A1:A9) words,percent,20," in exported["goals.csv"]  # numbers as they are
    for name, text in exported.items():
        (tmp_path / name).write_text(text, encoding="utf-8")

    again = run_iep_import(tmp_path)

    assert again.problems == [] and again.applied, again.message
    for name in ("services.csv", "accommodations.csv", "goals.csv"):
        assert (again.summary[name]["added"], again.summary[name]["updated"]) == (0, 0), name
    assert sorted(Support.objects.values_list("text", flat=True)) == sorted([
        '=HYPERLINK("http://evil.test","Open")', "'=already quoted by a person",
        "'twas typed with an apostrophe"])
    assert list(Goal.objects.values_list("area", "annual_goal")) == [("-1", "@SUM(A1:A9) words")]
    assert list(ServiceRequirement.objects.values_list("area", flat=True)) == ["+Speech"]
