from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from iep_portal.admin import StudentDataAdmin
from makeups.models import MakeupChange, PlannedMakeup


class _ReadOnly(StudentDataAdmin):
    """Plans change in the app, with a reason; here they are only read."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(PlannedMakeup)
class PlannedMakeupAdmin(_ReadOnly):
    list_display = ["requirement", "target_date", "minutes", "planned_by", "planned_at", "cancelled_at"]


@admin.register(MakeupChange)
class MakeupChangeAdmin(_ReadOnly):
    list_display = ["makeup", "kind", "from_date", "to_date", "by", "at"]
