"""Goal data, data requests and progress reports: who hears, once, and until it is done."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from notifications.models import Notification
from notifications.sweeps import run_sweep
from progress.models import DataRequest, Goal
from progress.reminders import data_sweep, report_sweep
from students.models import IEP
from tests import factories as f
from tests.progress.factories import DataPointFactory, DataRequestFactory, GoalFactory, ProgressReportFactory

TODAY = dt.date(2026, 11, 18)
D = dt.date


def open_notes(kind: str) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind, resolved_at__isnull=True).order_by("user_id"))


class TestGoalData:
    def test_data_older_than_the_interval_reminds_every_collector(
        self, iep: IEP, case_manager, provider,  # noqa: ANN001
    ) -> None:
        goal = GoalFactory(iep=iep, collectors=[case_manager, provider])
        DataPointFactory(goal=goal, date=D(2026, 11, 1))  # due Nov 15
        assert run_sweep("goal_data", TODAY).created == 2
        assert run_sweep("goal_data", TODAY).created == 0  # already sent
        notes = open_notes("data_stale")
        assert {n.user_id for n in notes} == {case_manager.pk, provider.pk}
        assert notes[0].title == ("Maya Lopez: no Math computation data since Nov 1 — record a "
                                  "data point (due Nov 15)")
        assert notes[0].url == f"/progress/goals/{goal.pk}/#add-heading"

    def test_recent_data_is_not_yet_due(self, iep: IEP, case_manager) -> None:  # noqa: ANN001
        goal = GoalFactory(iep=iep, collectors=[case_manager])
        DataPointFactory(goal=goal, date=D(2026, 11, 10))
        assert run_sweep("goal_data", TODAY).created == 0

    def test_a_goal_nobody_collects_for_reminds_the_case_manager(self, iep: IEP, case_manager) -> None:  # noqa: ANN001
        goal = GoalFactory(iep=iep)
        DataPointFactory(goal=goal, date=D(2026, 10, 1))
        run_sweep("goal_data", TODAY)
        assert [n.user_id for n in open_notes("data_stale")] == [case_manager.pk]

    def test_recording_data_resolves_the_reminder_at_the_next_sweep(
        self, iep: IEP, case_manager,  # noqa: ANN001
    ) -> None:
        goal = GoalFactory(iep=iep, collectors=[case_manager])
        DataPointFactory(goal=goal, date=D(2026, 11, 1))
        run_sweep("goal_data", TODAY)
        DataPointFactory(goal=goal, date=TODAY)
        assert run_sweep("goal_data", TODAY).created == 0
        assert open_notes("data_stale") == []


class TestDataRequests:
    def test_a_request_past_its_date_reminds_the_teacher_once(
        self, iep: IEP, gen_ed_teacher, case_manager,  # noqa: ANN001
    ) -> None:
        goal = GoalFactory(iep=iep, collectors=[gen_ed_teacher])
        DataPointFactory(goal=goal, date=D(2026, 11, 16))  # the goal itself is not stale
        request = DataRequestFactory(goal=goal, teacher=gen_ed_teacher, due_on=D(2026, 11, 17))
        assert run_sweep("goal_data", TODAY).created == 1
        assert run_sweep("goal_data", TODAY).created == 0
        (note,) = open_notes("data_request")
        assert note.user == gen_ed_teacher
        assert note.title == (f"Maya Lopez: {case_manager} asked for Math computation data by Nov 17 "
                              "— record it now")
        assert note.url == f"/progress/requests/{request.pk}/"

    def test_a_request_due_today_is_not_yet_overdue(self, iep: IEP, gen_ed_teacher) -> None:  # noqa: ANN001
        goal = GoalFactory(iep=iep, collectors=[gen_ed_teacher])
        DataPointFactory(goal=goal, date=D(2026, 11, 16))
        DataRequestFactory(goal=goal, teacher=gen_ed_teacher, due_on=TODAY)
        assert run_sweep("goal_data", TODAY).created == 0

    def test_an_answered_request_resolves_its_reminder(self, iep: IEP, gen_ed_teacher) -> None:  # noqa: ANN001
        goal = GoalFactory(iep=iep, collectors=[gen_ed_teacher])
        DataPointFactory(goal=goal, date=D(2026, 11, 16))
        request = DataRequestFactory(goal=goal, teacher=gen_ed_teacher, due_on=D(2026, 11, 10))
        run_sweep("goal_data", TODAY)
        DataRequest.objects.filter(pk=request.pk).update(status="answered", closed_at=timezone.now())
        run_sweep("goal_data", TODAY)
        assert open_notes("data_request") == []


def test_the_data_sweep_runs_a_fixed_number_of_queries(
    iep: IEP, school, case_manager, gen_ed_teacher, django_assert_num_queries,  # noqa: ANN001
) -> None:
    for size in (1, 8):
        for _ in range(size):
            other = f.IEPFactory(student=f.StudentFactory(school=school), case_manager=case_manager)
            goal = GoalFactory(iep=other, collectors=[case_manager, gen_ed_teacher])
            DataPointFactory(goal=goal, date=D(2026, 10, 1))
            DataRequestFactory(goal=goal, teacher=gen_ed_teacher, due_on=D(2026, 11, 2))
        # 1 stale goals, 2 their collectors, 3 overdue requests (progress.due.data_due);
        # 4 and 5 resolving settled stale-data and request reminders.
        with django_assert_num_queries(5):
            assert len(data_sweep(TODAY)) >= 3 * size


class TestProgressReports:
    """Four reports a year: period 1 ended Oct 28, period 2 ends Jan 9 (the test calendar)."""

    def sent(self, goal: Goal, number: int, start: D, end: D) -> None:
        ProgressReportFactory(goal=goal, period_number=number, period_start=start, period_end=end,
                              sent_on=end, sent_how="paper", sent_language="en")

    def test_an_unsent_report_for_an_ended_period_is_overdue_for_the_case_manager(
        self, iep: IEP, case_manager, school_admin, other_school_admin,  # noqa: ANN001
    ) -> None:
        GoalFactory(iep=iep)
        assert run_sweep("progress_reports", TODAY).created == 1  # admins: fidelity.reminders
        assert run_sweep("progress_reports", TODAY).created == 0
        notes = open_notes("deadline")
        assert {(n.user_id, n.urgent) for n in notes} == {(case_manager.pk, True)}
        assert notes[0].title == ("Maya Lopez: progress report 1 of 4 was due Nov 4 (1 of 1 goal report "
                                  "not sent) — write it and send it to the family")
        assert notes[0].url == f"/progress/students/{iep.student.pk}/reports/1/"

    def test_the_current_report_reminds_at_30_14_and_7_days(self, iep: IEP, case_manager) -> None:  # noqa: ANN001
        goal = GoalFactory(iep=iep)
        self.sent(goal, 1, D(2026, 8, 17), D(2026, 10, 28))
        # Period 2 ends Jan 9; its report is due a week later, Jan 16.
        assert run_sweep("progress_reports", TODAY).created == 0  # 59 days ahead: not yet
        assert run_sweep("progress_reports", D(2026, 12, 17)).created == 1  # 30 days
        assert run_sweep("progress_reports", D(2026, 12, 18)).created == 0
        assert run_sweep("progress_reports", D(2027, 1, 2)).created == 1  # 14 days
        assert run_sweep("progress_reports", D(2027, 1, 10)).created == 1  # 7 days
        (note,) = open_notes("deadline")  # each threshold supersedes the one before
        assert note.title == "Maya Lopez: progress report 2 of 4 is due Jan 16 (6 days)"
        assert not note.urgent

    def test_sending_the_report_resolves_the_reminder(self, iep: IEP) -> None:
        goal = GoalFactory(iep=iep)
        run_sweep("progress_reports", TODAY)
        self.sent(goal, 1, D(2026, 8, 17), D(2026, 10, 28))
        assert run_sweep("progress_reports", TODAY).created == 0
        assert open_notes("deadline") == []

    def test_an_iep_without_goals_has_no_reports_due(self, iep: IEP) -> None:
        assert run_sweep("progress_reports", TODAY).created == 0

    def test_other_deadlines_are_left_alone(self, iep: IEP) -> None:
        IEP.objects.filter(pk=iep.pk).update(annual_review_due=TODAY + dt.timedelta(days=5))
        run_sweep("deadlines", TODAY)
        run_sweep("progress_reports", TODAY)
        assert len(open_notes("deadline")) == 1


def test_the_report_sweep_runs_a_fixed_number_of_queries(
    iep: IEP, school, case_manager, school_admin, django_assert_num_queries,  # noqa: ANN001
) -> None:
    for size in (1, 8):
        for _ in range(size):
            GoalFactory(iep=f.IEPFactory(student=f.StudentFactory(school=school), case_manager=case_manager))
        # 1 active IEPs with goals and students; report_statuses: 2 schedules, 3 calendars in
        # session, 4 goals, 5 reports on file; 6 resolving settled reminders.
        with django_assert_num_queries(6):
            assert len(report_sweep(TODAY)) >= size
