"""Keep the fidelity dashboard's stored figures fresh, so administrators read, not compute.

A beat task recomputes the default view (this school year to date, and the last four
weeks) for the district and for every set of schools a school administrator has.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from fidelity.figures import cached_fidelity, period_for
from iep_portal.models import User
from students.models import School, Student

DEFAULT_PERIODS = ("year", "4weeks")


def admin_scopes() -> list[tuple[int, ...] | None]:
    """None (the whole district), each school (the district admin's school filter), and
    each distinct set of schools a school administrator runs."""
    schools: dict[int, set[int]] = defaultdict(set)
    through = User.schools.through
    for user_id, school_id in through.objects.filter(
        user__role=User.Role.SCHOOL_ADMIN, user__is_active=True
    ).values_list("user_id", "school_id"):
        schools[user_id].add(school_id)
    sets = {tuple(sorted(ids)) for ids in schools.values()}
    sets |= {(pk,) for pk in School.objects.values_list("pk", flat=True)}
    return [None, *sorted(sets)]


def refresh_snapshots(today: dt.date | None = None) -> int:
    """Recompute and store the default figures for every scope; return how many."""
    today = today or timezone.localdate()
    count = 0
    for scope in admin_scopes():
        students = Student.objects.all() if scope is None else Student.objects.filter(school__in=scope)
        for key in DEFAULT_PERIODS:
            cached_fidelity(students, scope, period_for(key, today), today, refresh=True)
            count += 1
    return count
