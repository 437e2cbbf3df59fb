"""Ending an IEP before its term (an exit): one write that ends what the IEP asked of people."""

from __future__ import annotations

import datetime as dt

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accommodations.actions import support_end
from accommodations.models import Support
from iep_portal.models import User
from lifecycle.models import IEPExit
from notifications.notify import resolve_about
from services.actions import service_requirement_end
from services.models import ServiceRequirement
from students.models import IEP


@transaction.atomic
def iep_exit(
    *, iep: IEP, exit_date: dt.date, reason: str, note: str, by: User, today: dt.date | None = None
) -> IEPExit:
    """End `iep` on `exit_date` for `reason`.

    Its service lines and supports end on the exit date (their sessions and check-offs stay,
    so minutes owed up to then stay owed); the IEP is no longer active, so no sweep reminds
    anyone of it again, and the reminders still open about the student are settled.
    """
    today = today or timezone.localdate()
    iep = IEP.objects.select_for_update().select_related("student").get(pk=iep.pk)
    if iep.status != IEP.Status.ACTIVE:
        raise ValidationError("This IEP is not active: it has ended already.")
    if exit_date > today:
        raise ValidationError({"exit_date": "Record an exit on or after the day it happens."})
    if exit_date < iep.start_date:
        raise ValidationError({"exit_date": f"The IEP started on {iep.start_date:%b %-d, %Y}: "
                                            "pick a day on or after it."})
    if reason not in IEPExit.Reason.values:
        raise ValidationError({"reason": "Choose why the student leaves special education."})
    if not note.strip():
        raise ValidationError({"note": "Say what documents the exit "
                                       "(e.g. the date prior written notice was given)."})
    why = f"IEP exit: {IEPExit.Reason(reason).label}"
    for line in ServiceRequirement.objects.filter(iep=iep, end_date__gt=exit_date):
        service_requirement_end(requirement=line, by=by, end_date=max(exit_date, line.start_date),
                                reason=why)
    running = Q(end_date__isnull=True) | Q(end_date__gt=exit_date, end_date__gte=today)
    for support in Support.objects.filter(iep=iep).filter(running):
        support_end(support=support, by=by, end_date=max(exit_date, support.start_date))
    record = IEPExit(iep=iep, exit_date=exit_date, reason=reason, note=note.strip()[:500], by=by)
    record.full_clean()
    record.save()
    iep.status = IEP.Status.ENDED
    with pghistory.context(user=by.pk, reason=why):
        iep.save(update_fields=["status"])
    resolve_about(student_id=iep.student_id)
    return record
