"""A case manager assigns a paraprofessional, who checks off a support and records data on a
phone; a teacher grants a substitute cover, who reads the class packet and checks off."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accommodations.models import ImplementationCheck, SupportReview
from progress.models import DataPoint
from services.actions import service_co_provider_name
from tests.accommodations.factories import StrategyFactory, SupportFactory
from tests.progress.factories import GoalFactory
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.browser


def test_a_paraprofessional_is_assigned_and_carries_out_the_supports(  # noqa: PLR0913
    steps, case_manager, paraprofessional, provider, iep, student, section,  # noqa: ANN001
) -> None:
    page = steps.page
    support = SupportFactory(iep=iep, text="Extended time (1.5x) on classwork")
    StrategyFactory(iep=iep, text="Offer the break card before transitions", source="behavior_plan",
                    how_to="Hand the card quietly and praise its use.")
    goal = GoalFactory(iep=iep, area="Task completion", collectors=[paraprofessional])
    steps.sign_in(case_manager)
    steps.goto("/coverage/")
    steps.check("coverage-case-manager")
    page.get_by_role("link", name="Assign a paraprofessional").click()
    page.get_by_label("Paraprofessional").select_option(str(paraprofessional.pk))
    page.get_by_label("Student").select_option(str(student.pk))
    page.get_by_label("Last day").fill("2026-12-18")
    steps.check("assign-form")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("status")).to_contain_text("works with Maya Lopez")
    steps.check("assigned")
    line = ServiceRequirementFactory(iep=iep, provider=provider, area="Social skills")
    service_co_provider_name(requirement=line, user=paraprofessional, by=case_manager)

    page.context.clear_cookies()
    steps.sign_in(paraprofessional)
    steps.goto("/coverage/")
    steps.check("coverage-para")
    page.get_by_role("link", name="Maya Lopez").click()
    steps.check("para-student")
    card = page.locator(f"#support-{support.pk}")
    card.get_by_role("button", name="Provided", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Checked")
    assert ImplementationCheck.objects.get(support=support).teacher == paraprofessional
    page.get_by_label("Today's value").fill("75")
    page.locator(f"#goal-{goal.pk}").get_by_role("button", name="Record").click()
    expect(page.get_by_role("status")).to_contain_text("Recorded 75")
    assert DataPoint.objects.get().collected_by == paraprofessional
    steps.check("para-after-check-and-data")
    # The para reviews the support they carry out, as the teachers do.
    card = page.locator(f"#support-{support.pk}")
    card.get_by_text("Review this support").click()
    card.get_by_label("Mostly").check()
    card.get_by_label("A gesture or reminder").check()
    card.get_by_label("Fade it (less help)").check()
    steps.check("para-review-form")
    card.get_by_role("button", name="Send the review").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you")
    assert SupportReview.objects.get(support=support).reviewer == paraprofessional
    page.get_by_role("link", name="Log minutes").click()
    steps.check("para-minutes")
    page.get_by_label("Minutes").fill("25")
    page.get_by_role("button", name="Log the session").click()
    expect(page.get_by_role("status")).to_contain_text("Logged 25 minutes")


def test_a_substitute_reads_the_packet_and_checks_off(
    steps, gen_ed_teacher, substitute, iep, student, section,  # noqa: ANN001
) -> None:
    page = steps.page
    support = SupportFactory(iep=iep, text="Extended time (1.5x) on classwork")
    StrategyFactory(iep=iep, text="Offer the break card before transitions", source="behavior_plan",
                    how_to="Hand the card quietly and praise its use.")
    steps.sign_in(gen_ed_teacher)
    steps.goto("/coverage/")
    page.get_by_role("link", name="Grant a substitute cover").click()
    page.get_by_label("Substitute with an account").select_option(str(substitute.pk))
    page.get_by_label("Last day").fill("2026-11-19")
    steps.check("grant-form")
    page.get_by_role("button", name="Grant cover").click()
    expect(page.get_by_role("status")).to_contain_text("access ends by itself")
    steps.check("granted")

    page.context.clear_cookies()
    steps.sign_in(substitute)
    steps.goto("/coverage/")
    steps.check("coverage-substitute")
    page.get_by_role("link", name="Math 6 (2)").click()
    expect(page.get_by_role("heading", name="Maya Lopez")).to_be_visible()
    steps.check("packet")
    page.locator(f"#support-{support.pk}").get_by_role("button", name="Provided", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Checked for Maya Lopez")
    assert ImplementationCheck.objects.get(support=support).teacher == substitute
    steps.check("packet-after-check")
    page.emulate_media(media="print")
    steps.shot("packet-print")
