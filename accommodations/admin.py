from __future__ import annotations

from typing import Any

from django.contrib import admin

from accommodations.models import (
    Accommodation,
    Acknowledgement,
    Assessment,
    CheckChange,
    ImplementationCheck,
    Strategy,
    Support,
    SupportReview,
)
from iep_portal.admin import StudentDataAdmin


@admin.register(Support)
class SupportAdmin(StudentDataAdmin):
    list_display = ["text", "kind", "category", "scope", "frequency", "iep", "start_date", "end_date"]
    list_filter = ["kind", "category", "scope", "frequency"]
    search_fields = ["text", "iep__student__last_name"]
    raw_id_fields = ["iep", "created_by"]


@admin.register(Accommodation)
class AccommodationAdmin(SupportAdmin):
    pass


@admin.register(Strategy)
class StrategyAdmin(SupportAdmin):
    pass


class CheckChangeInline(admin.TabularInline):
    model = CheckChange
    fk_name = "check_off"
    extra = 0
    can_delete = False
    readonly_fields = ["outcome", "note", "recorded_by", "recorded_at", "changed_by", "changed_at"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(ImplementationCheck)
class ImplementationCheckAdmin(StudentDataAdmin):
    """Read-only here: outcomes change through My classes (the window and the history) and
    approvals through the approvals page."""

    list_display = ["date", "student", "section", "support", "outcome", "teacher", "recorded_at", "late",
                    "approval"]
    list_filter = ["outcome", "late", "approval", "date"]
    raw_id_fields = ["support", "student", "section", "teacher"]
    date_hierarchy = "date"
    inlines = [CheckChangeInline]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(StudentDataAdmin):
    list_display = ["date", "section", "title", "recorded_by"]
    raw_id_fields = ["section", "recorded_by"]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(StudentDataAdmin):
    list_display = ["acknowledged_at", "iep", "user"]
    raw_id_fields = ["iep", "user"]


@admin.register(SupportReview)
class SupportReviewAdmin(StudentDataAdmin):
    list_display = ["created_at", "support", "rating", "reviewer", "resolved_at"]
    list_filter = ["rating"]
    raw_id_fields = ["support", "reviewer", "resolved_by"]
