"""What is due in progress monitoring, for reminders and dashboards (set-based).

Contract (for the reminder sweeper and admin dashboards):

    data_due(today, goals=None) -> DataDue(stale_goals, overdue_requests)

- `stale_goals`: active goals on active IEPs whose data are past due: no data point since
  `data_due_on - collection_interval_days`, i.e. `data_due_on < today` (see
  GoalQuerySet.with_data_due for when the clock starts). Each goal carries `last_data_on`
  (date or None), `data_due_on` (date), `iep`, `iep.student`, `iep.case_manager`, and
  `collector_list` (the users who collect for it: whom to notify). Oldest due first.
- `overdue_requests`: open DataRequests whose `due_on < today`, with `goal`, `goal.iep`,
  `goal.iep.student`, `teacher` (whom to notify) and `requested_by` loaded.
- Pass `goals` (a Goal queryset) to narrow the scope, e.g. one school's or one person's:
  `Goal.objects.filter(iep__student__school=school)` or `Goal.objects.collected_by(user)`.
- Exactly three queries, however many goals or requests: stale goals (1), their collectors
  (1), overdue requests (1). Nothing is written; dedupe and sending are the caller's job.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from progress.models import DataRequest, Goal, GoalCollector, GoalQuerySet


@dataclass(frozen=True)
class DataDue:
    stale_goals: list[Goal]
    overdue_requests: list[DataRequest]


def stale_goals(today: dt.date, goals: GoalQuerySet | None = None) -> list[Goal]:
    """Two queries: the goals (with data-due annotations), then their collectors."""
    scope = (goals if goals is not None else Goal.objects.all()).active()
    found: list[Goal] = list(
        scope.with_data_due()
        .filter(data_due_on__lt=today)
        .select_related("iep", "iep__student", "iep__case_manager")
        .order_by("data_due_on", "pk")
    )
    people: dict[int, list[object]] = defaultdict(list)
    for row in GoalCollector.objects.filter(goal__in=[g.pk for g in found]).select_related("user"):
        people[row.goal_id].append(row.user)
    for goal in found:
        goal.collector_list = people[goal.pk]  # type: ignore[attr-defined]
    return found


def overdue_requests(today: dt.date, goals: GoalQuerySet | None = None) -> list[DataRequest]:
    qs = DataRequest.objects.past_due(today).filter(goal__iep__status="active")
    if goals is not None:
        qs = qs.filter(goal__in=goals)
    return list(
        qs.select_related("goal", "goal__iep", "goal__iep__student", "teacher", "requested_by")
        .order_by("due_on", "pk")
    )


def data_due(today: dt.date, goals: GoalQuerySet | None = None) -> DataDue:
    return DataDue(stale_goals(today, goals), overdue_requests(today, goals))
