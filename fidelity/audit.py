"""Audit search: the access-log rows an administrator may search, and their CSV export.

An export is a read of every student it names, so each writes access-log rows (`log_export`),
as the service-log export does: one row per student, action "export".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Q, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone

from fidelity.forms import AccessLogSearchForm
from iep_portal.access_log import log_reads
from iep_portal.csv_export import csv_line
from iep_portal.downloads import attachment
from iep_portal.models import AccessLog, User
from iep_portal.timefmt import iso_datetime
from students.models import Student


def log_export(request: HttpRequest, student_ids: Iterable[int]) -> None:
    """One access-log row per student an export names. Queries: 1 (one insert)."""
    log_reads(request, student_ids, action="export")


def access_log_rows(user: User, form: AccessLogSearchForm) -> QuerySet[AccessLog]:
    """Access-log rows this admin may search, filtered by the form."""
    rows = AccessLog.objects.filter(
        student__in=Student.objects.visible_to(user)
    ).select_related("user", "student")
    data = form.cleaned_data
    if data.get("student"):
        term = data["student"].strip()
        rows = rows.filter(
            Q(student__student_number=term) | Q(student__last_name__icontains=term)
            | Q(student__first_name__icontains=term)
        )
    if data.get("user"):
        term = data["user"].strip()
        rows = rows.filter(
            Q(user__email__icontains=term) | Q(user__last_name__icontains=term)
            | Q(user__first_name__icontains=term)
        )
    if data.get("date_from"):
        rows = rows.filter(at__date__gte=data["date_from"])
    if data.get("date_to"):
        rows = rows.filter(at__date__lte=data["date_to"])
    return rows.order_by("-at")


def access_log_csv(request: HttpRequest, user: User, rows: QuerySet[AccessLog]) -> StreamingHttpResponse:
    """The rows as CSV. Reading who opened a record is itself a read of that record: every
    student named in the export gets an "export" row. The file holds the log as it was
    when asked, without the rows this export writes."""
    asked_at = timezone.now()
    rows = rows.filter(at__lte=asked_at)
    log_export(request, rows.order_by().values_list("student_id", flat=True).distinct())
    header = ["when", "staff email", "staff name", "student id", "student", "action", "path", "ip"]

    def lines() -> Iterator[str]:
        yield csv_line(header)
        for row in rows.iterator(chunk_size=2000):
            yield csv_line([
                iso_datetime(row.at), row.user.email, row.user.get_full_name(),
                row.student.student_number, str(row.student), row.action, row.path,
                row.ip_address or "",
            ])

    response = StreamingHttpResponse(lines(), content_type="text/csv")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = attachment(f"access-log-{stamp}.csv")
    return response
