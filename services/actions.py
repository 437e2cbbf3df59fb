"""Writes on service requirements and the session log. Keyword-only, atomic, validated.

Every entry is checked in full before anything is saved: one bad student in a group entry
saves nothing. Corrections never touch the original row: `service_session_amend` and
`service_session_void` add a row that points at it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from iep_portal.models import User
from notifications.outbox import enqueue
from services import ledger
from services.access import may_log
from services.models import ServiceRequirement, ServiceSession
from students.calendar import SchoolDays
from students.models import IEP
from students.school_days import school_days_for

if TYPE_CHECKING:
    from progress.models import Goal


@transaction.atomic
def service_requirement_add(
    *, iep: IEP, by: User, kind: str, area: str, minutes: int, period: str, setting: str,
    provider: User, start_date: dt.date, end_date: dt.date, sessions: int = 1,
) -> ServiceRequirement:
    """Add a service line to an IEP (the provider must be on the team or be the case manager)."""
    requirement = ServiceRequirement(
        iep=iep, kind=kind, area=area.strip(), minutes=minutes, sessions=sessions, period=period,
        setting=setting, provider=provider, start_date=start_date, end_date=end_date,
    )
    requirement.full_clean()
    with pghistory.context(user=by.pk, reason="service added"):
        requirement.save()
    return requirement


def _check_entry(
    *, requirement: ServiceRequirement, by: User, date: dt.date, minutes: int, status: str,
    reason: str, days: SchoolDays,
) -> None:
    """Refuse anything the ledger could not count honestly, in words a teacher understands."""
    student = requirement.iep.student
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if requirement.iep.status != IEP.Status.ACTIVE or not may_log(by.pk, requirement):
        add("requirements", f"{student} is not on your caseload for {requirement.area}.")
    if minutes is None or minutes <= 0:
        add("minutes", "Minutes must be more than zero.")
    elif minutes > settings.SERVICES_SCHOOL_DAY_MINUTES:
        add("minutes", f"{minutes} minutes is longer than the school day "
                       f"({settings.SERVICES_SCHOOL_DAY_MINUTES} minutes).")
    if status not in ledger.ALL_STATUSES:
        add("status", "Choose what happened.")
    if status in ServiceSession.REASON_REQUIRED and not reason.strip():
        add("reason", "Say why the session did not happen (for example: field trip, state testing).")
    service = requirement.as_service()
    if date > timezone.localdate():
        add("date", "A session cannot be logged in the future.")
    elif not service.start <= date <= service.end:
        add("date", f"{date:%b %-d, %Y} is outside {student}'s {requirement.area} service "
                    f"({service.start:%b %-d, %Y} to {service.end:%b %-d, %Y}).")
    elif not days.is_instructional(date):
        add("date", f"{date:%b %-d, %Y} is not a school day on {student.school}'s calendar.")
    if errors:
        raise ValidationError(errors)


def _check_makeups(
    requirements: Sequence[ServiceRequirement], makes_up: Sequence[ServiceSession], date: dt.date,
) -> None:
    ids = {r.pk for r in requirements}
    for missed in makes_up:
        if missed.requirement_id not in ids:
            raise ValidationError(
                {"makes_up": "A makeup can only make up that student's own missed sessions."}
            )
        if not missed.is_missed or missed.entry == ServiceSession.Entry.VOID:
            raise ValidationError({"makes_up": "Only a missed session can be made up."})
        if missed.date > date:
            raise ValidationError({"makes_up": "A makeup comes after the session it makes up."})
    covered = {m.requirement_id for m in makes_up}
    for requirement in requirements:
        if requirement.pk not in covered:
            raise ValidationError({"makes_up": f"Choose the missed session this makes up for "
                                               f"{requirement.iep.student}."})


def service_sessions_log(
    *, requirements: Sequence[ServiceRequirement], by: User, date: dt.date, minutes: int, status: str,
    idempotency_key: uuid.UUID, certify: bool, reason: str = "", note: str = "",
    goals_addressed: str = "", start_time: dt.time | None = None, group_size: int | None = None,
    makes_up: Sequence[ServiceSession] = (), goals: Sequence[Goal] = (),
) -> list[ServiceSession]:
    """Log one session for one student, or a group session: one row per student.

    `goals` are IEP goals the session worked on; each row links only its own student's.

    Idempotent on `idempotency_key` (one per rendered form): submitting the same form twice
    returns the rows the first submission made. All or nothing: any invalid student, date
    or number saves no row. Group size is at least the number of students logged (a group
    may include students this provider does not log for).
    """
    if not requirements:
        raise ValidationError({"requirements": "Choose at least one student."})
    existing = _already_logged(by, idempotency_key)
    if existing:
        return existing
    if len({r.iep.student_id for r in requirements}) != len(requirements):
        raise ValidationError({"requirements": "Choose each student once per entry."})
    size = group_size or len(requirements)
    if size < len(requirements):
        raise ValidationError({"group_size": f"The group has at least the {len(requirements)} "
                                             f"students you chose."})
    days = school_days_for({r.iep.student.school_id for r in requirements})
    for requirement in requirements:
        _check_entry(requirement=requirement, by=by, date=date, minutes=minutes, status=status,
                     reason=reason, days=days[requirement.iep.student.school_id])
    if status == ServiceSession.Status.MAKEUP:
        _check_makeups(requirements, makes_up, date)
    elif makes_up:
        raise ValidationError({"makes_up": "Only a makeup session makes up missed sessions."})
    _check_goals(requirements, goals)
    now = timezone.now()
    rows = [
        ServiceSession(
            requirement=r, student_id=r.iep.student_id, date=date, start_time=start_time,
            minutes=minutes, group_size=size, status=status, reason=reason.strip(),
            note=note.strip(), goals_addressed=goals_addressed.strip(),
            idempotency_key=idempotency_key, logged_by=by,
            certified_by=by if certify else None, certified_at=now if certify else None,
        )
        for r in requirements
    ]
    try:
        with transaction.atomic(), pghistory.context(user=by.pk, reason="session logged"):
            for row in rows:
                row.full_clean(exclude=["requirement", "student", "logged_by", "certified_by"])
                row.save()
                row.makes_up.set([m for m in makes_up if m.requirement_id == row.requirement_id])
                row.goals.set([g for g in goals if g.iep_id == row.requirement.iep_id])
            # Recorded with the sessions, published later: settles "minutes behind" reminders
            # without the request ever waiting on the broker.
            enqueue("services.sessions_logged", *[row.requirement_id for row in rows])
    except IntegrityError:
        # A concurrent duplicate (double-click) won the race on the unique key: theirs stands.
        existing = _already_logged(by, idempotency_key)
        if existing:
            return existing
        raise
    return rows


def _check_goals(requirements: Sequence[ServiceRequirement], goals: Sequence[Goal]) -> None:
    ieps = {r.iep_id for r in requirements}
    strays = [g for g in goals if g.iep_id not in ieps or not g.active]
    if strays:
        raise ValidationError({"goals": f"“{strays[0].area}” is not a current goal of the students "
                                        "you chose; choose goals from their own IEPs."})


def _already_logged(by: User, key: uuid.UUID) -> list[ServiceSession]:
    return list(ServiceSession.objects.filter(idempotency_key=key, logged_by=by).order_by("pk"))


def _effective_or_refuse(session: ServiceSession) -> None:
    if session.entry == ServiceSession.Entry.VOID:
        raise ValidationError("This entry is a void; it cannot be changed.")
    if ServiceSession.objects.filter(amends=session).exists():
        raise ValidationError("This entry was already corrected; correct the latest version instead.")


def service_session_amend(
    *, session: ServiceSession, by: User, reason: str, date: dt.date, minutes: int, status: str,
    note: str = "", goals_addressed: str = "", start_time: dt.time | None = None,
    group_size: int | None = None, status_reason: str = "",
    makes_up: Sequence[ServiceSession] | None = None, goals: Sequence[Goal] | None = None,
) -> ServiceSession:
    """Correct a session: a new certified row that replaces it in the ledger; the original
    stays, and the new row records why, who and when. Goals addressed carry over unless given."""
    if not reason.strip():
        raise ValidationError({"amendment_reason": "Say why this entry is being corrected."})
    requirement = session.requirement
    _effective_or_refuse(session)
    days = school_days_for({session.student.school_id})[session.student.school_id]
    _check_entry(requirement=requirement, by=by, date=date, minutes=minutes, status=status,
                 reason=status_reason, days=days)
    links = list(session.makes_up.all()) if makes_up is None else list(makes_up)
    if status == ServiceSession.Status.MAKEUP:
        _check_makeups([requirement], links, date)
    else:
        links = []
    addressed = list(session.goals.all()) if goals is None else list(goals)
    if goals is not None:
        _check_goals([requirement], addressed)
    now = timezone.now()
    row = ServiceSession(
        requirement=requirement, student_id=session.student_id, date=date, start_time=start_time,
        minutes=minutes, group_size=group_size or session.group_size, status=status,
        reason=status_reason.strip(), note=note.strip(), goals_addressed=goals_addressed.strip(),
        entry=ServiceSession.Entry.AMEND, amends=session, amendment_reason=reason.strip(),
        idempotency_key=uuid.uuid4(), logged_by=by, certified_by=by, certified_at=now,
    )
    return _save_correction(row, links, by, "session amended", goals=addressed)


def service_session_void(*, session: ServiceSession, by: User, reason: str) -> ServiceSession:
    """Withdraw a session from the ledger (logged by mistake): a void row with the reason."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why this entry is being voided."})
    _effective_or_refuse(session)
    if not may_log(by.pk, session.requirement):
        raise ValidationError("Only this service's provider or the case manager can void it.")
    row = ServiceSession(
        requirement=session.requirement, student_id=session.student_id, date=session.date,
        start_time=session.start_time, minutes=session.minutes, group_size=session.group_size,
        status=session.status, reason=session.reason, note=session.note,
        goals_addressed=session.goals_addressed, entry=ServiceSession.Entry.VOID, amends=session,
        amendment_reason=reason.strip(), idempotency_key=uuid.uuid4(), logged_by=by,
        certified_by=by, certified_at=timezone.now(),
    )
    return _save_correction(row, [], by, "session voided", goals=list(session.goals.all()))


def _save_correction(row: ServiceSession, links: list[ServiceSession], by: User, why: str,
                     goals: Sequence[Goal] = ()) -> ServiceSession:
    try:
        with transaction.atomic(), pghistory.context(user=by.pk, reason=why):
            row.save()
            row.makes_up.set(links)
            row.goals.set(goals)
            enqueue("services.sessions_logged", row.requirement_id)
    except IntegrityError:
        # Someone corrected the same entry a moment ago (one correction per row).
        raise ValidationError("This entry was just corrected by someone else; reload to see it.") from None
    return row


def service_session_certify(*, session: ServiceSession, by: User) -> bool:
    """The provider who logged an entry certifies it; from then on the database keeps it
    as is. Compare-and-set, so certifying twice changes nothing. True if this call did it."""
    if session.logged_by_id != by.pk:
        raise ValidationError("Only the person who logged this entry can certify it.")
    with pghistory.context(user=by.pk, reason="session certified"):
        changed = ServiceSession.objects.filter(pk=session.pk, certified_at__isnull=True).update(
            certified_at=timezone.now(), certified_by=by
        )
    return bool(changed)


@transaction.atomic
def service_requirement_end(
    *, requirement: ServiceRequirement, by: User, end_date: dt.date, reason: str
) -> ServiceRequirement:
    """End a service line on `end_date` (an IEP amendment). Its sessions stay; to change a
    service, end this line and add the new one, so the minutes owed before stay as written."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the service ends (e.g. the amendment of 3 March)."})
    if end_date < requirement.start_date:
        raise ValidationError({"end_date": "A service cannot end before it starts."})
    if end_date > requirement.end_date:
        raise ValidationError({"end_date": "Pick a day on or before the current end date "
                                           f"({requirement.end_date:%b %-d, %Y})."})
    requirement.end_date = end_date
    requirement.full_clean()
    with pghistory.context(user=by.pk, reason=f"service ended: {reason.strip()}"):
        requirement.save(update_fields=["end_date"])
    return requirement
