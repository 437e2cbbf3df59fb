"""The school calendar's year page: its months, each day's letter, who may see it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schedules.models import DayOverride, DayPattern, EarlyRelease, RotationAnchor
from schedules.year import CLOSED, EARLY, Day
from tests import factories as f

D = dt.date
SIX = ["1", "2", "3", "4", "5", "6"]


def _day(response: Any, day: dt.date) -> Day:
    for month in response.context["view"].months:
        for week in month.weeks:
            for cell in week:
                if cell is not None and cell.date == day:
                    return cell
    raise AssertionError(f"{day} is not on the page")


@pytest.fixture
def six_day(school, calendar):  # noqa: ANN001, ANN201
    """A 6-day rotation: Monday Nov 16 is day 1; Thanksgiving (Thu Nov 26) is closed."""
    pattern = DayPattern.objects.create(school=school, kind=DayPattern.Kind.ROTATION, letters=SIX)
    RotationAnchor.objects.create(calendar=calendar, day=D(2026, 11, 16), letter="1")
    f.ClosureFactory(calendar=calendar, date=D(2026, 11, 26), reason="Thanksgiving")
    return pattern


def test_it_shows_a_six_day_rotation_carrying_on_after_a_closure(login, school_admin, calendar, six_day) -> None:  # noqa: ANN001
    response = login(school_admin).get(reverse("schedules:calendar", args=[calendar.pk]))
    assert response.status_code == 200
    # Nov 16 to 25 are days 1 to 6 then 1, 2; the closure consumes no letter, so Friday is 3.
    assert [_day(response, D(2026, 11, d)).letter for d in (16, 17, 18, 19, 20, 23, 24, 25)] == \
        ["1", "2", "3", "4", "5", "6", "1", "2"]
    assert _day(response, D(2026, 11, 26)).state == CLOSED
    assert _day(response, D(2026, 11, 26)).letter is None
    assert _day(response, D(2026, 11, 27)).letter == "3"
    assert _day(response, D(2026, 11, 30)).letter == "4"
    assert "a closure consumes no letter" in response.content.decode()


def test_it_shows_the_letters_shifting_when_the_school_says_closures_consume_theirs(
    login, school_admin, calendar, six_day,  # noqa: ANN001
) -> None:
    six_day.closures = DayPattern.Closures.CONSUME
    six_day.save()
    response = login(school_admin).get(reverse("schedules:calendar", args=[calendar.pk]))
    # Thanksgiving takes day 3, so Friday is day 4.
    assert _day(response, D(2026, 11, 25)).letter == "2"
    assert _day(response, D(2026, 11, 27)).letter == "4"
    assert "a closure consumes its letter" in response.content.decode()


def test_it_shows_early_releases_and_letters_set_by_hand(login, school_admin, calendar, six_day) -> None:  # noqa: ANN001
    EarlyRelease.objects.create(calendar=calendar, date=D(2026, 11, 25), minutes=120, reason="Thanksgiving eve",
                                created_by=school_admin)
    DayOverride.objects.create(calendar=calendar, day=D(2026, 11, 30), letter="6")
    response = login(school_admin).get(reverse("schedules:calendar", args=[calendar.pk]))
    early = _day(response, D(2026, 11, 25))
    assert (early.state, early.letter, early.note) == (EARLY, "2", "Out 120 min early: Thanksgiving eve")
    assert _day(response, D(2026, 11, 30)).letter == "6"
    assert _day(response, D(2026, 11, 30)).overridden
    # An override names one day; the next takes the rotation's letter as before.
    assert _day(response, D(2026, 12, 1)).letter == "5"
    body = response.content.decode()
    assert "120 min early: Thanksgiving eve" in body
    assert "Thanksgiving" in body


def test_it_counts_the_instructional_days_of_each_month(login, school_admin, calendar) -> None:  # noqa: ANN001
    f.ClosureFactory(calendar=calendar, date=D(2026, 11, 26))
    f.ClosureFactory(calendar=calendar, date=D(2026, 11, 27))
    response = login(school_admin).get(reverse("schedules:calendar", args=[calendar.pk]))
    november = next(m for m in response.context["view"].months if m.first == D(2026, 11, 1))
    assert november.instructional == 21 - 2  # 21 weekdays in November 2026


def test_a_school_admin_cannot_see_another_schools_calendar(login, other_school_admin, calendar) -> None:  # noqa: ANN001
    client = login(other_school_admin)
    assert client.get(reverse("schedules:calendar", args=[calendar.pk])).status_code == 404
    url = reverse("schedules:entry_add", args=[calendar.pk, "closure"])
    response = client.post(url + "?k=3f8a2c1e-0000-4000-8000-000000000001",
                           {"date": "2026-12-01", "kind": "holiday"})
    assert response.status_code == 404
    assert not calendar.closures.exists()


def test_the_district_admin_sees_every_schools_calendar(login, district_admin, calendar, other_school) -> None:  # noqa: ANN001
    other = f.CalendarFactory(school=other_school)
    client = login(district_admin)
    assert client.get(reverse("schedules:calendar", args=[other.pk])).status_code == 200
    body = client.get(reverse("schedules:calendars")).content.decode()
    assert "Lincoln Middle School" in body and "Roosevelt Middle School" in body


def test_the_navigation_links_administrators_to_the_calendars(login, school_admin, case_manager) -> None:  # noqa: ANN001
    url = reverse("schedules:calendars")
    assert f'href="{url}"' in login(school_admin).get(reverse("home")).content.decode()
    assert f'href="{url}"' not in login(case_manager).get(reverse("home")).content.decode()


def _year_page_queries(client: Any, calendar: Any) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("schedules:calendar", args=[calendar.pk]))
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_the_year_page_runs_the_same_queries_however_full_the_year(login, school_admin, calendar, six_day) -> None:  # noqa: ANN001
    client = login(school_admin)
    client.get(reverse("schedules:calendar", args=[calendar.pk]))  # the session's first writes
    small = _year_page_queries(client, calendar)
    day = D(2026, 9, 1)
    while day < D(2027, 5, 28):
        if day.weekday() == 0:
            f.ClosureFactory(calendar=calendar, date=day)
        elif day.weekday() == 2:
            EarlyRelease.objects.create(calendar=calendar, date=day, minutes=60, created_by=school_admin)
        elif day.weekday() == 4:
            DayOverride.objects.create(calendar=calendar, day=day, letter="1")
        day += dt.timedelta(days=1)
    large = _year_page_queries(client, calendar)
    # session, user, MFA authenticator (3: the middleware), the calendar with its school (1),
    # day pattern, closures, early releases, overrides, anchors (5: year_view), the latest
    # edits (1), the grading periods (1), unread notifications (1: the header): 12 at both sizes.
    assert len(small) == len(large) == 12, "\n".join(large)


def test_my_day_links_a_missing_calendar_to_the_schools_calendar_for_that_year(login, school_admin, school,  # noqa: ANN001
                                                                               case_manager) -> None:  # noqa: ANN001
    from tests.services.factories import ServiceRequirementFactory

    student = f.StudentFactory(school=school)  # the school has no 2026-27 calendar
    ServiceRequirementFactory(iep=f.IEPFactory(student=student, case_manager=case_manager))
    body = login(school_admin).get(reverse("home")).content.decode()
    assert "No 2026-27 calendar for Lincoln Middle School" in body
    fix = reverse("schedules:calendar_for_year", args=[school.pk, 2026])
    assert f'href="{fix}"' in body
    response = login(school_admin).get(fix)
    assert response.status_code == 200
    new = reverse("schedules:calendar_new", args=[school.pk]) + "?year=2026"
    assert f'href="{new}"' in response.content.decode()
