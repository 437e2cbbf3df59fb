"""A teacher records a support review; the case manager reads the support's trend; the goal
page draws a phase line with its text alternative and data table; the family copy says the
decision in plain words. Element screenshots at each viewport go to SHOTS for review."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accommodations.models import SupportReview
from iep_portal.models import User
from progress import actions
from tests import factories as f
from tests.accommodations.factories import SupportFactory, SupportReviewFactory
from tests.progress.factories import DataPointFactory, GoalFactory, ProgressReportFactory

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("IEP_REVIEW_SHOTS", "test-artifacts/screenshots/reviews"))
TZ = ZoneInfo("America/Chicago")


def _shot(locator, name: str, viewport: str) -> None:  # noqa: ANN001
    SHOTS.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(SHOTS / f"{name}-{viewport}.png"), animations="disabled")


def test_a_teacher_reviews_a_support_and_the_case_manager_sees_its_trend(
    steps, viewport, gen_ed_teacher, case_manager, iep, section, school,  # noqa: ANN001
) -> None:
    page = steps.page
    support = SupportFactory(iep=iep, text="Self-monitoring checklist for starting work")
    english = f.UserFactory(role=User.Role.GEN_ED_TEACHER, schools=[school], first_name="Marcus")
    for who, day, used, prompting, adjustment in (
        (gen_ed_teacher, 5, "sometimes", "partial", "keep"),
        (english, 8, "mostly", "partial", "keep"),
        (english, 28, "mostly", "gestural", "fade"),
    ):
        SupportReviewFactory(support=support, reviewer=who, rating="", used=used, prompting=prompting,
                             adjustment=adjustment, created_at=dt.datetime(2026, 10, day, 15, tzinfo=TZ))

    steps.sign_in(gen_ed_teacher)
    steps.goto(reverse("accommodations:glance", args=[iep.student_id]))
    item = page.locator("li").filter(has_text=support.text)
    item.get_by_text("Review this support").click()
    item.get_by_role("group", name=re.compile("the student used it")).get_by_label("Always").check()
    item.get_by_role("group", name=re.compile("adult help")).get_by_label("Independent").check()
    item.get_by_role("group", name=re.compile("What you propose")).get_by_label("Fade it (less help)").check()
    item.get_by_label("What you see (optional)").fill("Ticks each step on her own now.")
    steps.check("review-filled")
    item.get_by_role("button", name="Send the review").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you for the review.")
    saved = SupportReview.objects.get(reviewer=gen_ed_teacher, used="always")
    assert (saved.prompting, saved.adjustment) == ("independent", "fade")

    steps.sign_out()
    steps.sign_in(case_manager)
    steps.goto(reverse("accommodations:student", args=[iep.student_id]))
    trend = page.get_by_role("article", name=support.text)
    expect(trend).to_contain_text("Use: rising · Independence: rising")
    expect(trend).to_contain_text("Ready to fade")
    expect(trend.get_by_role("row")).to_have_count(3)  # the header and one row per teacher
    steps.check("supports-trend")
    _shot(trend, "support-trend", viewport)
    steps.goto(reverse("students:detail", args=[iep.student_id]))
    panel = page.get_by_role("region", name="Supports")
    expect(panel).to_contain_text("Use rising · independence rising (2 reviewers)")
    _shot(panel, "student-page-supports", viewport)


def test_the_goal_page_draws_the_phase_line_and_the_family_copy_says_it_plainly(
    steps, viewport, case_manager, iep,  # noqa: ANN001
) -> None:
    page = steps.page
    goal = GoalFactory(iep=iep, area="Reading fluency", measure="count", unit="words correct per minute",
                       baseline_value=62, target_value=110, collectors=[case_manager])
    for day, value in ((dt.date(2026, 9, 15), 61), (dt.date(2026, 9, 22), 62), (dt.date(2026, 9, 29), 60),
                       (dt.date(2026, 10, 6), 61), (dt.date(2026, 10, 13), 66), (dt.date(2026, 10, 20), 70),
                       (dt.date(2026, 10, 27), 74), (dt.date(2026, 11, 3), 76), (dt.date(2026, 11, 10), 79)):
        DataPointFactory(goal=goal, date=day, value=value)
    actions.goal_decision_record(goal=goal, by=case_manager, kind="change", decided_on=dt.date(2026, 10, 8),
                                 changes=["changed_intensity", "changed_group"],
                                 label="Group of 3, repeated reading", consulted="Reading specialist")
    ProgressReportFactory(goal=goal, period_number=1, period_start=dt.date(2026, 8, 17),
                          period_end=dt.date(2026, 10, 28), narrative="Reads with more expression.")

    steps.sign_in(case_manager)
    steps.goto(reverse("progress:goal", args=[goal.pk]))
    graph = page.locator("figure.progress-graph").first
    expect(graph.locator("g.phase-line")).to_have_count(1)
    expect(graph.locator("g.phase-line text")).to_have_text("Group of 3, repeated reading")
    expect(graph.locator("desc")).to_contain_text("Phase line on Oct 8: instructional change")
    expect(graph.locator("desc")).to_contain_text("Since the last change the trend changes by")
    expect(page.locator("table.data-table").filter(has_text="Oct 13, 2026")).to_have_count(1)  # text alternative
    decisions = page.get_by_role("region", name="Decisions")
    expect(decisions).to_contain_text("Oct 8, 2026: Change the instruction")
    steps.check("goal-with-phase-line")
    _shot(graph, "goal-graph-phase-line", viewport)
    _shot(decisions, "goal-decisions", viewport)

    steps.goto(reverse("progress:family_report", args=[iep.student_id, 1]) + "?lang=en")
    copy = page.locator("article.report-page").first
    expect(copy).to_contain_text("We changed how reading fluency is taught on Oct 8: more practice, a smaller group.")
    expect(copy).not_to_contain_text("instructional change")
    steps.check("family-copy")
    _shot(copy, "family-copy", viewport)
    steps.goto(reverse("progress:family_report", args=[iep.student_id, 1]) + "?lang=es")
    copy = page.locator("article.report-page").first
    expect(copy).to_contain_text("El 8 de octubre cambiamos la forma de enseñar reading fluency")
    _shot(copy, "family-copy-es", viewport)
