"""Back after Save: a data point and a meeting are saved once, whatever the browser does.

Save, then press the browser's Back button: no page is kept in the browser's cache, so the
form's address is fetched again and, its key being used, the person sees "Already saved"
with a link to what was saved (where a first try was refused, the first Back stops on the
browser's own "Confirm form resubmission" page, sending nothing, and the next reaches the
form: "Already saved"). The database holds one row (for a meeting, the team
is invited once). A second, new form for the same meeting is told it is already scheduled.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from meetings.models import Meeting, MeetingInvitationSent
from progress.models import DataPoint
from tests.browser.helpers import back_to_a_saved_form
from tests.progress.factories import GoalFactory

pytestmark = pytest.mark.browser


def _back_shows_already_saved(page: Any, button: str) -> None:
    """Back to the form: the page is fetched again (nothing is cached), its key is used, so
    it says "Already saved" at once, with no Save button to press a second time."""
    response = back_to_a_saved_form(page)
    assert "no-store" in (response.headers.get("cache-control", "") if response else "")
    expect(page.get_by_role("heading", name="Already saved", level=1)).to_be_visible()
    expect(page.get_by_role("button", name=button)).to_have_count(0)


def test_back_then_save_keeps_one_data_point(steps, case_manager, iep, calendar) -> None:  # noqa: ANN001
    page = steps.page
    goal = GoalFactory(iep=iep, collectors=[case_manager])
    steps.sign_in(case_manager)
    steps.goto(f"/progress/goals/{goal.pk}/data/")
    expect(page).to_have_url(re.compile(r"/data/\?k=[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", name="Add a data point", level=1)).to_be_visible()
    steps.check("data-point-form")

    # Late without a reason: refused in words, with what was typed kept.
    page.get_by_label("Percent correct").fill("45")
    page.get_by_label("Date").fill("2026-11-02")
    page.get_by_role("button", name="Save data").click()
    expect(page.get_by_role("alert")).to_contain_text("Say why it is entered late")
    expect(page.get_by_label("Percent correct")).to_have_value("45")
    steps.check("data-point-late-needs-a-reason")

    page.get_by_label("Why it is entered late").fill("Probe sheet was in the substitute's folder.")
    page.get_by_role("button", name="Save data").click()
    expect(page.get_by_role("status").first).to_contain_text("Data saved")
    expect(page.get_by_role("heading", name=goal.area, level=1)).to_be_visible()

    _back_shows_already_saved(page, "Save data")
    steps.check("data-point-already-saved")
    assert DataPoint.objects.filter(goal=goal).count() == 1
    page.get_by_role("button", name="See what was saved").click()
    expect(page).to_have_url(re.compile(rf"/progress/goals/{goal.pk}/#point-\d+$"))
    table = page.locator("details", has=page.locator("tr[id^=point-]"))
    if table.get_attribute("open") is None:  # Chromium opens it itself for the #point- link
        table.locator("summary").click()
    expect(page.get_by_text("entered late", exact=True)).to_be_visible()
    steps.check("goal-with-the-late-point")


def test_back_then_save_schedules_one_meeting_and_invites_once(steps, case_manager, iep) -> None:  # noqa: ANN001
    page = steps.page
    steps.sign_in(case_manager)
    steps.goto(f"/students/{iep.student_id}/meetings/new/")
    expect(page).to_have_url(re.compile(r"/meetings/new/\?k=[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", name="Schedule a meeting", level=1)).to_be_visible()
    page.get_by_label("Place").fill("Room 114")
    steps.check("meeting-form")
    page.get_by_role("button", name="Schedule and invite").click()
    expect(page.get_by_role("status").first).to_contain_text("Meeting scheduled")
    meeting = Meeting.objects.get(iep=iep)
    invited = {u.email for u in meeting.invitees.all()}
    assert invited and sorted(to for m in mail.outbox for to in m.to) == sorted(invited)

    _back_shows_already_saved(page, "Schedule and invite")
    steps.check("meeting-already-saved")
    assert Meeting.objects.filter(iep=iep).count() == 1
    assert sorted(to for m in mail.outbox for to in m.to) == sorted(invited)  # invited once
    assert MeetingInvitationSent.objects.filter(meeting=meeting).count() == len(invited)

    # A new form (a second tab) for the same meeting on the same day: already scheduled.
    page.get_by_role("button", name="Start a new one").click()
    page.get_by_label("Place").fill("Room 114")
    page.get_by_role("button", name="Schedule and invite").click()
    warning = page.locator("#already-scheduled")
    expect(warning).to_contain_text("Already scheduled: Annual review")
    expect(page.get_by_role("alert")).to_contain_text("is already scheduled for")
    steps.check("meeting-already-scheduled")
    warning.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting.pk}/$"))
    assert Meeting.objects.filter(iep=iep).count() == 1
