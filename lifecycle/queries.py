"""What the team page shows: who is on the team, what each person carries, what changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from iep_portal.models import User
from lifecycle.models import TeamChange
from progress.models import Goal
from services.models import ServiceCoProvider, ServiceRequirement
from students.models import IEP, TeamMember

STAFF_ROLES = (User.Role.CASE_MANAGER, User.Role.GEN_ED_TEACHER, User.Role.PROVIDER)


@dataclass
class Person:
    user: User
    role_label: str
    member: TeamMember | None = None  # None for the case manager, who is on the IEP itself
    carries: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Team:
    people: list[Person]
    changes: list[TeamChange]
    lines: list[ServiceRequirement]
    goals: list[Goal]


def team_of(iep: IEP, today: dt.date) -> Team:
    """The case manager first, then each member, with the lines they deliver and the goals
    they collect for. Queries: members (1), lines (1), co-providers (1), goals with their
    collectors (2), changes (1) — six, however large the team."""
    people = [Person(user=iep.case_manager, role_label="Case manager")]
    for m in TeamMember.objects.filter(iep=iep).select_related("user").order_by("role", "user__last_name"):
        people.append(Person(user=m.user, role_label=m.get_role_display(), member=m))
    by_user = {p.user.pk: p for p in people}
    lines = list(ServiceRequirement.objects.filter(iep=iep, end_date__gte=today).select_related("provider")
                 .order_by("area"))
    for line in lines:
        if line.provider_id in by_user:
            by_user[line.provider_id].carries.append(f"delivers {line.area} ({line.summary})")
    for co in ServiceCoProvider.objects.filter(
            requirement__iep=iep, requirement__end_date__gte=today, removed_at__isnull=True,
    ).select_related("requirement"):
        if co.user_id in by_user:
            by_user[co.user_id].carries.append(f"co-provides {co.requirement.area}")
    goals = list(Goal.objects.filter(iep=iep, active=True).prefetch_related("collectors").order_by("area"))
    for goal in goals:
        for u in goal.collectors.all():
            if u.pk in by_user:
                by_user[u.pk].carries.append(f"collects data for the {goal.area} goal")
    changes = list(TeamChange.objects.filter(iep=iep).select_related("member", "previous", "by"))
    return Team(people=people, changes=changes, lines=lines, goals=goals)


def staff_to_add(iep: IEP) -> QuerySet[User]:
    """Active staff of the student's school who are not on the team yet."""
    return (
        User.objects.filter(is_active=True, role__in=STAFF_ROLES, schools=iep.student.school_id)
        .exclude(pk=iep.case_manager_id).exclude(team_memberships__iep=iep)
        .order_by("last_name", "first_name")
    )


def providers_for(iep: IEP) -> QuerySet[User]:
    """Who may deliver this IEP's service lines: its case manager and the team's providers
    and co-teachers (services checks the same rule when a line is saved)."""
    return User.objects.filter(
        Q(pk=iep.case_manager_id)
        | Q(team_memberships__iep=iep, team_memberships__role__in=[TeamMember.Role.PROVIDER,
                                                                   TeamMember.Role.CO_TEACHER])
    ).distinct().order_by("last_name", "first_name")


def case_managers_at(school_id: int, *, besides: int | None = None) -> QuerySet[User]:
    found = User.objects.filter(is_active=True, role=User.Role.CASE_MANAGER, schools=school_id)
    if besides is not None:
        found = found.exclude(pk=besides)
    return found.order_by("last_name", "first_name")
