"""A district administrator reads My day, opens an overdue deadline, and invites a teacher,
who sets a password from the email."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from iep_portal.models import User
from students.models import IEP
from tests.conftest import FROZEN_TODAY

pytestmark = pytest.mark.browser


def test_a_district_admin_invites_staff_who_then_sign_in(steps, district_admin, school, iep) -> None:  # noqa: ANN001
    import datetime as dt

    IEP.objects.filter(pk=iep.pk).update(annual_review_due=FROZEN_TODAY - dt.timedelta(days=9))
    page = steps.page
    steps.sign_in(district_admin)
    expect(page.get_by_role("heading", name="My day", level=1)).to_be_visible()
    overdue = page.get_by_role("region", name=re.compile("Overdue legal deadlines"))
    line = overdue.get_by_role("link", name=re.compile(f"1 annual review at {school.name} is overdue"))
    expect(line).to_be_visible()
    expect(overdue).to_contain_text("the oldest 9 days overdue")
    steps.check("my-day")
    line.click()
    expect(page.get_by_role("heading", name="Compliance deadlines", level=1)).to_be_visible()
    expect(page.get_by_role("region", name=re.compile(r"^Overdue \("))).to_contain_text(str(iep.student))
    steps.check("overdue-deadline")
    page.go_back()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Invite staff").click()
    expect(page.get_by_role("heading", name="Invite a member of staff")).to_be_visible()
    steps.check("invite-form")

    page.get_by_label("Email address").fill("rosa.alvarez@district.test")
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Alvarez")
    page.get_by_label("Role").select_option(label="General-education teacher")
    page.get_by_label("Title").fill("Science teacher")
    page.get_by_label(school.name).check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation sent to rosa.alvarez@district.test")
    steps.check("invitation-sent")

    invited = User.objects.get(email="rosa.alvarez@district.test")
    assert list(invited.schools.all()) == [school]
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    assert link.startswith(steps.base_url)

    steps.sign_out()
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    steps.check("choose-password")
    page.get_by_label(re.compile(r"^New Password(?! \(again\))")).fill("sunflowers in the lab 42")
    page.get_by_label("New Password (again)").fill("sunflowers in the lab 42")
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", name="My day", level=1)).to_be_visible()
    steps.check("signed-in-after-choosing")

    steps.sign_out()
    steps.sign_in(invited, password="sunflowers in the lab 42")
    expect(page.get_by_role("heading", name="My day", level=1)).to_be_visible()
    expect(page.get_by_text("General-education teacher")).to_be_visible()
    steps.check("signed-in-again")
