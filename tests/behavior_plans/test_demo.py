"""The demo's BIP: Mateo Davis calls out less over six weeks of tallies by his teachers."""

from __future__ import annotations

from accommodations import demo as accommodations_demo
from accommodations.models import ImplementationCheck, Support
from behavior_plans import demo
from behavior_plans.graph import aim_of, analysis_of, day_points
from behavior_plans.models import BehaviorPlan, BehaviorRecord, Incident, TargetBehavior
from students import demo as students_demo


def test_the_demo_student_s_calling_out_falls_and_his_teachers_check_the_strategies(db: None) -> None:
    world = students_demo.load()
    assert world is not None
    accommodations_demo.load(world)
    demo.load(world)
    bip = BehaviorPlan.objects.get()
    assert str(bip.plan.student) == "Mateo Davis" and not bip.plan.is_504
    target = TargetBehavior.objects.get()
    records = list(BehaviorRecord.objects.filter(target=target))
    points = day_points(target, records)
    assert 25 <= len({p.date for p in points}) <= 30
    analysis = analysis_of(aim_of(target, bip), points)
    assert analysis.trend is not None and analysis.trend.per_week < -1
    # Recorded by the adults in the room: his three class teachers and his case manager.
    assert {r.recorded_by_id for r in records} <= {world.users[k].pk for k in (
        "gen_ed_teacher", "gen_ed_teacher_2", "gen_ed_teacher_3", "case_manager")}
    strategies = Support.objects.filter(source=Support.Source.BEHAVIOR_PLAN)
    assert strategies.count() == 3 and {s.iep_id for s in strategies} == {bip.plan_id}
    assert ImplementationCheck.objects.filter(support__in=strategies, outcome="provided").count() > 100
    assert Incident.objects.count() == 4
