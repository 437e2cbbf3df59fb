"""The family copy of a progress report wholly in the family's language: the team's words
from their translations, what is untranslated said on the page and flagged before sending,
and never the staff's decision wording."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from progress import actions, trend
from progress.family_copy import report_words, untranslated
from progress.models import DataPoint, Goal, GoalTranslation, NarrativeTranslation, ProgressReport
from tests.progress.factories import GoalFactory, ProgressReportFactory

NARRATIVE = "Maya now reads the problem twice before she starts."


@pytest.fixture
def spanish(student):  # noqa: ANN001, ANN201
    student.family_language = "es"
    student.save(update_fields=["family_language"])
    return student


def translate_goal(goal: Goal, by: object, **parts: str) -> None:
    for part, text in parts.items():
        GoalTranslation.objects.create(goal=goal, part=part, language="es", text=text,
                                       translated_from=getattr(goal, part), entered_by=by)


def family_copy(client, student, lang: str = "") -> str:  # noqa: ANN001
    url = reverse("progress:family_report", args=[student.pk, 2]) + (f"?lang={lang}" if lang else "")
    return client.get(url).content.decode()


def test_an_untranslated_narrative_says_so_on_the_family_copy(login, case_manager, spanish, goal) -> None:
    translate_goal(goal, case_manager, area="Cálculo", annual_goal="Resolver problemas de dos pasos.")
    ProgressReportFactory(goal=goal, narrative=NARRATIVE)
    body = family_copy(login(case_manager), spanish)
    assert "Partes de este informe aún no se han traducido." in body
    # The English is shown, marked as English and as not translated.
    assert re.search(r'Esta parte aún no se ha traducido\. En inglés:</span> <span lang="en">' + re.escape(NARRATIVE),
                     body)
    assert body.count("Esta parte aún no se ha traducido") == 1  # only the narrative
    # The team's toolbar lists it and links to where it is translated.
    assert "Goal 1 (Math computation): comments" in body
    assert reverse("progress:translations", args=[spanish.pk, 2]) in body


def test_the_reports_page_lists_what_is_untranslated(login, case_manager, spanish, goal) -> None:
    ProgressReportFactory(goal=goal, narrative=NARRATIVE)
    body = login(case_manager).get(reverse("progress:reports_period", args=[spanish.pk, 2])).content.decode()
    assert "Not fully translated" in body
    for part in ("area", "the annual goal", "comments"):
        assert f"Goal 1 (Math computation): {part}</li>" in body
    assert "Send it with the untranslated parts in English" in body


def test_sending_an_untranslated_report_needs_an_acknowledgement(login, case_manager, spanish, goal) -> None:
    translate_goal(goal, case_manager, area="Cálculo", annual_goal="Resolver problemas de dos pasos.")
    report = ProgressReportFactory(goal=goal, narrative=NARRATIVE)
    client = login(case_manager)
    url = reverse("progress:report_sent", args=[spanish.pk, 2])
    sent = {"sent_on": "2026-11-17", "how": "email", "language": "es"}
    response = client.post(url, sent, follow=True)
    assert "would go to the family in English: Goal 1 (Math computation): comments" in response.content.decode()
    report.refresh_from_db()
    assert report.sent_on is None  # refused: nothing recorded
    client.post(url, {**sent, "untranslated_acknowledged": "on"})
    report.refresh_from_db()
    assert report.sent_on == dt.date(2026, 11, 17)
    assert report.sent_untranslated == ["Goal 1 (Math computation): comments"]


def test_a_fully_translated_copy_needs_no_acknowledgement_and_has_no_english_staff_text(
    login, case_manager, spanish, goal,  # noqa: ANN001
) -> None:
    goal.unit = "problems"
    goal.measure = Goal.Measure.COUNT
    goal.save()
    translate_goal(goal, case_manager, area="Cálculo matemático",
                   annual_goal="Resolver problemas escritos de dos pasos con 80% de precisión.",
                   unit="problemas")
    report = ProgressReportFactory(goal=goal, narrative=NARRATIVE,
                                   data_summary={"points_in_period": 2, "latest_value": 30.0})
    NarrativeTranslation.objects.create(report=report, language="es", text="Maya ahora lee el problema dos veces.",
                                        translated_from=NARRATIVE, entered_by=case_manager)
    client = login(case_manager)
    body = family_copy(client, spanish)
    for english in (goal.area, goal.annual_goal, NARRATIVE, "(problems)"):
        assert english not in body
    assert "Cálculo matemático" in body and "(problemas)" in body
    assert "Maya ahora lee el problema dos veces." in body
    assert "aún no se ha traducido" not in body and "Not ready to send" not in body
    client.post(reverse("progress:report_sent", args=[spanish.pk, 2]),
                {"sent_on": "2026-11-17", "how": "email", "language": "es"})
    report.refresh_from_db()
    assert report.sent_on and report.sent_untranslated == []


def test_a_translation_of_english_that_changed_no_longer_counts(case_manager, goal) -> None:
    report = ProgressReportFactory(goal=goal, narrative=NARRATIVE)
    NarrativeTranslation.objects.create(report=report, language="es", text="Maya lee dos veces.",
                                        translated_from=NARRATIVE, entered_by=case_manager)
    report.narrative = NARRATIVE + " She checks her answer."
    report.save()
    report.goal = goal
    assert "Goal 1 (Math computation): comments" in [t.part for t in untranslated([report], "es")]
    assert untranslated([report], "en") == []  # the team's language needs nothing


def test_the_family_copy_takes_the_language_it_is_given(login, case_manager, spanish, goal) -> None:
    ProgressReportFactory(goal=goal, narrative=NARRATIVE)
    body = family_copy(login(case_manager), spanish, lang="en")
    assert '<html lang="en">' in body and "not been translated" not in body


def rising_above_the_aimline(goal: Goal) -> None:
    """Six points well above the aimline, flat: the rule says raise the goal, while the
    trend alone does not reach the target."""
    DataPoint.objects.bulk_create([
        DataPoint(goal=goal, date=dt.date(2026, 9, 14) + dt.timedelta(days=7 * i), value=Decimal(45),
                  setting="special_ed", collected_by=goal.iep.case_manager, recorded_by=goal.iep.case_manager)
        for i in range(6)
    ])


def test_the_suggested_code_agrees_with_the_decision_rule(goal) -> None:
    rising_above_the_aimline(goal)
    analysis = goal.analyse(list(DataPoint.objects.filter(goal=goal)), [])
    assert analysis.decision == trend.RAISE
    # The trend is flat at 45, short of 80 by May, but the rule reads these points as ahead of
    # the aimline: the code cannot be "insufficient" under it.
    assert analysis.suggested_code == trend.SUFFICIENT
    assert trend.agreeing_code(trend.SUFFICIENT, trend.CHANGE) == trend.INSUFFICIENT
    assert trend.agreeing_code(trend.MASTERED, trend.RAISE) == trend.MASTERED


def test_staff_only_wording_never_appears_on_the_family_copy(login, case_manager, spanish, goal) -> None:
    rising_above_the_aimline(goal)
    client = login(case_manager)
    # The case manager writes the report with the suggested code.
    page = client.get(reverse("progress:reports_period", args=[spanish.pk, 2])).content.decode()
    assert "Consider raising the goal" in page  # the team sees the rule
    client.post(reverse("progress:report_save", args=[spanish.pk, 2]) + f"?k={uuid.uuid4()}",
                {f"g{goal.pk}-code": ProgressReport.Code.SUFFICIENT, f"g{goal.pk}-narrative": ""})
    report = ProgressReport.objects.get(goal=goal)
    assert report.code == report.suggested_code == "sufficient"
    for lang, banned in (("es", ["Decisión", "Considerar", "meta más alta", "Línea meta", "Tendencia", "aimline"]),
                         ("en", ["Decision", "Consider", "Aimline", "aimline", "Trend", "trend"])):
        words_shown = re.sub(r"<[^>]+>", " ", family_copy(client, spanish, lang=lang))  # text, not class names
        for words in banned:
            assert words not in words_shown, (lang, words)
    assert "Progreso suficiente para cumplir la meta" in family_copy(client, spanish)


@pytest.mark.parametrize("n", [1, 6])
def test_what_is_untranslated_is_two_queries_however_many_goals(
    case_manager, iep, n, django_assert_num_queries,  # noqa: ANN001
) -> None:
    reports = [ProgressReportFactory(goal=GoalFactory(iep=iep, area=f"Area {i}"), narrative="Words.")
               for i in range(n)]
    with django_assert_num_queries(2):  # goal translations, narrative translations
        gaps = untranslated(reports, "es")
    assert len(gaps) == 3 * n
    assert report_words(reports, "en")[reports[0].pk].narrative.text == "Words."


def test_the_team_enters_translations_once_with_who_and_when(login, case_manager, spanish, goal) -> None:
    report = ProgressReportFactory(goal=goal, narrative=NARRATIVE)
    client = login(case_manager)
    url = reverse("progress:translations", args=[spanish.pk, 2]) + f"?lang=es&k={uuid.uuid4()}"
    page = client.get(url)
    assert page.status_code == 200 and NARRATIVE in page.content.decode()
    data = {"lang": "es", f"g{goal.pk}-area": "Cálculo", f"g{goal.pk}-annual_goal": "Resolver problemas.",
            f"r{report.pk}-narrative": ""}
    response = client.post(url, data)
    assert response.status_code == 302
    again = client.post(url, {**data, f"g{goal.pk}-area": "Otra cosa"})  # Back, then Save again
    assert again.status_code == 200 and "already" in again.content.decode().lower()
    area = GoalTranslation.objects.get(goal=goal, part="area")
    assert (area.text, area.entered_by, area.translated_from) == ("Cálculo", case_manager, "Math computation")
    assert area.entered_at is not None
    assert [t.part for t in untranslated([report], "es")] == ["Goal 1 (Math computation): comments"]


def test_a_read_only_member_cannot_enter_translations(login, observer, spanish, goal) -> None:  # noqa: ANN001
    ProgressReportFactory(goal=goal)
    url = reverse("progress:translations", args=[spanish.pk, 2]) + f"?lang=es&k={uuid.uuid4()}"
    assert login(observer).get(url).status_code == 403


def test_saving_translations_refuses_english(case_manager, goal) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="language"):
        actions.staff_translations_save(language="en", by=case_manager, entries=[])
