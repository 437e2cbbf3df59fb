"""The set-based contract for reminders: stale goals and overdue data requests."""

from __future__ import annotations

import datetime as dt

import pytest

from progress.due import data_due
from progress.models import Goal
from students.models import IEP
from tests.progress.factories import DataPointFactory, DataRequestFactory, GoalFactory

TODAY = dt.date(2026, 11, 18)


def test_a_goal_with_no_data_for_longer_than_its_interval_is_stale(goal, gen_ed_teacher) -> None:
    DataPointFactory(goal=goal, date=dt.date(2026, 11, 1))  # due Nov 15
    (stale,) = data_due(TODAY).stale_goals
    assert stale == goal
    assert stale.last_data_on == dt.date(2026, 11, 1)
    assert stale.data_due_on == dt.date(2026, 11, 15)
    assert gen_ed_teacher in stale.collector_list


def test_a_goal_with_recent_data_is_not_stale(goal) -> None:
    DataPointFactory(goal=goal, date=dt.date(2026, 11, 10))
    assert data_due(TODAY).stale_goals == []


def test_a_goal_due_today_is_not_yet_stale(goal) -> None:
    DataPointFactory(goal=goal, date=dt.date(2026, 11, 4))
    assert data_due(TODAY).stale_goals == []


def test_a_goal_without_data_counts_from_the_iep_start(iep, case_manager) -> None:
    goal = GoalFactory(iep=iep, collectors=[case_manager])
    Goal.objects.filter(pk=goal.pk).update(created_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    (stale,) = data_due(TODAY).stale_goals
    assert stale.last_data_on is None
    assert stale.data_due_on == iep.start_date + dt.timedelta(days=14)


def test_a_new_goal_is_not_stale_on_its_first_day(iep, case_manager) -> None:
    GoalFactory(iep=iep, collectors=[case_manager])  # created today
    assert data_due(TODAY).stale_goals == []


def test_goals_on_ended_ieps_and_inactive_goals_are_left_out(goal, private_goal) -> None:
    Goal.objects.filter(pk=private_goal.pk).update(active=False)
    IEP.objects.filter(pk=goal.iep_id).update(status=IEP.Status.ENDED)
    DataPointFactory(goal=goal, date=dt.date(2026, 10, 1))
    assert data_due(TODAY).stale_goals == []


def test_open_requests_past_their_date_are_overdue(goal, gen_ed_teacher, provider) -> None:
    late = DataRequestFactory(goal=goal, teacher=gen_ed_teacher, due_on=dt.date(2026, 11, 17))
    DataRequestFactory(goal=goal, teacher=provider, due_on=TODAY)
    assert data_due(TODAY).overdue_requests == [late]


def test_the_scope_can_be_narrowed(goal, private_goal, gen_ed_teacher) -> None:
    for g in (goal, private_goal):
        DataPointFactory(goal=g, date=dt.date(2026, 10, 1))
    mine = data_due(TODAY, Goal.objects.collected_by(gen_ed_teacher))
    assert mine.stale_goals == [goal]


@pytest.mark.parametrize("n", [1, 15])
def test_it_runs_three_queries_however_many_goals(iep, case_manager, gen_ed_teacher, n,
                                                  django_assert_num_queries) -> None:
    for i in range(n):
        g = GoalFactory(iep=iep, area=f"Goal {i}", collectors=[case_manager, gen_ed_teacher])
        DataPointFactory(goal=g, date=dt.date(2026, 10, 1))
        DataRequestFactory(goal=g, teacher=gen_ed_teacher, due_on=dt.date(2026, 11, 1))
    # stale goals (1), their collectors (1), overdue requests (1)
    with django_assert_num_queries(3):
        due = data_due(TODAY)
        assert len(due.stale_goals) == n and len(due.overdue_requests) == n
        assert all(g.iep.student.pk for g in due.stale_goals)
        assert all(r.goal.iep.student.pk and r.teacher.pk for r in due.overdue_requests)
