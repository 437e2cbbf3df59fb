"""A school administrator signs in with a code, reads the fidelity dashboard and drills down to a student."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

# The fidelity tests' hand-counted school: Maya's speech 90 of 120 min in two weeks, 30 owed.
from tests.fidelity.conftest import small_school  # noqa: F401

pytestmark = pytest.mark.browser


def test_a_school_admin_drills_down_from_a_breakdown_to_a_student(
    steps, school_admin, case_manager, small_school  # noqa: ANN001, F811
) -> None:
    page = steps.page
    steps.sign_in(school_admin)  # has an authenticator: the code step is part of the journey
    expect(page.get_by_role("heading", name="My day", level=1)).to_be_visible()
    behind = page.get_by_role("region", name=re.compile("Schools and staff behind"))
    casey = case_manager.get_full_name()
    expect(behind.get_by_role("link", name=re.compile(casey))).to_be_visible()  # 30 min owed
    steps.check("my-day")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Fidelity").click()
    expect(page.get_by_role("heading", name="Implementation fidelity", level=1)).to_be_visible()
    page.get_by_label("Period").select_option(label="Custom dates")
    page.get_by_label("From", exact=True).fill("2026-11-02")
    page.get_by_label("To", exact=True).fill("2026-11-13")
    page.get_by_role("button", name="Show").click()
    headline = page.get_by_role("region", name="Headline figures")
    expect(headline).to_contain_text("90 of 120 min")
    steps.check("fidelity-dashboard")

    # A headline figure lists exactly the students and lines behind it, adding up to it.
    headline.get_by_role("link", name="Minutes owed").click()
    expect(page.get_by_role("heading", name="Minutes owed", level=1)).to_be_visible()
    expect(page.locator("#drill-total")).to_have_text("30 min")
    expect(page.get_by_role("region", name="Students and their figures").get_by_role("row")).to_have_count(2)
    expect(page.get_by_role("region", name="Service lines", exact=True)).to_contain_text("30 min")
    steps.check("minutes-owed-students")
    page.go_back()

    by_case_manager = page.get_by_role("region", name="By case manager", exact=True)
    expect(by_case_manager.get_by_role("row", name=re.compile(casey))).to_contain_text("75%")
    by_case_manager.get_by_role("link", name=casey).click()
    expect(page.get_by_role("heading", name=f"Students of {casey}", level=1)).to_be_visible()
    students = page.get_by_role("table")
    expect(students.get_by_role("link", name="Lopez, Maya")).to_be_visible()
    maya = students.get_by_role("row", name=re.compile("Lopez, Maya"))
    expect(maya).to_contain_text("90 of 120 min")  # her own figures, on her row
    expect(maya).to_contain_text("6 of 8 provided")
    expect(students.get_by_text("Adams")).to_have_count(0)  # Leo has another case manager
    steps.check("students-of-case-manager")

    students.get_by_role("link", name="Lopez, Maya").click()
    expect(page.get_by_role("heading", name="Maya Lopez", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Who viewed this student")).to_be_visible()
    steps.check("student")
