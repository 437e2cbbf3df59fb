"""Which classes meet on which days, read for many classes in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest

from schedules.models import DayOverride, DayPattern, Period, SectionMeeting
from schedules.queries import meetings_for, schedules_for
from schedules.rotation import meets
from tests import factories as f

D = dt.date
# Thanksgiving week: Thursday Nov 26 is a closure; school meets on Friday.
WEEK = (D(2026, 11, 23), D(2026, 11, 27))
NEXT_WEEK = (D(2026, 11, 30), D(2026, 12, 4))


@pytest.fixture
def ab_school(db: None):  # noqa: ANN201
    school = f.SchoolFactory()
    f.ClosureFactory(calendar=f.CalendarFactory(school=school), date=D(2026, 11, 26))
    DayPattern.objects.create(school=school, kind=DayPattern.Kind.ROTATION, letters=["A", "B"])
    return school


def _a_day_class(school, period: Period):  # noqa: ANN001, ANN202
    section = f.SectionFactory(school=school)
    SectionMeeting.objects.create(section=section, period=period, letters=["A"])
    return section


def _period(school, name: str = "1") -> Period:  # noqa: ANN001
    return Period.objects.create(school=school, name=name, start_time=dt.time(8, 0), end_time=dt.time(8, 50))


def test_an_a_day_class_meets_on_a_days_and_carries_on_after_thanksgiving(ab_school) -> None:  # noqa: ANN001
    section = _a_day_class(ab_school, _period(ab_school))
    # Aug 17, the first day, is an A day, and so is Monday Nov 23, the 71st day. Thanksgiving
    # takes no letter: Wednesday's A is followed by Friday's B.
    rotation = schedules_for([section.pk])[section.pk].rotation
    assert [rotation.letter_of(d) for d in (D(2026, 11, 23), D(2026, 11, 25), D(2026, 11, 26), D(2026, 11, 27))] == [
        "A", "A", None, "B",
    ]
    assert meetings_for([section.pk], WEEK[0], NEXT_WEEK[1])[section.pk] == [
        D(2026, 11, 23), D(2026, 11, 25), D(2026, 11, 30), D(2026, 12, 2), D(2026, 12, 4),
    ]


def test_where_closures_consume_their_letter_thanksgiving_takes_the_b(ab_school) -> None:  # noqa: ANN001
    DayPattern.objects.filter(school=ab_school).update(closures=DayPattern.Closures.CONSUME)
    section = _a_day_class(ab_school, _period(ab_school))
    assert meetings_for([section.pk], WEEK[0], NEXT_WEEK[1])[section.pk] == [
        D(2026, 11, 23), D(2026, 11, 25), D(2026, 11, 27), D(2026, 12, 1), D(2026, 12, 3),
    ]


def test_an_override_read_from_the_database_moves_one_days_class(ab_school) -> None:  # noqa: ANN001
    section = _a_day_class(ab_school, _period(ab_school))
    DayOverride.objects.create(calendar=ab_school.calendars.get(), day=D(2026, 12, 1), letter="A",
                               reason="Assembly schedule")
    assert meetings_for([section.pk], *NEXT_WEEK)[section.pk] == [
        D(2026, 11, 30), D(2026, 12, 1), D(2026, 12, 2), D(2026, 12, 4),
    ]


def test_a_class_with_no_schedule_meets_every_instructional_day(ab_school) -> None:  # noqa: ANN001
    section = f.SectionFactory(school=ab_school)
    assert meetings_for([section.pk], *WEEK)[section.pk] == [
        D(2026, 11, 23), D(2026, 11, 24), D(2026, 11, 25), D(2026, 11, 27),
    ]


def test_a_school_without_a_pattern_or_calendar_still_answers(db: None) -> None:
    plain = f.SectionFactory(school=f.CalendarFactory().school)
    no_calendar = f.SectionFactory()
    found = meetings_for([plain.pk, no_calendar.pk, 0], *WEEK)
    assert found == {plain.pk: [D(2026, 11, 23), D(2026, 11, 24), D(2026, 11, 25), D(2026, 11, 26),
                                D(2026, 11, 27)],
                     no_calendar.pk: []}
    assert not meets(schedules_for([no_calendar.pk])[no_calendar.pk], D(2026, 11, 23))


@pytest.mark.parametrize("classes", [2, 10])
def test_it_reads_any_number_of_classes_in_seven_queries(
    ab_school, classes: int, django_assert_num_queries  # noqa: ANN001
) -> None:
    other = f.CalendarFactory().school  # a second school with its own calendar, no pattern
    periods = [_period(ab_school, "1"), _period(ab_school, "2")]
    sections = [
        _a_day_class(ab_school, periods[i % 2]) if i % 3 else f.SectionFactory(school=other)
        for i in range(classes)
    ]
    # sections, calendars, closures, day patterns, anchors, overrides, meetings
    with django_assert_num_queries(7):
        found = meetings_for([s.pk for s in sections], *NEXT_WEEK)
    assert len(found) == classes
    assert found[sections[1].pk] == [D(2026, 11, 30), D(2026, 12, 2), D(2026, 12, 4)]
    assert len(found[sections[0].pk]) == 5
