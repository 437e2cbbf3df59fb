from __future__ import annotations

from django.contrib import admin

from iep_portal.admin import StudentDataAdmin
from rostering.models import ImportRun


# Read-only history.
@admin.register(ImportRun)
class ImportRunAdmin(StudentDataAdmin):
    list_display = ["pk", "kind", "status", "mode", "dry_run", "source_name", "started_by"]
    list_filter = ["kind", "status"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False
