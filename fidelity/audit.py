"""Audit search: the access-log rows an administrator may search, and their CSV export."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.db.models import Q, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from fidelity.forms import AccessLogSearchForm
from iep_portal.models import AccessLog, User
from iep_portal.timefmt import iso_datetime
from students.models import Student


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


class _Echo:
    def write(self, value: str) -> str:
        return value


def access_log_csv(rows: QuerySet[AccessLog]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    header = ["when", "staff email", "staff name", "student id", "student", "action", "path", "ip"]

    def lines() -> Iterator[str]:
        yield writer.writerow(header)
        for row in rows.iterator(chunk_size=2000):
            yield writer.writerow([
                iso_datetime(row.at), row.user.email, row.user.get_full_name(),
                row.student.student_number, str(row.student), row.action, row.path,
                row.ip_address or "",
            ])

    response = StreamingHttpResponse(lines(), content_type="text/csv")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.csv"'
    return response
