"""A BIP's strategies are supports of its plan: teachers check them off and acknowledge them
like any other, and every page says they come from the behavior plan."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from accommodations.acknowledgements import outstanding_acknowledgements
from accommodations.actions import check_record
from accommodations.models import ImplementationCheck, Support
from behavior_plans.actions import bip_strategy_add
from behavior_plans.models import PlanStrategy
from students.models import IEP
from tests.behavior_plans.factories import make_bip


def test_adding_a_strategy_adds_a_support_of_the_plan(iep, case_manager) -> None:  # noqa: ANN001
    bip = make_bip(iep, case_manager)
    strategy = bip_strategy_add(behavior_plan=bip, part=PlanStrategy.Part.PREVENTION,
                                text="Check in during the first two minutes", how_to="Walk to the desk.",
                                by=case_manager)
    support = Support.objects.get()
    assert strategy.support == support
    assert (support.iep, support.kind, support.source, support.text, support.how_to) == (
        iep, Support.Kind.STRATEGY, Support.Source.BEHAVIOR_PLAN, "Check in during the first two minutes",
        "Walk to the desk.")
    # From the BIP's start, with who added it and when.
    assert (support.start_date, support.created_by) == (dt.date(2026, 10, 12), case_manager)
    assert support.label == "Behavior plan strategy"


def test_a_teacher_checks_it_off_and_is_asked_to_acknowledge_it(iep, case_manager, section,
                                                                 gen_ed_teacher) -> None:  # noqa: ANN001
    bip = make_bip(iep, case_manager, strategies=1)
    support = bip.strategies.get().support
    assert "Gina" in {d.user.first_name for d in outstanding_acknowledgements(IEP.objects.filter(pk=iep.pk))}
    check = check_record(support=support, student=iep.student, section=section, day=dt.date(2026, 11, 18),
                         outcome=ImplementationCheck.Outcome.PROVIDED, by=gen_ed_teacher)
    assert (check.support, check.teacher) == (support, gen_ed_teacher)


def test_my_classes_and_the_glance_say_it_comes_from_the_behavior_plan(login, iep, case_manager,
                                                                      gen_ed_teacher) -> None:  # noqa: ANN001
    make_bip(iep, case_manager, strategies=1)
    classes = login(gen_ed_teacher).get(reverse("accommodations:my_classes")).content.decode()
    assert "Strategy 1" in classes
    assert 'class="support-item is-behavior-plan"' in classes  # its kind shows, not only to screen readers
    assert '<span class="support-kind">Behavior plan strategy</span>' in classes
    glance = login(gen_ed_teacher).get(reverse("accommodations:glance", args=[iep.student_id])).content.decode()
    assert 'Strategy 1</strong> <small class="plan-kind plan-bip">Behavior plan</small>' in glance


def test_the_case_manager_adds_one_on_the_bip_page(login, iep, case_manager, gen_ed_teacher) -> None:  # noqa: ANN001
    make_bip(iep, case_manager)
    url = reverse("behavior_plans:strategy_add", args=[iep.student_id])
    data = {"k": "6f1c1c55-9c55-4b43-8a39-5f3f2b3d9a11", "part": "response",
            "text": "Answer raised hands quickly", "how_to": ""}
    assert login(case_manager).post(url, data).status_code == 302
    again = login(case_manager).post(url, data)
    assert "Already saved" in again.content.decode()
    assert PlanStrategy.objects.filter(part="response").count() == 1
    assert login(gen_ed_teacher).post(url, {**data, "k": "0b7e8e52-3f57-4d0e-9a8f-1d7b0f0b3c21"}).status_code == 403
    page = login(gen_ed_teacher).get(reverse("behavior_plans:plan", args=[iep.student_id])).content.decode()
    assert "Answer raised hands quickly" in page
    assert "Add a strategy" not in page


def test_a_second_target_behavior_is_added_once_and_graphed(login, iep, case_manager) -> None:  # noqa: ANN001
    from behavior_plans.models import TargetBehavior

    make_bip(iep, case_manager)
    client = login(case_manager)
    page = client.get(reverse("behavior_plans:target_add", args=[iep.student_id]), follow=True)
    address = page.redirect_chain[-1][0]
    data = {"name": "Leaving the room", "definition": "Past the door without a pass.",
            "measure": "frequency", "baseline": "4", "goal": "1"}
    response = client.post(address, data)
    assert response.status_code == 302
    again = client.post(address, data)  # Back and Save again, or a retried request
    assert again.status_code == 200 and "Already saved" in again.content.decode()
    assert list(TargetBehavior.objects.order_by("pk").values_list("name", flat=True)) == [
        "Calling out", "Leaving the room"]
    plan = client.get(reverse("behavior_plans:plan", args=[iep.student_id])).content.decode()
    assert plan.count('class="bip-target"') == 2
    # The same name again, from a new form: refused with the form kept.
    fresh = client.get(reverse("behavior_plans:target_add", args=[iep.student_id]), follow=True)
    refused = client.post(fresh.redirect_chain[-1][0], {**data, "goal": "9"})
    body = refused.content.decode()
    assert refused.status_code == 400 and "already targets" in body and "Past the door without a pass." in body


def test_the_history_names_who_changed_what(login, iep, case_manager, observer) -> None:  # noqa: ANN001
    import pghistory

    from behavior_plans.models import BehaviorPlan

    bip = make_bip(iep, case_manager)
    with pghistory.context(user=case_manager.pk):
        BehaviorPlan.objects.filter(pk=bip.pk).update(review_date="2027-02-01")
    page = login(observer).get(reverse("behavior_plans:history", args=[iep.student_id])).content.decode()
    assert "Changed: BIP" in page and "review: Jan 15, 2027 → Feb 1, 2027" in page
    assert page.index("Changed: BIP") < page.index("Added: BIP")
    assert "Added: FBA" in page and "Added: Target behavior “Calling out”" in page
    assert str(case_manager) in page


def test_the_history_names_each_strategy_by_its_text(login, iep, case_manager) -> None:  # noqa: ANN001
    make_bip(iep, case_manager, strategies=2)
    page = login(case_manager).get(reverse("behavior_plans:history", args=[iep.student_id])).content.decode()
    assert "Added: Prevention strategy “Strategy 1”" in page
    assert "Added: Teaching the replacement behavior strategy “Strategy 2”" in page
