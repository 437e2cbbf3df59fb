"""A school administrator without two-step sign-in is made to set it up before any data."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from iep_portal.models import User
from tests import factories as f
from tests.browser.helpers import PASSWORD, has_totp, totp_code

pytestmark = pytest.mark.browser


def test_a_school_admin_sets_up_two_step_sign_in_then_audits(steps, school, iep) -> None:  # noqa: ANN001
    page = steps.page
    admin = f.UserFactory(role=User.Role.SCHOOL_ADMIN, schools=[school], first_name="Sam")

    steps.sign_in(admin, expect_mfa=False)
    # From sign-in to setting up the authenticator, through the password again: signing in
    # moments ago does not make an open session the person.
    expect(page.get_by_role("status")).to_contain_text("Your role requires two-step sign-in")
    expect(page.get_by_role("heading", name="Confirm it's you")).to_be_visible()
    steps.check("confirm-its-you")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    steps.check("set-up-two-step")

    # Student pages stay closed until it is done.
    steps.goto(f"/students/{iep.student.pk}/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))

    secret = page.get_by_label("Secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    page.wait_for_load_state("load")
    assert has_totp(admin)
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.get_by_label("Unused codes")).not_to_be_empty()
    steps.check("recovery-codes")

    page.locator("details.account-menu > summary").click()
    page.get_by_role("link", name="Two-step sign-in").click()
    expect(page.get_by_role("article", name="Authenticator app")).to_contain_text("On")
    steps.check("two-step-settings")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My day").click()
    expect(page.get_by_role("heading", name="Overdue legal deadlines")).to_be_visible()
    expect(page.locator("#schools-summary")).to_contain_text("Your schools: 1 school")
    steps.check("my-day")

    page.get_by_role("link", name="All students").click()
    page.get_by_role("link", name="Lopez, Maya").click()
    expect(page.get_by_role("heading", name="Who viewed this student")).to_be_visible()
    steps.check("student")

    page.get_by_role("link", name="Full access log").click()
    expect(page.get_by_role("heading", name="Access log")).to_be_visible()
    expect(page.get_by_label("Student name or ID")).to_have_value(iep.student.student_number)
    expect(page.get_by_role("table").get_by_text("Sam")).not_to_have_count(0)
    steps.check("access-log")
