"""Implementation rates, with numbers worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from accommodations.models import Assessment, ImplementationCheck, Support
from accommodations.rates import (
    CheckRow,
    EnrollmentSpan,
    SupportSpan,
    Tally,
    compute,
    implementation_for,
)
from students.models import IEP, Section, Student
from tests import factories as f
from tests.accommodations.factories import SupportFactory

D = dt.date
# Nov 2 (Mon) .. Nov 13 (Fri) 2026: ten weekdays; Nov 11 is a closure, so nine school days.
START, END = D(2026, 11, 2), D(2026, 11, 13)
SCHOOL_DAYS = [D(2026, 11, d) for d in (2, 3, 4, 5, 6, 9, 10, 12, 13)]


def test_a_tally_leaves_not_needed_out_of_the_rate() -> None:
    tally = Tally(expected=10, provided=6, not_needed=2, declined=1, not_provided=0)
    assert tally.missing == 1
    assert tally.rate == 6 / 8
    assert tally.percent == 75
    assert Tally().rate is None


def test_compute_counts_school_days_for_every_class_supports() -> None:
    tallies = compute(
        start=START, end=END,
        supports=[SupportSpan(1, student_id=7, start=D(2026, 9, 8), end=D(2027, 6, 1))],
        enrollments=[EnrollmentSpan(7, section_id=3, school_id=1, subject="Math", start=D(2026, 11, 5))],
        instructional_days={1: SCHOOL_DAYS}, assessments=set(),
        checks=[CheckRow(1, 3, D(2026, 11, 5), "provided"), CheckRow(1, 3, D(2026, 11, 4), "provided")],
    )
    # Enrolled from Nov 5: 5, 6, 9, 10, 12, 13 -> 6 expected; the Nov 4 check predates the enrollment.
    assert tallies[(1, 3)] == Tally(expected=6, provided=1, logged=1)


def test_compute_expects_assessment_supports_only_on_assessment_days() -> None:
    tallies = compute(
        start=START, end=END,
        supports=[SupportSpan(1, 7, D(2026, 9, 8), D(2027, 6, 1), assessment_only=True)],
        enrollments=[EnrollmentSpan(7, 3, 1, "Math", D(2026, 8, 17))],
        instructional_days={1: SCHOOL_DAYS},
        assessments={(3, D(2026, 11, 4)), (3, D(2026, 11, 11)), (4, D(2026, 11, 5))},
        checks=[CheckRow(1, 3, D(2026, 11, 4), "declined")],
    )
    # Nov 11 is closed and section 4 is another class: one expected occasion.
    assert tallies[(1, 3)] == Tally(expected=1, declined=1)


@pytest.fixture
def science(school, colleague) -> Section:  # noqa: ANN001
    return f.SectionFactory(school=school, teacher=colleague, name="Science 6", subject="Science")


@pytest.fixture
def scenario(iep: IEP, calendar, section: Section, science: Section, gen_ed_teacher, colleague) -> dict:  # noqa: ANN001
    """The worked example (see test_rates_match_the_hand_computed_example)."""
    f.ClosureFactory(calendar=calendar, date=D(2026, 11, 11), reason="Veterans Day")
    student = iep.student
    f.EnrollmentFactory(student=student, section=science, start_date=D(2026, 11, 9))
    a = SupportFactory(iep=iep, text="A: extended time")
    b = SupportFactory(iep=iep, text="B: lab partner", scope=Support.Scope.SUBJECTS, subjects=["Science"])
    c = SupportFactory(iep=iep, text="C: read aloud on tests", category=Support.Category.PRESENTATION,
                       scope=Support.Scope.ASSESSMENTS, frequency=Support.Frequency.ASSESSMENTS)
    d = SupportFactory(iep=iep, text="D: breaks", category=Support.Category.SETTING,
                       frequency=Support.Frequency.AS_NEEDED)
    for day in (D(2026, 11, 4), D(2026, 11, 11)):
        Assessment.objects.create(section=section, date=day, recorded_by=gen_ed_teacher)
    Assessment.objects.create(section=science, date=D(2026, 11, 5), recorded_by=colleague)

    def check(support: Support, sec: Section, day: int, outcome: str = "provided") -> None:
        ImplementationCheck.objects.create(
            support=support, student=student, section=sec, date=D(2026, 11, day),
            teacher=sec.teacher, outcome=outcome,
        )

    for day in (2, 3, 4, 5, 6):
        check(a, section, day)
    check(a, section, 9, "not_needed")
    check(a, section, 10, "declined")
    check(a, section, 12, "not_provided")
    check(a, science, 9)
    check(a, science, 10)
    check(b, science, 12)
    check(c, section, 4)
    check(c, section, 6)  # no assessment that day: logged, not expected
    check(d, section, 3)  # as needed: logged
    check(a, section, 16)  # outside the period
    return {"a": a, "b": b, "c": c, "d": d}


def test_rates_match_the_hand_computed_example(
    scenario: dict, student: Student, gen_ed_teacher, colleague  # noqa: ANN001
) -> None:
    result = implementation_for(Student.objects.filter(pk=student.pk), START, END)
    by_support = {s.text[0]: t for s, t in result.by_support()}
    # A, every class, all classes: Math 9 school days + Science 4 (enrolled Nov 9; Nov 11 closed).
    assert by_support["A"] == Tally(expected=13, provided=7, not_needed=1, declined=1, not_provided=1)
    assert by_support["A"].missing == 3
    assert by_support["A"].rate == 7 / 12
    # B, Science only: 4 expected, 1 provided.
    assert by_support["B"] == Tally(expected=4, provided=1)
    # C, assessments only: Math Nov 4 (Nov 11 was closed; the Science test predates enrollment).
    assert by_support["C"] == Tally(expected=1, provided=1, logged=1)
    # D, as needed: nothing expected, one use logged.
    assert by_support["D"] == Tally(logged=1)
    assert by_support["D"].rate is None

    by_teacher = dict(result.by_teacher())
    assert by_teacher[gen_ed_teacher] == Tally(expected=10, provided=6, not_needed=1, declined=1,
                                               not_provided=1, logged=2)
    assert by_teacher[gen_ed_teacher].rate == 6 / 9
    assert by_teacher[colleague] == Tally(expected=8, provided=3)
    assert result.total().rate == 9 / 17


def test_an_ended_support_counts_only_while_it_applied(iep: IEP, calendar) -> None:  # noqa: ANN001
    ended = SupportFactory(iep=iep, start_date=D(2026, 11, 5), end_date=D(2026, 11, 10))
    result = implementation_for([iep.student], START, END)
    [(support, tally)] = result.by_support()
    assert support == ended
    assert tally.expected == 4  # Nov 5, 6, 9, 10


def test_draft_ieps_expect_nothing(iep: IEP, calendar) -> None:  # noqa: ANN001
    SupportFactory(iep=iep)
    IEP.objects.filter(pk=iep.pk).update(status=IEP.Status.DRAFT)
    assert implementation_for([iep.student], START, END).rows == []


def _students_with_checks(school, section, n: int) -> list[Student]:  # noqa: ANN001
    students = []
    manager = f.UserFactory(role="case_manager", schools=[school])
    for _ in range(n):
        new = f.IEPFactory(student=f.StudentFactory(school=school), case_manager=manager)
        f.EnrollmentFactory(student=new.student, section=section)
        support = SupportFactory(iep=new)
        ImplementationCheck.objects.bulk_create([
            ImplementationCheck(support=support, student=new.student, section=section, date=day,
                                teacher=section.teacher, outcome="provided")
            for day in SCHOOL_DAYS
        ])
        students.append(new.student)
    return students


@pytest.mark.parametrize("n", [1, 8])
def test_implementation_for_runs_twelve_queries_however_many_students(
    n: int, school, section, calendar, django_assert_num_queries  # noqa: ANN001
) -> None:
    _students_with_checks(school, section, n)
    students = Student.objects.filter(school=school)
    # supports, enrollments, the days each section meets (meetings_for: sections, calendars,
    # closures, day patterns, anchors, overrides, meetings), assessments, checks
    with django_assert_num_queries(12):
        result = implementation_for(students, START, END)
    # No closure in this calendar: ten school days, nine checked.
    assert result.total() == Tally(expected=10 * n, provided=9 * n)


def test_an_absent_class_meeting_leaves_every_count() -> None:
    """Two supports in one class; the student absent on Nov 3 (marked on one support only):
    both supports' Nov 3 occasions leave expected, provided and missing."""
    spans = [SupportSpan(1, student_id=7, start=START, end=END),
             SupportSpan(2, student_id=7, start=START, end=END)]
    tallies = compute(
        start=START, end=END, supports=spans,
        enrollments=[EnrollmentSpan(7, section_id=3, school_id=1, subject="Math", start=START)],
        instructional_days={1: SCHOOL_DAYS}, assessments=set(),
        checks=[CheckRow(1, 3, D(2026, 11, 3), "absent"), CheckRow(2, 3, D(2026, 11, 3), "provided"),
                CheckRow(1, 3, D(2026, 11, 2), "provided"), CheckRow(2, 3, D(2026, 11, 2), "declined")],
    )
    one, two = tallies[(1, 3)], tallies[(2, 3)]
    assert (one.expected, one.absent, one.provided, one.missing) == (8, 1, 1, 7)
    assert (two.expected, two.absent, two.provided, two.declined, two.missing) == (8, 1, 0, 1, 7)
    figure = two.figure()
    assert (figure.provided, figure.not_provided, figure.not_checked, figure.absent) == (0, 1, 7, 1)
    assert figure.total == 8


# --- bell schedules: only the days a class meets expect a check ------------------------------

# Anchored on Monday Nov 2 as an A day, the school days alternate A, B; the Nov 11 closure takes
# no letter, so Thursday Nov 12 is B after Tuesday Nov 10's A.
A_DAYS = [D(2026, 11, d) for d in (2, 4, 6, 10, 13)]


def test_compute_expects_an_a_day_class_only_on_its_a_days() -> None:
    spans = [SupportSpan(1, 7, START, END), SupportSpan(2, 7, START, END, assessment_only=True)]
    tallies = compute(
        start=START, end=END, supports=spans,
        enrollments=[EnrollmentSpan(7, 3, 1, "Math", START), EnrollmentSpan(7, 4, 1, "Art", START)],
        instructional_days={1: SCHOOL_DAYS}, meeting_days={3: A_DAYS},
        assessments={(3, D(2026, 11, 4)), (3, D(2026, 11, 5))},
        checks=[CheckRow(1, 3, D(2026, 11, 2), "provided"), CheckRow(1, 3, D(2026, 11, 3), "provided"),
                CheckRow(1, 3, D(2026, 11, 6), "absent"), CheckRow(1, 3, D(2026, 11, 9), "absent")],
    )
    # Section 3 meets on five A days; the Nov 3 (B day) check is logged; absent on Nov 6 (A)
    # leaves that meeting out, the "absent" of Nov 9 (a B day, no meeting) changes nothing.
    assert tallies[(1, 3)] == Tally(expected=4, provided=1, absent=1, logged=1)
    # The assessment of Nov 5 fell on a B day: only Nov 4's is expected.
    assert tallies[(2, 3)] == Tally(expected=1)
    # Section 4 has no schedule: every school day, as before.
    assert tallies[(1, 4)] == Tally(expected=9)


@pytest.fixture
def ab_days(school, calendar):  # noqa: ANN001, ANN201
    from schedules.models import DayPattern, RotationAnchor

    f.ClosureFactory(calendar=calendar, date=D(2026, 11, 11), reason="Veterans Day")
    DayPattern.objects.create(school=school, kind=DayPattern.Kind.ROTATION, letters=["A", "B"])
    RotationAnchor.objects.create(calendar=calendar, day=START, letter="A")
    return calendar


def _meets_on(section: Section, *letters: str) -> None:
    from schedules.models import Period, SectionMeeting

    period = Period.objects.create(school=section.school, name=f"P{section.pk}",
                                   start_time=dt.time(9, 0), end_time=dt.time(9, 50))
    SectionMeeting.objects.create(section=section, period=period, letters=list(letters))


def test_an_a_day_class_expects_checks_only_on_a_days(
    iep: IEP, ab_days, section: Section, science: Section  # noqa: ANN001
) -> None:
    _meets_on(section, "A")
    f.EnrollmentFactory(student=iep.student, section=science)  # no schedule: every school day
    support = SupportFactory(iep=iep)
    ImplementationCheck.objects.bulk_create([
        ImplementationCheck(support=support, student=iep.student, section=section, date=day,
                            teacher=section.teacher, outcome="provided")
        for day in SCHOOL_DAYS
    ])
    rows = {row.section: row.tally for row in implementation_for([iep.student], START, END).rows}
    # Five A days checked; the four checks of its B days were of no meeting: logged.
    assert rows[section] == Tally(expected=5, provided=5, logged=4)
    assert rows[science] == Tally(expected=9)


def test_a_six_day_rotation_carries_its_letters_across_a_closure(
    iep: IEP, school, calendar, section: Section  # noqa: ANN001
) -> None:
    from schedules.models import DayPattern, RotationAnchor

    f.ClosureFactory(calendar=calendar, date=D(2026, 11, 11), reason="Veterans Day")
    DayPattern.objects.create(school=school, kind=DayPattern.Kind.ROTATION, letters=list("123456"))
    RotationAnchor.objects.create(calendar=calendar, day=START, letter="1")
    _meets_on(section, "3")
    support = SupportFactory(iep=iep)
    for day in (D(2026, 11, 12), D(2026, 11, 13)):
        ImplementationCheck.objects.create(support=support, student=iep.student, section=section,
                                           date=day, teacher=section.teacher, outcome="provided")
    [row] = implementation_for([iep.student], START, END).rows
    # Days 1-6 run Nov 2-9, then day 1 on Nov 10; the closure takes no letter, so day 3 is
    # Friday Nov 13, not Thursday Nov 12: day 3 meets on Nov 4 and Nov 13.
    assert row.tally == Tally(expected=2, provided=1, logged=1)
