"""Removal reminders: at 5 and 10 school days, and a manifestation determination not scheduled
in time; once each, resolved when no longer true. Today is Wed 18 Nov 2026."""

from __future__ import annotations

import datetime as dt

import pytest

from behavior.models import Removal
from behavior.reminders import manifestation_sweep, removal_days_sweep
from meetings.models import Meeting
from notifications.models import Notification
from notifications.sweeps import run_sweep
from tests.factories import StudentFactory, UserFactory

D = dt.date
# Mon 2 Nov .. Mon 16 Nov 2026: eleven school days.
SCHOOL_DAYS = [D(2026, 11, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16)]


def _remove(student, by, days) -> list[Removal]:  # noqa: ANN001
    return [Removal.objects.create(student=student, date=day, setting=Removal.Setting.OUT_OF_SCHOOL,
                                   reason="Fighting", recorded_by=by) for day in days]


def _open(prefix: str) -> list[tuple[int, str]]:
    return sorted((n.user_id, n.dedupe_key.split(":")[3]) for n in Notification.objects.filter(
        dedupe_key__startswith=f"{prefix}:", resolved_at__isnull=True))


def test_four_days_remind_nobody(iep, school_admin) -> None:  # noqa: ANN001
    _remove(iep.student, school_admin, SCHOOL_DAYS[:4])
    assert run_sweep("removal_days").created == 0


def test_five_days_remind_the_case_manager_and_the_school_admin_once(iep, school_admin, case_manager) -> None:  # noqa: ANN001
    _remove(iep.student, school_admin, SCHOOL_DAYS[:5])
    assert run_sweep("removal_days").created == 2
    assert _open("removal-days") == sorted([(case_manager.pk, "5"), (school_admin.pk, "5")])
    reminder = Notification.objects.get(user=case_manager)
    assert reminder.title == ("Maya Lopez: 5 school days of removal this school year — at more than 10 "
                              "the removals are a change of placement")
    assert reminder.url == f"/behavior/students/{iep.student_id}/removals/" and not reminder.urgent
    assert run_sweep("removal_days").created == 0  # a second beat, or a retry


def test_ten_days_remind_again_urgently(iep, school_admin, case_manager) -> None:  # noqa: ANN001
    _remove(iep.student, school_admin, SCHOOL_DAYS[:5])
    run_sweep("removal_days")
    _remove(iep.student, school_admin, SCHOOL_DAYS[5:10])
    assert run_sweep("removal_days").created == 2
    assert _open("removal-days") == sorted([(case_manager.pk, "10"), (case_manager.pk, "5"),
                                            (school_admin.pk, "10"), (school_admin.pk, "5")])
    assert Notification.objects.get(user=case_manager, dedupe_key__contains=":10:").urgent


def test_a_corrected_count_resolves_the_reminder(iep, school_admin) -> None:  # noqa: ANN001
    rows = _remove(iep.student, school_admin, SCHOOL_DAYS[:5])
    run_sweep("removal_days")
    rows[0].delete()  # recorded by mistake
    removal_days_sweep(dt.date(2026, 11, 18))
    assert _open("removal-days") == []
    assert Notification.objects.filter(resolved_at__isnull=False).count() == 2


def test_a_new_school_year_resolves_the_reminder(iep, school_admin) -> None:  # noqa: ANN001
    _remove(iep.student, school_admin, SCHOOL_DAYS[:5])
    run_sweep("removal_days")
    assert removal_days_sweep(dt.date(2027, 8, 18)) == []
    assert _open("removal-days") == []


def test_a_half_day_short_of_five_reminds_nobody(iep, school_admin) -> None:  # noqa: ANN001
    _remove(iep.student, school_admin, SCHOOL_DAYS[:4])
    Removal.objects.create(student=iep.student, date=SCHOOL_DAYS[4], setting=Removal.Setting.IN_SCHOOL,
                           portion="0.5", reason="Disruption", recorded_by=school_admin)
    assert removal_days_sweep(dt.date(2026, 11, 18)) == []


def test_a_change_of_placement_asks_for_the_meeting_until_it_is_scheduled_in_time(
    iep, school_admin, case_manager  # noqa: ANN001
) -> None:
    _remove(iep.student, school_admin, SCHOOL_DAYS[:10])
    assert run_sweep("manifestation_determinations").created == 0  # 10 days: not yet a change
    _remove(iep.student, school_admin, SCHOOL_DAYS[10:])
    assert run_sweep("manifestation_determinations").created == 2
    assert run_sweep("manifestation_determinations").created == 0
    reminder = Notification.objects.get(user=case_manager, dedupe_key__startswith="manifestation:")
    # Decided Mon 16 Nov; ten school days later (Thanksgiving not one of them in this calendar).
    assert reminder.title == ("Maya Lopez: removals are a change of placement — schedule the "
                              "manifestation determination by Nov 30")
    meeting = Meeting.objects.create(iep=iep, kind=Meeting.Kind.MANIFESTATION, date=D(2026, 11, 24),
                                     start_time=dt.time(15, 30), location="Room 12", purpose="MDR",
                                     created_by=case_manager)
    assert manifestation_sweep(D(2026, 11, 18)) == []
    assert _open("manifestation") == []
    meeting.date = D(2026, 12, 2)  # moved past the due date: it asks again
    meeting.save()
    assert {r.user_id for r in manifestation_sweep(D(2026, 11, 18))} == {case_manager.pk, school_admin.pk}


def test_a_missed_due_date_reminds_urgently(iep, school_admin, case_manager) -> None:  # noqa: ANN001
    _remove(iep.student, school_admin, SCHOOL_DAYS)
    found = manifestation_sweep(D(2026, 12, 1))
    assert {r.user_id for r in found} == {case_manager.pk, school_admin.pk}
    assert all(r.urgent and r.key.split(":")[3] == "late" for r in found)
    assert "was due Nov 30 and is not held" in found[0].title


@pytest.mark.parametrize("n", [1, 5])
def test_the_sweeps_run_a_fixed_number_of_queries(
    n, iep, school_admin, case_manager, django_assert_num_queries  # noqa: ANN001
) -> None:
    principal = UserFactory()
    for i in range(n):
        student = iep.student if i == 0 else StudentFactory(school=iep.student.school)
        _remove(student, principal, SCHOOL_DAYS)
    # students (1), counts: removals, calendars, closures (3), administrators (1), resolving (1)
    with django_assert_num_queries(6):
        assert len(removal_days_sweep(D(2026, 11, 18))) == 2 * (n + 1)  # 5 and 10, each recipient
    # students (1), placements: removals, calendars, closures, determinations, meetings (5), administrators (1),
    # resolving (1)
    with django_assert_num_queries(8):
        manifestation_sweep(D(2026, 11, 18))
