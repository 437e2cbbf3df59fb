"""seed_district gives a third of the schools a rotation, and every school testing days."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accommodations.models import Assessment, ImplementationCheck
from assessments import district_seed as assessments_seed
from assessments.models import AssessmentSession, AssessmentWindow
from schedules import district_seed as schedules_seed
from schedules.models import DayPattern, Period, SectionMeeting
from schedules.queries import meetings_for
from students.district_seed import build
from students.models import Section

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 18)


def test_the_first_school_rotates_and_history_follows_the_meetings() -> None:
    call_command("seed_district", students=40, seed=7, stdout=StringIO())

    pattern = DayPattern.objects.get()
    assert pattern.letters == ["A", "B"]
    sections = list(Section.objects.filter(school=pattern.school).values_list("pk", flat=True))
    assert SectionMeeting.objects.filter(section__in=sections).count() == len(sections)
    assert Period.objects.filter(school=pattern.school).count() == 5
    first = ImplementationCheck.objects.order_by("date").values_list("date", flat=True).first()
    assert first is not None
    meets = meetings_for(sections, first, dt.date.today())
    checks = ImplementationCheck.objects.values_list("section_id", "date").distinct()
    assert checks and all(day in meets[section] for section, day in checks)
    quizzes = Assessment.objects.values_list("section_id", "date")
    assert quizzes and all(day in meets[section] for section, day in quizzes)
    # A/B: periods 1 and 2 meet on A days, 5 every day.
    assert set(map(tuple, SectionMeeting.objects.filter(period__name="1").values_list("letters", flat=True))) == {("A",)}
    assert set(map(tuple, SectionMeeting.objects.filter(period__name="5").values_list("letters", flat=True))) == {()}


def test_each_school_has_a_spring_state_window_and_some_classes_a_unit_test() -> None:
    call_command("seed_district", students=40, seed=7, stdout=StringIO())

    state = AssessmentWindow.objects.get(kind=AssessmentWindow.Kind.STATE)
    assert state.first_day.month == 4 and state.first_day.weekday() == 0
    assert [s.day.weekday() for s in AssessmentSession.objects.filter(window=state)] == [1, 2, 1, 2]
    units = list(AssessmentWindow.objects.filter(kind=AssessmentWindow.Kind.UNIT))
    assert units
    meets = meetings_for([w.section_id for w in units], dt.date(2000, 1, 1), dt.date(2100, 1, 1))
    assert all(w.first_day in meets[w.section_id] for w in units)
    assert all(w.created_by_id == w.section.teacher_id for w in units)


@pytest.mark.parametrize("students", [700, 1900])
def test_the_seeds_take_the_same_queries_at_any_size(students: int) -> None:
    district = build(students, 3, TODAY, lambda _: None)  # 1 school, then 3
    rotating = len(schedules_seed.rotating(district))
    assert rotating == 1

    with CaptureQueriesContext(connection) as schedules:
        schedules_seed.generate(district)
    with CaptureQueriesContext(connection) as tests:
        assessments_seed.generate(district)

    # day patterns, periods, sections, meetings
    assert len(schedules) == 4
    # calendars, closures, ..., meetings_for (7), subjects, windows, sessions
    assert len(tests) == 10
