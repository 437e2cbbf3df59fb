"""School years from the roster are proposed as calendars and made ones only when a district
administrator confirms them, with the dates they confirm."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from rostering.calendars import calendar_proposals, with_effects
from rostering.models import CalendarConfirmation, RosterRecord
from rostering.oneroster.importer import run_import
from services.models import ServiceRequirement
from students.models import School, SchoolCalendar
from tests import factories as f
from tests.rostering.conftest import FIXTURES, rewrite
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.django_db
URL = reverse("rostering:calendar_proposals")
CONFIRM = reverse("rostering:calendar_confirm")


def _post(proposal_prefix: str, **values: object) -> dict[str, object]:
    return {f"{proposal_prefix}-{k}": v for k, v in values.items()}


def _prefix(page: str) -> str:
    at = page.index('-session"')
    return page[page.rindex('name="', 0, at) + 6: at]


def test_a_fiscal_school_year_is_proposed_with_a_warning_and_never_made_a_calendar(drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "academicSessions.csv", "2026-27,schoolYear,2026-08-17,2027-06-04",
            "2026-27,schoolYear,2026-07-01,2027-06-30")
    result = run_import(path)
    assert result.applied and not SchoolCalendar.objects.exists()
    assert any("none was created" in w.message for w in result.warnings)
    [proposal] = calendar_proposals()
    assert proposal.looks_like_fiscal_year
    # July 1, 2026 (a Wednesday) to June 30, 2027 (a Wednesday): 52 weeks and a day, 261 weekdays.
    assert proposal.weekdays == 261


def test_the_district_confirms_its_own_dates_at_the_schools_it_chooses(login, district_admin, drop) -> None:  # noqa: ANN001
    run_import(FIXTURES / "v11_bulk")
    client = login(district_admin)
    page = client.get(URL).content.decode()
    assert "2026-27" in page and "Washington Middle School" in page and "Jefferson High School" in page
    prefix = _prefix(page)
    wms = School.objects.get(sourced_id="school-wms")
    data = _post(prefix, session="year-2027", name="2026-27", start_date="2026-08-24",
                 end_date="2027-06-04", schools=[wms.pk])

    response = client.post(CONFIRM, data)

    assert response.status_code == 302
    [calendar] = SchoolCalendar.objects.all()
    assert (calendar.school, calendar.name, calendar.start_date, calendar.end_date) == (
        wms, "2026-27", dt.date(2026, 8, 24), dt.date(2027, 6, 4))
    confirmation = CalendarConfirmation.objects.get()
    assert (confirmation.calendar, confirmation.confirmed_by, confirmation.proposed_start) == (
        calendar, district_admin, dt.date(2026, 8, 17))
    # Still proposed for the other school only.
    [proposal] = calendar_proposals()
    assert [e.school.sourced_id for e in proposal.schools] == ["school-jhs"]

    # Back and submit again, or a second tab: nothing more is created.
    again = client.post(CONFIRM, data)
    assert again.status_code == 302
    assert SchoolCalendar.objects.count() == 1


def test_the_proposal_shows_the_expected_minutes_confirming_would_add(login, district_admin) -> None:  # noqa: ANN001
    run_import(FIXTURES / "v11_bulk")
    wms = School.objects.get(sourced_id="school-wms")
    iep = f.IEPFactory(student=f.StudentFactory(school=wms, student_number="900001"),
                       start_date=dt.date(2026, 9, 1))
    # 30 minutes a day through September 2026: 22 weekdays, none a school day yet.
    ServiceRequirementFactory(iep=iep, period=ServiceRequirement.Period.DAY, minutes=30, sessions=1,
                              start_date=dt.date(2026, 9, 1), end_date=dt.date(2026, 9, 30))

    [proposal] = with_effects(calendar_proposals())

    by_school = {e.school.sourced_id: e for e in proposal.schools}
    [minutes] = by_school["school-wms"].effects
    assert (minutes.label, minutes.before, minutes.after, minutes.detail) == (
        "Expected service minutes", 0, 660, "1 of 1 active service line change")
    assert [(e.before, e.after, e.detail) for e in by_school["school-jhs"].effects] == [
        (0, 0, "no active service lines")]
    page = login(district_admin).get(URL).content.decode()
    assert "Expected service minutes: 0 → <strong>660</strong> minutes" in page


def test_a_confirm_with_the_last_day_before_the_first_loses_nothing(login, district_admin) -> None:  # noqa: ANN001
    run_import(FIXTURES / "v11_bulk")
    client = login(district_admin)
    prefix = _prefix(client.get(URL).content.decode())
    wms = School.objects.get(sourced_id="school-wms")
    response = client.post(CONFIRM, _post(prefix, session="year-2027", name="Year A",
                                          start_date="2027-06-04", end_date="2026-08-17",
                                          schools=[wms.pk]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "The last day must be after the first day." in page and 'value="Year A"' in page
    assert not SchoolCalendar.objects.exists()


def test_the_page_asks_a_fixed_number_of_queries(login, district_admin, django_assert_num_queries) -> None:  # noqa: ANN001
    client = login(district_admin)

    def sessions(first: int, n: int) -> None:
        for i in range(first, first + n):
            RosterRecord.objects.create(kind="academicSessions", sourced_id=f"y-{i}", data={
                "type": "schoolYear", "title": f"Year {i}", "start": f"{2030 + i}-08-20",
                "end": f"{2031 + i}-06-10"})
            f.SchoolFactory(sourced_id=f"school-{i}")

    def students_with_lines(school: School, n: int) -> None:
        for _ in range(n):
            iep = f.IEPFactory(student=f.StudentFactory(school=school))
            ServiceRequirementFactory(iep=iep)

    client.get(URL)  # the first page after signing in also saves the session
    sessions(0, 1)
    # session, user, MFA check; school-year sessions, schools with their IEP counts,
    # calendars; for the effect, the schools' calendars (their closures too when they have any)
    # and the expected minutes of their service lines; the menu's notification count
    with django_assert_num_queries(9):
        assert client.get(URL).status_code == 200
    students_with_lines(School.objects.get(sourced_id="school-0"), 5)
    with django_assert_num_queries(9):
        assert client.get(URL).status_code == 200
    # Each school year proposed adds the one query of its effect, whatever its schools and lines.
    sessions(1, 4)
    with django_assert_num_queries(13):
        page = client.get(URL).content.decode()
    assert page.count("<section") == 5
