from __future__ import annotations

from django.contrib import admin

from accommodations.models import (
    Accommodation,
    Acknowledgement,
    Assessment,
    ImplementationCheck,
    Strategy,
    Support,
    SupportReview,
)


@admin.register(Support)
class SupportAdmin(admin.ModelAdmin):
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


@admin.register(ImplementationCheck)
class ImplementationCheckAdmin(admin.ModelAdmin):
    list_display = ["date", "student", "section", "support", "outcome", "teacher"]
    list_filter = ["outcome", "date"]
    raw_id_fields = ["support", "student", "section", "teacher"]
    date_hierarchy = "date"


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["date", "section", "title", "recorded_by"]
    raw_id_fields = ["section", "recorded_by"]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(admin.ModelAdmin):
    list_display = ["acknowledged_at", "iep", "user"]
    raw_id_fields = ["iep", "user"]


@admin.register(SupportReview)
class SupportReviewAdmin(admin.ModelAdmin):
    list_display = ["created_at", "support", "rating", "reviewer", "resolved_at"]
    list_filter = ["rating"]
    raw_id_fields = ["support", "reviewer", "resolved_by"]
