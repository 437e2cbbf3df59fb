"""Someone who forgot their password gets a link by email and chooses a new one."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_teacher_who_forgot_their_password_chooses_a_new_one(steps, gen_ed_teacher) -> None:  # noqa: ANN001
    page = steps.page
    steps.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    steps.check("ask-for-link")

    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("alert")).to_contain_text("Email: This field is required.")
    steps.check("address-missing")

    page.get_by_label("Email").fill(gen_ed_teacher.email)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    steps.check("check-your-email")

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    page.get_by_label(re.compile(r"^New Password(?! \(again\))")).fill("short")
    page.get_by_label("New Password (again)").fill("short")
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("alert")).to_contain_text("at least 10 characters")
    steps.check("password-too-short")

    page.get_by_label(re.compile(r"^New Password(?! \(again\))")).fill("quiet library mornings")
    page.get_by_label("New Password (again)").fill("quiet library mornings")
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", name="My day", level=1)).to_be_visible()
    steps.check("signed-in")

    gen_ed_teacher.refresh_from_db()
    assert gen_ed_teacher.check_password("quiet library mornings")
