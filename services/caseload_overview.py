"""The services on a case manager's caseload, whoever delivers them: one row per line.

My day lists only what this person does today; a case manager also answers for the speech,
OT and counseling her students receive from others. This overview is where she sees them,
each line with the two figures that say whether it is kept: minutes delivered of those
expected so far, and the makeup sessions owed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.backlog_queries import Outlook, outlooks_for
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement
from students.calendar import describe_through, figures_through
from students.models import IEP

if TYPE_CHECKING:
    from iep_portal.models import User
    from services.ledger import Ledger


@dataclass(frozen=True)
class OverviewRow:
    requirement: ServiceRequirement
    ledger: Ledger
    outlook: Outlook
    delivered_by_you: bool


@dataclass(frozen=True)
class Overview:
    rows: list[OverviewRow]
    through: str

    @property
    def behind(self) -> list[OverviewRow]:
        return [r for r in self.rows if r.ledger.behind]


def caseload_services(user: User, today: dt.date) -> Overview | None:
    """Every current service line on the active IEPs this user case-manages, worst first
    (behind, then by student), or None when they case-manage no IEP with services.

    Queries: requirements (1), ledgers_for (calendars, closures, minutes: 3) and
    outlooks_for (2 here) — six, however many lines.
    """
    requirements = list(
        ServiceRequirement.objects.regular_year().filter(
            iep__in=IEP.objects.active().filter(case_manager=user),
            start_date__lte=today, end_date__gte=today,
        ).select_related("iep", "iep__student", "provider")
        .order_by("iep__student__last_name", "iep__student__first_name", "area", "pk")
    )
    if not requirements:
        return None
    through = figures_through(today)
    ledgers = ledgers_for(requirements, through, school_day_on=today)
    outlooks = outlooks_for(ledgers, today)
    rows = [
        OverviewRow(requirement=r, ledger=ledgers[r.pk].ledger, outlook=outlooks[r.pk],
                    delivered_by_you=r.provider_id == user.pk)
        for r in requirements
    ]
    rows.sort(key=lambda row: not row.ledger.behind)  # stable: by student within each
    return Overview(rows=rows, through=describe_through(through))
