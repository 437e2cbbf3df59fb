"""The removal-day counter on hand-computed cases (calendar 17 Aug 2026 to 4 Jun 2027)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError

from behavior.models import Removal
from behavior.removal_days import more_than_ten, removal_days, removal_days_for
from tests.factories import CalendarFactory, ClosureFactory, StudentFactory, UserFactory

D = dt.date
OSS = Removal.Setting.OUT_OF_SCHOOL
ISS = Removal.Setting.IN_SCHOOL


@pytest.fixture
def student(db):  # noqa: ANN001, ANN201
    calendar = CalendarFactory()
    ClosureFactory(calendar=calendar, date=D(2026, 11, 26), reason="Thanksgiving")
    return StudentFactory(school=calendar.school)


@pytest.fixture
def recorder(db):  # noqa: ANN001, ANN201
    return UserFactory()


def remove(student, recorder, day, setting=OSS, portion="1", continued=False):  # noqa: ANN001, ANN201
    return Removal.objects.create(
        student=student, date=day, setting=setting, portion=Decimal(portion),
        services_continued=continued, reason="Fighting", recorded_by=recorder,
    )


def test_it_counts_full_days_of_a_week_of_suspension(student, recorder) -> None:
    for day in range(5, 10):  # Mon 5 Oct .. Fri 9 Oct 2026
        remove(student, recorder, D(2026, 10, day))
    assert removal_days(student, D(2026, 11, 18)) == 5


def test_it_counts_a_partial_day_as_its_portion(student, recorder) -> None:
    remove(student, recorder, D(2026, 10, 5))
    remove(student, recorder, D(2026, 10, 6), portion="0.5")
    remove(student, recorder, D(2026, 10, 7), setting=ISS, portion="0.25")
    # 1 + 0.5 + 0.25
    assert removal_days(student, D(2026, 11, 18)) == Decimal("1.75")


def test_it_skips_a_closure_and_a_weekend_in_the_middle(student, recorder) -> None:
    # Tue 24, Wed 25, Thu 26 (Thanksgiving closure), Fri 27, Sat 28, Mon 30 Nov 2026.
    for day in (24, 25, 26, 27, 28, 30):
        remove(student, recorder, D(2026, 11, day))
    # 24, 25, 27, 30: four school days.
    assert removal_days(student, D(2026, 12, 1)) == 4


def test_in_school_with_services_continued_is_not_a_removal(student, recorder) -> None:
    remove(student, recorder, D(2026, 10, 5), setting=ISS, continued=True)
    remove(student, recorder, D(2026, 10, 6), setting=ISS)
    assert removal_days(student, D(2026, 11, 18)) == 1


def test_two_rows_on_one_day_count_at_most_one_day(student, recorder) -> None:
    remove(student, recorder, D(2026, 10, 5), portion="0.5")
    remove(student, recorder, D(2026, 10, 5), setting=ISS, portion="0.75")
    assert removal_days(student, D(2026, 11, 18)) == 1


def test_a_removal_after_the_day_asked_is_not_counted_yet(student, recorder) -> None:
    remove(student, recorder, D(2026, 11, 17))
    remove(student, recorder, D(2026, 11, 18))
    remove(student, recorder, D(2026, 11, 19))
    assert removal_days(student, D(2026, 11, 18)) == 2


def test_a_new_school_year_starts_again_at_zero(student, recorder) -> None:
    CalendarFactory(school=student.school, name="2027-28",
                    start_date=D(2027, 8, 16), end_date=D(2028, 6, 2))
    for day in range(17, 22):  # Mon 17 .. Fri 21 May 2027
        remove(student, recorder, D(2027, 5, day))
    for day in range(24, 29):  # Mon 24 .. Fri 28 May 2027
        remove(student, recorder, D(2027, 5, day))
    assert removal_days(student, D(2027, 6, 1)) == 10
    assert removal_days(student, D(2027, 8, 17)) == 0
    remove(student, recorder, D(2027, 8, 18), portion="0.5")
    assert removal_days(student, D(2027, 8, 20)) == Decimal("0.5")


def test_ten_days_are_not_more_than_ten() -> None:
    assert not more_than_ten(Decimal(10))
    assert more_than_ten(Decimal("10.5"))


def test_the_database_refuses_a_portion_outside_a_day(student, recorder) -> None:
    with pytest.raises(IntegrityError):
        remove(student, recorder, D(2026, 10, 5), portion="1.5")


def test_the_database_refuses_services_continued_out_of_school(student, recorder) -> None:
    with pytest.raises(IntegrityError):
        remove(student, recorder, D(2026, 10, 5), continued=True)


@pytest.mark.parametrize("n", [2, 6])
def test_it_counts_many_students_in_constant_queries(n, student, recorder, django_assert_num_queries) -> None:
    students = [student] + [StudentFactory(school=student.school) for _ in range(n - 1)]
    for i, s in enumerate(students):
        remove(s, recorder, D(2026, 10, 5 + (i % 5)))
    with django_assert_num_queries(3):  # removals, calendars, closures
        counted = removal_days_for(students, D(2026, 11, 18))
    assert counted == {s.pk: 1 for s in students}
