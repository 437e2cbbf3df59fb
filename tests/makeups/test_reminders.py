"""An overdue planned makeup reminds the provider and the planner, says what the pages say,
reaches the digest, and is resolved once done or moved."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core import mail

from makeups.actions import planned_makeup_add, planned_makeup_reschedule
from notifications.digest import send_digests
from notifications.models import Notification
from notifications.sweeps import run_sweep
from services.actions import service_sessions_log
from services.models import ServiceSession
from tests.makeups.conftest import TODAY

D = dt.date
THU, FRI, MON = D(2026, 11, 19), D(2026, 11, 20), D(2026, 11, 23)


def overdue() -> list[Notification]:
    return list(Notification.objects.filter(dedupe_key__startswith="makeup-overdue:").order_by("pk"))


def test_a_makeup_whose_day_passed_reminds_the_provider_and_whoever_planned_it(
    owing, provider, case_manager
) -> None:  # noqa: ANN001
    planned = planned_makeup_add(requirement=owing, by=case_manager, target_date=THU)
    assert run_sweep("makeups_overdue", THU).created == 0  # due today, not overdue yet
    assert run_sweep("makeups_overdue", FRI).created == 2
    assert run_sweep("makeups_overdue", FRI).created == 0  # once
    notes = overdue()
    assert {n.user_id for n in notes} == {provider.pk, case_manager.pk}
    assert notes[0].title == (
        "Maya Lopez: the speech-language makeup planned for Thu Nov 19 is overdue — log it or reschedule it"
    )
    assert (
        notes[0].body == "owed: 4 makeup sessions of 30 min (120 min), 1 planned; this week: 2 sessions left."
    )
    assert notes[0].url == f"/makeups/line/{owing.pk}/"
    assert notes[0].kind == Notification.Kind.MINUTES_OWED
    assert planned.pk  # the reminder names the plan in its key
    assert all(f"makeup-overdue:{planned.pk}:2026-11-19:" in n.dedupe_key for n in notes)


def test_the_digest_says_the_same(owing, provider) -> None:  # noqa: ANN001
    planned_makeup_add(requirement=owing, by=provider, target_date=THU)
    run_sweep("makeups_overdue", FRI)
    assert send_digests(FRI) == 1
    (message,) = mail.outbox
    assert "the speech-language makeup planned for Thu Nov 19 is overdue" in message.body
    assert (
        "owed: 4 makeup sessions of 30 min (120 min), 1 planned; this week: 2 sessions left." in message.body
    )


def test_logging_the_makeup_resolves_the_reminder(owing, provider) -> None:  # noqa: ANN001
    planned_makeup_add(requirement=owing, by=provider, target_date=TODAY)
    run_sweep("makeups_overdue", THU)
    missed = ServiceSession.objects.filter(requirement=owing).order_by("date").first()
    service_sessions_log(
        requirements=[owing],
        by=provider,
        date=TODAY,
        minutes=30,
        status="makeup",
        idempotency_key=uuid.uuid4(),
        certify=True,
        makes_up=[missed],
    )
    assert run_sweep("makeups_overdue", FRI).created == 0
    assert all(n.resolved_at is not None for n in overdue())


def test_a_rescheduled_makeup_is_resolved_and_asks_afresh_if_late_again(owing, provider) -> None:  # noqa: ANN001
    planned = planned_makeup_add(requirement=owing, by=provider, target_date=TODAY)
    run_sweep("makeups_overdue", THU)
    planned_makeup_reschedule(makeup=planned, by=provider, target_date=FRI, reason="Assembly", today=THU)
    run_sweep("makeups_overdue", THU)
    assert overdue()[0].resolved_at is not None
    assert run_sweep("makeups_overdue", MON).created == 1


def test_the_sweep_runs_a_fixed_number_of_queries(
    owing,
    provider,
    another_speech_student,  # noqa: ANN001
    django_assert_num_queries,
) -> None:  # noqa: ANN001
    from makeups.reminders import overdue_sweep
    from tests.makeups.conftest import owe

    planned_makeup_add(requirement=owing, by=provider, target_date=TODAY)
    lines = 1
    for size in (1, 6):
        lines += size
        for i in range(size):
            line = another_speech_student(f"S{size}{i}")
            owe(line, 2)
            planned_makeup_add(requirement=line, by=provider, target_date=TODAY)
        # late lines (1), their plans (1), their makeup sessions (1), ledgers_for (3), outlooks_for
        # (5), resolving what is settled (1)
        with django_assert_num_queries(12):
            assert len(overdue_sweep(THU)) == lines  # one each: the provider planned them all
