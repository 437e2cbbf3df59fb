"""A principal enters the school's first quarter from the calendar page, goes Back (the used form
says it was saved, and nothing is added twice), and sees the quarter on the calendar."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from schedules.models import GradingPeriod

pytestmark = pytest.mark.browser


def test_a_quarter_is_entered_once(steps, school_admin, calendar) -> None:  # noqa: ANN001
    page = steps.page
    steps.sign_in(school_admin)
    steps.goto(f"/calendars/{calendar.pk}/")
    page.get_by_role("link", name="Set the grading periods").click()
    expect(page.get_by_role("heading", name="Grading periods", level=1)).to_be_visible()
    page.get_by_label("Name").fill("Quarter 1")
    page.get_by_label("First day").fill("2026-08-17")
    page.get_by_label("Last day").fill("2026-10-16")
    steps.check("form-filled")
    page.get_by_role("button", name="Save the grading period").click()
    expect(page.get_by_role("status")).to_contain_text("Saved Quarter 1")
    expect(page.get_by_role("listitem").filter(has_text="Quarter 1")).to_contain_text("Fri Oct 16")
    steps.check("saved")

    # Back to the used form: the page says it was saved, and offers no second save.
    page.go_back()
    expect(page.get_by_text(re.compile("already saved", re.I)).first).to_be_visible()
    steps.check("after-back-and-save")
    assert GradingPeriod.objects.count() == 1

    steps.goto(f"/calendars/{calendar.pk}/")
    expect(page.get_by_text("Quarter 1: Aug 17 to Oct 16")).to_be_visible()
