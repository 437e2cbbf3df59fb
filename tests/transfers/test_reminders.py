"""transfers.reminders.transfer_sweep: a week before the clock runs out, and once it has."""

from __future__ import annotations

from notifications.models import Notification
from notifications.sweeps import run_sweep, sweep_names
from tests.transfers.conftest import D


def _reminders(day):  # noqa: ANN001, ANN202
    run_sweep("transfers", day)
    return list(Notification.objects.filter(dedupe_key__startswith="transfer:").order_by("pk"))


def test_it_is_registered() -> None:
    assert "transfers" in sweep_names()


def test_nothing_eight_days_before(record) -> None:  # noqa: ANN001
    record()  # due Dec 6
    assert _reminders(D(2026, 11, 28)) == []


def test_the_case_manager_is_reminded_once_from_seven_days_before(record, case_manager) -> None:  # noqa: ANN001
    transfer = record()
    [soon] = _reminders(D(2026, 11, 29))
    assert soon.user == case_manager and not soon.urgent and soon.kind == Notification.Kind.DEADLINE
    assert "Elena Vasquez's interim services end Dec 6 (7 days)" in soon.title
    assert soon.url == f"/transfers/students/{transfer.student_id}/"
    assert _reminders(D(2026, 11, 29)) == [soon]  # the same run again: nothing new
    assert _reminders(D(2026, 12, 3)) == [soon]  # days later, still the one reminder


def test_overdue_reminds_the_case_manager_and_the_school_admin(record, case_manager, school_admin,  # noqa: ANN001
                                                               other_school_admin) -> None:
    record()
    _reminders(D(2026, 12, 1))
    run_sweep("transfers", D(2026, 12, 7))
    run_sweep("transfers", D(2026, 12, 7))
    late = Notification.objects.filter(dedupe_key__contains=":overdue:", resolved_at__isnull=True)
    assert {n.user for n in late} == {case_manager, school_admin}
    assert all(n.urgent for n in late) and late.count() == 2
    assert "is 1 days late" in late[0].title or "is 1 days late" in late[1].title
    # The week-before reminder is settled once the overdue one replaces it.
    assert Notification.objects.get(dedupe_key__contains=":soon:").resolved_at is not None
