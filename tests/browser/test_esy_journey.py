"""Extended school year in a browser: the case manager records the team's ESY decision
(Back and Save again keep one), adds a reading ESY line on the district's summer session; the
director defines a session and reads the ESY figures; the case manager's My day shows the
ESY session in July."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from esy.models import EsyDecision, EsySession
from services.models import ServiceRequirement
from tests.browser.helpers import back_to_a_saved_form
from tests.esy.factories import EsyClosureFactory, EsyDecisionFactory, EsySessionFactory
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

pytestmark = pytest.mark.browser


def test_a_case_manager_records_esy_needed_and_adds_an_esy_line(steps, case_manager, district_admin, iep) -> None:  # noqa: ANN001, E501
    EsyClosureFactory(session=EsySessionFactory(created_by=district_admin))
    page = steps.page
    steps.sign_in(case_manager)
    steps.goto(f"/students/{iep.student_id}/")
    panel = page.get_by_role("region", name="Extended school year")
    expect(panel).to_contain_text("No ESY decision is recorded for this IEP.")
    steps.check("student-page")
    steps.goto(f"/esy/students/{iep.student_id}/services/add/")  # before any decision: refused
    expect(page.get_by_role("alert")).to_contain_text("ESY services need the team's decision that ESY is needed.")
    steps.check("esy-line-refused")
    steps.goto(f"/students/{iep.student_id}/")
    panel.get_by_role("button", name="Record the ESY decision").click()
    expect(page.get_by_role("heading", name="Extended school year decision", level=1)).to_be_visible()
    steps.check("decision-form")

    page.get_by_label("Needed", exact=True).check()
    page.get_by_label("Date of the team's decision").fill("2026-12-01")  # in the future: refused
    page.get_by_label("Basis for the decision").fill(
        "Reading fluency fell from 62 to 41 words a minute over summer and took 7 weeks to recoup.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision cannot be dated in the future.", exact=True)).to_be_visible()
    expect(page.get_by_label("Basis for the decision")).to_have_value(re.compile("took 7 weeks"))
    steps.check("decision-refused")
    page.get_by_label("Date of the team's decision").fill("2026-11-16")
    page.get_by_role("button", name="Record the decision").dblclick()
    # The page shows whichever of the two submits answered last: the first saved the decision
    # and went on to the ESY page; the second, when sent after the first was saved, says so.
    expect(page.get_by_role("heading", name=re.compile(
        f"Extended school year for {iep.student}|Already saved"), level=1)).to_be_visible()
    if page.get_by_role("heading", name="Already saved", level=1).is_visible():
        steps.goto(f"/esy/students/{iep.student_id}/")
    expect(page.get_by_role("heading", name=f"Extended school year for {iep.student}", level=1)).to_be_visible()
    expect(page.get_by_text("ESY needed")).to_be_visible()
    steps.check("esy-page-needed")
    back_to_a_saved_form(page)
    expect(page.get_by_text(re.compile("already saved", re.I))).to_be_visible()
    steps.check("decision-already-saved")
    assert EsyDecision.objects.count() == 1

    steps.goto(f"/esy/students/{iep.student_id}/")
    page.get_by_role("link", name="Add an ESY service").click()
    expect(page.get_by_role("heading", name="Add an ESY service", level=1)).to_be_visible()
    expect(page.get_by_label("Start date")).to_have_value("2027-06-21")
    page.get_by_label("Kind").select_option("sdi")
    page.get_by_label("Area").fill("Reading")
    page.get_by_label("Minutes per period").fill("90")
    page.get_by_label("Sessions per period").fill("2")
    page.get_by_label("Setting").select_option("special_ed")
    page.get_by_label("Provider").select_option(str(case_manager.pk))
    steps.check("esy-line-form")
    page.get_by_role("button", name="Add the ESY service").click()
    expect(page.get_by_role("heading", name="ESY Reading")).to_be_visible()
    expect(page.get_by_text("0 of 0 ESY min expected so far")).to_be_visible()
    steps.check("esy-page-with-line")
    line = ServiceRequirement.objects.get()
    assert (line.season, line.start_date, line.end_date) == ("esy", dt.date(2027, 6, 21), dt.date(2027, 7, 29))


def test_the_director_defines_a_session_and_reads_the_esy_figures(steps, district_admin, iep) -> None:  # noqa: ANN001
    page = steps.page
    steps.sign_in(district_admin)
    steps.goto("/esy/sessions/")
    expect(page.get_by_text("No ESY session is defined yet.")).to_be_visible()
    page.get_by_role("button", name="Add an ESY session").click()
    page.get_by_label("Name").fill("Summer 2027")
    page.get_by_label("First day").fill("2027-06-21")
    page.get_by_label("Last day").fill("2027-07-29")
    page.get_by_label("Days with no session").fill("2027-07-05 Independence Day (observed)")
    steps.check("session-form")
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_role("cell", name="Every school (district session)")).to_be_visible()
    steps.check("sessions")
    assert EsySession.objects.get().weekdays == [0, 1, 2, 3]

    EsyDecisionFactory(iep=iep)
    ServiceRequirementFactory(iep=iep, kind="sdi", area="Reading", minutes=90, season="esy",
                              start_date=dt.date(2027, 6, 21), end_date=dt.date(2027, 7, 29))
    steps.goto("/fidelity/?refresh=1")
    esy = page.get_by_role("region", name="Extended school year", exact=True)
    expect(esy).to_contain_text("Lincoln Middle School")
    esy.scroll_into_view_if_needed()
    steps.check("fidelity-esy")


def test_in_july_my_day_shows_the_esy_session(steps, case_manager, district_admin, iep) -> None:  # noqa: ANN001
    EsyClosureFactory(session=EsySessionFactory(created_by=district_admin))
    EsyDecisionFactory(iep=iep)
    line = ServiceRequirementFactory(iep=iep, kind="sdi", area="Reading", minutes=90, season="esy",
                                     start_date=dt.date(2027, 6, 21), end_date=dt.date(2027, 7, 29))
    with time_machine.travel(dt.datetime(2027, 7, 7, 8, 30, tzinfo=ZoneInfo("America/Chicago")), tick=True):
        for day in (dt.date(2027, 6, 22), dt.date(2027, 6, 24), dt.date(2027, 6, 29), dt.date(2027, 7, 1)):
            ServiceSessionFactory(requirement=line, date=day, minutes=45)
        page = steps.page
        steps.sign_in(case_manager)
        esy = page.get_by_role("region", name="Extended school year today")
        expect(esy).to_contain_text(f"{iep.student} — ESY Reading")
        # Jun 21-24, Jun 28-Jul 1, Jul 6 (Jul 5 closed): 9 days at 22.5, rounded: 203.
        expect(esy).to_contain_text("180 of 203 ESY min so far")
        esy.scroll_into_view_if_needed()
        steps.check("my-day-esy")
        steps.goto(f"/esy/students/{iep.student_id}/")
        expect(page.get_by_text("180 of 203 ESY min expected so far")).to_be_visible()
        steps.check("esy-page-in-july")
