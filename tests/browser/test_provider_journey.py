"""A provider records a session the school cancelled, then the makeup, and watches minutes owed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from services.models import ServiceSession
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.browser


def _owed(page) -> str:  # noqa: ANN001
    ledger = page.get_by_role("region", name=re.compile("Speech-language"))
    return ledger.locator("dt", has_text="Owed (compensatory)").locator("xpath=following-sibling::dd").inner_text()


def test_a_provider_records_a_cancelled_session_and_its_makeup(steps, provider, iep) -> None:  # noqa: ANN001
    page = steps.page
    # 60 minutes a week of speech in two 30-minute sessions, starting this Monday.
    speech = ServiceRequirementFactory(iep=iep, provider=provider, start_date=dt.date(2026, 11, 16))

    steps.sign_in(provider)
    expect(page.get_by_role("heading", name="My day", level=1)).to_be_visible()
    steps.check("my-day")

    # Monday's session was cancelled by the school for an assembly.
    page.get_by_role("region", name="Service minutes").get_by_role("button", name="Log a session").click()
    page.get_by_role("group", name="Students").get_by_label(re.compile("Maya Lopez — Speech-language")).check()
    page.get_by_label("Date").fill("2026-11-16")
    page.get_by_label("Minutes").fill("30")
    page.get_by_label("What happened").select_option(label="Cancelled by the school")
    expect(page.get_by_label("Reason")).to_be_visible()
    page.get_by_label("Reason").fill("Assembly")
    page.get_by_label(re.compile("I delivered this service as recorded")).check()
    steps.check("log-cancelled")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("status")).to_contain_text("Logged 30 minutes (cancelled by the school) for Maya Lopez")
    steps.check("my-day-after-cancelled")

    # Minutes to date are folded into one line; opened, each line links to the student's services.
    page.get_by_role("region", name="Service minutes").get_by_text("Minutes to date").click()
    page.get_by_role("region", name="Service minutes").get_by_role("link", name="Maya Lopez", exact=True).click()
    expect(page.get_by_role("heading", name="Services for Maya Lopez", level=1)).to_be_visible()
    assert _owed(page) == "30 min"
    expect(page.get_by_text("Cancelled by the school: Assembly")).to_be_visible()
    steps.check("services-owed-30")

    # Yesterday's makeup, tied to Monday's cancelled session (figures count through
    # yesterday: a makeup logged for today would settle what is owed from tomorrow).
    page.get_by_role("button", name="Log a session").click()
    expect(page.get_by_role("group", name="Students").get_by_label(re.compile("Maya Lopez"))).to_be_checked()
    page.get_by_label("Date").fill("2026-11-17")
    page.get_by_label("What happened").select_option(label="Makeup for a missed session")
    makeups = page.get_by_role("group", name="Missed sessions this makes up")
    makeups.get_by_label(re.compile(r"Mon Nov 16, 30 min, cancelled by the school")).check()
    page.get_by_label(re.compile("I delivered this service as recorded")).check()
    steps.check("log-makeup")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("status")).to_contain_text("Logged 30 minutes (makeup for a missed session)")

    page.get_by_role("region", name="Service minutes").get_by_text("Minutes to date").click()
    page.get_by_role("region", name="Service minutes").get_by_role("link", name="Maya Lopez", exact=True).click()
    assert _owed(page) == "0 min"
    expect(page.get_by_text("Makes up Nov 16")).to_be_visible()
    steps.check("services-owed-0")

    makeup = ServiceSession.objects.get(requirement=speech, status=ServiceSession.Status.MAKEUP)
    assert makeup.date == dt.date(2026, 11, 17)
    assert [m.reason for m in makeup.makes_up.all()] == ["Assembly"]
