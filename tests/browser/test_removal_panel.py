"""The case manager sees a student's school days of removal on the student page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from behavior.models import Removal

pytestmark = pytest.mark.browser


def test_the_case_manager_sees_the_removal_days_and_the_warning(steps, case_manager, iep) -> None:  # noqa: ANN001
    page = steps.page
    # Mon 2 .. Fri 6 Nov 2026 out of school, and half of Mon 9 Nov in school: 5.5 days.
    for day in range(2, 7):
        Removal.objects.create(student=iep.student, date=dt.date(2026, 11, day),
                               setting=Removal.Setting.OUT_OF_SCHOOL, reason="Fighting",
                               recorded_by=case_manager)
    Removal.objects.create(student=iep.student, date=dt.date(2026, 11, 9), portion=Decimal("0.5"),
                           setting=Removal.Setting.IN_SCHOOL, reason="Disruption", recorded_by=case_manager)
    steps.sign_in(case_manager)
    steps.goto(f"/students/{iep.student_id}/")
    panel = page.get_by_role("region", name="Disciplinary removals")
    expect(panel).to_contain_text("5.5 school days of removal this school year")
    expect(panel).to_contain_text("5 or more school days of removal")
    panel.scroll_into_view_if_needed()
    steps.check("student-page-removals")
