"""A case manager amends a speech line from 60 to 90 minutes a week, writes the prior
written notice, finalizes, goes Back and submits again from a stale tab, and opens the
printable notice: the amendment is applied once, the notice prints in the family's language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from amendments.models import Amendment, Reacknowledgement
from services.models import ServiceRequirement
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.browser


def test_a_case_manager_amends_a_service_line_and_prints_the_notice(
    steps, case_manager, provider, iep  # noqa: ANN001
) -> None:
    page = steps.page
    speech = ServiceRequirementFactory(iep=iep, provider=provider, minutes=60, sessions=2)
    steps.sign_in(case_manager)
    steps.goto(f"/students/{iep.student_id}/")
    page.get_by_role("button", name="Amend this IEP").click()
    expect(page.get_by_role("heading", name=f"Amend {iep.student}'s IEP", level=1)).to_be_visible()
    steps.check("draft")

    page.get_by_text("Change Speech-language").click()
    line = page.locator(".amend-line", has_text="Speech-language")
    line.get_by_label("Minutes").fill("90")
    line.get_by_label("Sessions").fill("3")
    line.get_by_role("button", name="Put this change in the amendment").click()
    expect(page.get_by_role("status").first).to_contain_text("Added to the amendment")
    expect(page.locator(".amend-changes")).to_contain_text("90 minutes per week, in 3 sessions")

    page.get_by_label("Takes effect on").fill("2026-11-23")
    page.get_by_label("By written agreement, without a meeting").check()
    page.get_by_label("Date of the family's written agreement").fill("2026-11-17")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved when the amendment takes effect")).to_be_visible()

    page.get_by_label("What the school proposes or refuses to do").fill(
        "Raise speech-language therapy from 60 to 90 minutes a week.")
    page.locator("#id_reasons").fill("Articulation probes have stayed near 40% for eight weeks.")
    page.get_by_label("Other options the team considered").fill("Keeping 60 minutes: rejected, progress stalled.")
    page.get_by_label("Each evaluation, assessment, record or report used").fill("Weekly probes, Sep to Nov.")
    page.get_by_role("button", name="Save the notice").click()
    expect(page.get_by_text("The prior written notice is saved.")).to_be_visible()
    steps.check("ready-to-finalize")

    # A second tab left on the draft, to submit again after it is final.
    stale = page.context.new_page()
    stale.goto(page.url)
    page.get_by_role("button", name="Finalize the amendment").dblclick()
    # The page shows whichever of the two submits answered last: the first finalized it, the
    # second (when the first was answered before it was sent) says so and applies nothing.
    expect(page.get_by_text(re.compile("The amendment is final|already final; nothing was applied again"))
           ).to_be_visible()
    steps.check("final")

    page.go_back()  # no page is cached: Back shows the amendment as it is now, final
    page.wait_for_load_state("load")
    expect(page.get_by_role("button", name="Finalize the amendment")).to_have_count(0)
    stale.get_by_role("button", name="Finalize the amendment").click()
    expect(stale.get_by_text("already final; nothing was applied again")).to_be_visible()
    stale.close()
    assert Amendment.objects.get().status == "final"
    assert ServiceRequirement.objects.filter(iep=iep).count() == 2
    speech.refresh_from_db()
    assert speech.minutes == 60 and speech.end_date.isoformat() == "2026-11-22"
    assert list(Reacknowledgement.objects.values_list("user", flat=True)) == [provider.pk]

    steps.goto(f"/students/{iep.student_id}/")
    page.get_by_role("link", name="Amendment effective Nov 23, 2026").click()
    page.get_by_role("button", name="Open the printable notice").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Prior written notice to the family of")
    expect(page.get_by_text("Written by the team").first).to_be_visible()
    steps.check("notice")
    page.get_by_role("link", name="Español").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aviso previo por escrito")
    steps.check("notice-in-spanish")
