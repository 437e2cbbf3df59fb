"""The demo shows every decision, open requests to the demo teacher and sent reports."""

from __future__ import annotations

import pytest

from progress import demo
from progress.models import DataRequest, Goal, ProgressReport
from students import demo as students_demo


@pytest.mark.django_db
def test_the_demo_shows_all_three_decisions() -> None:
    world = students_demo.load()
    assert world is not None
    demo.load(world)
    goals = list(Goal.objects.prefetch_related("data_points"))
    per_iep = {g.iep_id for g in goals}
    assert len(per_iep) == len(world.ieps)
    decisions = {g.analyse(list(g.data_points.all()), list(g.decisions.all())).decision for g in goals}
    assert {"change", "raise", "continue"} <= decisions
    assert DataRequest.objects.open().filter(teacher=world.users["gen_ed_teacher"]).count() >= 3
    assert ProgressReport.objects.filter(sent_on__isnull=False).exists()


@pytest.mark.django_db
def test_the_demo_data_are_collected_by_believable_people_and_one_is_late() -> None:
    from progress.models import DataPoint

    world = students_demo.load()
    assert world is not None
    demo.load(world)
    users = world.users
    speech = DataPoint.objects.filter(goal__area="Articulation")
    assert speech.exists()
    assert set(speech.values_list("collected_by", flat=True)) == {users["provider"].pk}  # the SLP
    assert (
        not Goal.objects.filter(area="Articulation")
        .exclude(iep__team_members__user=users["provider"])
        .exists()
    )
    math_teacher, english_teacher = users["gen_ed_teacher"], users["gen_ed_teacher_2"]
    assert not DataPoint.objects.filter(goal__area="Reading fluency", collected_by=math_teacher).exists()
    assert not DataPoint.objects.filter(
        goal__area="Math problem solving", collected_by=english_teacher
    ).exists()
    late = DataPoint.objects.filter(late=True, approval=DataPoint.Approval.NOT_NEEDED).get()
    assert late.late_reason and late.recorded_at.date() > late.date
    assert DataPoint.objects.waiting_approval().count() == 1
    # Entered the afternoon of the day, or the next morning: never all at seeding time.
    on_time = DataPoint.objects.filter(late=False)
    assert all((p.recorded_at.date() - p.date).days <= 1 for p in on_time)


@pytest.mark.django_db
def test_the_demo_has_one_instructional_change_whose_new_phase_rises() -> None:
    from progress.decisions import current_phase, fired_rules
    from progress.models import GoalDecision

    world = students_demo.load()
    assert world is not None
    demo.load(world)
    [change] = GoalDecision.objects.filter(kind="change")
    goal = change.goal
    points = list(goal.data_points.counting())
    phase = current_phase(points, [change])
    analysis = goal.analyse(points, [change])
    assert phase.start == change.decided_on and len(phase.points) >= 4
    assert analysis.trend is not None and analysis.trend.per_week > 0  # rising
    assert analysis.decision == "continue"  # the new phase tracks the aimline
    # The change answered the rule that fired on the flat start, and nothing is open now.
    fires = fired_rules(goal, points, [change])
    assert fires[0].answered_by is not None and not any(f.open for f in fires)


@pytest.mark.django_db
def test_the_demo_teacher_has_one_support_review_waiting_and_one_answered() -> None:
    from accommodations import demo as accommodations_demo
    from schedules import demo as schedules_demo

    world = students_demo.load()
    assert world is not None
    schedules_demo.load(world)
    accommodations_demo.load(world)
    demo.load(world)
    teacher = world.users["gen_ed_teacher"]
    reviews = DataRequest.objects.for_supports().filter(teacher=teacher)
    waiting, answered = reviews.get(status="open"), reviews.get(status="answered")
    assert waiting.support.iep == answered.support.iep and waiting.support != answered.support
    assert answered.review is not None and answered.review.reviewer == teacher
    assert waiting.due_on >= world.today
    # The math teacher is asked only about supports that apply in her class.
    assert waiting.support.applies_to("Math") and answered.support.applies_to("Math")
