"""What the team page shows: who is on the team, what each person carries, what changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

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


def team_of(iep: IEP, today: dt.date) -> Team:
    """The case manager first, then each member, with the lines they deliver and the goals
    they collect for. Queries: members (1), lines (1), co-providers (1), goals with their
    collectors (2), changes (1) — six, however large the team."""
    people = [Person(user=iep.case_manager, role_label="Case manager")]
    for m in TeamMember.objects.filter(iep=iep).select_related("user").order_by("role", "user__last_name"):
        people.append(Person(user=m.user, role_label=m.get_role_display(), member=m))
    by_user = {p.user.pk: p for p in people}
    for line in ServiceRequirement.objects.filter(iep=iep, end_date__gte=today).order_by("area"):
        if line.provider_id in by_user:
            by_user[line.provider_id].carries.append(f"delivers {line.area} ({line.summary})")
    for co in ServiceCoProvider.objects.filter(
            requirement__iep=iep, requirement__end_date__gte=today, removed_at__isnull=True,
    ).select_related("requirement"):
        if co.user_id in by_user:
            by_user[co.user_id].carries.append(f"co-provides {co.requirement.area}")
    for goal in Goal.objects.filter(iep=iep, active=True).prefetch_related("collectors").order_by("area"):
        for u in goal.collectors.all():
            if u.pk in by_user:
                by_user[u.pk].carries.append(f"collects data for the {goal.area} goal")
    changes = list(TeamChange.objects.filter(iep=iep).select_related("member", "previous", "by"))
    return Team(people=people, changes=changes)


def staff_to_add(iep: IEP) -> QuerySet[User]:
    """Active staff of the student's school who are not on the team yet."""
    return (
        User.objects.filter(is_active=True, role__in=STAFF_ROLES, schools=iep.student.school_id)
        .exclude(pk=iep.case_manager_id).exclude(team_memberships__iep=iep)
        .order_by("last_name", "first_name")
    )


def case_managers_at(school_id: int, *, besides: int | None = None) -> QuerySet[User]:
    found = User.objects.filter(is_active=True, role=User.Role.CASE_MANAGER, schools=school_id)
    if besides is not None:
        found = found.exclude(pk=besides)
    return found.order_by("last_name", "first_name")
