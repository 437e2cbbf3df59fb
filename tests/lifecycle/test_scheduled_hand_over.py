"""A hand-over with a later effective date: pending until its day, cancellable, made on the day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from iep_portal.beat import beat_schedule
from lifecycle import tasks
from lifecycle.actions import (
    case_management_hand_over,
    case_management_hand_over_schedule,
    scheduled_hand_over_cancel,
    scheduled_hand_overs_apply,
)
from lifecycle.models import ScheduledHandOver, TeamChange
from students.models import IEP, Student
from tests import factories as f
from tests.conftest import FROZEN_TODAY
from tests.progress.factories import GoalFactory
from tests.services.factories import ServiceRequirementFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 12, 1)  # a Tuesday after the Thanksgiving break


def _schedule(iep: IEP, to, by, day: dt.date = DAY):  # noqa: ANN001, ANN202
    return case_management_hand_over_schedule(ieps=[iep], to=to, by=by, effective_on=day,
                                              reason="Caseloads rebalanced for the semester")


def test_a_later_hand_over_changes_nothing_until_its_day(case_manager, other_case_manager, school_admin,
                                                         iep) -> None:  # noqa: ANN001
    line = ServiceRequirementFactory(iep=iep, area="Reading", provider=case_manager)
    [pending] = _schedule(iep, other_case_manager, school_admin)
    assert (pending.status, pending.previous, pending.by, pending.effective_on) == (
        "pending", case_manager, school_admin, DAY)
    assert pending.recorded_at is not None
    iep.refresh_from_db()
    line.refresh_from_db()
    assert iep.case_manager == case_manager and line.provider == case_manager
    assert not TeamChange.objects.exists()
    assert scheduled_hand_overs_apply(today=DAY - dt.timedelta(days=1)) == 0  # the day before
    assert IEP.objects.get(pk=iep.pk).case_manager == case_manager


def test_on_its_day_the_hand_over_is_made_once_however_often_the_run_comes(
        case_manager, other_case_manager, school_admin, iep) -> None:  # noqa: ANN001
    line = ServiceRequirementFactory(iep=iep, area="Reading", provider=case_manager)
    goal = GoalFactory(iep=iep, collectors=[case_manager])
    [pending] = _schedule(iep, other_case_manager, school_admin)
    assert scheduled_hand_overs_apply(today=DAY) == 1
    assert scheduled_hand_overs_apply(today=DAY) == 0  # twice: nothing more
    tasks.apply_scheduled_hand_overs()  # the beat's task runs the same function
    iep.refresh_from_db()
    line.refresh_from_db()
    assert iep.case_manager == other_case_manager and line.provider == other_case_manager
    assert list(goal.collectors.all()) == [other_case_manager]
    [change] = TeamChange.objects.filter(iep=iep)
    assert (change.kind, change.member, change.previous, change.by, change.effective_on) == (
        "case_manager", other_case_manager, case_manager, school_admin, DAY)
    pending.refresh_from_db()
    assert (pending.status, pending.change, pending.settled_by) == ("applied", change, None)
    assert pending.settled_at is not None
    # From that day the IEP is the new case manager's, and no longer the old one's.
    assert Student.objects.visible_to(other_case_manager).filter(pk=iep.student_id).exists()
    assert not Student.objects.visible_to(case_manager).filter(pk=iep.student_id).exists()


def test_a_missed_day_is_caught_up_effective_on_the_planned_day(
        other_case_manager, school_admin, iep) -> None:  # noqa: ANN001
    _schedule(iep, other_case_manager, school_admin)
    assert scheduled_hand_overs_apply(today=DAY + dt.timedelta(days=3)) == 1
    assert TeamChange.objects.get(iep=iep).effective_on == DAY


def test_a_cancelled_hand_over_never_happens(case_manager, other_case_manager, school_admin, iep) -> None:  # noqa: ANN001
    [pending] = _schedule(iep, other_case_manager, school_admin)
    assert scheduled_hand_over_cancel(scheduled=pending, by=case_manager)
    assert not scheduled_hand_over_cancel(scheduled=pending, by=case_manager)  # a second tab
    pending.refresh_from_db()
    assert (pending.status, pending.settled_by) == ("cancelled", case_manager)
    assert scheduled_hand_overs_apply(today=DAY) == 0
    assert IEP.objects.get(pk=iep.pk).case_manager == case_manager
    _schedule(iep, other_case_manager, school_admin)  # and a new one may be recorded


def test_a_hand_over_that_can_no_longer_happen_says_why(case_manager, other_case_manager, school_admin,
                                                        iep) -> None:  # noqa: ANN001
    [pending] = _schedule(iep, other_case_manager, school_admin)
    other_case_manager.is_active = False
    other_case_manager.save()
    assert scheduled_hand_overs_apply(today=DAY) == 0
    pending.refresh_from_db()
    assert pending.status == "not_applied" and "is not a case manager at" in pending.outcome
    assert IEP.objects.get(pk=iep.pk).case_manager == case_manager


def test_a_retry_records_one_and_a_different_one_waits_for_a_cancel(
        school, other_case_manager, school_admin, iep) -> None:  # noqa: ANN001
    [first] = _schedule(iep, other_case_manager, school_admin)
    assert _schedule(iep, other_case_manager, school_admin) == [first]
    third = f.UserFactory(role="case_manager", schools=[school], first_name="Robin")
    with pytest.raises(ValidationError, match="is already pending. Cancel it on the team page first."):
        _schedule(iep, third, school_admin)
    with pytest.raises(ValidationError, match="IEP ends on Aug 31, 2027"):
        _schedule(f.IEPFactory(student=f.StudentFactory(school=school)), third, school_admin,
                  day=dt.date(2027, 9, 1))
    with pytest.raises(ValidationError, match="takes effect on a later day"):
        _schedule(iep, third, school_admin, day=FROZEN_TODAY)
    # An immediate hand-over is still refused a later date: it goes through the schedule.
    with pytest.raises(ValidationError, match="takes effect today or on a day already past"):
        case_management_hand_over(ieps=[iep], to=third, by=school_admin, effective_on=DAY, reason="x")
    assert ScheduledHandOver.objects.count() == 1


def test_the_team_page_shows_the_pending_hand_over_and_cancels_it(
        login, case_manager, other_case_manager, provider, iep) -> None:  # noqa: ANN001
    client = login(case_manager)
    response = client.post(reverse("lifecycle:hand_over", args=[iep.student_id]), {
        "to": other_case_manager.pk, "effective_on": DAY.isoformat(), "reason": "Caseloads rebalanced"})
    assert response.status_code == 302
    assert IEP.objects.get(pk=iep.pk).case_manager == case_manager
    page = client.get(response["Location"]).content.decode()
    assert "Pending hand-over" in page and "Dec 1, 2026" in page
    assert f"Until then {case_manager} stays case manager" in page
    assert f"Recorded by {case_manager}" in page and "Cancel the hand-over" in page
    # The team sees it too, without the cancel.
    read_only = login(provider).get(reverse("lifecycle:team", args=[iep.student_id])).content.decode()
    assert "Pending hand-over" in read_only and "Cancel the hand-over" not in read_only

    pending = ScheduledHandOver.objects.get()
    client = login(case_manager)
    url = reverse("lifecycle:hand_over_cancel", args=[iep.student_id, pending.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a double click: "no longer pending"
    assert ScheduledHandOver.objects.get().status == "cancelled"
    page = client.get(reverse("lifecycle:team", args=[iep.student_id])).content.decode()
    assert "Pending hand-over" not in page


def test_a_caseload_hand_over_on_a_later_day_is_pending_for_each_student(
        login, case_manager, other_case_manager, school, iep) -> None:  # noqa: ANN001
    second = f.IEPFactory(student=f.StudentFactory(school=school), case_manager=case_manager)
    response = login(case_manager).post(reverse("lifecycle:caseload"), {
        "ieps": [iep.pk, second.pk], "to": other_case_manager.pk, "effective_on": DAY.isoformat(),
        "reason": "Caseloads rebalanced for the semester"}, follow=True)
    assert "2 students handed over to" in response.content.decode()
    assert set(ScheduledHandOver.objects.pending().values_list("iep", flat=True)) == {iep.pk, second.pk}
    assert set(IEP.objects.values_list("case_manager", flat=True)) == {case_manager.pk}


def test_the_daily_run_is_in_the_beat_schedule_before_the_digest() -> None:
    entry = beat_schedule(digest_hour=6)["apply-hand-overs"]
    assert entry["task"] == tasks.apply_scheduled_hand_overs.name
    assert entry["options"]["expires"] < 24 * 3600
    assert entry["schedule"].hour == {4}
    assert beat_schedule(digest_hour=3)["apply-hand-overs"]["schedule"].hour == {3}
