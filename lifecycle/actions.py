"""Writes of the IEP's life cycle: who joins and leaves a team, and case-management hand-overs.

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
from lifecycle.models import TeamChange
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
