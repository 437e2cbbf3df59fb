from __future__ import annotations

from django.contrib import admin

from assessments.models import AssessmentSession, AssessmentWindow


class SessionInline(admin.TabularInline):
    model = AssessmentSession
    extra = 0


@admin.register(AssessmentWindow)
class AssessmentWindowAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "scope", "school", "section", "first_day", "last_day", "created_by"]
    list_filter = ["kind", "scope"]
    raw_id_fields = ["school", "section", "created_by", "changed_by"]
    inlines = [SessionInline]
