"""The case manager's behavior work beyond the tally, on a phone and at a desk: a pattern of
short removals determined from the student's removals page; a second target behavior added to
the BIP; an ABC note from three weeks ago refused until it says why it is late, then kept; the
plan's history naming who changed what."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from behavior.models import PatternDetermination, Removal
from behavior_plans.models import Incident, TargetBehavior
from tests.behavior_plans.factories import make_bip
from tests.browser.helpers import back_to_a_saved_form
from tests.factories import ClosureFactory

pytestmark = pytest.mark.browser

D = dt.date


def test_the_case_manager_determines_a_pattern_of_removals(steps, case_manager, school_admin, iep, calendar) -> None:  # noqa: ANN001
    page = steps.page
    ClosureFactory(calendar=calendar, date=D(2026, 11, 26), reason="Thanksgiving")
    # 5 + 3 + 3 school days by three short removals: the third takes the year past 10.
    for day in [D(2026, 10, d) for d in (5, 6, 7, 8, 9)] + [D(2026, 11, d) for d in (2, 3, 4, 16, 17, 18)]:
        Removal.objects.create(student=iep.student, date=day, setting=Removal.Setting.OUT_OF_SCHOOL,
                               portion=Decimal(1), reason="Fighting in the cafeteria", recorded_by=school_admin)
    steps.sign_in(case_manager)
    steps.goto(f"/students/{iep.student_id}/")
    panel = page.get_by_role("region", name="Disciplinary removals")
    panel.scroll_into_view_if_needed()
    steps.check("student-panel-determination-needed")
    steps.goto(f"/behavior/students/{iep.student_id}/removals/")
    expect(page.get_by_text("More than 10 school days by short removals: determination needed")).to_be_visible()
    steps.check("removals-determination-needed")
    page.get_by_role("button", name="Record the determination").first.click()
    expect(page).to_have_url(re.compile(r"/removals/pattern/\?.*k=[0-9a-f-]{36}"))
    steps.check("pattern-form")
    page.get_by_label("A pattern: a change of placement").check()
    page.get_by_label("On what basis").fill(
        "Fighting in the cafeteria each time; three removals in six weeks.")
    page.get_by_role("button", name=re.compile("Record")).last.click()
    expect(page.get_by_role("status").first).to_contain_text("Recorded: a pattern, so a change of placement.")
    steps.check("pattern-recorded")
    back_to_a_saved_form(page)
    expect(page.get_by_role("heading", name="Already saved", level=1)).to_be_visible()
    assert PatternDetermination.objects.get().determined_by == case_manager


def test_the_case_manager_adds_a_target_notes_a_late_incident_and_reads_the_history(
    steps, case_manager, iep,  # noqa: ANN001
) -> None:
    page = steps.page
    make_bip(iep, case_manager, strategies=3)
    steps.sign_in(case_manager)
    steps.goto(f"/behavior-plans/students/{iep.student_id}/")
    page.get_by_role("link", name="Add a target behavior").click()
    expect(page.get_by_role("heading", name=re.compile("Add a target behavior"), level=1)).to_be_visible()
    page.get_by_label("Target behavior").fill("Leaving the room")
    page.get_by_label("Operational definition").fill("Past the classroom door without a pass.")
    page.get_by_label("Baseline").fill("4")
    page.get_by_label("Goal by the review").fill("1")
    steps.check("target-form")
    page.get_by_role("button", name="Add the target behavior").click()
    expect(page.get_by_role("status").first).to_contain_text("Target behavior added")
    expect(page.get_by_role("heading", name="Leaving the room", level=3)).to_be_visible()
    steps.check("bip-with-two-targets")
    back_to_a_saved_form(page)
    expect(page.get_by_role("heading", name="Already saved", level=1)).to_be_visible()
    assert TargetBehavior.objects.filter(name="Leaving the room").count() == 1

    steps.goto(f"/behavior-plans/students/{iep.student_id}/record/")
    page.locator("summary", has_text="ABC").first.click()
    form = page.locator("form", has=page.locator("input[name=action][value=incident]"))
    form.get_by_label("Day it happened").fill("2026-10-28")
    form.get_by_label("Antecedent: what happened just before").fill("Group work began")
    form.get_by_label("Behavior: what the student did").fill("Shouted across the room")
    form.get_by_label("Consequence: what happened just after").fill("Peers laughed")
    form.get_by_role("button").click()
    refused = page.locator("form", has=page.locator("input[name=action][value=incident]"))
    expect(refused).to_contain_text("Say why it is entered late")
    expect(refused.get_by_label("Antecedent: what happened just before")).to_have_value("Group work began")
    steps.check("late-note-asks-why")
    refused.get_by_label("Why it is entered late (only if it is)").fill("Copied from my notebook")
    refused.get_by_role("button").click()
    expect(page.get_by_role("status").first).to_contain_text("ABC note saved")
    incident = Incident.objects.get()
    assert (incident.late, incident.late_reason, incident.approval) == (True, "Copied from my notebook", "not_needed")

    steps.goto(f"/behavior-plans/students/{iep.student_id}/")
    expect(page.locator("#incidents")).to_contain_text("entered late: Copied from my notebook")
    page.get_by_role("link", name="Every change to this plan").click()
    expect(page.get_by_text("Added: Target behavior “Leaving the room”")).to_be_visible()
    steps.check("bip-history")


def test_the_case_manager_revises_the_bip_and_a_second_tab_is_told_it_changed(
    steps, case_manager, iep,  # noqa: ANN001
) -> None:
    page = steps.page
    bip = make_bip(iep, case_manager, strategies=1)
    steps.sign_in(case_manager)
    steps.goto(f"/behavior-plans/students/{iep.student_id}/")
    page.get_by_role("link", name="Revise the FBA and BIP").click()
    expect(page.get_by_role("heading", name=re.compile("Revise the FBA and BIP"), level=1)).to_be_visible()
    other = page.context.new_page()  # a second tab, opened on the same version
    other.goto(page.url)
    page.get_by_label("Crisis steps (if needed)").fill("Call the office, then the counselor.")
    page.get_by_label("What the team decided, and why").fill("Counselor joins the crisis plan.")
    steps.check("bip-revise")
    page.get_by_role("button", name="Save the revision").click()
    expect(page.get_by_role("status").first).to_contain_text("BIP revised")

    other.get_by_label("Crisis steps (if needed)").fill("Clear the room.")
    other.get_by_label("What the team decided, and why").fill("Safety review.")
    other.get_by_role("button", name="Save the revision").click()
    expect(other.get_by_role("heading", name="Changed by someone else since you opened it")).to_be_visible()
    expect(other.locator(".conflict table")).to_contain_text("Call the office, then the counselor.")
    expect(other.locator(".conflict table")).to_contain_text("Clear the room.")
    steps.page = other
    steps.check("bip-revise-conflict")
    steps.page = page
    bip.refresh_from_db()
    assert bip.crisis_steps == "Call the office, then the counselor."
    other.close()

    page.get_by_role("link", name="Every change to this plan").click()
    expect(page.locator(".history")).to_contain_text("crisis steps: Call the office. → Call the office, then the counselor.")
