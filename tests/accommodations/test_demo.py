from __future__ import annotations

import pytest

from accommodations import demo
from accommodations.acknowledgements import outstanding_acknowledgements
from accommodations.models import CheckChange, ImplementationCheck, Support, SupportReview
from students import demo as students_demo
from students.models import IEP


@pytest.mark.django_db
def test_the_demo_has_supports_checkoffs_with_gaps_a_flag_and_outstanding_acknowledgements() -> None:
    world = students_demo.load()
    assert world is not None
    demo.load(world)
    assert Support.objects.values("iep").distinct().count() == len(world.ieps) + len(world.plans_504)
    outcomes = set(ImplementationCheck.objects.values_list("outcome", flat=True))
    assert {"provided", "not_provided", "declined", "not_needed", "absent"} <= outcomes
    # Absences: a few a week, spread over students (no one absent every day).
    absent = set(ImplementationCheck.objects.filter(outcome="absent").values_list("student", "date"))
    weeks = {day.isocalendar()[:2] for _, day in absent}
    assert 1 <= len(absent) / max(len(weeks), 1) <= 8
    assert len({student for student, _ in absent}) >= 5
    late = ImplementationCheck.objects.filter(late=True, approval="").get()
    assert "flu" in late.late_reason and late.recorded_at.date() > late.date
    assert ImplementationCheck.objects.filter(approval="waiting").count() == 1
    [change] = CheckChange.objects.all()
    assert change.outcome == "provided" and change.check_off.outcome == "not_provided"
    assert SupportReview.objects.flagged().filter(rating="not_working").exists()
    assert outstanding_acknowledgements(IEP.objects.all())


@pytest.mark.django_db
def test_the_demo_504_plans_are_checked_off_in_the_same_classes_and_one_waits_to_be_read() -> None:
    world = students_demo.load()
    assert world is not None
    demo.load(world)
    plans = {p.pk for p in world.plans_504}
    assert len(plans) == 6 and all(p.is_504 for p in world.plans_504)
    # A 504 plan carries accommodations, never SDI strategies, and teachers check them off.
    kinds = set(Support.objects.filter(iep__in=plans).values_list("kind", flat=True))
    assert kinds == {Support.Kind.ACCOMMODATION}
    assert ImplementationCheck.objects.filter(support__iep__in=plans, outcome="provided").exists()
    # The math teacher has not read the newest one.
    waiting = outstanding_acknowledgements(IEP.objects.filter(pk__in=plans))
    assert [(d.iep.pk, d.user.email) for d in waiting if d.outstanding] == [
        (world.plans_504[-1].pk, "teacher@demo.school")]


@pytest.mark.django_db
def test_the_demo_fades_a_support_two_teachers_see_the_student_do_alone() -> None:
    from accommodations.support_trend import RISING, support_trends

    world = students_demo.load()
    assert world is not None
    demo.load(world)
    trends = support_trends(SupportReview.objects.followed().select_related("reviewer"))
    fading = [t for t in trends.values() if t.ready_to_fade]
    assert len(fading) == 1 and len(fading[0].lines) == 2
    assert fading[0].independence.direction == RISING
