"""Revising the FBA and BIP: the page opens on one version and a save after someone else's
change is refused with both versions, never overwriting it unseen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from behavior_plans.actions import Target, target_add
from behavior_plans.models import BehaviorPlan, FunctionalAssessment, TargetBehavior
from behavior_plans.revision import current, stamp, target_field
from tests.behavior_plans.factories import make_bip


def _form(client, url: str) -> dict[str, str]:  # noqa: ANN001
    """What the page sends if nothing is changed: its fields as rendered."""
    form = client.get(url).context["form"]
    data: dict[str, str] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "conducted_by":
            data[name] = [str(pk) for pk in value]  # type: ignore[assignment]
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        elif isinstance(value, Decimal):
            data[name] = f"{value.normalize():f}"
        else:
            data[name] = "" if value is None else str(value)
    return data


@pytest.fixture
def bip(iep, case_manager) -> BehaviorPlan:  # noqa: ANN001
    return make_bip(iep, case_manager)


def test_a_revision_changes_the_fba_the_target_and_the_bip_and_says_why(login, iep, bip,
                                                                        case_manager) -> None:  # noqa: ANN001
    url = reverse("behavior_plans:revise", args=[iep.student_id])
    client = login(case_manager)
    target = TargetBehavior.objects.get()
    data = _form(client, url)
    data.update({"function": "escape", "replacement_behavior": "Ask for a break card.",
                 target_field(target.pk, "goal"): "2", "review_date": "2027-02-01",
                 "reason": "Review meeting Nov 17: the behavior happens at hard tasks."})
    response = client.post(url, data)
    assert response.status_code == 302
    bip.refresh_from_db()
    target.refresh_from_db()
    assert (bip.assessment.function, bip.replacement_behavior, bip.review_date, target.goal) == (
        "escape", "Ask for a break card.", dt.date(2027, 2, 1), Decimal(2))
    history = client.get(reverse("behavior_plans:history", args=[iep.student_id])).content.decode()
    assert "replacement behavior: Raise a hand and wait. → Ask for a break card." in history
    assert "goal: 3 → 2" in history
    assert "Why: Review meeting Nov 17: the behavior happens at hard tasks." in history
    reason = BehaviorPlan.pgh_event_model.objects.latest("pgh_id").pgh_context.metadata["reason"]
    assert reason == "BIP revised: Review meeting Nov 17: the behavior happens at hard tasks."


def test_the_second_of_two_editors_sees_both_versions_and_the_first_save_stands(
        login, iep, bip, case_manager, district_admin) -> None:  # noqa: ANN001
    url = reverse("behavior_plans:revise", args=[iep.student_id])
    mine, theirs = login(case_manager), login(district_admin)
    first, second = _form(mine, url), _form(theirs, url)  # both open the same version
    first.update({"crisis_steps": "Call the office, then the counselor.", "reason": "Counselor added."})
    assert mine.post(url, first).status_code == 302
    second.update({"crisis_steps": "Clear the room.", "reason": "Safety review."})
    refused = theirs.post(url, second)
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "Changed by someone else since you opened it" in page
    assert "Call the office, then the counselor." in page and "Clear the room." in page
    assert "Casey" in page  # who saved first (the case manager's first name in the suite)
    bip.refresh_from_db()
    assert bip.crisis_steps == "Call the office, then the counselor."
    # Saving from the conflict page is a deliberate choice, and it stands.
    again = theirs.post(url, refused.context["form"].data)
    assert again.status_code == 302
    bip.refresh_from_db()
    assert bip.crisis_steps == "Clear the room."


def test_back_then_save_again_changes_nothing_and_is_not_a_conflict(login, iep, bip, case_manager) -> None:  # noqa: ANN001
    url = reverse("behavior_plans:revise", args=[iep.student_id])
    client = login(case_manager)
    data = _form(client, url)
    data.update({"function_note": "Mostly during independent work.", "reason": "New observations."})
    assert client.post(url, data).status_code == 302
    events = BehaviorPlan.pgh_event_model.objects.count() + FunctionalAssessment.pgh_event_model.objects.count()
    repeat = client.post(url, data, follow=True)
    assert repeat.status_code == 200
    assert "Nothing to change" in repeat.content.decode()
    assert (BehaviorPlan.pgh_event_model.objects.count()
            + FunctionalAssessment.pgh_event_model.objects.count()) == events


def test_bad_input_keeps_what_was_typed_and_saves_nothing(login, iep, bip, case_manager) -> None:  # noqa: ANN001
    url = reverse("behavior_plans:revise", args=[iep.student_id])
    client = login(case_manager)
    target = TargetBehavior.objects.get()
    data = _form(client, url)
    data.update({target_field(target.pk, "goal"): "20", "replacement_behavior": "Use a break card.",
                 "reason": "Goal raised."})
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "its goal is below the baseline" in page
    assert "Use a break card." in page
    data.update({target_field(target.pk, "goal"): "2", "conducted_on": "2026-10-20"})  # after the BIP starts
    response = client.post(url, data)
    assert response.status_code == 400
    assert "A BIP starts on or after its FBA" in response.content.decode()
    bip.refresh_from_db()
    target.refresh_from_db()
    assert (bip.replacement_behavior, target.goal) == ("Raise a hand and wait.", Decimal(3))
    missing = client.post(url, {**data, "conducted_on": "2026-10-01", "reason": ""})
    assert missing.status_code == 400
    assert "This field is required" in missing.content.decode()


def test_the_stamp_changes_with_any_edited_value(iep, bip) -> None:  # noqa: ANN001
    _fba, targets, now = current(bip)
    before = stamp(now)
    assert stamp({**now}) == before
    assert stamp({**now, target_field(targets[0].pk, "definition"): "Another definition"}) != before
    assert stamp({**now, "conducted_by": []}) != before


def test_query_count_of_the_page_does_not_grow_with_targets(login, iep, bip, case_manager) -> None:  # noqa: ANN001
    url = reverse("behavior_plans:revise", args=[iep.student_id])
    client = login(case_manager)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(4):
        target_add(assessment=bip.assessment, by=case_manager,
                   target=Target(name=f"Behavior {n}", definition="Seen.", measure="frequency",
                                 baseline=Decimal(5), goal=Decimal(1)))
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    assert len(five) == len(one)
