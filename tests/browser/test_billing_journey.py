"""Medicaid billing in a browser: the director reads what is not billable and why, the claims
file's page, credentials, codes, a layout and the note rules (a rule added once through Back
and Save again); the case manager records the Medicaid ID and a parent's consent (Back and
Save again keep one) and reads the student's billable sessions; the supervising SLP follows
My day's co-sign action and co-signs an assistant's session."""

from __future__ import annotations

import datetime as dt
import importlib
import re

import pytest
from playwright.sync_api import expect

from billing.models import BillingConsent, CredentialType, MedicaidId, NoteRule
from students.models import TeamMember
from tests.billing.conftest import credential, make_billable, session
from tests.browser.helpers import back_to_a_saved_form
from tests.factories import TeamMemberFactory, UserFactory
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def world(iep, provider, district_admin, school):  # noqa: ANN001, ANN201
    # The live server's database is emptied between tests: the shipped layouts come back here.
    from django.apps import apps

    importlib.import_module("billing.migrations.0002_example_profiles").add(apps, None)
    importlib.import_module("billing.migrations.0004_example_layouts_medicaid_id").add(apps, None)
    line = ServiceRequirementFactory(iep=iep, provider=provider)
    credential(provider, by=district_admin)
    make_billable(iep.student, line, district_admin)
    BillingConsent.objects.all().delete()
    MedicaidId.objects.all().delete()
    slpa = UserFactory(role="provider", schools=[school], first_name="Jamie", last_name="Ortiz")
    TeamMemberFactory(iep=iep, user=slpa, role=TeamMember.Role.PROVIDER)
    credential(slpa, by=district_admin, npi="1003000126", kind=CredentialType.SLP_A, supervisor=provider)
    session(line)
    session(line, date=dt.date(2026, 11, 13), note="Worked on sounds.")
    session(line, date=dt.date(2026, 11, 17), logged_by=slpa, certified_by=slpa, start_time=dt.time(13, 30))
    return line


def test_the_director_reads_what_is_not_billable_and_why(steps, district_admin, world) -> None:  # noqa: ANN001
    page = steps.page
    steps.sign_in(district_admin)
    steps.goto("/billing/?start=2026-11-01&end=2026-11-18")
    expect(page.get_by_role("heading", name="0 of 3 sessions billable (0 units)")).to_be_visible()
    expect(page.get_by_text("No consent to bill (missing or revoked)").first).to_be_visible()
    expect(page.get_by_text("Supervisor's co-sign missing").first).to_be_visible()
    steps.check("report")
    nav = page.get_by_role("navigation", name="Billing")
    nav.get_by_role("link", name="Claims file").click()
    expect(page.get_by_role("heading", name="Claims file", level=1)).to_be_visible()
    steps.check("claims-file")
    nav.get_by_role("link", name="Credentials").click()
    expect(page.get_by_text("NPI 1003000126")).to_be_visible()
    steps.check("credentials")
    nav.get_by_role("link", name="Codes").click()
    expect(page.get_by_text("92507", exact=True).first).to_be_visible()
    steps.check("codes")
    nav.get_by_role("link", name="Layouts").click()
    page.get_by_role("link", name=re.compile("Change State")).click()
    expect(page.get_by_label("Columns")).to_have_value(re.compile("PROVIDER_NPI = provider_npi"))
    steps.check("layout-form")
    page.get_by_label("Columns").fill("NPI = provider_npi\nSize = shoe_size")
    page.get_by_role("button", name="Save the layout").click()
    expect(page.locator("#id_columns_error")).to_contain_text("Line 2: “shoe_size” is not a field the export knows")
    steps.check("layout-refused")
    steps.goto("/billing/codes/")
    page.get_by_role("navigation", name="Billing").get_by_role("link", name="Note rules").click()
    expect(page.get_by_text("Every other area:")).to_be_visible()
    steps.check("note-rules")
    page.get_by_role("button", name="Add a rule for a service area").click()
    page.get_by_label("Service area").fill("Speech-language")
    page.get_by_label("Progress toward the goals").uncheck()
    page.get_by_label("Words each part needs").fill("60")
    page.get_by_role("button", name="Save the rule").click()
    expect(page.locator("#id_min_words_error")).to_have_text("Ask for at most 50 words a part.")
    expect(page.get_by_label("Service area")).to_have_value("Speech-language")
    steps.check("note-rule-refused")
    page.get_by_label("Words each part needs").fill("5")
    page.get_by_role("button", name="Save the rule").click()
    expect(page.get_by_text("Speech-language: the activity, the student's response, at least 5 words each.")
           ).to_be_visible()
    back_to_a_saved_form(page)
    expect(page.get_by_text(re.compile("already saved", re.I))).to_be_visible()
    assert NoteRule.objects.filter(area="Speech-language").count() == 1


def test_the_case_manager_records_consent_and_the_sessions_become_billable(steps, case_manager, world) -> None:  # noqa: ANN001, E501
    page = steps.page
    student = world.iep.student
    steps.sign_in(case_manager)
    steps.goto(f"/students/{student.pk}/")
    page.get_by_role("link", name=re.compile("Consent to bill, annual notice")).click()
    expect(page.get_by_text("No consent to bill", exact=True)).to_be_visible()
    expect(page.get_by_text("No Medicaid ID on file")).to_be_visible()
    steps.check("student-billing-before")
    page.get_by_role("link", name="Record the Medicaid ID").click()
    page.get_by_label("Medicaid ID").fill("12-34")
    page.get_by_role("button", name="Save the Medicaid ID").click()
    expect(page.locator("#id_number_error")).to_contain_text("does not look like a Medicaid ID")
    steps.check("medicaid-id-refused")
    page.get_by_label("Medicaid ID").fill("1234-5678-9")
    page.get_by_role("button", name="Save the Medicaid ID").click()
    expect(page.get_by_text("123456789", exact=True)).to_be_visible()
    page.get_by_role("link", name="Record a consent").click()
    page.get_by_label("Date on the signed consent").fill("2026-09-01")
    steps.check("consent-form")
    page.get_by_role("button", name="Record the consent").click()
    expect(page.get_by_text("Consent given Sep 1, 2026")).to_be_visible()
    expect(page.get_by_text("Billable, 2 units")).to_be_visible()
    expect(page.get_by_text("Session note missing or incomplete")).to_be_visible()
    steps.check("student-billing-after")
    back_to_a_saved_form(page)
    expect(page.get_by_text(re.compile("already saved", re.I))).to_be_visible()
    assert BillingConsent.objects.count() == 1


def test_the_supervising_slp_co_signs_an_assistants_session(steps, provider, world) -> None:  # noqa: ANN001
    page = steps.page
    steps.sign_in(provider)
    steps.goto("/")
    expect(page.get_by_role("link", name="Co-sign 1 session of Jamie Ortiz")).to_be_visible()
    steps.check("my-day-co-sign")
    page.get_by_role("link", name="Co-sign 1 session of Jamie Ortiz").click()
    expect(page.get_by_text("by Jamie Ortiz")).to_be_visible()
    steps.check("to-co-sign")
    page.get_by_role("button", name=re.compile("Co-sign")).click()
    expect(page.get_by_text("Nothing waits for your co-sign.")).to_be_visible()
    steps.check("co-signed")
