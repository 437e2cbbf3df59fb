"""Administrators' pages: invite staff, search the access log."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from iep_portal.actions import user_invite
from iep_portal.forms import AccessLogSearchForm, InviteForm
from iep_portal.models import AccessLog, User
from iep_portal.timefmt import iso_datetime
from students.models import Student


def _require_admin(request: HttpRequest, *, district: bool = False) -> User:
    user: User = request.user  # type: ignore[assignment]
    allowed = user.is_district_admin if district else user.is_admin_role
    if not allowed:
        raise Http404("Not found.")
    return user


def invite(request: HttpRequest) -> HttpResponse:
    user = _require_admin(request, district=True)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invited = user_invite(request=request, invited_by=user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, f"Invitation sent to {invited.email}.")
            return redirect("staff:invite")
    return render(request, "staff/invite.html", {"form": form})


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


def access_log(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    user = _require_admin(request)
    form = AccessLogSearchForm(request.GET)
    page = None
    if form.is_valid():
        rows = access_log_rows(user, form)
        if request.GET.get("format") == "csv":
            return _access_log_csv(rows)
        page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "staff/access_log.html", {"form": form, "page": page})


class _Echo:
    def write(self, value: str) -> str:
        return value


def _access_log_csv(rows: QuerySet[AccessLog]) -> StreamingHttpResponse:
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
