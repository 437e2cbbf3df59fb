"""The district's educational environments: each student's share of the week inside the
regular class, counted by school and band, as a page and a CSV.

Administrators only (school administrators: their schools), through
`Student.objects.visible_to`; anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iep_portal import csv_export
from iep_portal.access import require_admin
from iep_portal.access_log import log_reads
from iep_portal.downloads import attachment
from iep_portal.models import User
from lre.measure import BANDS, Placement, placements
from students.models import IEP, Environment, School, Student

PER_PAGE = 50
DISAGREES = "disagrees"
# The report's columns, most inclusive first, with headings short enough for a phone.
REGULAR_COLUMNS = [band for _, band in reversed(BANDS)]
SHORT_LABELS: dict[str, Any] = {
    Environment.REGULAR_80: _("80% or more"), Environment.REGULAR_40_79: _("40% to 79%"),
    Environment.REGULAR_UNDER_40: _("Under 40%"),
}


def schools_for(user: User) -> QuerySet[School]:
    schools = School.objects.all()
    return schools if user.is_district_admin else schools.filter(pk__in=user.schools.all())


class ReportForm(forms.Form):
    school = forms.ModelChoiceField(queryset=School.objects.none(), required=False,
                                    empty_label=_("All my schools"), label=_("School"))
    band = forms.ChoiceField(required=False, label=_("Environment"), choices=[
        ("", _("Every environment")), *Environment.choices,
        (DISAGREES, _("Recorded environment differs from the service lines")),
    ])

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_for(user)  # type: ignore[attr-defined]


@dataclass
class SchoolRow:
    school: School
    counts: Counter[str] = field(default_factory=Counter)
    disagree: int = 0
    shown: list[int] = field(default_factory=list)  # the counts in the page's columns

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self, separate: list[str]) -> list[int]:
        return [self.counts[band] for band in REGULAR_COLUMNS + separate]


@dataclass(frozen=True)
class Row:
    iep: IEP
    placement: Placement


def _rows(user: User, data: dict[str, Any], today: dt.date) -> list[Row]:
    """The students' rows the filters keep, most restrictive first (a separate setting, then
    the least time inside the regular class). Queries: 3."""
    ieps = (IEP.objects.active().filter(kind=IEP.Kind.IEP)
            .filter(student__in=Student.objects.visible_to(user), student__active=True)
            .select_related("student", "student__school", "case_manager"))
    if data.get("school"):
        ieps = ieps.filter(student__school=data["school"])
    found = list(ieps)
    placed = placements(found, today)
    rows = [Row(iep, placed[iep.pk]) for iep in found]
    band = data.get("band")
    if band == DISAGREES:
        rows = [r for r in rows if r.placement.disagrees]
    elif band:
        rows = [r for r in rows if r.placement.band == band]
    rows.sort(key=lambda r: (r.placement.share_inside is not None,
                             r.placement.share_inside or 0,
                             r.iep.student.last_name, r.iep.student.first_name, r.iep.pk))
    return rows


def _by_school(rows: list[Row]) -> tuple[list[SchoolRow], list[str]]:
    schools: dict[int, SchoolRow] = {}
    for row in rows:
        school = row.iep.student.school
        entry = schools.setdefault(school.pk, SchoolRow(school))
        entry.counts[row.placement.band] += 1
        entry.disagree += row.placement.disagrees
    separate = [value for value, _label in Environment.choices
                if value not in REGULAR_COLUMNS and any(s.counts[value] for s in schools.values())]
    for entry in schools.values():
        entry.shown = entry.cells(separate)
    return sorted(schools.values(), key=lambda s: s.school.name), separate


def report(request: HttpRequest) -> HttpResponse:
    user = require_admin(request)
    form = ReportForm(request.GET or None, user=user)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = timezone.localdate()
    rows = _rows(user, data, today)
    if request.GET.get("format") == "csv":
        log_reads(request, (r.iep.student_id for r in rows), action="export")
        return _csv(rows, today)
    schools, separate = _by_school(rows)
    totals = SchoolRow(School(name=str(_("All"))))
    for entry in schools:
        totals.counts.update(entry.counts)
        totals.disagree += entry.disagree
    totals.shown = totals.cells(separate)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    csv_query = query.copy()
    csv_query.pop("format", None)
    return render(request, "lre/report.html", {
        "form": form, "today": today, "page": page, "count": len(rows),
        "schools": schools, "totals": totals,
        "columns": [str(SHORT_LABELS.get(v, Environment(v).label)) for v in REGULAR_COLUMNS + separate],
        "separate": separate, "query": query.urlencode(), "csv_query": csv_query.urlencode(),
        "default_day": any(not r.placement.from_bell_schedule for r in rows),
    })


CSV_HEADER = [
    "student id", "student", "grade", "school", "case manager", "iep start", "iep end",
    "school day minutes", "school day from", "school week minutes", "minutes outside regular class per week",
    "percent inside regular class", "environment", "recorded environment", "recorded differs",
]


def _week_cells(p: Placement) -> list[object]:
    """The school day and week cells; empty for a separate setting, where none applies."""
    if p.separate:
        return ["", "", "", "", ""]
    return [p.school_day_minutes, "bell schedule" if p.from_bell_schedule else "district default",
            p.week_minutes, round(float(p.outside_minutes), 1), float(p.percent_inside)]


def _csv(rows: list[Row], today: dt.date) -> HttpResponse:
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = attachment(f"environments-{today.isoformat()}.csv")
    writer = csv_export.writer(response)
    writer.writerow(CSV_HEADER)
    for row in rows:
        iep, p = row.iep, row.placement
        writer.writerow([
            iep.student.student_number, str(iep.student), iep.student.grade, iep.student.school.name,
            iep.case_manager.get_full_name(), iep.start_date.isoformat(), iep.end_date.isoformat(),
            *_week_cells(p), p.band, p.recorded, "yes" if p.disagrees else "no",
        ])
    return response
