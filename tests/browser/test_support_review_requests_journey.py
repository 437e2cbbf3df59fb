"""The case manager asks for support reviews before the next progress report; the teacher
answers them from My day. Back, reload and a double click make no duplicate."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accommodations.models import Support, SupportReview
from progress.models import DataRequest
from tests.accommodations.factories import SupportFactory
from tests.progress.factories import GoalFactory

pytestmark = pytest.mark.browser


def _answer(article, used: str, help_needed: str, propose: str) -> None:  # noqa: ANN001
    article.get_by_role("group", name=re.compile("the student used it")).get_by_label(used).check()
    article.get_by_role("group", name=re.compile("adult help")).get_by_label(help_needed).check()
    article.get_by_role("group", name=re.compile("What you propose")).get_by_label(propose).check()


def test_the_case_manager_asks_for_reviews_and_the_teacher_answers_from_my_day(
    steps, gen_ed_teacher, case_manager, iep, section,  # noqa: ANN001
) -> None:
    page = steps.page
    GoalFactory(iep=iep, collectors=[case_manager])
    extended = SupportFactory(iep=iep, text="Extended time (1.5x) on classwork")
    notes = SupportFactory(iep=iep, text="Copy of class notes", category=Support.Category.PRESENTATION)

    steps.sign_in(case_manager)
    steps.goto(reverse("progress:reports", args=[iep.student_id]))
    section_ = page.get_by_role("region", name="Support reviews before a report")
    expect(section_).to_contain_text("Would ask: Gina")
    expect(section_).to_contain_text("the reviews are due Monday, Jan 11")
    steps.check("reports-page-ask")
    # A double click sends the form twice with one key: asked once. The browser shows
    # whichever answer came last: the page with its message, or "Already saved".
    section_.get_by_role("button", name="Ask for reviews before the next report").dblclick()
    expect(page.get_by_role("status").first).to_contain_text(
        re.compile("Asked Gina .* to review 2 supports|Already saved"))
    steps.goto(reverse("progress:reports", args=[iep.student_id]))
    expect(page.get_by_role("region", name="Support reviews before a report").get_by_text("waiting")).to_have_count(2)
    steps.check("reports-page-asked")
    assert DataRequest.objects.for_supports().count() == 2
    # Back to the page before, and ask again: nothing new, and it says who is still asked.
    page.go_back()
    page.reload()
    page.get_by_role("button", name="Ask for reviews before the next report").click()
    expect(page.get_by_text(re.compile("Already asked and not yet answered: Gina"))).to_be_visible()
    assert DataRequest.objects.for_supports().count() == 2
    # The student page: each support's trend names who has not answered yet.
    steps.goto(reverse("students:detail", args=[iep.student_id]))
    expect(page.locator(".review-pending").first).to_contain_text("Asked, not yet answered: Gina")
    steps.check("student-page-reviews-pending")
    steps.goto(reverse("accommodations:student", args=[iep.student_id]) + "#trend-heading")
    expect(page.locator("p.review-pending").first).to_contain_text("Gina")
    steps.check("supports-page-reviews-pending")
    page.locator("section[aria-labelledby=trend-heading]").screenshot(
        path=str(steps.directory / "trend-section.png"), animations="disabled")
    steps.sign_out()

    steps.sign_in(gen_ed_teacher)
    line = page.get_by_role("link", name="Review 2 supports for Maya Lopez").first
    expect(line).to_be_visible()
    steps.check("my-day-reviews-asked")
    line.click()
    expect(page.get_by_role("heading", name="Review supports for Maya Lopez", level=1)).to_be_visible()
    steps.check("review-page")
    first = page.locator("article.review-ask").filter(has_text=notes.text)
    _answer(first, "Mostly", "A gesture or reminder", "Keep as it is")
    first.get_by_label("What you see (optional)").fill("Takes the copy and follows along.")
    first.get_by_role("button", name="Send the review").click()
    expect(page.get_by_role("status")).to_contain_text("sees your review")
    # The next support asked is the page now; the answered one is listed no more.
    expect(page.locator("article.review-ask")).to_have_count(1)
    page.reload()
    expect(page.locator("article.review-ask")).to_have_count(1)
    steps.check("review-page-next")
    # Back to the first request's page: answered, no form to send again.
    page.go_back()
    expect(page.locator("article.review-ask").filter(has_text=notes.text)).to_contain_text("Answered")
    expect(page.locator("article.review-ask").filter(has_text=notes.text)
           .get_by_role("button", name="Send the review")).to_have_count(0)
    page.go_forward()
    second = page.locator("article.review-ask").filter(has_text=extended.text)
    _answer(second, "Always", "Independent", "Fade it (less help)")
    second.get_by_role("button", name="Send the review").dblclick()
    expect(page.get_by_role("heading", name=re.compile("^(My day|Already saved)$"), level=1)).to_be_visible()
    steps.goto("/")
    expect(page.get_by_role("link", name=re.compile("Review .* supports? for Maya Lopez"))).to_have_count(0)
    steps.check("my-day-reviews-done")
    assert SupportReview.objects.filter(reviewer=gen_ed_teacher).count() == 2
    assert not DataRequest.objects.open().exists()
    steps.sign_out()

    steps.sign_in(case_manager)
    steps.goto(reverse("progress:reports", args=[iep.student_id]) + "#support-reviews")
    expect(page.get_by_role("region", name="Support reviews before a report").get_by_text(
        re.compile("answered Nov 18"))).to_have_count(2)
    steps.check("reports-page-answered")
