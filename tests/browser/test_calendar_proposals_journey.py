"""A district administrator imports a roster whose school year runs July to June, reads the
proposal's warning, confirms the school's real first and last days, and goes Back."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from rostering.oneroster.importer import run_import
from services.models import ServiceRequirement
from students.models import School, SchoolCalendar
from tests import factories as f
from tests.rostering.conftest import drop, rewrite
from tests.services.factories import ServiceRequirementFactory

__all__ = ["drop"]  # the fixture

pytestmark = pytest.mark.browser


def test_a_fiscal_year_is_confirmed_with_the_real_school_days(steps, district_admin, drop) -> None:  # noqa: ANN001
    path = drop("v11_bulk")
    rewrite(path / "academicSessions.csv", "2026-27,schoolYear,2026-08-17,2027-06-04",
            "2026-27,schoolYear,2026-07-01,2027-06-30")
    run_import(path)
    wms = School.objects.get(sourced_id="school-wms")
    iep = f.IEPFactory(student=f.StudentFactory(school=wms, student_number="900001"),
                       start_date=dt.date(2026, 9, 1))
    ServiceRequirementFactory(iep=iep, period=ServiceRequirement.Period.WEEK, minutes=60, sessions=2)
    page = steps.page
    steps.sign_in(district_admin)
    steps.goto("/students/roster/imports/calendars/")
    expect(page.get_by_role("heading", name="School calendars from the roster", level=1)).to_be_visible()
    expect(page.get_by_role("note")).to_contain_text("starts in July")
    # What confirming the roster's dates as they are would add, before anything is written.
    expect(page.get_by_role("row", name=re.compile("Washington Middle School"))).to_contain_text(
        re.compile(r"Expected service minutes: 0 → \d"))
    steps.check("proposal")

    page.get_by_label("First day of instruction").fill("2026-08-17")
    page.get_by_label("Last day of instruction").fill("2027-06-04")
    page.get_by_label("Jefferson High School").uncheck()
    page.get_by_role("button", name="Create the calendar at the schools chosen").click()
    expect(page.get_by_role("status")).to_contain_text("Created the 2026-27 calendar at Washington Middle School")
    steps.check("confirmed")
    [calendar] = SchoolCalendar.objects.all()
    assert (calendar.start_date, calendar.end_date) == (dt.date(2026, 8, 17), dt.date(2027, 6, 4))

    # Back to the form as it was, and submit it again: no second calendar at the school.
    page.go_back()
    page.get_by_role("button", name=re.compile("Create the calendar")).click()
    expect(page.get_by_role("heading", name="School calendars from the roster", level=1)).to_be_visible()
    steps.check("after-back-and-submit")
    assert SchoolCalendar.objects.filter(school__sourced_id="school-wms").count() == 1
