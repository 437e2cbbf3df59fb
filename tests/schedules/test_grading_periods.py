"""Grading periods: the school's report-card calendar, entered on the calendar's pages, and the
progress reports that fall due with them (34 CFR 300.320(a)(3)(ii)).

The test year runs Aug 17, 2026 to Jun 4, 2027. Cut into four equal parts its first period
ends Oct 28; the school's first quarter ends Fri Oct 16, so with seven days' grace its reports
are due Oct 23 instead of Nov 4.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from progress.periods import Period, school_year_periods
from progress.reports import report_statuses
from schedules.models import CalendarEdit, GradingPeriod
from students.models import IEP, SchoolCalendar
from tests.progress.factories import GoalFactory

D = dt.date
QUARTERS = ((D(2026, 8, 17), D(2026, 10, 16)), (D(2026, 10, 19), D(2027, 1, 15)),
            (D(2027, 1, 19), D(2027, 3, 26)), (D(2027, 4, 5), D(2027, 6, 4)))


def _quarters(calendar: SchoolCalendar, by) -> None:  # noqa: ANN001
    GradingPeriod.objects.bulk_create(
        GradingPeriod(calendar=calendar, name=f"Quarter {n}", start_date=start, end_date=end, created_by=by)
        for n, (start, end) in enumerate(QUARTERS, start=1))


def test_reports_follow_the_grading_periods_when_there_are_as_many_as_reports_a_year() -> None:
    assert school_year_periods(D(2026, 8, 17), D(2027, 6, 4), 4, QUARTERS) == [
        Period(n, start, end, 4) for n, (start, end) in enumerate(QUARTERS, start=1)]
    # Three trimesters for an IEP that reports four times a year: four equal parts.
    trimesters = QUARTERS[:3]
    assert school_year_periods(D(2026, 8, 17), D(2027, 6, 4), 4, trimesters)[0] == Period(
        1, D(2026, 8, 17), D(2026, 10, 28), 4)
    assert school_year_periods(D(2026, 8, 17), D(2027, 6, 4), 4)[0].end == D(2026, 10, 28)


@pytest.mark.django_db
def test_a_progress_report_is_due_a_grace_week_after_the_quarter_ends(iep, calendar, school_admin) -> None:  # noqa: ANN001
    GoalFactory(iep=iep)
    ieps = list(IEP.objects.filter(pk=iep.pk).select_related("student"))
    today = D(2026, 10, 26)  # past Oct 23, before Oct 28

    [before] = report_statuses(ieps, today)[iep.pk].owed[:1]
    assert (before.period.end, before.status) == (D(2026, 10, 28), "upcoming")

    _quarters(calendar, school_admin)
    reports = report_statuses(ieps, today)[iep.pk]
    assert [p.label for p in reports.periods] == ["1 of 4", "2 of 4", "3 of 4", "4 of 4"]
    first = reports.owed[0]
    assert (first.period.start, first.period.end, first.due_on, first.status) == (
        D(2026, 8, 17), D(2026, 10, 16), D(2026, 10, 23), "late")


def _page(calendar: SchoolCalendar, key: uuid.UUID | None = None) -> str:
    return reverse("schedules:grading_periods", args=[calendar.pk]) + f"?k={key or uuid.uuid4()}"


@pytest.mark.django_db
def test_an_administrator_enters_a_grading_period_once_whatever_back_or_a_retry_do(
    login, school_admin, calendar,  # noqa: ANN001
) -> None:
    client = login(school_admin)
    key = uuid.uuid4()
    data = {"name": "Quarter 1", "start_date": "2026-08-17", "end_date": "2026-10-16"}

    response = client.post(_page(calendar, key), data)

    assert response.status_code == 302
    period = GradingPeriod.objects.get()
    assert (period.name, period.start_date, period.end_date, period.created_by) == (
        "Quarter 1", D(2026, 8, 17), D(2026, 10, 16), school_admin)
    assert CalendarEdit.objects.get().summary == "Grading period Quarter 1: Mon Aug 17 to Fri Oct 16"
    again = client.post(_page(calendar, key), data)  # Back and Save, or a retry
    assert "already saved" in again.content.decode().lower()
    assert GradingPeriod.objects.count() == 1
    page = client.get(_page(calendar)).content.decode()
    assert "Quarter 1" in page and "Mon Aug 17 to Fri Oct 16" in page
    assert "Quarter 1: Aug 17 to Oct 16" in client.get(
        reverse("schedules:calendar", args=[calendar.pk])).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "message"), [
    ({"name": "Q0", "start_date": "2026-08-01", "end_date": "2026-10-16"}, "must fall inside the school year"),
    ({"name": "Q2", "start_date": "2026-10-01", "end_date": "2027-01-15"}, "It overlaps Quarter 1"),
    ({"name": "Q2", "start_date": "2026-11-01", "end_date": "2026-10-20"}, "cannot come before the first"),
    ({"name": "", "start_date": "2026-10-19", "end_date": "2027-01-15"}, "This field is required"),
])
def test_a_grading_period_that_cannot_be_is_refused_with_a_clear_message(
    login, school_admin, calendar, data, message,  # noqa: ANN001
) -> None:
    GradingPeriod.objects.create(calendar=calendar, name="Quarter 1", start_date=D(2026, 8, 17),
                                 end_date=D(2026, 10, 16), created_by=school_admin)
    response = login(school_admin).post(_page(calendar), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert f'value="{data["start_date"]}"' in body  # what was typed is kept
    assert GradingPeriod.objects.count() == 1


@pytest.mark.django_db
def test_removing_a_grading_period_twice_says_it_is_gone(login, school_admin, calendar) -> None:  # noqa: ANN001
    _quarters(calendar, school_admin)
    period = GradingPeriod.objects.get(name="Quarter 2")
    client = login(school_admin)
    url = reverse("schedules:grading_period_remove", args=[calendar.pk, period.pk])
    assert client.post(url).status_code == 302
    again = client.post(url, follow=True)
    assert "already removed" in again.content.decode()
    assert list(GradingPeriod.objects.values_list("name", flat=True)) == ["Quarter 1", "Quarter 3", "Quarter 4"]
    assert CalendarEdit.objects.get().summary == "Grading period Quarter 2 removed"
