"""Changing how one signs in asks for the person: the password again, and the code too."""

from __future__ import annotations

import re
import time

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from tests.browser.helpers import PASSWORD, totp_code, totp_secret_of

pytestmark = pytest.mark.browser


def test_a_teacher_moves_to_a_new_email_address(steps, gen_ed_teacher) -> None:  # noqa: ANN001
    page = steps.page
    steps.sign_in(gen_ed_teacher)
    steps.goto("/accounts/email/")
    expect(page.get_by_role("heading", name="Your email address")).to_be_visible()
    steps.check("email-page")
    page.get_by_label("New email address").fill("gina@home.test")
    page.get_by_role("button", name="Email a link to the new address").click()

    expect(page.get_by_role("heading", name="Confirm it's you")).to_be_visible()
    steps.check("confirm-its-you")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("article", name="Waiting for you to confirm")).to_contain_text("gina@home.test")
    steps.check("waiting")

    (confirm,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", confirm.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Confirm your new email address")).to_be_visible()
    steps.check("confirm-link")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="My day", level=1)).to_be_visible()
    gen_ed_teacher.refresh_from_db()
    assert gen_ed_teacher.email == "gina@home.test"
    assert mail.outbox[-1].to[0].endswith("@district.test")  # the old address is told


def test_an_administrator_turning_two_step_sign_in_off_gives_the_code_too(steps, school_admin) -> None:  # noqa: ANN001
    page = steps.page
    steps.sign_in(school_admin)
    page.locator("details.account-menu > summary").click()
    page.get_by_role("link", name="Two-step sign-in").click()
    page.get_by_role("button", name="Turn off").click()
    expect(page.get_by_role("heading", name="Confirm it's you")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("This field is required.")
    steps.check("code-missing")

    with time_machine.travel(time.time() + 31, tick=True):  # the sign-in's code works once
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_label("Code from your authenticator app").fill(totp_code(totp_secret_of(school_admin)))
        page.get_by_role("button", name="Confirm").click()
        expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/deactivate/$"))
        steps.check("turn-off")
