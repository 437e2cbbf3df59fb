"""Administrators' fidelity pages: the dashboard, the students behind a row, compliance
deadlines and the evidence packet.

Scope is always `Student.objects.visible_to(user)`: a school administrator's figures cover
their schools only, a district administrator's every school. Anyone else gets 404, the
same answer as for a page that does not exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Exists, Max, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from fidelity import audit, evidence
from fidelity.access import get_packet_student_for_user, schools_for
from fidelity.deadlines import compliance_deadlines
from fidelity.drilldown import LINE_FILTERS, StudentRow, sort_student_rows
from fidelity.esy import esy_fidelity
from fidelity.figures import (
    DIMENSIONS,
    METRIC_BY_KEY,
    SERVICE_KEYS,
    Cell,
    Ratio,
    cache_minutes,
    fidelity_for_page,
    figures_by_student,
    period_for,
    sort_rows,
    students_behind,
)
from fidelity.forms import AccessLogSearchForm, DeadlineForm, PacketForm, ScopeForm
from iep_portal import csv_export
from iep_portal.access import require_admin
from iep_portal.downloads import attachment
from iep_portal.models import User
from progress.models import DataPoint
from students import access as student_access
from students.models import IEP, School, Student


def _scope(request: HttpRequest, user: User) -> tuple[ScopeForm, Any, Any]:
    """The filter form, the scoped students, and the period."""
    form = ScopeForm(request.GET or None, user=user)
    students = Student.objects.visible_to(user)
    today = timezone.localdate()
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if data.get("school"):
        students = students.filter(school=data["school"])
    if data.get("plan"):
        plans = IEP.objects.active().filter(student=OuterRef("pk"), kind=data["plan"])
        students = students.filter(Exists(plans))
    period = period_for(data.get("period") or "year", today, data.get("start"), data.get("end"))
    return form, students, period


LINES_SHOWN = 50  # the service lines furthest behind; the rest are counted, not listed


def dashboard(request: HttpRequest) -> HttpResponse:
    user = require_admin(request)
    form, students, period = _scope(request, user)
    today = timezone.localdate()
    chosen = form.cleaned_data.get("school") if form.is_bound and form.is_valid() else None
    if chosen is not None:
        school_ids: list[int] | None = [chosen.pk]
    elif user.is_district_admin:
        school_ids = None
    else:
        school_ids = list(user.schools.values_list("pk", flat=True))
    figures, computed_at, refreshing = fidelity_for_page(
        students, school_ids, period, today, refresh=request.GET.get("refresh") == "1"
    )
    sort = request.GET.get("sort", "name")
    descending = request.GET.get("dir") == "desc"
    tables = []
    for key, label, metric_keys in DIMENSIONS:
        rows = sort_rows(figures.breakdowns.get(key, []), sort, descending)
        tables.append({"key": key, "label": label, "metrics": [METRIC_BY_KEY[k] for k in metric_keys],
                       "rows": rows})
    query = request.GET.copy()
    for name in ("sort", "dir", "page", "refresh"):
        query.pop(name, None)
    behind = figures.lines_behind
    return render(request, "fidelity/dashboard.html", {
        # ESY lines on their own calendar, live (a few lines a summer): never in the figures above.
        "esy": esy_fidelity(students, period.end),
        "form": form, "fidelity": figures, "period": period, "tables": tables,
        "lines_behind": behind[:LINES_SHOWN], "more_behind": len(behind) if len(behind) > LINES_SHOWN else 0,
        "gaps": figures.calendar_gaps,
        "sort": sort, "descending": descending, "base_query": query.urlencode(),
        "computed_at": computed_at, "cache_minutes": cache_minutes(), "refreshing": refreshing,
    })


DIMENSION_LABELS = {"school": "School", "case_manager": "Case manager", "provider": "Provider",
                    "teacher": "Gen-ed teacher"}
# The drill-down's columns: each student's share of the headline figures.
STUDENT_COLUMNS = ["minutes", "owed", "accommodations", "goals", "acks", "reports", "contacts"]


def students(request: HttpRequest) -> HttpResponse:
    """The students behind a headline figure (`metric`) or a breakdown row (`dim`, `id`),
    each with their own figures, worst first; through visible_to (never more than that).

    Queries: the scope's school choices (1), the row's school or person (1, with a row),
    whether anyone of theirs is visible (1, for a person), `figures_by_student` (the
    dashboard's computation without its weekly charts), the students listed (1)."""
    user = require_admin(request)
    form, scope, period = _scope(request, user)
    today = timezone.localdate()
    metric = request.GET.get("metric") or None
    if metric is not None and metric not in METRIC_BY_KEY:
        raise Http404("Not found.")
    dimension = request.GET.get("dim", "")
    group: School | User | None = None
    focus: tuple[str, int] | None = None
    members: set[int] = set()
    if dimension or request.GET.get("id"):
        try:
            pk = int(request.GET.get("id", ""))
        except ValueError:
            raise Http404("Not found.") from None
        if dimension not in DIMENSION_LABELS:
            raise Http404("Not found.")
        if dimension == "school":
            group = schools_for(user).filter(pk=pk).first()
        else:
            group = User.objects.filter(pk=pk).first()
        if group is None:
            raise Http404("Not found.")
        members = set(students_behind(scope.active(), dimension, pk, today).values_list("pk", flat=True))
        if dimension != "school" and not members:
            raise Http404("Not found.")  # nobody in this person's work is visible to you
        focus = (dimension, pk)
    found = figures_by_student(scope, period, today, focus)
    if metric is not None:
        ids = {sid for sid, cells in found.by_student.items()
               if metric in cells and (cells[metric].den or cells[metric].num)}
    else:
        ids = set(found.by_student) | members
    listed = (
        scope.filter(pk__in=ids).select_related("school")
        .annotate(has_iep=Exists(IEP.objects.filter(student=OuterRef("pk"), status=IEP.Status.ACTIVE)),
                  last_data=Max("ieps__goals__data_points__date", filter=Q(
                      ieps__status=IEP.Status.ACTIVE, ieps__goals__active=True,
                      ieps__goals__data_points__date__lte=period.end,
                      ieps__goals__data_points__approval__in=DataPoint.COUNTING)))
    )
    rows = [StudentRow(s, found.by_student.get(s.pk, {}), period.end) for s in listed]
    sort = request.GET.get("sort") or metric or "worst"
    rows = sort_student_rows(rows, sort)
    columns = [METRIC_BY_KEY[k] for k in STUDENT_COLUMNS]
    if metric is not None and metric not in STUDENT_COLUMNS:
        columns.insert(0, METRIC_BY_KEY[metric])
    lines = found.lines
    if metric in SERVICE_KEYS:
        lines = [ln for ln in lines if LINE_FILTERS.get(metric, lambda _ln: True)(ln)]
    query = request.GET.copy()
    for name in ("sort", "page"):
        query.pop(name, None)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for row in page:
        row.shown = row.show([c.key for c in columns])
    total = Cell(METRIC_BY_KEY[metric], found.totals.get(metric, Ratio()),
                 found.totals.get("behind")) if metric else None
    return render(request, "fidelity/students.html", {
        "page": page, "group": group, "dimension_label": DIMENSION_LABELS.get(dimension, ""),
        "metric": METRIC_BY_KEY[metric] if metric else None, "total": total, "columns": columns,
        "sort": sort, "base_query": query.urlencode(), "period": period, "form": form,
        "lines": lines if metric in SERVICE_KEYS else [], "count": len(rows),
    })


# --- compliance deadlines --------------------------------------------------------------------

def deadlines(request: HttpRequest) -> HttpResponse:
    user = require_admin(request)
    form = DeadlineForm(request.GET or None, user=user)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    ieps = IEP.objects.active().filter(
        student__in=Student.objects.visible_to(user), student__active=True
    ).select_related("student", "student__school", "case_manager")
    if data.get("school"):
        ieps = ieps.filter(student__school=data["school"])
    if data.get("case_manager"):
        ieps = ieps.filter(case_manager=data["case_manager"])
    if data.get("plan"):
        ieps = ieps.filter(kind=data["plan"])
    today = timezone.localdate()
    items = compliance_deadlines(list(ieps), today, data.get("within") or 60)
    if data.get("kind"):
        items = [i for i in items if i.kind == data["kind"]]
    if request.GET.get("format") == "csv":
        audit.log_export(request, (i.iep.student_id for i in items))
        return _deadlines_csv(items)
    overdue = [i for i in items if i.overdue]
    upcoming = [i for i in items if not i.overdue]
    query = request.GET.copy()
    query.pop("format", None)
    return render(request, "fidelity/deadlines.html", {
        "form": form, "overdue": overdue, "upcoming": upcoming, "today": today,
        "csv_query": query.urlencode(),
    })


def _deadlines_csv(items: list[Any]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = attachment(f"deadlines-{stamp}.csv")
    writer = csv_export.writer(response)
    writer.writerow(["due", "status", "deadline", "student id", "student", "school", "case manager", "note",
                     "plan"])
    for i in items:
        writer.writerow([
            i.due.isoformat(), i.when, i.label, i.iep.student.student_number, str(i.iep.student),
            i.iep.student.school.name, i.iep.case_manager.get_full_name(), i.note, i.iep.kind,
        ])
    return response


# --- the evidence packet ---------------------------------------------------------------------

def _packet_dates(
    request: HttpRequest, found: student_access.StudentAccess
) -> tuple[PacketForm, dt.date, dt.date]:
    today = timezone.localdate()
    default_start = found.iep.start_date if found.iep else today - dt.timedelta(days=180)
    form = PacketForm(request.GET or {"start": min(default_start, today), "end": today})
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, min(default_start, today), today


def evidence_packet(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_packet_student_for_user(request, pk, "view")
    form, start, end = _packet_dates(request, found)
    return render(request, "fidelity/evidence.html", {
        "form": form, "student": found.student, "start": start, "end": end,
        "query": f"start={start.isoformat()}&end={end.isoformat()}",
    })


def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_packet_student_for_user(request, pk, "export")
    _form, start, end = _packet_dates(request, found)
    packet = evidence.build_packet(found.student, start, end, timezone.localdate())
    response = HttpResponse(evidence.zip_packet(packet), content_type="application/zip")
    response["Content-Disposition"] = attachment(f"{packet.filename}.zip")
    return response


def evidence_summary(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_packet_student_for_user(request, pk, "export")
    _form, start, end = _packet_dates(request, found)
    packet = evidence.build_packet(found.student, start, end, timezone.localdate())
    return HttpResponse(evidence.summary_html(packet))


# --- audit search -----------------------------------------------------------------------------

def access_log(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    user = require_admin(request)
    form = AccessLogSearchForm(request.GET)
    page = None
    if form.is_valid():
        rows = audit.access_log_rows(user, form)
        if request.GET.get("format") == "csv":
            return audit.access_log_csv(request, user, rows)
        page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "fidelity/access_log.html", {"form": form, "page": page})
