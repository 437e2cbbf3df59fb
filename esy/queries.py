"""ESY lines with their ledgers, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet

from services.ledger_queries import RequirementLedger, ledgers_for
from services.models import ServiceRequirement
from students.models import IEP


def esy_lines(ieps: Iterable[int] | QuerySet[IEP]) -> QuerySet[ServiceRequirement]:
    """The ESY service lines of these IEPs, with IEP, student and provider joined."""
    return (ServiceRequirement.objects.extended_year().filter(iep__in=ieps)
            .select_related("iep", "iep__student", "provider").order_by("start_date", "area", "pk"))


def esy_ledgers(lines: Iterable[ServiceRequirement], as_of: dt.date,
                *, school_day_on: dt.date | None = None) -> dict[int, RequirementLedger]:
    """The ESY ledger of each line: services' one ledger, on the ESY calendar (the season's
    registered calendar). Queries: ESY sessions (1), their closures (1), minutes (1)."""
    return ledgers_for([r for r in lines if r.is_esy], as_of, school_day_on=school_day_on)
