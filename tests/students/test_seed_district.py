from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db.models import F

from students.models import IEP, Enrollment, Student


def test_seed_district_builds_a_consistent_district(db: None) -> None:
    out = StringIO()
    call_command("seed_district", students=40, seed=7, stdout=out)
    # 40 students with an IEP, and as many with a Section 504 plan in the same classes.
    assert Student.objects.count() == 80
    assert IEP.objects.active().filter(kind=IEP.Kind.IEP).count() == 40
    plans = IEP.objects.active().filter(kind=IEP.Kind.SECTION_504)
    assert plans.count() == 40
    assert not plans.filter(impairment="").exists() and not plans.filter(major_life_activity="").exists()
    assert not plans.exclude(primary_disability="").exists()
    assert {p.case_manager.title for p in plans.select_related("case_manager")} == {
        "School counselor, 504 coordinator"}
    per_student = {s.pk: s.enrollments.count() for s in Student.objects.all()}
    assert all(5 <= n <= 7 for n in per_student.values())
    # Every enrollment is in a section of the student's own school.
    assert not Enrollment.objects.exclude(section__school=F("student__school")).exists()
    assert "Built the district" in out.getvalue() and "504 plans" in out.getvalue()


def test_seed_district_answers_most_fired_decision_rules_as_case_managers_do(db: None) -> None:
    from progress.decisions import fired_rules
    from progress.models import DataPoint, Goal, GoalDecision

    call_command("seed_district", students=40, seed=7, stdout=StringIO())
    decisions = GoalDecision.objects.select_related("goal__iep")
    assert decisions.exists()
    # Each decision is the case manager's, made on a school day before the district's today.
    assert all(d.decided_by_id == d.goal.iep.case_manager_id for d in decisions)
    assert all(d.decided_on.weekday() < 5 for d in decisions)
    # Some goals' latest firing is still waiting for a decision; most firings are answered.
    answered = waiting = 0
    for goal in Goal.objects.all():
        points = list(DataPoint.objects.filter(goal=goal).order_by("date", "pk"))
        fires = fired_rules(goal, points, list(goal.decisions.order_by("decided_on", "pk")))
        answered += sum(f.answered_by is not None for f in fires)
        waiting += sum(f.answered_by is None and f.lapsed_on is None for f in fires)
    assert waiting > 0
    assert answered > waiting
