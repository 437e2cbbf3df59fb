"""The decision form (saved once, clear messages, raise/lower through an amendment) and the
decisions in the family's copy of a progress report, in plain words and in Spanish."""

from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse

from progress import actions
from progress.models import Goal, GoalDecision
from tests.progress.factories import DataPointFactory, ProgressReportFactory

CHANGE = {"kind": "change", "decided_on": "2026-11-05", "changes": ["changed_intensity", "changed_group"],
          "label": "Group of 3, repeated reading", "detail": "", "consulted": "Reading specialist"}


def test_a_decision_sent_twice_from_one_form_is_recorded_once(login, case_manager, goal: Goal) -> None:  # noqa: ANN001
    client = login(case_manager)
    url = reverse("progress:decision_add", args=[goal.pk])
    data = {**CHANGE, "k": str(uuid.uuid4())}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data).content.decode()  # Back and send again, or a retry
    assert "Already saved" in again and "Decision on Math computation" in again
    assert GoalDecision.objects.count() == 1


def test_a_second_tab_with_its_own_form_cannot_draw_a_second_line_on_the_same_day(
    login, case_manager, goal: Goal,  # noqa: ANN001
) -> None:
    client = login(case_manager)
    url = reverse("progress:decision_add", args=[goal.pk])
    client.post(url, {**CHANGE, "k": str(uuid.uuid4())})
    second = client.post(url, {**CHANGE, "k": str(uuid.uuid4())})
    assert second.status_code == 400
    assert "An instructional change is already recorded on or after this day" in second.content.decode()
    assert GoalDecision.objects.count() == 1


def test_a_change_that_does_not_say_what_changed_is_refused_in_words(
    login, case_manager, goal: Goal,  # noqa: ANN001
) -> None:
    response = login(case_manager).post(reverse("progress:decision_add", args=[goal.pk]),
                                        {**CHANGE, "changes": [], "label": "", "k": str(uuid.uuid4())})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Say what changed: strategy, intensity, group size or minutes." in body
    assert "Give the phase line a short label" in body
    assert not GoalDecision.objects.exists()


def test_raising_the_goal_points_to_an_amendment_and_leaves_the_goal_as_written(
    login, case_manager, goal: Goal,  # noqa: ANN001
) -> None:
    client = login(case_manager)
    response = client.post(reverse("progress:decision_add", args=[goal.pk]),
                           {"kind": "raise", "decided_on": "2026-11-17", "k": str(uuid.uuid4())}, follow=True)
    body = response.content.decode()
    assert "start an amendment" in body
    assert f'action="{reverse("amendments:start", args=[goal.iep.student_id])}"' in body
    goal.refresh_from_db()
    assert goal.target_value == 80 and goal.active


def _report_with_a_change(goal: Goal, case_manager) -> None:  # noqa: ANN001
    for day in (dt.date(2026, 10, 20), dt.date(2026, 10, 27), dt.date(2026, 11, 10), dt.date(2026, 11, 17)):
        DataPointFactory(goal=goal, date=day, value=24)
    actions.goal_decision_record(goal=goal, by=case_manager, kind="change", decided_on=dt.date(2026, 11, 5),
                                 changes=["changed_intensity", "changed_group"], label="Group of 3, RR")
    ProgressReportFactory(goal=goal, narrative="Steady.")


def test_the_family_copy_states_the_decision_in_plain_words(login, case_manager, goal: Goal) -> None:  # noqa: ANN001
    _report_with_a_change(goal, case_manager)
    url = reverse("progress:family_report", args=[goal.iep.student_id, 2]) + "?lang=en"
    body = login(case_manager).get(url).content.decode()
    assert "We changed how math computation is taught on Nov 5: more practice, a smaller group." in body
    assert "Change on Nov 5" in body  # the phase line, not the team's shorthand
    for jargon in ("instructional change", "Consider", "Decision:", "Phase line", "Group of 3, RR"):
        assert jargon not in body


def test_the_family_copy_in_spanish(login, case_manager, goal: Goal) -> None:  # noqa: ANN001
    _report_with_a_change(goal, case_manager)
    url = reverse("progress:family_report", args=[goal.iep.student_id, 2]) + "?lang=es"
    body = login(case_manager).get(url).content.decode()
    assert "El 5 de noviembre cambiamos la forma de enseñar math computation: más práctica, un grupo más pequeño." in body
    assert "Lo que decidimos" in body and "Cambio del 5 de noviembre" in body
