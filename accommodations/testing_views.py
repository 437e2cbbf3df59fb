"""The testing roster pages (screen and print) for test coordinators and administrators.

The window comes through assessments.access; the students through
students.access.testing_roster_students (accommodations.testing); every student shown is
written to the access log.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accommodations.testing import default_day, roster_for, session_days
from assessments.access import get_window_for_user
from iep_portal.access_log import log_reads
from iep_portal.models import User


def _roster(request: HttpRequest, pk: int, template: str) -> HttpResponse:
    user = cast(User, request.user)
    if not (user.is_test_coordinator or user.is_admin_role):
        raise Http404("Not found.")
    window = get_window_for_user(user, pk)
    sessions = list(window.sessions.all())
    days = session_days(window)
    day = default_day(days, timezone.localdate())
    asked = request.GET.get("day", "")
    if asked:
        try:
            wanted = dt.date.fromisoformat(asked)
        except ValueError:
            wanted = None
        if wanted in days:
            day = wanted
        else:
            messages.error(request, f"“{asked[:20]}” is not a day of {window.name}; showing {day:%a %b %-d}.")
    groups = roster_for(user, window, day)
    log_reads(request, (row.student.pk for g in groups for row in g.rows), action="view")
    return render(request, template, {
        "window": window, "day": day, "days": days,
        "sessions": [s for s in sessions if s.day == day], "groups": groups,
        "students": sum(len(g.rows) for g in groups),
    })


def testing_roster(request: HttpRequest, pk: int) -> HttpResponse:
    return _roster(request, pk, "accommodations/testing_roster.html")


def testing_roster_print(request: HttpRequest, pk: int) -> HttpResponse:
    return _roster(request, pk, "accommodations/testing_roster_print.html")
