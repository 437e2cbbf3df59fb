"""Who may see and change which school calendars.

District administrators: every school's. School administrators: their own schools'
(`user.schools`). Anyone else, and an administrator asking for another school's calendar,
gets the same 404 as for a calendar that does not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from iep_portal.access import require_admin
from students.models import School, SchoolCalendar

if TYPE_CHECKING:
    from iep_portal.models import User


def schools_for(user: User) -> QuerySet[School]:
    """The schools whose calendars `user` keeps."""
    if user.is_district_admin:
        return School.objects.all()
    if user.is_admin_role:
        return user.schools.all()
    return School.objects.none()


def get_school_for_user(request: HttpRequest, pk: int) -> School:
    user = require_admin(request)
    school = schools_for(user).filter(pk=pk).first()
    if school is None:
        raise Http404("No such school.")
    return school


def get_calendar_for_user(request: HttpRequest, pk: int) -> SchoolCalendar:
    """The calendar with its school (one query), if the signed-in administrator keeps it."""
    user = require_admin(request)
    calendar = (SchoolCalendar.objects.select_related("school")
                .filter(pk=pk, school__in=schools_for(user)).first())
    if calendar is None:
        raise Http404("No such calendar.")
    return calendar
