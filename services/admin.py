from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from iep_portal.admin import StudentDataAdmin
from services.models import ServiceRequirement, ServiceSession


@admin.register(ServiceRequirement)
class ServiceRequirementAdmin(StudentDataAdmin):
    list_display = ["iep", "kind", "area", "minutes", "period", "setting", "provider", "start_date",
                    "end_date"]
    list_filter = ["kind", "period", "setting"]
    search_fields = ["area", "iep__student__last_name", "iep__student__student_number"]
    raw_id_fields = ["iep", "provider"]


@admin.register(ServiceSession)
class ServiceSessionAdmin(StudentDataAdmin):
    """Read-only: the log is changed through amendments in the app, never edited here."""

    list_display = ["date", "student", "requirement", "minutes", "status", "entry", "logged_at", "late",
                    "needs_approval", "certified_at"]
    list_filter = ["status", "entry", "late", "needs_approval"]
    search_fields = ["student__last_name", "student__student_number"]
    date_hierarchy = "date"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
