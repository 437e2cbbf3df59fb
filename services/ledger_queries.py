"""Ledgers for many requirements at once, in a fixed number of queries.

The reminders ("minutes behind") and the fidelity dashboard call `ledgers_for`; the pages
of this app do too. Nothing here loops over requirements with a query inside.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet, Sum

from services import ledger
from services.models import ServiceRequirement, ServiceSession
from services.seasons import line_calendars


def policy() -> ledger.Policy:
    """The district's accounting policy, from settings."""
    return ledger.Policy(
        owed_statuses=frozenset(settings.SERVICES_OWED_STATUSES),
        tolerance_minutes=settings.SERVICES_PACE_TOLERANCE_MINUTES,
    )


@dataclass(frozen=True)
class RequirementLedger:
    requirement: ServiceRequirement
    ledger: ledger.Ledger
    school_day: bool  # whether as_of is an instructional day at the student's school


def ledgers_for(
    requirements: QuerySet[ServiceRequirement] | Iterable[ServiceRequirement], as_of: dt.date,
    *, school_day_on: dt.date | None = None,
) -> dict[int, RequirementLedger]:
    """The ledger of every requirement as of `as_of`, keyed by requirement pk.

    Contract:
    - `requirements` is a queryset (evaluated here, with iep and student joined) or already
      fetched rows whose `iep` and `iep.student` are loaded (select_related), so callers can
      scope it however they like (a provider's lines, a school's, every active IEP).
    - Sessions counted: `ServiceSession.objects.counted()` (effective, certified, approved
      when entered very late) dated on or before `as_of`; pending entries never count.
      Expected minutes use the calendar each line counts on (services.seasons: the school's
      calendars and closures, or an extended-school-year line's summer session); the service
      dates are clipped to the IEP's (see ServiceRequirement.as_service) and the policy comes
      from settings (SERVICES_OWED_STATUSES, SERVICES_PACE_TOLERANCE_MINUTES).
    - Queries: 4 whatever the number of requirements or sessions — the requirements (1,
      none when rows are passed in), calendars (1), closures (1), session minutes summed by
      requirement and status (1); 2 more when school-year and ESY lines are mixed (each
      season's calendars). Nothing is written.
    - Each value is a RequirementLedger(requirement, ledger, school_day) where ledger is a
      services.ledger.Ledger (expected, delivered, missed by status and cause, owed, pace,
      catch_up_this_week, uncovered_days) and school_day says whether `as_of` (or
      `school_day_on`, e.g. today when the figures stop at yesterday) is a school day there.
    - Pages pass `as_of=students.calendar.figures_through(today)`: every figure stops at the
      end of yesterday.
    """
    if isinstance(requirements, QuerySet):
        rows = list(requirements.select_related("iep", "iep__student", "provider"))
    else:
        rows = list(requirements)
    if not rows:
        return {}
    calendars = line_calendars(rows)
    minutes: dict[int, dict[str, int]] = defaultdict(dict)
    summed = (
        ServiceSession.objects.counted()
        .filter(requirement__in=[r.pk for r in rows], date__lte=as_of)
        .values_list("requirement_id", "status")
        .annotate(total=Sum("minutes"))
        .order_by()
    )
    for requirement_id, status, total in summed:
        minutes[requirement_id][status] = total
    rules = policy()
    result = {}
    for r in rows:
        calendar = calendars[r.pk]
        result[r.pk] = RequirementLedger(
            requirement=r,
            ledger=ledger.ledger(r.as_service(days_per_week=calendar.days_per_week), calendar.days,
                                 minutes[r.pk], as_of, rules),
            school_day=calendar.days.is_instructional(school_day_on or as_of),
        )
    return result
