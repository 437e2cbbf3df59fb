"""A teacher marks a student absent, then "All provided" for the class; Back, reload and a
second press save nothing twice; a late day asks why; the dashboard's check-off figure."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from accommodations.actions import check_record
from accommodations.models import CheckChange, ImplementationCheck
from tests import factories as f
from tests.accommodations.factories import SupportFactory
from tests.fidelity.conftest import small_school  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def classmate(school, section):  # noqa: ANN001, ANN201
    student = f.StudentFactory(school=school, first_name="Ben", last_name="Adams")
    iep = f.IEPFactory(student=student)
    f.EnrollmentFactory(student=student, section=section)
    return SupportFactory(iep=iep, text="Copy of class notes")


def test_absent_then_all_provided_back_reload_and_double_submit(
    steps, gen_ed_teacher, iep, section, classmate  # noqa: ANN001
) -> None:
    page = steps.page
    SupportFactory(iep=iep, text="Extended time (1.5x) on classwork")
    SupportFactory(iep=iep, category="setting", text="Preferential seating near instruction")
    steps.sign_in(gen_ed_teacher)
    steps.goto("/accommodations/my-classes/")
    steps.check("class-before")

    page.locator("article", has_text="Ben Adams").get_by_role("button", name="Absent").click()
    expect(page.get_by_text("Absent from this class")).to_be_visible()
    steps.check("class-one-absent")
    page.get_by_role("button", name="All provided for the class").click()
    expect(page.get_by_text("Marked 2 provided; 1 absent left as absent.")).to_be_visible()
    steps.check("class-after-all-provided")
    assert ImplementationCheck.objects.filter(outcome="provided").count() == 2
    assert ImplementationCheck.objects.filter(outcome="absent").count() == 1

    page.reload()
    page.go_back()
    page.go_forward()
    expect(page.get_by_role("heading", name="My classes")).to_be_visible()
    assert ImplementationCheck.objects.count() == 3


def test_without_the_script_a_second_press_shows_already_saved(
    steps, gen_ed_teacher, iep, section  # noqa: ANN001
) -> None:
    page = steps.page
    SupportFactory(iep=iep, text="Extended time (1.5x) on classwork")
    page.route("**/static/js/my_classes.js", lambda route: route.abort())
    steps.sign_in(gen_ed_teacher)
    steps.goto("/accommodations/my-classes/")
    steps.check("class-without-script")
    form = page.locator("form.check-form")
    fields = {name: form.locator(f"input[name={name}]").first.get_attribute("value") or ""
              for name in ("csrfmiddlewaretoken", "date", "k")}
    action = form.get_attribute("action") or ""
    page.get_by_role("button", name="All provided for the class").click()
    expect(page.get_by_text("Marked 1 provided.")).to_be_visible()
    # Back: the page comes again as it is now, with nothing left to mark.
    page.go_back()
    expect(page.get_by_role("button", name="All provided for the class")).to_have_count(0)
    # The same form sent again (a double press, a retried request): "already saved".
    again = page.request.post(steps.url(action), form={**fields, "section_all": "1"},
                              headers={"Referer": page.url})
    body = again.text()
    assert "Already saved" in body and "See what was saved" in body
    page.set_content(body)
    steps.check("already-saved", scan=False)
    assert ImplementationCheck.objects.count() == 1


def test_a_late_day_asks_why_and_a_changed_outcome_shows_its_history(
    steps, gen_ed_teacher, iep, section  # noqa: ANN001
) -> None:
    page = steps.page
    support = SupportFactory(iep=iep, text="Extended time (1.5x) on classwork")
    late = dt.date(2026, 11, 9)
    check_record(support=support, student=iep.student, section=section, day=late, outcome="provided",
                 by=gen_ed_teacher, late_reason="Out sick")
    steps.sign_in(gen_ed_teacher)
    steps.goto(f"/accommodations/my-classes/?date={late.isoformat()}")
    expect(page.get_by_label("Recorded late: why?")).to_be_visible()
    page.locator("summary", has_text="Change").first.click()
    page.get_by_label("Not provided").check()
    page.get_by_label("Recorded late: why?").fill("Read my notes again")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Earlier: Provided (recorded by")).to_be_visible()
    steps.check("late-day-with-history")
    assert CheckChange.objects.get().outcome == "provided"


def test_the_dashboard_shows_the_check_off_figure_as_three_numbers(
    steps, school_admin, small_school  # noqa: ANN001, F811
) -> None:
    page = steps.page
    steps.sign_in(school_admin)
    steps.goto("/fidelity/?period=custom&start=2026-11-02&end=2026-11-13")
    card = page.locator(".fid-card", has=page.get_by_role("heading", name="Accommodation check-offs"))
    expect(card.get_by_text("Not checked", exact=True)).to_be_visible()
    expect(card.get_by_text("through Fri, Nov 13")).to_be_visible()
    steps.check("fidelity-check-off-figure")


def test_adding_a_support_then_back_and_save_again_adds_it_once(
    steps, case_manager, iep  # noqa: ANN001
) -> None:
    from accommodations.models import Support

    page = steps.page
    steps.sign_in(case_manager)
    steps.goto(f"/accommodations/students/{iep.student_id}/supports/new/")
    assert "?k=" in page.url
    page.get_by_label("Category").select_option("timing")
    page.get_by_label("Text").fill("Extended time (1.5x) on quizzes")
    page.get_by_role("button", name="Add support").click()
    expect(page.get_by_text("The team is asked to acknowledge it.")).to_be_visible()
    page.go_back()
    page.reload()  # the form's page again, with its key: already saved
    expect(page.get_by_role("heading", name="Already saved")).to_be_visible()
    steps.check("support-already-saved")
    assert Support.objects.filter(text="Extended time (1.5x) on quizzes").count() == 1
