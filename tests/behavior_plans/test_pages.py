"""The BIP page, the entry page and the student page's panel: who sees them, and a fixed
number of queries however much behavior data the plan has."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from behavior_plans.models import BehaviorRecord, Incident, TargetBehavior
from tests.behavior_plans.factories import make_bip


def _history(bip, by, days: int) -> None:  # noqa: ANN001
    target = TargetBehavior.objects.get(assessment=bip.assessment)
    BehaviorRecord.objects.bulk_create([
        BehaviorRecord(target=target, date=dt.date(2026, 10, 12) + dt.timedelta(days=n), count=1 + n % 3,
                       setting="gen_ed" if n % 2 else "special_ed", recorded_by=by) for n in range(days)])
    Incident.objects.bulk_create([
        Incident(behavior_plan=bip, target=target, date=dt.date(2026, 10, 12) + dt.timedelta(days=n),
                 antecedent="Work began", behavior="Called out", consequence="Teacher answered", recorded_by=by)
        for n in range(days)])


@pytest.mark.parametrize("days", [3, 30])
def test_the_bip_page_runs_the_same_queries_however_much_data(
    days: int, login, iep, case_manager, django_assert_num_queries  # noqa: ANN001
) -> None:
    bip = make_bip(iep, case_manager, strategies=2 if days == 3 else 3)
    _history(bip, case_manager, days)
    client = login(case_manager)
    # session (1), user (1), student with relations (1), active plan (1), access log (1), BIP with
    # its FBA (1), who conducted the FBA (1), recent incidents (1), targets (1), records (1),
    # strategies with their supports (1), the header's notification count (1), the session's
    # save (savepoint, update, release: 3)
    with django_assert_num_queries(15):
        response = client.get(reverse("behavior_plans:plan", args=[iep.student_id]))
    assert response.status_code == 200


@pytest.mark.parametrize("days", [3, 30])
def test_the_entry_page_runs_the_same_queries_however_much_data(
    days: int, login, iep, case_manager, django_assert_num_queries  # noqa: ANN001
) -> None:
    bip = make_bip(iep, case_manager)
    _history(bip, case_manager, days)
    client = login(case_manager)
    # session, user, student, active plan, access log, BIP (6), targets (1), records (1), the
    # header's notification count (1), the session's save (3)
    with django_assert_num_queries(12):
        response = client.get(reverse("behavior_plans:record", args=[iep.student_id]))
    assert response.status_code == 200


def test_the_student_page_shows_the_bip_to_every_adult_who_sees_the_student(
    login, iep, case_manager, gen_ed_teacher, observer  # noqa: ANN001
) -> None:
    bip = make_bip(iep, case_manager)
    _history(bip, case_manager, 10)
    for user in (case_manager, gen_ed_teacher, observer):
        page = login(user).get(reverse("students:detail", args=[iep.student_id]), follow=True).content.decode()
        assert "Behavior intervention plan" in page, user
        assert "Calling out</strong>" in page and "Speaking without raising a hand" in page
        assert ("Record behavior data" in page) is (user != observer)


def test_without_a_bip_only_the_plan_s_manager_sees_the_panel(login, iep, case_manager, provider) -> None:  # noqa: ANN001
    page = login(provider).get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert "Behavior intervention plan" not in page
    page = login(case_manager).get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert "No behavior intervention plan." in page


def test_the_case_manager_records_the_fba_and_writes_the_bip(login, iep, case_manager, gen_ed_teacher) -> None:  # noqa: ANN001
    from behavior_plans.models import BehaviorPlan

    page = login(case_manager).get(reverse("students:detail", args=[iep.student_id])).content.decode()
    assert "Record an FBA and write a BIP" in page
    url = reverse("behavior_plans:write", args=[iep.student_id])
    form_page = login(case_manager).get(url, follow=True)
    key = form_page.redirect_chain[0][0].split("k=")[1]
    data = {"conducted_on": "2026-11-02", "conducted_by": [case_manager.pk, gen_ed_teacher.pk],
            "function": "escape", "function_note": "Leaves when written work starts.", "name": "Out of seat",
            "definition": "Away from the chair for 5 seconds or more without permission.", "measure": "duration",
            "baseline": "18", "goal": "4", "replacement_behavior": "Ask for a break card.", "crisis_steps": "",
            "start_date": "2026-11-09", "review_date": "2027-02-01"}
    response = login(case_manager).post(f"{url}?k={key}", data)
    assert response.status_code == 302
    bip = BehaviorPlan.objects.get()
    assert (bip.plan, bip.written_by, bip.assessment.function) == (iep, case_manager, "escape")
    assert set(bip.assessment.conducted_by.all()) == {case_manager, gen_ed_teacher}
    assert bip.assessment.target_behaviors.get().measure == "duration"
    again = login(case_manager).post(f"{url}?k={key}", data)
    assert "Already saved" in again.content.decode()
    assert BehaviorPlan.objects.count() == 1


def test_a_bip_goal_above_the_baseline_is_refused_with_the_form_kept(login, iep, case_manager) -> None:  # noqa: ANN001
    url = reverse("behavior_plans:write", args=[iep.student_id])
    response = login(case_manager).post(f"{url}?k=0b7e8e52-3f57-4d0e-9a8f-1d7b0f0b3c21", {
        "conducted_on": "2026-11-02", "conducted_by": [case_manager.pk], "function": "attention",
        "function_note": "x", "name": "Calling out", "definition": "Speaks without a raised hand.",
        "measure": "frequency", "baseline": "3", "goal": "9", "replacement_behavior": "Raise a hand.",
        "start_date": "2026-11-09", "review_date": "2027-02-01"})
    assert response.status_code == 400
    assert "goal is below" in response.content.decode()
    assert 'value="Calling out"' in response.content.decode()
