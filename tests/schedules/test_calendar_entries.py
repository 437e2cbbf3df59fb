"""Closures, early releases, day letters and the year's dates, entered on the calendar's pages."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from schedules.models import CalendarEdit, DayOverride, DayPattern, EarlyRelease
from students.models import Closure, SchoolCalendar
from tests import factories as f

D = dt.date


def _add(kind: str, calendar: SchoolCalendar, key: uuid.UUID | None = None) -> str:
    return reverse("schedules:entry_add", args=[calendar.pk, kind]) + f"?k={key or uuid.uuid4()}"


def test_it_adds_a_closure_and_records_who_closed_the_day(login, school_admin, calendar) -> None:  # noqa: ANN001
    response = login(school_admin).post(_add("closure", calendar),
                                        {"date": "2026-12-01", "kind": "closure", "reason": "Snow day"})
    assert response.status_code == 302
    closure = Closure.objects.get(calendar=calendar)
    assert (closure.date, closure.kind, closure.reason) == (D(2026, 12, 1), "closure", "Snow day")
    edit = CalendarEdit.objects.get(calendar=calendar)
    assert edit.changed_by == school_admin
    assert edit.summary == "Closed Tue Dec 1: Snow day"


def test_a_closure_form_saves_once_after_back_a_retry_or_a_second_tab(login, school_admin, calendar) -> None:  # noqa: ANN001
    client = login(school_admin)
    key = uuid.uuid4()
    data = {"date": "2026-12-01", "kind": "holiday", "reason": "Staff day"}
    assert client.post(_add("closure", calendar, key), data).status_code == 302
    again = client.post(_add("closure", calendar, key), data)
    assert again.status_code == 200
    assert "already saved" in again.content.decode().lower()
    assert Closure.objects.filter(calendar=calendar).count() == 1
    assert CalendarEdit.objects.filter(calendar=calendar).count() == 1


@pytest.mark.parametrize(("data", "message"), [
    ({"date": "2027-07-15", "kind": "holiday"}, "must fall inside the school year"),
    ({"date": "2026-12-05", "kind": "holiday"}, "Sat Dec 5 is a weekend day"),
    ({"date": "2026-11-26", "kind": "holiday"}, "Thu Nov 26 is already a closure"),
    ({"date": "not a day", "kind": "holiday"}, "Enter a valid date"),
])
def test_it_refuses_a_closure_with_a_clear_message(login, school_admin, calendar, data, message) -> None:  # noqa: ANN001
    f.ClosureFactory(calendar=calendar, date=D(2026, 11, 26))
    response = login(school_admin).post(_add("closure", calendar), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Closure.objects.filter(calendar=calendar).count() == 1
    assert not CalendarEdit.objects.exists()


def test_it_edits_and_removes_a_closure(login, school_admin, calendar) -> None:  # noqa: ANN001
    closure = f.ClosureFactory(calendar=calendar, date=D(2026, 11, 26), reason="Thanksgiving")
    client = login(school_admin)
    edit = reverse("schedules:entry_edit", args=[calendar.pk, "closure", closure.pk])
    response = client.post(edit, {"date": "2027-01-01", "kind": "holiday", "reason": "Thanksgiving Day"})
    assert response.status_code == 302
    closure.refresh_from_db()
    assert (closure.date, closure.reason) == (D(2026, 11, 26), "Thanksgiving Day")  # the day is not edited
    remove = reverse("schedules:entry_remove", args=[calendar.pk, "closure", closure.pk])
    assert client.post(remove).status_code == 302
    assert not Closure.objects.filter(calendar=calendar).exists()
    # A second click finds it gone, removes nothing else and says so.
    response = client.post(remove, follow=True)
    assert "already removed" in response.content.decode()
    assert list(CalendarEdit.objects.filter(calendar=calendar).values_list("summary", flat=True)) == [
        "Reopened Thu Nov 26 (was closed: Thanksgiving Day)", "Closure of Thu Nov 26 now: Thanksgiving Day",
    ]


def test_it_adds_changes_and_removes_an_early_release(login, school_admin, calendar) -> None:  # noqa: ANN001
    client = login(school_admin)
    response = client.post(_add("early-release", calendar),
                           {"date": "2026-11-25", "minutes": "120", "reason": "Thanksgiving eve"})
    assert response.status_code == 302
    early = EarlyRelease.objects.get(calendar=calendar)
    assert (early.minutes, early.created_by) == (120, school_admin)
    edit = reverse("schedules:entry_edit", args=[calendar.pk, "early-release", early.pk])
    assert client.post(edit, {"minutes": "90", "reason": "Thanksgiving eve"}).status_code == 302
    early.refresh_from_db()
    assert early.minutes == 90
    assert client.post(reverse("schedules:entry_remove", args=[calendar.pk, "early-release", early.pk])
                       ).status_code == 302
    assert not EarlyRelease.objects.exists()


def test_an_early_release_cannot_fall_on_a_closure(login, school_admin, calendar) -> None:  # noqa: ANN001
    f.ClosureFactory(calendar=calendar, date=D(2026, 11, 26))
    response = login(school_admin).post(_add("early-release", calendar), {"date": "2026-11-26", "minutes": "60"})
    assert response.status_code == 400
    assert "already a closure" in response.content.decode()
    assert not EarlyRelease.objects.exists()


def test_it_sets_a_days_letter_from_the_schools_letters(login, school_admin, school, calendar) -> None:  # noqa: ANN001
    DayPattern.objects.create(school=school, kind=DayPattern.Kind.ROTATION, letters=["A", "B"])
    client = login(school_admin)
    assert client.post(_add("letter", calendar), {"day": "2026-12-08", "letter": "C"}).status_code == 400
    assert client.post(_add("letter", calendar), {"day": "2026-12-08", "letter": "B",
                                                  "reason": "Assembly schedule"}).status_code == 302
    assert DayOverride.objects.get(calendar=calendar).letter == "B"
    response = client.post(_add("letter", calendar), {"day": "2026-12-08", "letter": "A"})
    assert "already has its letter set" in response.content.decode()


def test_a_school_whose_days_are_all_alike_has_no_letter_form(login, school_admin, calendar) -> None:  # noqa: ANN001
    assert login(school_admin).get(_add("letter", calendar)).status_code == 404


def test_it_moves_the_first_and_last_day_unless_a_closure_would_fall_outside(login, school_admin, calendar) -> None:  # noqa: ANN001
    f.ClosureFactory(calendar=calendar, date=D(2026, 8, 18))
    client = login(school_admin)
    url = reverse("schedules:calendar_dates", args=[calendar.pk])
    response = client.post(url, {"start_date": "2026-08-20", "end_date": "2027-06-04"})
    assert response.status_code == 400
    assert "would fall outside the new dates" in response.content.decode()
    calendar.refresh_from_db()
    assert calendar.start_date == D(2026, 8, 17)
    assert client.post(url, {"start_date": "2026-08-12", "end_date": "2027-06-08"}).status_code == 302
    calendar.refresh_from_db()
    assert (calendar.start_date, calendar.end_date) == (D(2026, 8, 12), D(2027, 6, 8))
    response = client.post(url, {"start_date": "2027-06-08", "end_date": "2026-08-12"})
    assert "last day of school must be after the first day" in response.content.decode()


def test_it_creates_the_missing_school_year_once(login, school_admin, school, calendar) -> None:  # noqa: ANN001
    client = login(school_admin)
    gap = client.get(reverse("schedules:calendar_for_year", args=[school.pk, 2027]))
    assert "No 2027-28 calendar for Lincoln Middle School" in gap.content.decode()
    key = uuid.uuid4()
    url = reverse("schedules:calendar_new", args=[school.pk]) + f"?year=2027&k={key}"
    form = client.get(url)
    assert form.context["form"]["name"].value() == "2027-28"
    data = {"name": "2027-28", "start_date": "2027-08-16", "end_date": "2028-06-02"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 200  # already saved
    new = SchoolCalendar.objects.get(school=school, name="2027-28")
    assert client.get(reverse("schedules:calendar_for_year", args=[school.pk, 2027]))["Location"] == \
        reverse("schedules:calendar", args=[new.pk])
    overlapping = client.post(reverse("schedules:calendar_new", args=[school.pk]) + f"?k={uuid.uuid4()}",
                              {"name": "Again", "start_date": "2027-09-01", "end_date": "2028-05-01"})
    assert "already has a calendar for those days" in overlapping.content.decode()


def test_a_closure_can_be_previewed_before_it_is_saved(login, school_admin, calendar, iep) -> None:  # noqa: ANN001
    from tests.services.factories import ServiceRequirementFactory

    ServiceRequirementFactory(iep=iep, minutes=30, period="day")
    response = login(school_admin).post(_add("closure", calendar),
                                        {"date": "2026-12-01", "kind": "closure", "preview": "1"})
    assert response.status_code == 200
    (effect,) = response.context["preview"].effects
    assert effect.change == -30  # one day of a 30-minute daily line
    assert "Closing Tue Dec 1 would change" in response.content.decode()
    assert not Closure.objects.exists() and not CalendarEdit.objects.exists()
