"""The case manager sees what the Spanish family copy lacks, translates the goal, leaves the
narrative, and reads the copy: the goal in Spanish, the narrative marked as not translated;
sending asks for confirmation. Screenshots at a phone and a desk."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from progress.models import GoalTranslation
from tests.progress.factories import GoalFactory, ProgressReportFactory

pytestmark = pytest.mark.browser


def test_the_spanish_family_copy_says_what_is_not_translated(
    steps, viewport, case_manager, iep,  # noqa: ANN001
) -> None:
    page = steps.page
    student = iep.student
    student.family_language = "es"
    student.save(update_fields=["family_language"])
    goal = GoalFactory(iep=iep, area="Reading fluency", measure="count", unit="words correct per minute",
                       baseline_value=62, target_value=110, collectors=[case_manager])
    ProgressReportFactory(goal=goal, narrative="Reads with more expression and rereads hard words.")

    steps.sign_in(case_manager)
    steps.goto(reverse("progress:reports_period", args=[student.pk, 2]))
    flag = page.locator("#untranslated")
    expect(flag).to_contain_text("Goal 1 (Reading fluency): comments")
    steps.check("reports-page-flag")
    flag.get_by_role("button", name="Enter the translations").click()
    page.get_by_label("Goal 1 (Reading fluency): area").fill("Fluidez lectora")
    page.get_by_label("Goal 1 (Reading fluency): the annual goal").fill(
        "Al leer en voz alta un texto de su grado, leerá 110 palabras correctas por minuto.")
    page.get_by_label("Goal 1 (Reading fluency): unit").fill("palabras correctas por minuto")
    steps.check("translations-filled")
    page.get_by_role("button", name="Save translations").click()
    expect(page.get_by_role("status").first).to_contain_text("1 left untranslated")
    page.go_back()  # Back to the form, then Save again: nothing saved twice
    page.reload()
    expect(page.get_by_text("already", exact=False).first).to_be_visible()
    assert GoalTranslation.objects.filter(goal=goal).count() == 3

    steps.goto(reverse("progress:family_report", args=[student.pk, 2]))
    copy = page.locator("article.report-page").first
    expect(copy.locator("h2")).to_have_text("Meta 1: Fluidez lectora")
    expect(copy.locator(".narrative")).to_contain_text("Esta parte aún no se ha traducido. En inglés:")
    expect(page.locator(".report-untranslated")).to_contain_text("Partes de este informe aún no se han traducido")
    expect(copy).not_to_contain_text("Decisión")
    steps.check("family-copy-es")

    steps.goto(reverse("progress:reports_period", args=[student.pk, 2]))
    page.get_by_role("button", name="Record as sent").click()
    expect(page.locator(".message-error")).to_contain_text("would go to the family in English")
    steps.check("send-refused")
