"""What the family portal shows of a child: the plan's supports in plain words, the services
delivered against what the IEP requires, the progress reports sent home and the meetings.

Each is computed by the area's own function (the minute ledger, the reporting periods), so
the family reads the same figures as the staff. A fixed number of queries per page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from accommodations.models import Support
from meetings.models import Meeting
from progress.models import ProgressReport
from services.ledger_queries import ledgers_for
from services.models import ServiceRequirement
from students.calendar import figures_through
from students.models import IEP

# What each kind and category of support means to a family, in plain words.
KIND_WORDS: dict[str, Any] = {
    Support.Kind.ACCOMMODATION: _("Help in class and on tests"),
    Support.Kind.MODIFICATION: _("Changes to what your child is asked to learn or do"),
    Support.Kind.STRATEGY: _("Skills teachers practise with your child"),
}
CATEGORY_WORDS: dict[str, Any] = {
    Support.Category.PRESENTATION: _("How lessons and materials are given"),
    Support.Category.RESPONSE: _("How your child shows what they know"),
    Support.Category.SETTING: _("Where your child works"),
    Support.Category.TIMING: _("Time and scheduling"),
}
SCOPE_WORDS: dict[str, Any] = {
    Support.Scope.ALL_CLASSES: _("In every class"),
    Support.Scope.SUBJECTS: _("In some subjects"),
    Support.Scope.ASSESSMENTS: _("On tests only"),
}
SERVICE_WORDS: dict[str, Any] = {
    ServiceRequirement.Kind.SDI: _("Specially designed teaching"),
    ServiceRequirement.Kind.RELATED: _("Related service"),
    ServiceRequirement.Kind.SUPPLEMENTARY: _("Extra help in class"),
}
PERIOD_WORDS: dict[str, Any] = {
    ServiceRequirement.Period.DAY: _("minutes a day"),
    ServiceRequirement.Period.WEEK: _("minutes a week"),
    ServiceRequirement.Period.MONTH: _("minutes a month"),
}


@dataclass(frozen=True)
class ServiceLine:
    area: str
    kind: Any
    minutes: int
    per: Any
    expected: int
    delivered: int
    owed: int


@dataclass(frozen=True)
class ReportLink:
    number: int
    start: dt.date
    end: dt.date
    sent_on: dt.date | None


def supports(iep: IEP, today: dt.date) -> list[dict[str, Any]]:
    """The plan's current supports, grouped by kind in plain words: one query."""
    rows = Support.objects.current(today).filter(iep=iep).order_by("kind", "category", "pk")
    groups: dict[str, dict[str, Any]] = {}
    for s in rows:
        label = KIND_WORDS.get(s.kind, s.get_kind_display())
        group = groups.setdefault(s.kind, {"label": label, "items": []})
        group["items"].append({
            "text": s.text, "category": CATEGORY_WORDS.get(s.category, ""),
            "where": SCOPE_WORDS.get(s.scope, ""), "subjects": s.subjects,
        })
    return list(groups.values())


def services(iep: IEP, today: dt.date) -> tuple[dt.date, list[ServiceLine]]:
    """Each current service line of the plan, with minutes delivered against what the IEP
    required so far (the minute ledger, through yesterday): the ledger's four queries."""
    through = figures_through(today)
    lines = (ServiceRequirement.objects.filter(iep=iep, start_date__lte=today, end_date__gte=today)
             .select_related("iep", "iep__student").order_by("area", "pk"))
    found = ledgers_for(lines, through, school_day_on=today)
    out = []
    for req_ledger in found.values():
        r, led = req_ledger.requirement, req_ledger.ledger
        out.append(ServiceLine(
            area=r.area, kind=SERVICE_WORDS.get(r.kind, r.get_kind_display()), minutes=r.minutes,
            per=PERIOD_WORDS.get(r.period, r.get_period_display()), expected=led.expected,
            delivered=led.delivered, owed=led.owed,
        ))
    out.sort(key=lambda line: line.area)
    return through, out


def reports(iep: IEP) -> list[ReportLink]:
    """The progress reports the school has sent home, newest first: one query."""
    rows = (ProgressReport.objects.filter(goal__iep=iep, sent_on__isnull=False)
            .values("period_number", "period_start", "period_end")
            .annotate(sent=Max("sent_on")).order_by("-period_number"))
    return [ReportLink(number=r["period_number"], start=r["period_start"], end=r["period_end"],
                       sent_on=r["sent"]) for r in rows]


def meetings(iep: IEP, today: dt.date) -> list[Meeting]:
    """Meetings the family was told of (a notice recorded), coming first, then the last year's:
    one query."""
    rows = (Meeting.objects.filter(iep=iep, notice_sent_on__isnull=False,
                                   date__gte=today - dt.timedelta(days=365))
            .order_by("-date", "-start_time"))
    return sorted(rows, key=lambda m: (m.date < today, abs((m.date - today).days)))


def meeting_for(iep: IEP, meeting_pk: int) -> Meeting | None:
    """One meeting of this plan the family was told of."""
    return Meeting.objects.filter(iep=iep, pk=meeting_pk, notice_sent_on__isnull=False).first()
