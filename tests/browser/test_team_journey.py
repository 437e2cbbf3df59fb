"""A case manager adds a speech therapist to a team, tries to take off one who still delivers
a service, and hands the student to another case manager; a double click and a reload save
each change once."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from iep_portal.models import User
from lifecycle.models import TeamChange
from tests import factories as f
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.browser


def test_a_case_manager_changes_the_team_once_whatever_the_browser_does(
    steps, case_manager, other_case_manager, provider, school, iep  # noqa: ANN001
) -> None:
    page = steps.page
    slp = f.UserFactory(role=User.Role.PROVIDER, schools=[school], first_name="Sasha", last_name="Ng")
    ServiceRequirementFactory(iep=iep, provider=provider)
    steps.sign_in(case_manager)
    steps.goto(f"/students/{iep.student_id}/")
    page.get_by_role("link", name="Manage the team and hand-overs").click()
    expect(page.get_by_role("heading", name=f"{iep.student}'s team", level=1)).to_be_visible()
    steps.check("team-page")

    page.get_by_label("Person to add").select_option(label=f"{slp} (Related-service provider)")
    page.get_by_label("Role on the team").select_option(label="Related-service provider")
    page.get_by_label("Why (optional)").fill("Speech added at the annual review")
    page.get_by_role("button", name="Add to the team").dblclick()
    expect(page.get_by_role("status")).to_contain_text(f"{slp} joined")
    page.reload()  # a GET: nothing is sent again
    assert TeamChange.objects.filter(iep=iep, kind="joined").count() == 1
    steps.check("member-added")

    row = page.locator(".team-person", has_text=str(provider))
    row.get_by_text("Take off the team").click()
    row.get_by_label("Why they leave the team").fill("Moved to the high school")
    row.get_by_role("button", name=f"Take {provider.first_name} off the team").click()
    expect(page.get_by_text("still delivers Speech-language")).to_be_visible()
    row = page.locator(".team-person", has_text=str(provider))
    expect(row.get_by_label("Why they leave the team")).to_have_value("Moved to the high school")
    steps.check("remove-refused")

    page.get_by_label("New case manager").select_option(label=f"{other_case_manager} (Case manager (special education))")
    page.locator("#hand-reason").fill("Caseloads rebalanced for the semester")
    page.get_by_role("button", name="Hand over").dblclick()
    expect(page.get_by_role("status")).to_contain_text(f"{other_case_manager} now case-manages")
    assert TeamChange.objects.filter(iep=iep, kind="case_manager").count() == 1
    iep.refresh_from_db()
    assert iep.case_manager == other_case_manager
