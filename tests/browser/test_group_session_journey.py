"""A case manager logs one group SDI session for two students and sees My day's minutes bars move."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from services.models import ServiceRequirement, ServiceSession
from students.models import TeamMember
from tests import factories as f
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

pytestmark = pytest.mark.browser


def _reading(iep) -> ServiceRequirement:  # noqa: ANN001
    """30 minutes a day of reading SDI, taught by the case manager."""
    return ServiceRequirementFactory(
        iep=iep, provider=iep.case_manager, kind=ServiceRequirement.Kind.SDI, area="Reading",
        minutes=30, sessions=1, period=ServiceRequirement.Period.DAY,
        start_date=dt.date(2026, 11, 16),  # this week: Monday, Tuesday and today are expected
    )


def _delivered(page, student: str) -> int:  # noqa: ANN001
    """The delivered minutes My day shows on this student's reading bar."""
    row = page.locator(".service-rows > li").filter(has_text=student).filter(has_text="Reading")
    text = row.locator(".minutes-bar span").text_content() or ""
    return int(re.match(r"(\d+) of", text).group(1))


def test_a_case_manager_logs_a_group_session_and_the_minutes_bars_move(
    steps, case_manager, iep, school, provider  # noqa: ANN001
) -> None:
    page = steps.page
    second = f.IEPFactory(student=f.StudentFactory(school=school, first_name="Liam", last_name="Chen"),
                          case_manager=case_manager)
    f.TeamMemberFactory(iep=second, user=provider, role=TeamMember.Role.PROVIDER)
    maya_reading, liam_reading = _reading(iep), _reading(second)
    # Last week's sessions, so the bars have something to start from.
    for requirement in (maya_reading, liam_reading):
        ServiceSessionFactory(requirement=requirement, date=dt.date(2026, 11, 16), minutes=30)

    steps.sign_in(case_manager)
    services = page.get_by_role("region", name="Service minutes")
    expect(services).to_be_visible()
    services.get_by_text(re.compile(r"On track or ahead|Minutes to date")).first.scroll_into_view_if_needed()
    services.locator("details").evaluate_all("els => els.forEach(e => { e.open = true; })")
    before = {name: _delivered(page, name) for name in ("Maya Lopez", "Liam Chen")}
    assert before == {"Maya Lopez": 30, "Liam Chen": 30}
    steps.check("my-day")

    services.get_by_role("button", name="Log a session").click()
    expect(page.get_by_role("heading", name="Log a session", level=1)).to_be_visible()
    steps.check("log-form")

    students = page.get_by_role("group", name="Students")
    students.get_by_label(re.compile("Maya Lopez — Reading")).check()
    students.get_by_label(re.compile("Liam Chen — Reading")).check()
    # Yesterday's session: figures count through yesterday (today's count from tomorrow).
    page.get_by_label("Date").fill("2026-11-17")
    page.get_by_label("Minutes").fill("30")
    expect(page.get_by_label("What happened")).to_have_value("delivered")
    page.get_by_text("Time, group size, note and goals").click()
    page.get_by_label("Group size").fill("2")
    page.get_by_label("Note").fill("Partner reading, short vowel review.")
    page.get_by_label(re.compile("I delivered this service as recorded")).check()
    steps.check("log-form-filled")
    page.get_by_role("button", name="Save session").click()

    expect(page.get_by_role("heading", name="My day", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Logged 30 minutes (delivered) for")
    page.get_by_role("region", name="Service minutes").locator("details").evaluate_all(
        "els => els.forEach(e => { e.open = true; })")
    after = {name: _delivered(page, name) for name in ("Maya Lopez", "Liam Chen")}
    assert after == {"Maya Lopez": 60, "Liam Chen": 60}
    steps.check("my-day-after")

    logged = ServiceSession.objects.filter(date=dt.date(2026, 11, 17))
    assert sorted(s.student.first_name for s in logged) == ["Liam", "Maya"]
    assert {(s.group_size, s.minutes, s.certified_by_id) for s in logged} == {(2, 30, case_manager.pk)}
