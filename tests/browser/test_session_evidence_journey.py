"""Session records that hold up: Back then Save saves once; an entry logged on the provider's
behalf waits for her confirmation; a very late entry waits on the approvals page."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from playwright.sync_api import expect

from services.models import ServiceSession
from tests.browser.helpers import back_to_a_saved_form
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

pytestmark = pytest.mark.browser


def test_back_then_save_shows_already_saved_and_keeps_one_record(steps, provider, iep) -> None:  # noqa: ANN001
    page = steps.page
    speech = ServiceRequirementFactory(iep=iep, provider=provider)
    steps.sign_in(provider)
    steps.goto(f"/services/log/?requirement={speech.pk}")
    expect(page).to_have_url(re.compile(r"[?&]k=[0-9a-f-]{36}"))
    page.get_by_label("Minutes").fill("30")
    page.get_by_label(re.compile("I delivered this service as recorded")).check()
    steps.check("log-form")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Logged 30 minutes (delivered) for Maya Lopez. Certified."
    )

    # Back fetches the form's address again (nothing is cached): its key is used, so the page
    # says "Already saved" with no form to send twice.
    back_to_a_saved_form(page)
    expect(page.get_by_role("heading", name="Already saved")).to_be_visible()
    expect(page.get_by_role("button", name="Save session")).to_have_count(0)
    steps.check("already-saved")
    assert ServiceSession.objects.count() == 1
    page.get_by_role("button", name="See what was saved").click()
    expect(page.get_by_role("heading", name="Logged: Speech-language")).to_be_visible()
    steps.check("session-record")


def test_the_slp_confirms_a_session_the_case_manager_logged_for_her(
    steps, provider, case_manager, iep
) -> None:  # noqa: ANN001, E501
    page = steps.page
    speech = ServiceRequirementFactory(iep=iep, provider=provider)
    steps.sign_in(case_manager)
    steps.goto(f"/services/log/?requirement={speech.pk}")
    page.get_by_label("Minutes").fill("30")
    page.get_by_label(re.compile("I delivered this service as recorded")).check()
    page.get_by_role("button", name="Save session").click()
    # Only who delivers the service certifies it: the form says so and keeps what was typed.
    expect(page.locator("#id_certify_error")).to_contain_text(
        "Only who delivers Maya Lopez's Speech-language"
    )
    expect(page.get_by_label("Minutes")).to_have_value("30")
    page.get_by_label(re.compile("Save as pending")).check()
    steps.check("log-on-behalf")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("status")).to_contain_text(f"Pending: it counts once {provider} confirms it.")
    steps.goto(f"/services/student/{iep.student.pk}/")
    expect(page.get_by_text(f"Pending: logged on behalf of {provider}")).to_be_visible()
    steps.check("services-page-pending")
    page.get_by_role("link", name="Co-providers").click()
    expect(page.get_by_role("heading", name="Who delivers Speech-language")).to_be_visible()
    steps.check("co-providers")
    steps.sign_out()

    steps.sign_in(provider)
    expect(page.get_by_role("heading", name="Waiting for your confirmation")).to_be_visible()
    steps.check("my-day-waiting")
    page.get_by_role("link", name="Confirm or void them").click()
    expect(page.get_by_role("heading", name="Sessions to confirm", level=1)).to_be_visible()
    steps.check("confirmation-list")
    page.get_by_role("button", name="Confirm: I delivered this as recorded").click()
    expect(page.get_by_role("status")).to_contain_text("now counts")
    (row,) = ServiceSession.objects.all()
    assert (row.logged_by, row.certified_by, row.on_behalf_of) == (case_manager, provider, provider)


def test_a_school_admin_approves_a_session_entered_weeks_late(steps, school_admin, provider, iep) -> None:  # noqa: ANN001, E501
    page = steps.page
    speech = ServiceRequirementFactory(iep=iep, provider=provider)
    row = ServiceSessionFactory(
        requirement=speech,
        date=dt.date(2026, 10, 5),
        late=True,
        needs_approval=True,
        late_reason="Found in the substitute's binder after her leave",
        idempotency_key=uuid.uuid4(),
    )
    steps.sign_in(school_admin)
    steps.goto("/approvals/")
    expect(page.get_by_role("heading", name="Service sessions (1)")).to_be_visible()
    steps.check("approvals")
    page.locator("summary", has_text="Reject").click()
    steps.check("approvals-reject-open")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("Approved: the entry now counts.")
    steps.check("approvals-done")
    row.refresh_from_db()
    assert row.approval.decision == "approved"
