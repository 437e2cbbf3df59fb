"""Data points keep when they happened and when (and by whom) they were recorded; a late one
needs a reason, a very late one counts only once an administrator approves it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from iep_portal.approvals import approval_kind
from progress import actions
from progress.models import DataPoint, Goal
from tests.progress.factories import GoalFactory

pytestmark = pytest.mark.usefixtures("calendar")

TODAY = dt.date(2026, 11, 18)  # a Wednesday
REASON = "Probe sheet was in the substitute's folder."


def record(goal: Goal, by: object, **kw: object) -> DataPoint:
    kw.setdefault("setting", DataPoint.Setting.SPECIAL_ED)
    kw.setdefault("value", Decimal(40))
    return actions.data_point_record(goal=goal, by=by, **kw)  # type: ignore[arg-type]


def test_it_keeps_when_it_happened_and_when_and_by_whom_it_was_recorded(goal, case_manager) -> None:
    point = record(goal, case_manager, day=dt.date(2026, 11, 16))
    assert point.date == dt.date(2026, 11, 16)
    assert timezone.localdate(point.recorded_at) == TODAY
    assert point.recorded_by == case_manager and point.collected_by == case_manager
    assert (point.late, point.approval) == (False, DataPoint.Approval.NOT_NEEDED)


def test_recorded_on_behalf_of_a_collector_it_names_both(goal, case_manager, gen_ed_teacher) -> None:
    point = record(goal, case_manager, day=TODAY, collected_by=gen_ed_teacher)
    assert (point.collected_by, point.recorded_by) == (gen_ed_teacher, case_manager)


def test_four_school_days_later_is_not_late(goal, case_manager) -> None:
    assert record(goal, case_manager, day=dt.date(2026, 11, 12)).late is False


def test_a_late_data_point_needs_a_reason_with_a_clear_message(goal, case_manager) -> None:
    with pytest.raises(ValidationError) as refused:
        record(goal, case_manager, day=dt.date(2026, 11, 2))
    message = refused.value.message_dict["late_reason"][0]
    assert "Nov 2" in message and "Say why it is entered late" in message
    assert not DataPoint.objects.exists()
    point = record(goal, case_manager, day=dt.date(2026, 11, 2), late_reason=REASON)
    assert (point.late, point.late_reason, point.counts) == (True, REASON, True)


def test_the_database_refuses_a_late_point_without_a_reason(goal, case_manager) -> None:
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        DataPoint.objects.create(
            goal=goal, date=TODAY, value=1, setting="special_ed", collected_by=case_manager, late=True
        )


def test_past_the_approval_window_it_waits_and_counts_nowhere(goal, case_manager) -> None:
    point = record(goal, case_manager, day=dt.date(2026, 10, 5), late_reason=REASON)
    assert (point.late, point.approval, point.counts) == (True, DataPoint.Approval.WAITING, False)
    assert not DataPoint.objects.counting().filter(pk=point.pk).exists()
    # The data-due clock (reminders, My day, checklist) does not see it either.
    due = Goal.objects.filter(pk=goal.pk).with_data_due().get()
    assert due.last_data_on is None


def test_an_approved_point_counts_everywhere(goal, case_manager, school_admin) -> None:
    point = record(goal, case_manager, day=dt.date(2026, 10, 5), late_reason=REASON)
    kind = approval_kind("data point")
    assert kind is not None
    waiting = kind.waiting(school_admin)
    assert [(w.pk, w.happened, w.reason) for w in waiting] == [(point.pk, dt.date(2026, 10, 5), REASON)]
    assert waiting[0].url.endswith(f"/goals/{goal.pk}/#point-{point.pk}")
    kind.approve(pk=point.pk, by=school_admin)
    point.refresh_from_db()
    assert (point.approval, point.decided_by, point.counts) == (
        DataPoint.Approval.APPROVED,
        school_admin,
        True,
    )
    assert Goal.objects.filter(pk=goal.pk).with_data_due().get().last_data_on == dt.date(2026, 10, 5)
    assert kind.waiting(school_admin) == []
    with pytest.raises(ValidationError, match="not waiting for approval"):
        kind.approve(pk=point.pk, by=school_admin)


def test_a_rejected_point_stays_on_record_and_never_counts(goal, case_manager, district_admin) -> None:
    point = record(goal, case_manager, day=dt.date(2026, 10, 5), late_reason=REASON)
    kind = approval_kind("data point")
    assert kind is not None
    with pytest.raises(ValidationError):
        kind.reject(pk=point.pk, by=district_admin, reason=" ")
    kind.reject(pk=point.pk, by=district_admin, reason="The probe was given to a different student.")
    point.refresh_from_db()
    assert (point.approval, point.counts) == (DataPoint.Approval.REJECTED, False)
    assert point.decision_note.startswith("The probe")


def test_an_administrator_of_another_school_cannot_decide(goal, case_manager, other_school_admin) -> None:
    point = record(goal, case_manager, day=dt.date(2026, 10, 5), late_reason=REASON)
    kind = approval_kind("data point")
    assert kind is not None
    assert kind.waiting(other_school_admin) == []
    with pytest.raises(Http404):
        kind.approve(pk=point.pk, by=other_school_admin)
    with pytest.raises(Http404):
        kind.approve(pk=point.pk, by=case_manager)


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (dt.date(2026, 11, 19), "future"),
        (dt.date(2026, 9, 1), "The IEP started on Sep 8, 2026"),
    ],
)
def test_it_refuses_a_date_outside_the_iep_or_in_the_future(goal, case_manager, day, words) -> None:
    with pytest.raises(ValidationError, match=words):
        record(goal, case_manager, day=day)


def test_it_refuses_a_date_after_the_iep_ended(iep, case_manager) -> None:
    iep.end_date = dt.date(2026, 11, 10)
    iep.annual_review_due = dt.date(2026, 11, 10)
    iep.save(update_fields=["end_date", "annual_review_due"])
    goal = GoalFactory(iep=iep, target_date=dt.date(2026, 11, 10), collectors=[case_manager])
    with pytest.raises(ValidationError, match="The IEP ended on Nov 10, 2026"):
        record(goal, case_manager, day=dt.date(2026, 11, 16))


def test_the_graph_and_reports_read_only_points_that_count(goal, case_manager) -> None:
    counted = record(goal, case_manager, day=dt.date(2026, 11, 16))
    record(goal, case_manager, day=dt.date(2026, 10, 5), value=Decimal(99), late_reason=REASON)
    assert list(DataPoint.objects.counting()) == [counted]
