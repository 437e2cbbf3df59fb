"""Ending an IEP: services, supports and reminders end; what was recorded and owed stays."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accommodations.models import Support
from lifecycle.exits import iep_exit
from lifecycle.models import IEPExit
from notifications.models import Notification
from notifications.sweeps import run_all
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement, ServiceSession
from students.models import IEP, Student
from tests.accommodations.factories import SupportFactory
from tests.conftest import FROZEN_TODAY
from tests.services.factories import ServiceRequirementFactory, ServiceSessionFactory

EXIT = dt.date(2026, 11, 13)


def test_an_exit_ends_lines_and_supports_on_the_day_and_keeps_what_was_owed(case_manager, provider, iep: IEP) -> None:  # noqa: ANN001
    line = ServiceRequirementFactory(iep=iep, provider=provider)
    ServiceSessionFactory(requirement=line, date=dt.date(2026, 11, 2))
    support = SupportFactory(iep=iep)
    owed_then = ledgers_for(ServiceRequirement.objects.filter(pk=line.pk), EXIT)[line.pk].ledger
    record = iep_exit(iep=iep, exit_date=EXIT, reason=IEPExit.Reason.MOVED, note="Records sent to Fairview", by=case_manager)
    line.refresh_from_db()
    support.refresh_from_db()
    iep.refresh_from_db()
    assert (line.end_date, support.end_date, iep.status) == (EXIT, EXIT, IEP.Status.ENDED)
    assert (record.by, record.exit_date, record.recorded_at is not None) == (case_manager, EXIT, True)
    after = ledgers_for(ServiceRequirement.objects.filter(pk=line.pk), FROZEN_TODAY)[line.pk].ledger
    assert (after.expected, after.delivered) == (owed_then.expected, owed_then.delivered)
    assert ServiceSession.objects.filter(requirement=line).count() == 1
    assert Support.objects.filter(pk=support.pk).exists()


def test_no_reminder_about_the_student_is_left_open_or_made_again(case_manager, provider, iep: IEP) -> None:  # noqa: ANN001
    ServiceRequirementFactory(iep=iep, provider=provider)
    SupportFactory(iep=iep)
    run_all(FROZEN_TODAY)
    assert Notification.objects.filter(student=iep.student, resolved_at__isnull=True).exists()
    iep_exit(iep=iep, exit_date=EXIT, reason=IEPExit.Reason.GRADUATED, note="Diploma", by=case_manager)
    assert not Notification.objects.filter(student=iep.student, resolved_at__isnull=True).exists()
    run_all(FROZEN_TODAY + dt.timedelta(days=7))
    assert not Notification.objects.filter(student=iep.student, resolved_at__isnull=True).exists()


def test_an_exit_needs_a_reason_a_note_and_a_day_not_yet_to_come(case_manager, iep: IEP) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match="on or after the day it happens"):
        iep_exit(iep=iep, exit_date=FROZEN_TODAY + dt.timedelta(days=1), reason="moved", note="x", by=case_manager)
    with pytest.raises(ValidationError, match="what documents the exit"):
        iep_exit(iep=iep, exit_date=EXIT, reason="moved", note=" ", by=case_manager)
    iep_exit(iep=iep, exit_date=EXIT, reason="revoked", note="PWN given Nov 10", by=case_manager)
    with pytest.raises(ValidationError, match="ended already"):
        iep_exit(iep=iep, exit_date=EXIT, reason="moved", note="again", by=case_manager)


def test_the_exit_page_ends_the_iep_once_and_keeps_bad_input(login, case_manager, iep: IEP) -> None:  # noqa: ANN001
    client = login(case_manager)
    url = reverse("lifecycle:exit", args=[iep.student_id])
    bad = client.post(url, {"reason": "moved", "exit_date": "2026-12-30", "note": "Records sent"})
    assert bad.status_code == 400 and 'value="Records sent"' not in bad.content.decode()  # a textarea
    assert "Records sent</textarea>" in bad.content.decode()
    done = client.post(url, {"reason": "moved", "exit_date": "2026-11-13", "note": "Records sent"})
    assert done.status_code == 302
    assert IEPExit.objects.filter(iep=iep).count() == 1
    # A second submit finds no active IEP to end: nothing more is written.
    assert client.post(url, {"reason": "moved", "exit_date": "2026-11-13", "note": "Records sent"}).status_code == 404
    assert not Student.objects.visible_to(case_manager).filter(pk=iep.student_id).exists()
