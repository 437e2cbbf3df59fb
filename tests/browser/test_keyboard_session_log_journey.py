"""Keyboard only: log a session with Tab, Space, typing and Enter, focus always visible."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from services.models import ServiceRequirement, ServiceSession
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.browser


def test_a_keyboard_user_logs_a_session(steps, case_manager, iep) -> None:  # noqa: ANN001
    page = steps.page
    reading = ServiceRequirementFactory(
        iep=iep, provider=case_manager, kind=ServiceRequirement.Kind.SDI, area="Reading",
        minutes=30, sessions=1, period=ServiceRequirement.Period.DAY, start_date=dt.date(2026, 11, 16),
    )
    steps.sign_in(case_manager)
    expect(page.get_by_role("heading", name="My day", level=1)).to_be_visible()

    # The main navigation's "Log a session" comes first in tab order, before the page's button.
    steps.tab_to("Log a session")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Log a session", level=1)).to_be_visible()

    # Tab order follows the form: the student, the date, the minutes, what happened, ...
    steps.tab_to("Maya Lopez — Reading")
    page.keyboard.press("Space")
    expect(page.get_by_label("Maya Lopez — Reading, 30 min per day (1 session)")).to_be_checked()
    steps.tab()
    expect(page.get_by_label("Date")).to_be_focused()  # today is already filled in
    steps.tab_to("Minutes")  # past the date's month, day and year parts
    page.keyboard.type("30")
    assert steps.tab().startswith("What happened")
    assert steps.tab() == "Time, group size, note and goals"
    assert steps.tab().startswith("I delivered this service as recorded")
    page.keyboard.press("Space")
    steps.check("session-typed")

    # Back to the minutes, and Enter sends the form from there.
    steps.tab("Shift+Tab")
    steps.tab("Shift+Tab")
    assert steps.tab("Shift+Tab").startswith("Minutes")
    steps.check("minutes-focused", scan=False)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Logged 30 minutes (delivered) for Maya Lopez.")
    steps.check("session-logged")

    [session] = ServiceSession.objects.filter(requirement=reading)
    assert (session.date, session.minutes, session.certified_by) == (dt.date(2026, 11, 18), 30, case_manager)
