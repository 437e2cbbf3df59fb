from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin

from iep_portal.admin import StudentDataAdmin
from progress.models import DataPoint, DataRequest, Goal, GoalCollector, ProgressReport, ReportingSchedule


class CollectorInline(admin.TabularInline):
    model = GoalCollector
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Goal)
class GoalAdmin(StudentDataAdmin):
    list_display = ["area", "iep", "measure", "baseline_value", "target_value", "active"]
    list_filter = ["measure", "active"]
    search_fields = ["area", "iep__student__last_name", "iep__student__student_number"]
    raw_id_fields = ["iep"]
    inlines = [CollectorInline]


@admin.register(DataPoint)
class DataPointAdmin(StudentDataAdmin):
    list_display = ["goal", "date", "value", "setting", "collected_by", "recorded_at", "late", "approval"]
    list_filter = ["setting", "late", "approval"]
    raw_id_fields = ["goal", "collected_by", "recorded_by", "decided_by"]
    # When and by whom it was recorded, and the approval, are the record: approve through
    # the approvals page (progress.approvals), never by editing here.
    readonly_fields = ["recorded_at", "recorded_by", "late", "approval", "decided_by", "decided_at"]


@admin.register(DataRequest)
class DataRequestAdmin(StudentDataAdmin):
    list_display = ["goal", "support", "teacher", "due_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["goal", "support", "teacher", "requested_by", "answer", "review"]

    def students_shown(self, objs: Iterable[Any]) -> set[int]:
        # A request is about a goal or a support: log the student of either.
        rows = DataRequest.objects.filter(pk__in=[o.pk for o in objs]).values_list(
            "goal__iep__student", "support__iep__student")
        return {goal_student or support_student for goal_student, support_student in rows} - {None}


@admin.register(ProgressReport)
class ProgressReportAdmin(StudentDataAdmin):
    list_display = ["goal", "period_number", "code", "sent_on", "sent_language"]
    list_filter = ["code", "sent_language"]
    raw_id_fields = ["goal", "written_by"]


admin.site.register(ReportingSchedule, StudentDataAdmin)
