"""Keyboard only: sign in and log a family contact with Tab, typing and Enter, focus always visible."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PASSWORD

pytestmark = pytest.mark.browser


def test_a_keyboard_user_signs_in_and_logs_a_family_contact(steps, case_manager, iep) -> None:  # noqa: ANN001
    page = steps.page
    steps.goto("/accounts/login/")
    # The first Tab reaches the skip link, which appears when focused.
    steps.tab()
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    steps.check("skip-link", scan=False)
    steps.tab_to("Email")
    page.keyboard.type(case_manager.email)
    steps.tab()
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    steps.check("sign-in-typed")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My day", level=1)).to_be_visible()

    # A case manager's students are one link away from My day.
    steps.tab_to("My students")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My students", level=1)).to_be_visible()
    steps.tab_to("Maya Lopez")
    steps.check("student-link-focused", scan=False)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Maya Lopez", level=1)).to_be_visible()

    steps.tab_to("Log a family contact")
    page.keyboard.press("Enter")  # opens the disclosure
    expect(page.get_by_label("Date")).to_be_visible()
    steps.tab()
    expect(page.get_by_label("Date")).to_be_focused()  # today is already filled in
    steps.tab_to("How")  # past the date's month, day and year parts
    page.keyboard.press("ArrowDown")  # the first channel
    steps.tab()
    page.keyboard.type("Father")
    steps.tab()
    expect(page.get_by_label("Summary")).to_be_focused()
    page.keyboard.type("Shared the week's progress by phone.")
    steps.check("contact-typed")
    steps.tab_to("Save contact")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Family contact saved.")
    expect(page.get_by_role("region", name="Family contacts")).to_contain_text("with Father")
    steps.check("contact-saved")
