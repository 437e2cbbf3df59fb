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
from django.db.models import Q
from django.utils import timezone

from iep_portal.models import User
from iep_portal.timefmt import format_time
from notifications.outbox import enqueue
from services import ledger
from services.access import may_certify, may_log
from services.models import (
    ServiceCoProvider,
    ServiceRequirement,
    ServiceSession,
    SessionApproval,
    certifier_ids,
)
from services.seasons import line_calendars
from students.calendar import SchoolDays
from students.lateness import Lateness, lateness
from students.models import IEP, Enrollment, ParaAssignment, TeamMember
from students.school_days import school_days_for

if TYPE_CHECKING:
    from progress.models import Goal


@transaction.atomic
def service_requirement_add(
    *, iep: IEP, by: User, kind: str, area: str, minutes: int, period: str, setting: str,
    provider: User, start_date: dt.date, end_date: dt.date, sessions: int = 1,
    season: str = ServiceRequirement.Season.REGULAR,
) -> ServiceRequirement:
    """Add a service line to an IEP (the provider must be on the team or be the case manager).
    An extended-school-year line (`season` ESY) comes through esy.actions.esy_line_add, which
    first checks the IEP's ESY decision."""
    requirement = ServiceRequirement(
        iep=iep, kind=kind, area=area.strip(), minutes=minutes, sessions=sessions, period=period,
        setting=setting, provider=provider, start_date=start_date, end_date=end_date, season=season,
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


class AlreadyLogged(ValidationError):
    """The same session is already in the log (a second tab, a second device): `session`."""

    def __init__(self, session: ServiceSession) -> None:
        at = format_time(session.logged_at)
        super().__init__(f"This session is already saved (at {at}, by {session.logged_by}): "
                         f"{session.student}, {session.minutes} min on {session.date:%b %-d}. "
                         "Open it to correct it instead.")
        self.session = session


def _overlaps(a_start: dt.time, a_minutes: int, b_start: dt.time, b_minutes: int, day: dt.date) -> bool:
    a = dt.datetime.combine(day, a_start)
    b = dt.datetime.combine(day, b_start)
    return a < b + dt.timedelta(minutes=b_minutes) and b < a + dt.timedelta(minutes=a_minutes)


def _check_plausible(
    *, requirements: Sequence[ServiceRequirement], by: User, date: dt.date, start_time: dt.time | None,
    minutes: int, status: str, group_size: int, replacing: ServiceSession | None = None,
) -> None:
    """Refuse what cannot have happened: the same session saved twice, one provider or one
    student in two sessions at once, more minutes in a student's day than the school day.

    One query: the effective rows of that day for these students or providers.
    """
    students = {r.iep.student_id for r in requirements}
    providers = {r.provider_id for r in requirements}
    same_day = (
        ServiceSession.objects.effective().filter(date=date)
        .filter(Q(student_id__in=students) | Q(requirement__provider_id__in=providers))
        .select_related("requirement", "student", "logged_by").order_by("logged_at")
    )
    if replacing is not None:
        same_day = same_day.exclude(pk=replacing.pk)
    rows = list(same_day)
    ids = {r.pk for r in requirements}
    spent = status in ledger.DELIVERED_STATUSES
    for row in rows:
        timed = start_time is not None and row.start_time is not None
        overlapping = timed and _overlaps(start_time, minutes, row.start_time, row.minutes, date)  # type: ignore[arg-type]
        if (row.requirement_id in ids and row.minutes == minutes and row.status == status
                and row.logged_by_id == by.pk and (overlapping or not timed)):
            raise AlreadyLogged(row)
        if not (overlapping and spent and row.status in ledger.DELIVERED_STATUSES):
            continue
        same_group = (replacing is not None and row.idempotency_key == replacing.idempotency_key) or (
            group_size > 1 and row.group_size > 1 and row.start_time == start_time and row.minutes == minutes)
        end = row.end_time
        when = f"{format_time(row.start_time)} to {format_time(end) if end else ''}"  # type: ignore[arg-type]
        if row.student_id in students and not same_group:
            raise ValidationError({"start_time": f"{row.student} already has {row.requirement.area} "
                                                 f"from {when} that day; one student cannot be in "
                                                 "two sessions at once."})
        if row.requirement.provider_id in providers and not same_group:
            raise ValidationError({"start_time": f"{row.requirement.provider} already has a session "
                                                 f"with {row.student} from {when} that day; check the "
                                                 "start time."})
    if spent:
        for student_id in students:
            day_total = minutes + sum(r.minutes for r in rows if r.student_id == student_id
                                      and r.status in ledger.DELIVERED_STATUSES)
            if day_total > settings.SERVICES_SCHOOL_DAY_MINUTES:
                name = next(r.iep.student for r in requirements if r.iep.student_id == student_id)
                raise ValidationError({"minutes": f"That makes {day_total} minutes of services for "
                                                  f"{name} on {date:%b %-d}, longer than the school "
                                                  f"day ({settings.SERVICES_SCHOOL_DAY_MINUTES} min)."})


def _late(*, happened: dt.date, days: SchoolDays, reason: str) -> Lateness:
    """How late an entry recorded now is; a late one must say why (`late_reason`)."""
    found = lateness(happened=happened, recorded=timezone.localdate(), days=days)
    if found.late and not reason.strip():
        raise ValidationError({"late_reason": (
            f"{happened:%b %-d} was {found.school_days_after} school days ago, so this entry is "
            f"late (more than {settings.EVIDENCE_LATE_AFTER_SCHOOL_DAYS} school days): say why it "
            "is entered now, for example “paper log entered after a week of sick leave”.")})
    return found


def service_sessions_log(
    *, requirements: Sequence[ServiceRequirement], by: User, date: dt.date, minutes: int, status: str,
    idempotency_key: uuid.UUID, certify: bool, reason: str = "", note: str = "",
    goals_addressed: str = "", start_time: dt.time | None = None, group_size: int | None = None,
    makes_up: Sequence[ServiceSession] = (), goals: Sequence[Goal] = (), late_reason: str = "",
) -> list[ServiceSession]:
    """Log one session for one student, or a group session: one row per student.

    Certification: `certify` asks to certify the rows now, which only the line's provider
    or co-provider may do (anyone else is refused, so they always know). A row by someone
    who does not deliver the line is saved "on behalf of" its provider and stays pending
    (uncounted) until the provider or a co-provider confirms it; so is a row its provider
    saved with `certify=False`. A late entry needs `late_reason` (students.lateness); a very
    late one also waits for an administrator's approval (SessionApproval).

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
    calendars = line_calendars(requirements)  # an ESY line's days are its summer session's
    for requirement in requirements:
        _check_entry(requirement=requirement, by=by, date=date, minutes=minutes, status=status,
                     reason=reason, days=calendars[requirement.pk].days)
    delivers = {r.pk: may_certify(by.pk, r) for r in requirements}
    if certify and not all(delivers.values()):
        other = next(r for r in requirements if not delivers[r.pk])
        raise ValidationError({"certify": (
            f"Only who delivers {other.iep.student}'s {other.area} ({other.provider}) can certify "
            f"it. Choose “Save as pending”: it counts once {other.provider} confirms it.")})
    late = {r.pk: _late(happened=date, days=calendars[r.pk].days, reason=late_reason)
            for r in requirements}
    _check_plausible(requirements=requirements, by=by, date=date, start_time=start_time,
                     minutes=minutes, status=status, group_size=size)
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
            on_behalf_of=None if delivers[r.pk] else r.provider,
            late=late[r.pk].late, late_reason=late_reason.strip() if late[r.pk].late else "",
            needs_approval=late[r.pk].needs_approval,
        )
        for r in requirements
    ]
    try:
        with transaction.atomic(), pghistory.context(user=by.pk, reason="session logged"):
            for row in rows:
                row.full_clean(exclude=["requirement", "student", "logged_by", "certified_by",
                                        "on_behalf_of"])
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
    if session.approval_state in ("awaiting", "rejected"):
        raise ValidationError("This entry is waiting for (or was refused) an administrator's "
                              "approval; it cannot be changed.")


def service_session_amend(
    *, session: ServiceSession, by: User, reason: str, date: dt.date, minutes: int, status: str,
    note: str = "", goals_addressed: str = "", start_time: dt.time | None = None,
    group_size: int | None = None, status_reason: str = "",
    makes_up: Sequence[ServiceSession] | None = None, goals: Sequence[Goal] | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> ServiceSession:
    """Correct a session: a new row that replaces it in the ledger; the original stays, and
    the new row records why, who and when. Goals addressed carry over unless given.

    Who: the line's provider or co-provider (the correction is certified by them); anyone
    else who may log corrects only a pending entry, and the correction stays pending too.
    When: the late rules apply to the earlier of the two dates, the reason for the correction
    standing as the reason for lateness; a very late correction takes effect (and the
    original stays in force) only once an administrator approves it.
    """
    if not reason.strip():
        raise ValidationError({"amendment_reason": "Say why this entry is being corrected."})
    requirement = session.requirement
    _effective_or_refuse(session)
    certifies = _may_correct(session, by)
    days = line_calendars([requirement])[requirement.pk].days
    _check_entry(requirement=requirement, by=by, date=date, minutes=minutes, status=status,
                 reason=status_reason, days=days)
    late = _late(happened=min(date, session.date), days=days, reason=reason)
    _check_plausible(requirements=[requirement], by=by, date=date, start_time=start_time,
                     minutes=minutes, status=status, group_size=group_size or session.group_size,
                     replacing=session)
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
        idempotency_key=idempotency_key or uuid.uuid4(), logged_by=by,
        certified_by=by if certifies else None, certified_at=now if certifies else None,
        on_behalf_of=None if certifies else requirement.provider,
        late=late.late, late_reason=reason.strip() if late.late else "", needs_approval=late.needs_approval,
    )
    return _save_correction(row, links, by, "session amended", goals=addressed)


def _may_correct(session: ServiceSession, by: User) -> bool:
    """Whether `by` signs the correction (they deliver the line); refuses a non-deliverer's
    correction of a certified entry."""
    if not may_log(by.pk, session.requirement):
        raise ValidationError("Only this service's provider or the case manager can change its log.")
    if may_certify(by.pk, session.requirement):
        return True
    if session.is_certified:
        raise ValidationError(f"{session.requirement.provider} certified this entry; only who "
                              "delivers the service can correct or void it.")
    return False


def service_session_void(*, session: ServiceSession, by: User, reason: str,
                         idempotency_key: uuid.UUID | None = None) -> ServiceSession:
    """Withdraw a session from the ledger (logged by mistake): a void row with the reason,
    signed by who voids it. A certified entry is voided only by who delivers the service; a
    pending one also by whoever may log it. Late rules as for a correction (the reason for
    the void stands as the reason it is late)."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why this entry is being voided."})
    _effective_or_refuse(session)
    _may_correct(session, by)
    school = session.student.school_id
    late = _late(happened=session.date, days=school_days_for({school})[school], reason=reason)
    row = ServiceSession(
        requirement=session.requirement, student_id=session.student_id, date=session.date,
        start_time=session.start_time, minutes=session.minutes, group_size=session.group_size,
        status=session.status, reason=session.reason, note=session.note,
        goals_addressed=session.goals_addressed, entry=ServiceSession.Entry.VOID, amends=session,
        amendment_reason=reason.strip(), idempotency_key=idempotency_key or uuid.uuid4(), logged_by=by,
        certified_by=by, certified_at=timezone.now(),
        late=late.late, late_reason=reason.strip() if late.late else "", needs_approval=late.needs_approval,
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
    """Who delivers the service (its provider or a co-provider) confirms a pending entry,
    theirs or one logged on their behalf; from then on the database keeps it as is.
    Compare-and-set, so certifying twice changes nothing. True if this call did it."""
    if not may_certify(by.pk, session.requirement):
        raise ValidationError(f"Only who delivers this service ({session.requirement.provider}) "
                              "can confirm it.")
    if by.is_paraprofessional and session.logged_by_id != by.pk:
        # A paraprofessional co-provider confirms what they delivered, never another's entry.
        raise ValidationError("A paraprofessional confirms only the sessions they logged themselves; "
                              f"{session.requirement.provider} confirms this one.")
    if not ServiceSession.objects.effective().filter(pk=session.pk).exists():
        raise ValidationError("This entry was corrected or voided; confirm the latest version instead.")
    with pghistory.context(user=by.pk, reason="session certified"):
        changed = ServiceSession.objects.filter(pk=session.pk, certified_at__isnull=True).update(
            certified_at=timezone.now(), certified_by=by
        )
    if changed:
        enqueue("services.sessions_logged", session.requirement_id)
    return bool(changed)


@transaction.atomic
def service_session_decide(*, session: ServiceSession, by: User, approve: bool,
                           reason: str = "") -> SessionApproval:
    """An administrator approves (it counts) or rejects (it never counts; a rejected
    correction leaves the original in force) an entry entered past the approval window.
    The decision is its own row: the session row is never rewritten."""
    if not (by.is_district_admin or (by.is_school_admin
                                     and by.schools.filter(pk=session.student.school_id).exists())):
        raise ValidationError("Only an administrator of the student's school can decide on this entry.")
    if not session.needs_approval:
        raise ValidationError("This entry was recorded in time; it needs no approval.")
    if not approve and not reason.strip():
        raise ValidationError({"reason": "Say why the entry is rejected."})
    if SessionApproval.objects.filter(session=session).exists():
        raise ValidationError("Someone already decided on this entry.")
    decision = SessionApproval(
        session=session, decided_by=by, reason=reason.strip(),
        decision=SessionApproval.Decision.APPROVED if approve else SessionApproval.Decision.REJECTED,
    )
    decision.full_clean(exclude=["session", "decided_by"])
    try:
        with transaction.atomic():
            decision.save(force_insert=True)
    except IntegrityError:
        raise ValidationError("Someone already decided on this entry.") from None
    enqueue("services.sessions_logged", session.requirement_id)
    return decision


def _may_provide(iep: IEP, user: User) -> bool:
    """The case manager, a provider or co-teacher on the team, or a paraprofessional assigned
    to the student today (who then logs only this line's minutes, and certifies only their own)."""
    if user.pk == iep.case_manager_id or TeamMember.objects.filter(
            iep=iep, user=user, role__in=[TeamMember.Role.PROVIDER, TeamMember.Role.CO_TEACHER]).exists():
        return True
    return user.is_paraprofessional and ParaAssignment.objects.on().filter(para=user).filter(
        Q(student=iep.student_id)
        | Q(section__in=Enrollment.objects.current().filter(student=iep.student_id).values("section"))
    ).exists()


@transaction.atomic
def service_co_provider_name(*, requirement: ServiceRequirement, user: User, by: User) -> ServiceCoProvider:
    """The case manager names a co-provider of a line: they may log and certify it."""
    if by.pk != requirement.iep.case_manager_id and not by.is_district_admin:
        raise ValidationError("Only the case manager names who co-provides a service.")
    if user.pk in certifier_ids(requirement):
        raise ValidationError({"user": f"{user} already delivers this service."})
    if not _may_provide(requirement.iep, user):
        raise ValidationError({"user": f"{user} is not a provider on this IEP's team. Add them "
                                       "to the team first."})
    row = ServiceCoProvider(requirement=requirement, user=user, named_by=by)
    with pghistory.context(user=by.pk, reason="co-provider named"):
        row.save()
    return row


@transaction.atomic
def service_co_provider_remove(*, co_provider: ServiceCoProvider, by: User) -> bool:
    """End a co-provider's part (the row stays, with who removed them and when). Their
    certified sessions stay certified. True if this call removed them."""
    if by.pk != co_provider.requirement.iep.case_manager_id and not by.is_district_admin:
        raise ValidationError("Only the case manager changes who co-provides a service.")
    with pghistory.context(user=by.pk, reason="co-provider removed"):
        changed = ServiceCoProvider.objects.filter(pk=co_provider.pk, removed_at__isnull=True).update(
            removed_at=timezone.now(), removed_by=by)
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


@transaction.atomic
def service_provider_change(
    *, requirement: ServiceRequirement, to: User, by: User, reason: str
) -> ServiceRequirement:
    """Name another provider of the same line (a hand-over, a new therapist). The line, its
    sessions, its minutes and what is owed on it stay as they are; the earlier provider's
    entries keep who logged and certified them."""
    if to.pk == requirement.provider_id:
        raise ValidationError({"provider": f"{to} already delivers this service."})
    requirement.provider = to
    requirement.full_clean()
    with pghistory.context(user=by.pk, reason=f"provider changed: {reason.strip() or 'no reason given'}"):
        requirement.save(update_fields=["provider"])
    return requirement
