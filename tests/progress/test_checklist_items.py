"""The checklist's "progress reports sent on schedule" item, from the progress app's data.

The test school year (Aug 17, 2026 to Jun 4, 2027) in four periods: period 1 is Aug 17 to
Oct 28, period 2 Oct 29 to Jan 9; each report is due a week after its period ends (Nov 4,
Jan 16). Today (Nov 18) only period 1 has ended.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from progress.checklist_items import progress_reports
from progress.models import Goal, ReportingSchedule
from students.checklist import DONE, MISSING, NOT_APPLICABLE, checklist_for
from students.models import IEP
from tests import factories as f
from tests.conftest import FROZEN_TODAY
from tests.progress.factories import GoalFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db
PERIOD_1 = {"period_number": 1, "period_start": dt.date(2026, 8, 17), "period_end": dt.date(2026, 10, 28)}


def _goal(iep: IEP, created: dt.date = dt.date(2026, 9, 10), **kwargs: object) -> Goal:
    goal = GoalFactory(iep=iep, **kwargs)
    at = dt.datetime.combine(created, dt.time(9), tzinfo=ZoneInfo("America/Chicago"))
    Goal.objects.filter(pk=goal.pk).update(created_at=at)
    return goal


def _item(iep: IEP):  # noqa: ANN202
    iep = IEP.objects.select_related("student").get(pk=iep.pk)
    return {line.key: line.result for line in checklist_for([iep], FROZEN_TODAY)[iep.pk]}["progress_reports"]


def _sent(goal: Goal, on: dt.date = dt.date(2026, 11, 2)) -> None:
    ProgressReportFactory(goal=goal, sent_on=on, sent_how="email", sent_language="en", **PERIOD_1)


def test_it_is_not_applicable_without_goals(iep: IEP, calendar) -> None:  # noqa: ANN001
    result = _item(iep)
    assert (result.status, result.note) == (NOT_APPLICABLE, "No goals yet, so no progress reports are due.")


def test_it_is_missing_until_every_goals_report_for_an_ended_period_is_sent(iep: IEP, calendar) -> None:  # noqa: ANN001
    math, reading = _goal(iep), _goal(iep, area="Reading")
    result = _item(iep)
    assert (result.status, result.due) == (MISSING, dt.date(2026, 11, 4))
    assert result.note == "Period 1 of 4 (Aug 17 to Oct 28): 2 of 2 goal reports not sent."

    _sent(math)
    ProgressReportFactory(goal=reading, **PERIOD_1)  # written, not sent
    assert _item(iep).note == "Period 1 of 4 (Aug 17 to Oct 28): 1 of 2 goal reports not sent."

    _sent(_goal(iep, area="Behavior"), on=dt.date(2026, 11, 3))
    Goal.objects.filter(pk=reading.pk).update(active=False)  # no longer worked on: not owed
    result = _item(iep)
    assert (result.status, result.on, result.by) == (DONE, dt.date(2026, 11, 3), str(iep.case_manager))
    assert result.note == "Sent for period 1 of 4. Next due by Jan 16."


def test_a_goal_entered_after_the_period_ended_still_owes_its_report(iep: IEP, calendar) -> None:  # noqa: ANN001
    # In the IEP since its start (baseline Aug 20), typed into the portal on Nov 2.
    _goal(iep, created=dt.date(2026, 11, 2), baseline_date=dt.date(2026, 8, 20))
    result = _item(iep)
    assert (result.status, result.due) == (MISSING, dt.date(2026, 11, 4))


def test_a_goal_that_took_effect_after_the_period_owes_no_report_for_it(iep: IEP, calendar) -> None:  # noqa: ANN001
    _goal(iep, baseline_date=dt.date(2026, 11, 2))  # added by an amendment in November
    result = _item(iep)
    assert (result.status, result.due) == (NOT_APPLICABLE, dt.date(2027, 1, 16))


def test_a_report_sent_after_its_due_date_is_done_but_says_late(iep: IEP, calendar) -> None:  # noqa: ANN001
    _sent(_goal(iep), on=dt.date(2026, 11, 10))
    result = _item(iep)
    assert (result.status, result.on) == (DONE, dt.date(2026, 11, 10))
    assert result.note == "Sent for period 1 of 4. Period 1 went out late. Next due by Jan 16."


def test_it_follows_the_ieps_reporting_schedule(iep: IEP, calendar) -> None:  # noqa: ANN001
    _goal(iep)
    ReportingSchedule.objects.create(iep=iep, reports_per_year=2)  # first period ends Jan 9
    result = _item(iep)
    assert (result.status, result.note) == (NOT_APPLICABLE, "The first report is due by Jan 16.")


@pytest.mark.parametrize("n", [2, 12])
def test_it_answers_for_many_ieps_in_four_queries(n: int, school, calendar,  # noqa: ANN001
                                                  django_assert_num_queries) -> None:  # noqa: ANN001
    for i in range(n):
        iep = f.IEPFactory(student=f.StudentFactory(school=school))
        goal = _goal(iep)
        if i % 2:
            _sent(goal)
            ReportingSchedule.objects.create(iep=iep, reports_per_year=4)
    ieps = list(IEP.objects.select_related("student"))
    # report_statuses: schedules (1), calendars (1), goals (1), reports on file with their
    # writers (1).
    with django_assert_num_queries(4):
        answers = progress_reports(ieps, FROZEN_TODAY)
    assert sorted(a.status for a in answers.values()) == sorted([DONE] * (n // 2) + [MISSING] * (n // 2))
