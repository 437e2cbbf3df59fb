"""The principal records a suspension from the student page, on a phone and at a desk: a first
day on a Saturday is refused in words with everything typed kept, then three school days
across the weekend are recorded, and Back does not record them twice."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from behavior.models import Removal
from tests.browser.helpers import back_to_a_saved_form

pytestmark = pytest.mark.browser


def test_the_principal_records_a_removal(steps, school_admin, iep) -> None:  # noqa: ANN001
    page = steps.page
    steps.sign_in(school_admin)
    steps.goto(f"/students/{iep.student_id}/")
    panel = page.get_by_role("region", name="Disciplinary removals")
    panel.get_by_role("button", name="Record a removal").click()
    expect(page).to_have_url(re.compile(r"/removals/new/\?k=[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", name="Record a removal", level=1)).to_be_visible()
    steps.check("removal-form")

    page.get_by_label("First school day of the removal").fill("2026-11-21")
    page.get_by_label("Number of school days").fill("3")
    page.get_by_label("Out-of-school suspension").check()
    page.get_by_label("Reason").fill("Fighting in the cafeteria (code of conduct 4.2).")
    page.get_by_role("button", name="Record the removal").click()
    expect(page.locator("#id_start_date_error")).to_contain_text("Sat Nov 21, 2026 is not a school day")
    expect(page.get_by_label("Reason")).to_have_value("Fighting in the cafeteria (code of conduct 4.2).")
    steps.check("removal-refused-on-a-saturday")

    page.get_by_label("First school day of the removal").fill("2026-11-20")
    page.get_by_role("button", name="Record the removal").click()
    expect(page.get_by_role("heading", name=re.compile("Disciplinary removals for"), level=1)).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text(
        "Removal recorded for 3 school days: Fri Nov 20, Mon Nov 23, Tue Nov 24.")
    expect(page.get_by_role("status").first).to_contain_text("Not school days, so not recorded: Sat Nov 21, Sun Nov 22.")
    expect(page.get_by_role("list").filter(has_text="Recorded by")).to_contain_text("Fri Nov 20, 2026")
    expect(page.get_by_text("3 days recorded are still to come: they count as they happen.")).to_be_visible()
    steps.check("removals-list")

    back_to_a_saved_form(page)
    expect(page.get_by_role("heading", name="Already saved", level=1)).to_be_visible()
    steps.check("removal-already-saved")
    assert Removal.objects.filter(student=iep.student).count() == 3
