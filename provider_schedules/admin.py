from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from iep_portal.admin import ReadOnlyStudentDataAdmin
from provider_schedules.models import PlannedLine, SessionPlan


class PlannedLineInline(admin.TabularInline):
    model = PlannedLine
    extra = 0
    can_delete = False
    readonly_fields = ["requirement"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SessionPlan)
class SessionPlanAdmin(ReadOnlyStudentDataAdmin):
    """Plans are made, changed and ended in the app (with who and when); here they are read."""

    list_display = ["provider", "label", "start_time", "minutes", "frequency", "start_date", "end_date",
                    "created_by", "created_at", "ended_at"]
    list_filter = ["frequency"]
    inlines = [PlannedLineInline]


@admin.register(PlannedLine)
class PlannedLineAdmin(ReadOnlyStudentDataAdmin):
    list_display = ["plan", "requirement"]
