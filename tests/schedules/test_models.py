"""The schedule rows refuse what cannot be, in the database and with a message a person reads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from schedules.models import DayOverride, DayPattern, Period, RotationAnchor, SectionMeeting
from tests import factories as f


@pytest.fixture
def ab_school(db: None):  # noqa: ANN201
    school = f.SchoolFactory()
    f.CalendarFactory(school=school)
    DayPattern.objects.create(school=school, kind=DayPattern.Kind.ROTATION, letters=["A", "B"])
    return school


@pytest.mark.parametrize(("kind", "letters"), [
    (DayPattern.Kind.ROTATION, ["A"]),
    (DayPattern.Kind.EVERY_DAY, ["A", "B"]),
    (DayPattern.Kind.WEEKLY, ["A", "B"]),
    ("fortnightly", []),
])
def test_the_database_refuses_letters_that_do_not_fit_the_kind(db: None, kind: str, letters: list[str]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        DayPattern.objects.create(school=f.SchoolFactory(), kind=kind, letters=letters)


def test_a_rotation_names_each_letter_once_and_none_blank(db: None) -> None:
    school = f.SchoolFactory()
    with pytest.raises(ValidationError, match="appears once"):
        DayPattern(school=school, kind=DayPattern.Kind.ROTATION, letters=["A", "B", "A"]).full_clean()
    with pytest.raises(ValidationError, match="cannot be blank"):
        DayPattern(school=school, kind=DayPattern.Kind.ROTATION, letters=["A", " "]).full_clean()


def test_the_database_refuses_a_period_that_ends_before_it_starts(db: None) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Period.objects.create(school=f.SchoolFactory(), name="1", start_time=dt.time(9), end_time=dt.time(8))


def test_an_anchor_or_override_needs_one_of_the_schools_letters_inside_the_year(ab_school) -> None:  # noqa: ANN001
    calendar = ab_school.calendars.get()
    with pytest.raises(ValidationError, match=r"C is not one of this school's day letters \(A, B\)"):
        RotationAnchor(calendar=calendar, day=dt.date(2026, 8, 17), letter="C").full_clean()
    with pytest.raises(ValidationError, match="inside the school year"):
        DayOverride(calendar=calendar, day=dt.date(2027, 7, 1), letter="B").full_clean()
    DayOverride(calendar=calendar, day=dt.date(2026, 12, 8), letter="B").full_clean()


def test_a_class_meets_in_its_own_schools_periods_on_its_schools_letters(ab_school) -> None:  # noqa: ANN001
    section = f.SectionFactory(school=ab_school)
    elsewhere = Period.objects.create(school=f.SchoolFactory(), name="1", start_time=dt.time(8),
                                      end_time=dt.time(9))
    with pytest.raises(ValidationError, match="class's school's periods"):
        SectionMeeting(section=section, period=elsewhere).full_clean()
    with pytest.raises(ValidationError, match="Not day letters of this school: C"):
        SectionMeeting(section=section, letters=["A", "C"]).full_clean()


def test_a_class_has_one_row_per_period_and_one_without(ab_school) -> None:  # noqa: ANN001
    section = f.SectionFactory(school=ab_school)
    SectionMeeting.objects.create(section=section, letters=["A"])
    with pytest.raises(IntegrityError), transaction.atomic():
        SectionMeeting.objects.create(section=section, letters=["B"])


def test_a_change_to_a_classs_days_is_kept_in_its_history(ab_school) -> None:  # noqa: ANN001
    meeting = SectionMeeting.objects.create(section=f.SectionFactory(school=ab_school), letters=["A"])
    meeting.letters = ["B"]
    meeting.save()
    assert [e.letters for e in meeting.events.order_by("pgh_id")] == [["A"], ["B"]]  # type: ignore[attr-defined]


def test_a_period_reads_with_its_times_in_the_districts_format(db: None) -> None:
    period = Period(school=f.SchoolFactory(), name="2", start_time=dt.time(13, 5), end_time=dt.time(13, 55))
    assert str(period) == "2 (1:05 PM to 1:55 PM)"
