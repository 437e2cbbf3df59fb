"""A case manager's day: My day, a student, a family contact (an error, then success)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from students.models import ParentContact

pytestmark = pytest.mark.browser


def test_a_case_manager_sees_their_day_and_logs_a_family_contact(steps, case_manager, iep) -> None:  # noqa: ANN001
    page = steps.page
    steps.sign_in(case_manager)
    expect(page).to_have_url(steps.url("/"))
    expect(page.get_by_role("heading", name="My day", level=1)).to_be_visible()
    steps.check("my-day")
    # My day is next actions; the caseload is one link away.
    page.get_by_role("link", name="My students (1)").click()
    caseload = page.get_by_role("region", name=re.compile("Students you serve"))
    expect(caseload.get_by_role("heading", name="Students you serve (1)")).to_be_visible()
    expect(caseload.get_by_role("link", name="Maya Lopez")).to_be_visible()
    steps.check("my-students")

    caseload.get_by_text("Your responsibilities").click()
    expect(caseload.get_by_text(re.compile("Manage the IEP.* — owns"))).to_be_visible()
    steps.check("my-day-responsibilities")

    caseload.get_by_role("link", name="Maya Lopez").click()
    expect(page.get_by_role("heading", name="Maya Lopez", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Who is responsible for what")).to_be_visible()
    steps.check("student")

    # Leave the summary empty: the error is beside the field and summarised at the top.
    page.get_by_text("Log a family contact").click()
    page.get_by_label("How").select_option(label="Phone call")
    page.get_by_label("Who you spoke with").fill("Mother, Ana Lopez")
    page.get_by_role("button", name="Save contact").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please fix 1 problem")
    expect(summary.get_by_role("link", name="Summary: This field is required.")).to_be_visible()
    expect(summary).to_be_focused()
    field = page.get_by_label("Summary")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", re.compile(r"\bid_summary_error\b"))
    expect(page.locator("#id_summary_error")).to_have_text("This field is required.")
    expect(page.get_by_label("Who you spoke with")).to_have_value("Mother, Ana Lopez")
    steps.check("contact-error")

    summary.get_by_role("link").click()
    expect(field).to_be_focused()
    field.fill("Talked about the new reading plan; she will read with Maya at home.")
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_role("status")).to_contain_text("Family contact saved.")
    contacts = page.get_by_role("region", name="Family contacts")
    expect(contacts).to_contain_text("Phone call with Mother, Ana Lopez")
    steps.check("contact-saved")

    contact = ParentContact.objects.get(student=iep.student)
    assert (contact.staff, contact.channel) == (case_manager, ParentContact.Channel.PHONE)
