"""A district administrator reads the service figures: lines counted and capped, the cut-off
stated, a missing school calendar named with what to import, shown on the student's
services and in the evidence packet."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.fidelity.test_service_lines import ivy, nia  # noqa: F401

pytestmark = pytest.mark.browser


def test_a_district_admin_finds_the_lines_behind_and_the_calendar_to_import(
    steps,  # noqa: ANN001
    district_admin,  # noqa: ANN001
    provider,  # noqa: ANN001
    ivy,  # noqa: ANN001, F811
    nia,  # noqa: ANN001, F811
) -> None:
    page = steps.page
    steps.sign_in(district_admin)
    steps.goto("/fidelity/?period=custom&start=2026-03-02&end=2026-11-17")
    expect(page.get_by_text("Figures through Tue, Nov 17", exact=True)).to_be_visible()
    headline = page.get_by_role("region", name="Headline figures")
    expect(headline).to_contain_text("Service lines at 90% or better")
    minutes = headline.locator(".fid-card", has_text="Service minutes delivered")
    expect(minutes).to_contain_text("2 lines behind")  # never "On track" while a line is behind
    expect(minutes).not_to_contain_text("On track")
    gaps = page.get_by_role("region", name="School calendars missing")
    expect(gaps).to_contain_text("Import the 2025-26 calendar for Lincoln Middle School")
    steps.check("fidelity-dashboard")

    student, _line = ivy
    steps.goto(f"/services/student/{student.pk}/")
    expect(page.get_by_text("No school calendar covers 87 weekdays of this service").first).to_be_visible()
    steps.check("student-services-uncovered")

    steps.goto(f"/students/{student.pk}/")
    services = page.get_by_role("region", name="Services")
    expect(services).to_contain_text("No school calendar covers 87 weekdays of this service")
    steps.check("student-page-uncovered")

    steps.goto(f"/fidelity/evidence/{student.pk}/summary/?start=2026-03-02&end=2026-11-18")
    expect(
        page.get_by_text("no school calendar covers this week — minutes owed cannot be computed").first
    ).to_be_visible()
    steps.check("evidence-summary")

    steps.goto("/")  # the printable summary has no menu
    steps.sign_out()
    # The provider of the lines is on the students' teams (My day lists only students they see).
    for found in (ivy, nia):
        f.TeamMemberFactory(iep=found[1].iep, user=provider)
    steps.sign_in(provider)
    page.get_by_role("region", name="Service minutes").get_by_text("Minutes to date").click()
    expect(page.get_by_text("Figures through Tue, Nov 17: sessions logged today count from tomorrow")).to_be_visible()
    steps.check("my-day")
