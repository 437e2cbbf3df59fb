"""A speech-language pathologist's day with a schedule: My day lists her articulation group as
one next action; one tap opens the group, she marks the absent student and saves once; Back
shows it already saved; My schedule shows the week in time order."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from provider_schedules.actions import session_plan_add
from services.models import ServiceRequirement, ServiceSession
from students.models import TeamMember
from tests.browser.helpers import back_to_a_saved_form
from tests.factories import IEPFactory, StudentFactory, TeamMemberFactory
from tests.provider_schedules.conftest import fields
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.browser


def _line(school, case_manager, provider, first: str, last: str) -> ServiceRequirement:  # noqa: ANN001
    iep = IEPFactory(student=StudentFactory(school=school, first_name=first, last_name=last),
                     case_manager=case_manager)
    TeamMemberFactory(iep=iep, user=provider, role=TeamMember.Role.PROVIDER)
    return ServiceRequirementFactory(iep=iep, provider=provider)


def test_a_scheduled_group_is_logged_in_one_tap(steps, provider, case_manager, school, calendar) -> None:  # noqa: ANN001
    page = steps.page
    lines = [_line(school, case_manager, provider, f, last)
             for f, last in (("Maya", "Lopez"), ("Ava", "Ng"), ("Noah", "Reed"))]
    session_plan_add(by=provider, requirements=lines, fields=fields(weekdays=[1, 2, 3]))
    session_plan_add(by=provider, requirements=[_line(school, case_manager, provider, "Zoe", "Park")],
                     fields=fields(label="", weekdays=[2], start_time=dt.time(13, 15)))
    steps.sign_in(provider)
    action = page.get_by_role("link", name="10:00 AM Articulation group, 3 students")
    expect(action).to_be_visible()
    steps.check("my-day-with-a-schedule")

    action.click()
    expect(page).to_have_url(re.compile(r"/log/\?k=[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", name="Log: Articulation group, 3 students", level=1)).to_be_visible()
    page.get_by_label("What happened for Noah Reed").select_option("student_absent")
    page.get_by_role("group", name=re.compile("Noah Reed")).get_by_label("Note").fill("Out sick, per the office")
    steps.check("group-log-one-absent")
    page.get_by_role("button", name="Log all 3 students").click()
    expect(page.get_by_role("status").first).to_contain_text("Noah Reed (student absent)")
    assert sorted(ServiceSession.objects.values_list("status", flat=True)) == [
        "delivered", "delivered", "student_absent"]

    back_to_a_saved_form(page)
    expect(page.get_by_role("heading", name="Already saved", level=1)).to_be_visible()
    assert ServiceSession.objects.count() == 3

    steps.goto("/schedule/")
    expect(page.get_by_role("heading", name="My schedule", level=1)).to_be_visible()
    steps.check("my-schedule-week")
    steps.goto("/schedule/plans/new/")
    expect(page.get_by_role("heading", name="Plan a recurring session", level=1)).to_be_visible()
    steps.check("plan-form")
