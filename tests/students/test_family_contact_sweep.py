from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse

from notifications.models import Notification, OutboxMessage
from notifications.sweeps import run_sweep
from students.models import IEP
from students.tasks import family_contact_logged
from tests import factories as f

TODAY = dt.date(2026, 11, 18)


def test_no_contact_within_the_interval_reminds_the_case_manager(iep: IEP, case_manager) -> None:  # noqa: ANN001
    f.ParentContactFactory(student=iep.student, staff=case_manager, contacted_on=dt.date(2026, 10, 1))
    run_sweep("family_contact", TODAY)
    note = Notification.objects.get(kind="family_contact")
    assert note.user == case_manager
    assert note.title == "No family contact for Maya Lopez since Oct 1"


def test_a_recent_contact_means_no_reminder(iep: IEP, case_manager) -> None:  # noqa: ANN001
    f.ParentContactFactory(student=iep.student, staff=case_manager, contacted_on=dt.date(2026, 11, 2))
    run_sweep("family_contact", TODAY)
    assert not Notification.objects.exists()


def test_logging_a_contact_records_work_for_the_worker_and_it_resolves_the_reminder(
    login, case_manager, iep: IEP  # noqa: ANN001
) -> None:
    f.ParentContactFactory(student=iep.student, staff=case_manager, contacted_on=dt.date(2026, 9, 1))
    run_sweep("family_contact", TODAY)
    response = login(case_manager).post(
        reverse("students:family_contact_add", args=[iep.student.pk]),
        {"contacted_on": "2026-11-18", "channel": "phone", "family_member": "Mother", "summary": "Caught up."},
    )
    assert response.status_code == 302
    message = OutboxMessage.objects.get()
    assert (message.task, message.args) == ("students.family_contact_logged", [iep.student.pk])
    family_contact_logged(*message.args)  # what the worker runs
    assert Notification.objects.get(kind="family_contact").resolved_at is not None


def test_a_rolled_back_contact_leaves_no_work_behind(iep: IEP, case_manager) -> None:  # noqa: ANN001
    from students.actions import parent_contact_log

    try:
        with transaction.atomic():
            parent_contact_log(student=iep.student, staff=case_manager, contacted_on=TODAY,
                               channel="phone", family_member="Mother", summary="x")
            raise RuntimeError("rollback")
    except RuntimeError:
        pass
    assert not OutboxMessage.objects.exists()
