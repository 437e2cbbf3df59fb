"""A gen-ed teacher acknowledges a changed IEP, checks off the class's supports and answers a data request."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from accommodations.models import Acknowledgement, ImplementationCheck, Support
from progress.models import DataRequest
from tests.accommodations.factories import SupportFactory
from tests.progress.factories import DataRequestFactory, GoalFactory

pytestmark = pytest.mark.browser


def test_a_teacher_acknowledges_checks_off_and_answers_a_data_request(
    steps, gen_ed_teacher, case_manager, iep, section  # noqa: ANN001
) -> None:
    page = steps.page
    # Acknowledged in October; the case manager added a support yesterday, so it asks again.
    SupportFactory(iep=iep, text="Extended time (1.5x) on classwork",
                   changed_at=dt.datetime(2026, 9, 8, 12, tzinfo=dt.UTC))
    SupportFactory(iep=iep, text="Graphic organizer for multi-step problems",
                   category=Support.Category.PRESENTATION,
                   changed_at=dt.datetime(2026, 11, 17, 15, tzinfo=dt.UTC))
    Acknowledgement.objects.create(iep=iep, user=gen_ed_teacher,
                                   acknowledged_at=dt.datetime(2026, 10, 1, 15, tzinfo=dt.UTC))
    goal = GoalFactory(iep=iep, collectors=[case_manager, gen_ed_teacher])
    request = DataRequestFactory(goal=goal, teacher=gen_ed_teacher, message="Friday's quiz, please")

    steps.sign_in(gen_ed_teacher)
    expect(page.get_by_role("heading", name="My day", level=1)).to_be_visible()
    classes = page.get_by_role("region", name="My classes today")
    expect(classes).to_contain_text("2 to check")
    today = page.get_by_role("region", name="Today")
    expect(today.get_by_role("link", name="1 IEP to read and acknowledge")).to_be_visible()
    steps.check("my-day")

    classes.get_by_role("link", name="My classes today").click()
    expect(page.get_by_role("heading", name="My classes", level=1)).to_be_visible()
    steps.check("my-classes")

    page.get_by_role("link", name="New supports: read and acknowledge").click()
    expect(page.get_by_role("heading", name="Maya Lopez: IEP at a glance", level=1)).to_be_visible()
    ack = page.get_by_role("region", name="Your acknowledgement")
    expect(ack).to_contain_text("Not yet acknowledged")
    expect(ack).to_contain_text("The supports changed since you last acknowledged them")
    expect(page.get_by_text("Graphic organizer for multi-step problems", exact=True)).to_be_visible()
    steps.check("glance-to-acknowledge")

    ack.get_by_role("button", name="I have read these supports and will provide them").click()
    expect(page.get_by_role("status")).to_contain_text("you acknowledged Maya Lopez's current supports")
    expect(page.get_by_role("region", name="Your acknowledgement")).to_contain_text("✓ Acknowledged")
    steps.check("glance-acknowledged")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My classes").click()
    expect(page.get_by_role("link", name="New supports: read and acknowledge")).to_have_count(0)
    page.get_by_role("button", name="✓ All provided for the class").click()
    class_day = page.get_by_role("region", name=section.name)
    expect(class_day.get_by_text("✓ All checked")).to_be_visible()
    expect(page.locator("#day-summary")).to_contain_text("All checked for this day")
    steps.check("my-classes-all-provided")
    assert ImplementationCheck.objects.filter(teacher=gen_ed_teacher, section=section).count() == 2

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My day").click()
    ask = page.locator("article.data-ask").filter(has_text="Friday's quiz, please")
    expect(ask).to_be_visible()
    steps.check("my-day-data-request")
    ask.get_by_label("Percent correct").fill("65")
    ask.get_by_role("button", name="Save data").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile("Data saved for"))
    expect(page.locator("article.data-ask")).to_have_count(0)
    expect(page.get_by_role("region", name="My classes today")).to_contain_text("All checked")
    steps.check("my-day-done")

    request.refresh_from_db()
    assert request.status == DataRequest.Status.ANSWERED
    assert request.answer.value == 65
