from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from iep_portal.admin import StudentDataAdmin
from lifecycle.models import IEPExit, TeamChange


class _ReadOnly(StudentDataAdmin):
    """Team changes and exits happen in the app, with a reason; here they are only read."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(TeamChange)
class TeamChangeAdmin(_ReadOnly):
    list_display = ["iep", "kind", "member", "previous", "effective_on", "by", "recorded_at"]
    list_filter = ["kind"]


@admin.register(IEPExit)
class IEPExitAdmin(_ReadOnly):
    list_display = ["iep", "reason", "exit_date", "by", "recorded_at"]
    list_filter = ["reason"]
