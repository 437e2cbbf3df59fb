"""A fired decision rule with no decision within N school days: overdue on the goal page, a
reminder to the case manager (once, resolved by a decision), and late in the fidelity count.

The goal (tests.progress.factories.GoalFactory): baseline 20 on Sep 8, 2026, target 80 on May
28, 2027. Four Monday probes at 22 (Oct 12 to Nov 2) are all below the aimline (27.8 on Nov 2):
the rule fires on Nov 2. The test calendar has every weekday: after Nov 2, the tenth school
day is Mon Nov 16 and the eleventh, the first day a decision is late, Tue Nov 17.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.sweeps import run_sweep
from progress import actions
from progress.decisions import decision_overdue, fired_rules, fires_for_goals, tally
from progress.models import Goal
from students.school_days import school_days_for
from tests.progress.factories import DataPointFactory, GoalFactory

D = dt.date
TODAY = D(2026, 11, 18)
PROBES = [D(2026, 10, 12), D(2026, 10, 19), D(2026, 10, 26), D(2026, 11, 2)]


@pytest.fixture
def stuck(iep, case_manager) -> Goal:  # noqa: ANN001
    goal = GoalFactory(iep=iep, collectors=[case_manager])
    for day in PROBES:
        DataPointFactory(goal=goal, date=day, value=22)
    return goal


def _notes() -> list[Notification]:
    return list(Notification.objects.filter(kind="decision_due", resolved_at__isnull=True))


def test_a_decision_is_overdue_after_ten_school_days_and_says_since_when(stuck: Goal) -> None:
    points = list(stuck.data_points.counting())
    fires = fired_rules(stuck, points, [])
    days = school_days_for({stuck.iep.student.school_id})[stuck.iep.student.school_id]
    assert [f.fired_on for f in fires] == [D(2026, 11, 2)]
    assert decision_overdue(fires, days, D(2026, 11, 16)) is None  # ten school days: still on time
    late = decision_overdue(fires, days, D(2026, 11, 17))
    assert late is not None and late.since == D(2026, 11, 17)


def test_the_overdue_decision_reminds_the_case_manager_once(stuck: Goal, case_manager) -> None:  # noqa: ANN001
    assert run_sweep("goal_decisions", D(2026, 11, 16)).created == 0
    assert run_sweep("goal_decisions", TODAY).created == 1
    assert run_sweep("goal_decisions", TODAY).created == 0  # a second beat sends nothing new
    [note] = _notes()
    assert note.user_id == case_manager.pk and note.student_id == stuck.iep.student_id
    assert note.title == ("Maya Lopez: the data on Math computation called for a decision on Nov 2 "
                          "and none is recorded (late since Nov 17) — record what the team decided")
    assert note.url == reverse("progress:goal", args=[stuck.pk]) + "#decisions-heading"


def test_recording_a_decision_resolves_the_reminder(stuck: Goal, case_manager) -> None:  # noqa: ANN001
    run_sweep("goal_decisions", TODAY)
    actions.goal_decision_record(goal=stuck, by=case_manager, kind="change", decided_on=TODAY,
                                 changes=["changed_group"], label="Group of 3")
    assert run_sweep("goal_decisions", TODAY).created == 0
    assert _notes() == []


def test_the_setting_sets_the_school_days_to_decide(stuck: Goal, settings) -> None:  # noqa: ANN001
    settings.PROGRESS_DECISION_DUE_SCHOOL_DAYS = 15
    assert run_sweep("goal_decisions", TODAY).created == 0


def test_the_goal_page_says_the_decision_is_overdue(login, case_manager, stuck: Goal) -> None:  # noqa: ANN001
    page = login(case_manager).get(reverse("progress:goal", args=[stuck.pk])).content.decode()
    assert "A decision is overdue." in page and "late since Nov 17" in page


def test_the_fidelity_tally_counts_fires_answered_on_time(stuck: Goal, case_manager, iep) -> None:  # noqa: ANN001
    other = GoalFactory(iep=iep, area="Reading fluency", collectors=[case_manager])
    for day in PROBES:
        DataPointFactory(goal=other, date=day, value=22)
    # Answered on the tenth school day (Nov 16): on time. `stuck` is open and late by Nov 18.
    actions.goal_decision_record(goal=other, by=case_manager, kind="continue", decided_on=D(2026, 11, 16))
    goals = list(Goal.objects.filter(pk__in=[stuck.pk, other.pk]).select_related("iep__student"))
    rows = fires_for_goals(goals)
    counted = tally(rows, D(2026, 9, 1), TODAY)
    assert (counted.on_time, counted.judged) == (1, 2)
    # On Nov 16 the open one still has time: only the answered one is judged.
    assert tally(rows, D(2026, 9, 1), D(2026, 11, 16)) == type(counted)(1, 1)
