"""A provider plans a makeup for minutes the school owes; Back then Save, reload and a double
click save it once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from makeups.models import PlannedMakeup
from tests.browser.helpers import back_to_a_saved_form
from tests.makeups.conftest import owe
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.browser


def test_a_provider_plans_a_makeup_once_whatever_the_browser_does(steps, provider, iep) -> None:  # noqa: ANN001
    page = steps.page
    speech = ServiceRequirementFactory(iep=iep, provider=provider)
    owe(speech, 4)

    steps.sign_in(provider)
    panel = page.get_by_role("region", name="Makeups planned this week")
    expect(panel).to_contain_text("Owed: 4 makeup sessions of 30 min (120 min), 0 planned")
    steps.check("my-day-owed")
    panel.get_by_role("link", name="Plan a makeup").click()
    expect(page).to_have_url(re.compile(r"/makeups/line/\d+/plan/\?k="))
    page.get_by_label("Target date").fill("2026-11-20")
    page.get_by_label("Note").fill("Before school, speech room")
    steps.check("plan-form")
    page.get_by_role("button", name="Plan the makeup").dblclick()
    expect(page.get_by_role("status")).to_contain_text("Makeup planned for Friday, Nov 20")
    expect(page.get_by_text("Owed: 4 makeup sessions of 30 min (120 min), 1 planned")).to_be_visible()
    steps.check("plan-page")

    # Back fetches the form's address again (nothing is cached): its key is used.
    back_to_a_saved_form(page)
    expect(page.get_by_role("heading", name="Already saved")).to_be_visible()
    expect(page.get_by_role("button", name="Plan the makeup")).to_have_count(0)
    page.reload()
    expect(page.get_by_role("heading", name="Already saved")).to_be_visible()
    steps.check("already-saved")
    assert PlannedMakeup.objects.count() == 1
