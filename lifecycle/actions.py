"""Writes of the IEP's life cycle: who joins and leaves a team, and case-management hand-overs
(today, or scheduled for a later day and made on that day by the daily run).

Each write keeps a TeamChange (who, what, effective when, why, by whom, recorded when) and
never touches what was recorded before: sessions keep who logged and certified them, data
points who entered them. The people who become responsible are asked to read and
acknowledge the IEP by the acknowledgement machinery (a new team membership is newer than
any acknowledgement they gave).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from iep_portal.models import User
from lifecycle.models import ScheduledHandOver, TeamChange
from progress.actions import goal_update
from progress.models import Goal
from services.actions import service_provider_change
from services.models import ServiceCoProvider, ServiceRequirement
from students.actions import team_member_add
from students.models import IEP, TeamMember


def _effective(day: dt.date, iep: IEP, today: dt.date) -> None:
    if day > today:
        raise ValidationError({"effective_on": "A team change takes effect today or on a day "
                                               "already past; record it on the day it happens."})
    if day < iep.start_date:
        raise ValidationError({"effective_on": f"The IEP starts on {iep.start_date:%b %-d, %Y}: "
                                               "pick a day on or after it."})


@transaction.atomic
def team_member_join(
    *, iep: IEP, user: User, role: str, by: User, reason: str = "", today: dt.date | None = None
) -> TeamMember:
    """Add `user` to the team in `role`, effective today."""
    today = today or timezone.localdate()
    existing = TeamMember.objects.filter(iep=iep, user=user).first()
    if existing is not None:
        if existing.role == role:
            return existing  # a retry or a second tab: already done, nothing recorded twice
        raise ValidationError({"user": f"{user} is already on {iep.student}'s team as "
                                       f"{existing.get_role_display().lower()}."})
    if not user.is_active:
        raise ValidationError({"user": f"{user}'s account is closed."})
    member = team_member_add(iep=iep, user=user, role=role, by=by)
    TeamChange.objects.create(iep=iep, kind=TeamChange.Kind.JOINED, member=user, role=role,
                              effective_on=today, reason=reason.strip()[:300], by=by)
    return member


def duties_of(iep: IEP, user: User, today: dt.date) -> list[str]:
    """What `user` still carries on this IEP that someone else must take first: service
    lines they deliver or co-provide, goals they are the only collector of."""
    duties = [
        f"delivers {r.area}" for r in ServiceRequirement.objects.filter(
            iep=iep, provider=user, end_date__gte=today).order_by("area")
    ]
    duties += [
        f"co-provides {c.requirement.area}" for c in ServiceCoProvider.objects.filter(
            requirement__iep=iep, requirement__end_date__gte=today, user=user, removed_at__isnull=True,
        ).select_related("requirement").order_by("requirement__area")
    ]
    for goal in Goal.objects.filter(iep=iep, active=True, collectors=user).prefetch_related("collectors"):
        if len(goal.collectors.all()) == 1:
            duties.append(f"is the only collector for the {goal.area} goal")
    return duties


@transaction.atomic
def team_member_leave(
    *, member: TeamMember, by: User, reason: str, effective_on: dt.date | None = None,
    today: dt.date | None = None,
) -> TeamChange:
    """Take `member` off the team. Refused while they still deliver a service or are a goal's
    only collector: name someone else for it first, so nothing is left without an owner."""
    today = today or timezone.localdate()
    effective_on = effective_on or today
    iep = member.iep
    _effective(effective_on, iep, today)
    if not reason.strip():
        raise ValidationError({"reason": "Say why they leave the team (e.g. moved to another school)."})
    duties = duties_of(iep, member.user, today)
    if duties:
        raise ValidationError(
            f"{member.user} still {', '.join(duties)}. Name someone else for "
            f"{'it' if len(duties) == 1 else 'each'} first."
        )
    for goal in Goal.objects.filter(iep=iep, collectors=member.user).prefetch_related("collectors"):
        goal_update(goal=goal, by=by, collectors=[u for u in goal.collectors.all() if u.pk != member.user_id])
    change = TeamChange.objects.create(
        iep=iep, kind=TeamChange.Kind.LEFT, member=member.user, role=member.role,
        effective_on=effective_on, reason=reason.strip()[:300], by=by,
    )
    member.delete()
    return change


def _may_case_manage(user: User, iep: IEP) -> bool:
    return user.is_active and user.role == User.Role.CASE_MANAGER and user.schools.filter(
        pk=iep.student.school_id).exists()


@transaction.atomic
def case_management_hand_over(
    *, ieps: Sequence[IEP], to: User, by: User, effective_on: dt.date, reason: str,
    today: dt.date | None = None,
) -> list[TeamChange]:
    """Hand these IEPs' case management to `to`, effective `effective_on`; returns a change
    for each IEP handed over (none for one `to` already case-manages).

    The lines the old case manager delivered (specially designed instruction) pass to the
    new one on the same line, so minutes delivered and owed stay with the line; the goals
    they collected for pass too. If `to` was on the team in another role, that membership
    ends (the case manager is on the IEP itself). Everything else stays as recorded.
    """
    today = today or timezone.localdate()
    if not reason.strip():
        raise ValidationError({"reason": "Say why case management changes hands "
                                         "(e.g. caseloads rebalanced)."})
    if not ieps:
        raise ValidationError("Choose at least one student.")
    changes = []
    for iep in IEP.objects.select_for_update().filter(pk__in=[i.pk for i in ieps]).select_related(
            "student", "case_manager"):
        previous = iep.case_manager
        if previous.pk == to.pk:
            continue  # a retry or a second tab: already handed over
        if not _may_case_manage(to, iep):
            raise ValidationError({"to": f"{to} is not a case manager at {iep.student.school}."})
        _effective(effective_on, iep, today)
        TeamMember.objects.filter(iep=iep, user=to).delete()
        iep.case_manager = to
        with pghistory.context(user=by.pk, reason=f"case management handed over: {reason.strip()}"):
            iep.save(update_fields=["case_manager"])
        for line in ServiceRequirement.objects.filter(iep=iep, provider=previous, end_date__gte=effective_on):
            service_provider_change(requirement=line, to=to, by=by,
                                    reason=f"case management handed over: {reason}")
        for goal in Goal.objects.filter(iep=iep, collectors=previous).prefetch_related("collectors"):
            people = [u for u in goal.collectors.all() if u.pk != previous.pk] + [to]
            goal_update(goal=goal, by=by, collectors=people)
        changes.append(TeamChange.objects.create(
            iep=iep, kind=TeamChange.Kind.CASE_MANAGER, member=to, previous=previous,
            effective_on=effective_on, reason=reason.strip()[:300], by=by,
        ))
    return changes


@transaction.atomic
def line_provider_name(
    *, line: ServiceRequirement, to: User, by: User, reason: str = "", today: dt.date | None = None
) -> TeamChange | None:
    """Name who delivers a service line (the case manager or a provider on the team). The
    line keeps its sessions, minutes and what is owed; None when `to` already delivers it."""
    today = today or timezone.localdate()
    if to.pk == line.provider_id:
        return None  # a retry or a second tab
    previous = line.provider
    service_provider_change(requirement=line, to=to, by=by, reason=reason or "named on the team page")
    return TeamChange.objects.create(
        iep=line.iep, kind=TeamChange.Kind.PROVIDER, member=to, previous=previous, detail=line.area[:200],
        effective_on=today, reason=reason.strip()[:300], by=by,
    )


@transaction.atomic
def goal_collectors_set(
    *, goal: Goal, collectors: Sequence[User], by: User, today: dt.date | None = None
) -> list[TeamChange]:
    """Name who collects a goal's data: at least one person, each eligible (progress checks
    it). Each person added or taken off is a change of their own; the data they entered stay."""
    today = today or timezone.localdate()
    if not collectors:
        raise ValidationError({"collectors": "A goal needs at least one person who collects its data."})
    before = {u.pk: u for u in goal.collectors.all()}
    after = {u.pk: u for u in collectors}
    if before.keys() == after.keys():
        return []
    goal_update(goal=goal, by=by, collectors=list(after.values()))
    changes = []
    for pk in sorted(after.keys() - before.keys()):
        changes.append(TeamChange(iep=goal.iep, kind=TeamChange.Kind.COLLECTORS, member=after[pk],
                                  detail=f"now collects for the {goal.area} goal"[:200],
                                  effective_on=today, by=by))
    for pk in sorted(before.keys() - after.keys()):
        changes.append(TeamChange(iep=goal.iep, kind=TeamChange.Kind.COLLECTORS, member=before[pk],
                                  detail=f"no longer collects for the {goal.area} goal"[:200],
                                  effective_on=today, by=by))
    return TeamChange.objects.bulk_create(changes)


@transaction.atomic
def case_management_hand_over_schedule(
    *, ieps: Sequence[IEP], to: User, by: User, effective_on: dt.date, reason: str,
    today: dt.date | None = None,
) -> list[ScheduledHandOver]:
    """Record that these IEPs' case management passes to `to` on a later day. Nothing else
    changes until then; on the day `scheduled_hand_overs_apply` hands over. Returns one per
    IEP (none for one `to` already case-manages; the pending one for a retry)."""
    today = today or timezone.localdate()
    if effective_on <= today:
        raise ValidationError({"effective_on": "A scheduled hand-over takes effect on a later day."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why case management changes hands "
                                         "(e.g. caseloads rebalanced)."})
    if not ieps:
        raise ValidationError("Choose at least one student.")
    scheduled = []
    for iep in IEP.objects.select_for_update().filter(pk__in=[i.pk for i in ieps]).select_related(
            "student", "case_manager"):
        if iep.case_manager_id == to.pk:
            continue
        if not _may_case_manage(to, iep):
            raise ValidationError({"to": f"{to} is not a case manager at {iep.student.school}."})
        if effective_on > iep.end_date:
            raise ValidationError({"effective_on": f"{iep.student}'s IEP ends on {iep.end_date:%b %-d, %Y}: "
                                                   "pick a day before it, or hand over on the next IEP."})
        pending = ScheduledHandOver.objects.pending().filter(iep=iep).select_related("to").first()
        if pending is not None:
            if (pending.to_id, pending.effective_on) == (to.pk, effective_on):
                scheduled.append(pending)  # a retry or a second tab: recorded once
                continue
            raise ValidationError({"effective_on": (
                f"{iep.student}: a hand-over to {pending.to} on {pending.effective_on:%b %-d, %Y} is "
                "already pending. Cancel it on the team page first.")})
        record = ScheduledHandOver(iep=iep, to=to, previous=iep.case_manager, effective_on=effective_on,
                                   reason=reason.strip()[:300], by=by)
        record.full_clean()
        record.save()
        scheduled.append(record)
    return scheduled


def scheduled_hand_over_cancel(*, scheduled: ScheduledHandOver, by: User) -> bool:
    """Cancel a pending hand-over; False when it had been settled already (taken effect,
    cancelled in another tab). Compare-and-set, so it never races the daily run."""
    return bool(ScheduledHandOver.objects.filter(
        pk=scheduled.pk, status=ScheduledHandOver.Status.PENDING).update(
        status=ScheduledHandOver.Status.CANCELLED, settled_at=timezone.now(), settled_by=by))


def scheduled_hand_overs_apply(*, today: dt.date | None = None) -> int:
    """Make every pending hand-over whose day has come (or passed: a missed run catches up,
    effective on the planned day); how many changed a case manager. Safe to run twice, or
    in two workers at once: each is claimed before it acts, so only one run hands it over."""
    today = today or timezone.localdate()
    due = list(ScheduledHandOver.objects.due(today).values_list("pk", flat=True))
    return sum(_apply_scheduled(pk, today) for pk in due)


@transaction.atomic
def _apply_scheduled(pk: int, today: dt.date) -> int:
    Status = ScheduledHandOver.Status  # noqa: N806
    if not ScheduledHandOver.objects.filter(pk=pk, status=Status.PENDING).update(
            status=Status.APPLIED, settled_at=timezone.now()):
        return 0  # cancelled meanwhile, or another run has it
    scheduled = ScheduledHandOver.objects.select_related("iep", "to", "by").get(pk=pk)
    changes: list[TeamChange] = []
    if scheduled.iep.status != IEP.Status.ACTIVE:
        scheduled.status, scheduled.outcome = Status.NOT_APPLIED, "The IEP had ended by then."
    else:
        try:
            with transaction.atomic():
                changes = case_management_hand_over(
                    ieps=[scheduled.iep], to=scheduled.to, by=scheduled.by,
                    effective_on=scheduled.effective_on, reason=scheduled.reason, today=today)
        except ValidationError as exc:
            scheduled.status, scheduled.outcome = Status.NOT_APPLIED, " ".join(exc.messages)[:300]
        else:
            scheduled.change = changes[0] if changes else None
            if not changes:
                scheduled.outcome = f"{scheduled.to} was the case manager already."
    scheduled.save(update_fields=["status", "outcome", "change"])
    return len(changes)
