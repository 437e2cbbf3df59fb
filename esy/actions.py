"""Writes: recording an ESY decision, adding an ESY service line, defining an ESY session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from esy.models import EsyClosure, EsyDecision, EsySession
from iep_portal.models import User
from services.actions import service_requirement_add
from services.models import ServiceRequirement
from students.models import IEP, School


@transaction.atomic
def esy_decision_record(*, iep: IEP, by: User, status: str, decided_on: dt.date, basis: str) -> EsyDecision:
    """Record the team's ESY decision as a new row; the earlier ones stay as history.
    (Who may: the case manager and the administrators, checked by the view's access.)"""
    if iep.status != IEP.Status.ACTIVE:
        raise ValidationError(_("This IEP is no longer in effect; record the decision on the current one."))
    if decided_on and decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The decision cannot be dated in the future.")})
    decision = EsyDecision(iep=iep, status=status, decided_on=decided_on, basis=basis.strip(), recorded_by=by)
    decision.full_clean()
    decision.save()
    return decision


def _refuse_unless_needed(iep: IEP) -> None:
    current = EsyDecision.objects.current_for([iep.pk]).get(iep.pk)
    if current is None:
        raise ValidationError(_(
            "Extended school year services need the IEP team's decision that ESY is needed. "
            "No ESY decision is recorded for this IEP yet: record it first."))
    if not current.is_needed:
        raise ValidationError(_(
            "Extended school year services need the IEP team's decision that ESY is needed; "
            "the current decision is “%(status)s” (%(day)s). Record a new decision first.")
            % {"status": current.get_status_display(), "day": f"{current.decided_on:%b %-d, %Y}"})


@transaction.atomic
def esy_line_add(
    *, iep: IEP, by: User, kind: str, area: str, minutes: int, period: str, setting: str,
    provider: User, start_date: dt.date, end_date: dt.date, sessions: int = 1,
) -> ServiceRequirement:
    """Add an ESY service line, only while the IEP's current ESY decision is "needed". The
    IEP row is locked so a decision recorded at the same moment is seen, one way or the other."""
    IEP.objects.select_for_update().filter(pk=iep.pk).first()
    _refuse_unless_needed(iep)
    return service_requirement_add(
        iep=iep, by=by, kind=kind, area=area, minutes=minutes, period=period, setting=setting,
        provider=provider, start_date=start_date, end_date=end_date, sessions=sessions,
        season=ServiceRequirement.Season.ESY,
    )


@transaction.atomic
def esy_session_add(
    *, school: School | None, by: User, name: str, start_date: dt.date, end_date: dt.date,
    weekdays: Sequence[int], closures: Sequence[tuple[dt.date, str]] = (),
) -> EsySession:
    """Define an ESY session for one school or the district (school None), with its days off.
    Two sessions of the same school (or two district sessions) never overlap."""
    session = EsySession(school=school, name=name.strip(), start_date=start_date, end_date=end_date,
                         weekdays=sorted(set(weekdays)), created_by=by)
    session.full_clean()
    same_place = Q(school=school) if school else Q(school__isnull=True)
    clash = (EsySession.objects.select_for_update().filter(same_place).order_by("start_date")
             .filter(start_date__lte=end_date, end_date__gte=start_date).first())
    if clash:
        message = _("%(name)s already runs from %(start)s to %(end)s for %(where)s.") % {
            "name": clash.name, "start": f"{clash.start_date:%b %-d, %Y}",
            "end": f"{clash.end_date:%b %-d, %Y}", "where": clash.where}
        raise ValidationError({"start_date": message})
    session.save()
    for day, reason in closures:
        closure = EsyClosure(session=session, date=day, reason=reason.strip())
        closure.full_clean(validate_unique=False)
        closure.save()
    return session
