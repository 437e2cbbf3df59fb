"""A class's OneRoster periods cell sets the periods and days it meets."""

from __future__ import annotations

import datetime as dt

import pytest

from rostering.models import ImportRun
from rostering.oneroster.importer import run_import
from rostering.oneroster.periods import PeriodMeeting, PeriodsProblem, parse_periods
from schedules.models import DayPattern, Period, SectionMeeting
from schedules.periods import meetings_set
from schedules.queries import meetings_for
from students.models import School, Section
from tests import factories as f
from tests.rostering.conftest import FIXTURES, confirm_proposed_calendars, rewrite

AB = ("A", "B")
MATH = "school-wms,term-fall,,,2\n"
ELA = "school-wms,term-fall,English,,3\n"


def meetings(section_sid: str) -> list[tuple[str, list[str]]]:
    return list(SectionMeeting.objects.filter(section__sourced_id=section_sid)
                .order_by("period__order", "period__name").values_list("period__name", "letters"))


# --- reading the cell (no database) -----------------------------------------------------------


def test_it_reads_plain_periods_as_every_day() -> None:
    assert parse_periods("1, 2,Advisory") == (
        PeriodMeeting("1"), PeriodMeeting("2"), PeriodMeeting("Advisory"))
    assert parse_periods("") == ()


def test_it_reads_days_in_parentheses_and_ranges_of_letters() -> None:
    letters = ("1", "2", "3", "4", "5", "6")
    assert parse_periods("3(1,3),4(2-4)", letters=letters) == (
        PeriodMeeting("3", ("1", "3")), PeriodMeeting("4", ("2", "3", "4")))
    assert parse_periods("1-3(A)", letters=AB) == (
        PeriodMeeting("1", ("A",)), PeriodMeeting("2", ("A",)), PeriodMeeting("3", ("A",)))


def test_a_period_named_twice_meets_on_the_union_of_its_days() -> None:
    assert parse_periods("3(B),3(A)", letters=AB) == (PeriodMeeting("3", ("A", "B")),)
    assert parse_periods("3(A),3", letters=AB) == (PeriodMeeting("3"),)


def test_a_day_letter_before_a_number_is_a_rotation_day_hint() -> None:
    assert parse_periods("A3,B-4", letters=AB) == (PeriodMeeting("3", ("A",)), PeriodMeeting("4", ("B",)))
    # Without that day letter, or when the school has a period of that name, it is a name.
    assert parse_periods("A3") == (PeriodMeeting("A3"),)
    assert parse_periods("A3", letters=AB, period_names={"A3"}) == (PeriodMeeting("A3"),)


@pytest.mark.parametrize(("raw", "message"), [
    ("3(C)", '"C" in "3(C)" is not one of the school\'s day letters (A, B)'),
    ("3(", 'has a "(" without its ")"'),
    ("3)", 'has a ")" without its "("'),
    ("3()", "names no day letters"),
    ("5-2", "write the lower number first"),
    ("x" * 41, "longer than 40 characters"),
])
def test_it_explains_a_cell_it_cannot_read(raw: str, message: str) -> None:
    with pytest.raises(PeriodsProblem, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_periods(raw, letters=AB)


def test_letters_at_a_school_whose_days_are_all_alike_are_refused() -> None:
    with pytest.raises(PeriodsProblem, match="Set the school's day pattern first"):
        parse_periods("3(A)")


# --- the import ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_import_creates_the_periods_and_meetings_a_drop_names() -> None:
    result = run_import(FIXTURES / "v12_bulk")

    assert result.applied and result.problems == []
    assert meetings("class-math6-2") == [("2", [])]
    assert meetings("class-ela6-3") == [("3", [])]
    two = Period.objects.get(school__sourced_id="school-wms", name="2")
    assert (two.start_time, two.end_time, two.order) == (None, None, 2)
    assert str(two) == "2 (times not set)"


@pytest.mark.django_db
def test_rotation_days_follow_the_drop_and_a_reimport_changes_nothing(drop) -> None:  # noqa: ANN001
    path = drop("v12_bulk")
    run_import(path)
    DayPattern.objects.create(school=School.objects.get(sourced_id="school-wms"),
                              kind=DayPattern.Kind.ROTATION, letters=["A", "B"])
    rewrite(path / "classes.csv", MATH, 'school-wms,term-fall,,,"2(A),4(B)"\n')
    rewrite(path / "classes.csv", ELA, "school-wms,term-fall,English,,B3\n")

    assert run_import(path).applied
    assert meetings("class-math6-2") == [("2", ["A"]), ("4", ["B"])]
    assert meetings("class-ela6-3") == [("3", ["B"])]
    rows = sorted(SectionMeeting.objects.values_list("pk", "section", "period", "letters"))

    run_import(path)
    assert sorted(SectionMeeting.objects.values_list("pk", "section", "period", "letters")) == rows

    rewrite(path / "classes.csv", '"2(A),4(B)"', '"2(A,B)"')
    run_import(path)
    assert meetings("class-math6-2") == [("2", ["A", "B"])]  # period 4 is no longer named
    assert Period.objects.filter(name="4").exists()  # the school's period stays


@pytest.mark.django_db
def test_a_class_whose_periods_are_removed_meets_every_day_again(drop) -> None:  # noqa: ANN001
    path = drop("v12_bulk")
    run_import(path)
    confirm_proposed_calendars()
    rewrite(path / "classes.csv", MATH, "school-wms,term-fall,,,\n")

    run_import(path)

    assert meetings("class-math6-2") == []
    math = Section.objects.get(sourced_id="class-math6-2")
    week = meetings_for([math.pk], dt.date(2026, 11, 16), dt.date(2026, 11, 20))
    assert len(week[math.pk]) == 5


@pytest.mark.django_db
def test_an_empty_cell_leaves_meetings_staff_entered_alone(drop) -> None:  # noqa: ANN001
    path = drop("v12_bulk")
    rewrite(path / "classes.csv", MATH, "school-wms,term-fall,,,\n")
    run_import(path)
    math = Section.objects.get(sourced_id="class-math6-2")
    period = Period.objects.create(school=math.school, name="5", start_time=dt.time(12, 0),
                                   end_time=dt.time(12, 50), order=5)
    SectionMeeting.objects.create(section=math, period=period)

    run_import(path)

    assert meetings("class-math6-2") == [("5", [])]


@pytest.mark.django_db
def test_a_cell_it_cannot_read_is_a_problem_with_its_line(drop) -> None:  # noqa: ANN001
    path = drop("v12_bulk")
    rewrite(path / "classes.csv", MATH, 'school-wms,term-fall,,,"2(A)"\n')

    result = run_import(path)

    assert not result.applied
    [problem] = result.problems
    assert (problem.file, problem.line, problem.column) == ("classes.csv", 2, "periods")
    assert "not one of the school's day letters (none" in problem.message
    assert not SectionMeeting.objects.exists()
    # Its enrollments are skipped with it, each saying why.
    skipped = result.skipped
    assert skipped and all(p.file == "enrollments.csv" and "classes.csv line 2" in p.message
                           for p in skipped)

    partial = run_import(path, mode=ImportRun.Mode.APPLY_VALID)
    assert partial.applied
    assert meetings("class-ela6-3") == [("3", [])]
    assert not Section.objects.filter(sourced_id="class-math6-2").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("classes", [2, 12])
def test_setting_meetings_takes_the_same_queries_for_any_number_of_classes(
    classes: int, django_assert_num_queries,  # noqa: ANN001
) -> None:
    school = f.SchoolFactory()
    sections = [f.SectionFactory(school=school) for _ in range(classes)]
    Period.objects.create(school=school, name="1", order=1)
    wanted = {s.pk: [("1", ()), (str(i + 2), ())] for i, s in enumerate(sections)}

    # savepoint, sections, periods, new periods, meetings, new meetings, release
    with django_assert_num_queries(7):
        changes = meetings_set(wanted=wanted)

    assert (changes.periods_added, changes.added) == (classes, 2 * classes)
