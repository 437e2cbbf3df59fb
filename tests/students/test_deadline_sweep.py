from __future__ import annotations

import datetime as dt

from notifications.models import Notification
from notifications.sweeps import run_sweep
from students.models import IEP
from students.reminders import threshold_for

TODAY = dt.date(2026, 11, 18)


def test_the_threshold_is_the_nearest_warning_day_not_yet_passed() -> None:
    assert threshold_for(40, [30, 14, 7]) is None
    assert threshold_for(30, [30, 14, 7]) == "30"
    assert threshold_for(20, [30, 14, 7]) == "30"
    assert threshold_for(14, [30, 14, 7]) == "14"
    assert threshold_for(0, [30, 14, 7]) == "7"
    assert threshold_for(-1, [30, 14, 7]) == "overdue"


def _due_in(iep: IEP, days: int) -> None:
    IEP.objects.filter(pk=iep.pk).update(annual_review_due=TODAY + dt.timedelta(days=days))


def test_nothing_is_sent_before_the_first_threshold(iep: IEP) -> None:
    _due_in(iep, 45)
    run_sweep("deadlines", TODAY)
    assert not Notification.objects.filter(kind="deadline").exists()


def test_the_case_manager_is_reminded_once_per_threshold(iep: IEP, case_manager) -> None:  # noqa: ANN001
    _due_in(iep, 20)
    assert run_sweep("deadlines", TODAY).created == 1
    assert run_sweep("deadlines", TODAY).created == 0  # already sent: a second tick adds nothing
    note = Notification.objects.get(kind="deadline")
    assert note.user == case_manager
    assert note.title == "Annual review for Maya Lopez is due Dec 8 (20 days)"
    assert note.url == f"/students/{iep.student.pk}/"
    assert not note.urgent
    # Ten days later the 14-day threshold brings a second, new reminder.
    assert run_sweep("deadlines", TODAY + dt.timedelta(days=10)).created == 1


def test_an_overdue_deadline_is_urgent_for_the_case_manager_alone(
    iep: IEP, case_manager, school_admin, other_school_admin  # noqa: ANN001
) -> None:
    _due_in(iep, -2)
    run_sweep("deadlines", TODAY)
    # Administrators hear of the count per school instead (tests/fidelity/test_admin_reminders).
    recipients = set(Notification.objects.filter(kind="deadline").values_list("user", "urgent"))
    assert recipients == {(case_manager.pk, True)}


def test_an_ended_iep_has_no_deadlines(iep: IEP) -> None:
    _due_in(iep, 3)
    IEP.objects.filter(pk=iep.pk).update(status=IEP.Status.ENDED)
    run_sweep("deadlines", TODAY)
    assert not Notification.objects.exists()


def test_the_sweep_runs_a_fixed_number_of_queries(iep: IEP, django_assert_num_queries) -> None:  # noqa: ANN001
    from students.reminders import deadline_sweep
    from tests import factories as f

    for size in (1, 10):
        for _ in range(size):
            f.IEPFactory(student=f.StudentFactory(school=iep.student.school),
                         annual_review_due=TODAY + dt.timedelta(days=5))
        # 1 IEPs with their students.
        with django_assert_num_queries(1):
            assert len(deadline_sweep(TODAY)) >= size
