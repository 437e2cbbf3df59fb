"""A provider finds students by typing, ticks a scheduled group at once, and sees only the
chosen students' goals."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from services.models import ServiceSession
from services.scheduled import ScheduledSession, register_schedule_source, unregister_schedule_source
from students.models import TeamMember
from tests import factories as f
from tests.browser.helpers import PASSWORD, Steps
from tests.progress.factories import GoalFactory
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.browser


def test_a_provider_filters_students_selects_a_group_and_sees_only_their_goals(
    steps, provider, iep, school, case_manager  # noqa: ANN001
) -> None:
    page = steps.page
    maya = ServiceRequirementFactory(iep=iep, provider=provider, area="Speech-language")
    GoalFactory(iep=iep, area="Articulation", annual_goal="Produce /r/ in all word positions.")
    lines = {}
    for first, last, area in (("Liam", "Chen", "Fluency"), ("Ava", "Brooks", "Language")):
        other = f.IEPFactory(student=f.StudentFactory(school=school, first_name=first, last_name=last),
                             case_manager=case_manager)
        f.TeamMemberFactory(iep=other, user=provider, role=TeamMember.Role.PROVIDER)
        lines[first] = ServiceRequirementFactory(iep=other, provider=provider, area="Speech-language")
        GoalFactory(iep=other, area=area)
    group = ScheduledSession("Wed 10:30 · Articulation group, 2 students", dt.time(10, 30), 25,
                             (maya.pk, lines["Liam"].pk))
    source = lambda user, day: [group] if user.pk == provider.pk else None  # noqa: E731
    register_schedule_source(source)
    try:
        steps.sign_in(provider)
        steps.goto("/services/log/")
        expect(page.get_by_role("heading", name="Log a session", level=1)).to_be_visible()
        students = page.get_by_role("group", name="Students")
        expect(students.get_by_role("group", name="Wed 10:30 · Articulation group, 2 students")).to_be_visible()
        expect(students.get_by_role("group", name="Other students")).to_contain_text("Ava Brooks")
        steps.check("log-form-grouped")

        # Typing filters the list and says how many match.
        search = page.get_by_label("Find a student")
        search.fill("bro")
        expect(page.get_by_text("1 of 3 shown")).to_be_visible()
        expect(students.get_by_label(re.compile("Ava Brooks"))).to_be_visible()
        expect(students.get_by_label(re.compile("Maya Lopez"))).to_be_hidden()
        expect(students.get_by_role("group", name="Wed 10:30 · Articulation group, 2 students")).to_be_hidden()
        search.fill("zz")
        expect(page.get_by_text("No student matches “zz”")).to_be_visible()
        steps.check("no-student-matches")
        search.press("Escape")  # clears the search, everyone is back
        expect(search).to_have_value("")
        expect(page.get_by_text("3 services listed")).to_be_visible()
        expect(students.get_by_label(re.compile("Maya Lopez"))).to_be_visible()

        # Ticking one student offers only that student's goals.
        page.get_by_text("Time, group size, note and goals").click()
        goals = page.get_by_role("group", name="IEP goals worked on")
        expect(goals.get_by_text("Choose a student above to see their goals.")).to_be_visible()
        students.get_by_label(re.compile("Ava Brooks")).check()
        expect(goals.get_by_label(re.compile("Ava Brooks — Language"))).to_be_visible()
        expect(goals.get_by_label(re.compile("Maya Lopez — Articulation"))).to_be_hidden()
        expect(goals.get_by_label(re.compile("Liam Chen — Fluency"))).to_be_hidden()
        expect(page.get_by_text("3 services listed · 1 chosen")).to_be_visible()
        students.get_by_label(re.compile("Ava Brooks")).uncheck()

        # "Select the group" ticks the scheduled group and fills its minutes and start time.
        page.get_by_role("button", name="Select the group").click()
        expect(students.get_by_label(re.compile("Maya Lopez"))).to_be_checked()
        expect(students.get_by_label(re.compile("Liam Chen"))).to_be_checked()
        expect(page.get_by_label("Minutes")).to_have_value("25")
        expect(page.get_by_label("Start time")).to_have_value("10:30")
        expect(goals.get_by_label(re.compile("Maya Lopez — Articulation"))).to_be_visible()
        expect(goals.get_by_label(re.compile("Liam Chen — Fluency"))).to_be_visible()
        expect(goals.get_by_label(re.compile("Ava Brooks — Language"))).to_be_hidden()
        expect(page.get_by_label("Goals addressed")).to_have_count(0)  # one way to name goals
        goals.get_by_label(re.compile("Maya Lopez — Articulation")).check()
        page.get_by_label(re.compile("I delivered this service as recorded")).check()
        steps.check("group-selected")
        page.get_by_role("button", name="Save session").click()
        expect(page.get_by_role("status")).to_contain_text("Logged 25 minutes (delivered) for")
    finally:
        unregister_schedule_source(source)

    rows = ServiceSession.objects.order_by("student__last_name")
    assert [(r.student.first_name, r.minutes, r.start_time) for r in rows] == [
        ("Liam", 25, dt.time(10, 30)), ("Maya", 25, dt.time(10, 30))]
    assert [g.area for g in rows[1].goals.all()] == ["Articulation"] and not rows[0].goals.exists()


def test_without_javascript_every_student_and_goal_is_listed_and_the_server_refuses_a_stray_goal(
    browser, live_server, request, provider, iep, school, case_manager  # noqa: ANN001
) -> None:
    ServiceRequirementFactory(iep=iep, provider=provider, area="Speech-language")
    GoalFactory(iep=iep, area="Articulation")
    other = f.IEPFactory(student=f.StudentFactory(school=school, first_name="Liam", last_name="Chen"),
                         case_manager=case_manager)
    f.TeamMemberFactory(iep=other, user=provider, role=TeamMember.Role.PROVIDER)
    ServiceRequirementFactory(iep=other, provider=provider, area="Speech-language")
    GoalFactory(iep=other, area="Fluency")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844},
                                  locale="en-US", timezone_id="America/Chicago")
    context.set_default_timeout(10_000)
    try:
        steps = Steps(page=context.new_page(), base_url=live_server.url,
                      test_name=request.node.originalname, viewport="phone-no-js")
        page = steps.page
        # Signed in by hand: the accessibility scan needs scripts (the journey above scans).
        steps.goto("/accounts/login/")
        page.get_by_label("Email").fill(provider.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        steps.goto("/services/log/")
        expect(page.get_by_label("Find a student")).to_be_hidden()  # the search needs the script
        students = page.get_by_role("group", name="Students")
        students.get_by_label(re.compile("Maya Lopez")).check()
        page.get_by_label("Minutes").fill("30")
        page.get_by_text("Time, group size, note and goals").click()
        page.get_by_label("Note").fill("Minimal pairs.")
        goals = page.get_by_role("group", name="IEP goals worked on")
        goals.get_by_label(re.compile("Liam Chen — Fluency")).check()  # every goal is listed
        page.get_by_label(re.compile("I delivered this service as recorded")).check()
        page.get_by_role("button", name="Save session").click()
        refusal = "“Fluency” is Liam Chen's goal, and Liam Chen is not among the students you chose"
        expect(page.locator("#id_goals_error")).to_contain_text(refusal)
        # The summary at the top links to the goals.
        page.get_by_role("link", name=re.compile("IEP goals worked on: “Fluency”")).click()
        assert page.url.endswith("#id_goals")
        steps.shot("stray-goal-refused")
        assert not ServiceSession.objects.exists()
        expect(page.get_by_label("Note")).to_have_value("Minimal pairs.")  # nothing typed is lost
        expect(students.get_by_label(re.compile("Maya Lopez"))).to_be_checked()
        goals = page.get_by_role("group", name="IEP goals worked on")
        goals.get_by_label(re.compile("Liam Chen — Fluency")).uncheck()
        goals.get_by_label(re.compile("Maya Lopez — Articulation")).check()
        page.get_by_label(re.compile("I delivered this service as recorded")).check()
        page.get_by_role("button", name="Save session").click()
        expect(page.get_by_role("status")).to_contain_text("Logged 30 minutes (delivered) for Maya Lopez.")
    finally:
        context.close()
    (row,) = ServiceSession.objects.all()
    assert [g.area for g in row.goals.all()] == ["Articulation"]
