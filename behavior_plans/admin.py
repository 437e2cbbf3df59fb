from __future__ import annotations

from django.contrib import admin

from behavior_plans.models import BehaviorPlan, BehaviorRecord, FunctionalAssessment, Incident
from iep_portal.admin import ReadOnlyStudentDataAdmin


# FBAs, BIPs and behavior data are student data: here they are only read.
@admin.register(FunctionalAssessment)
class FunctionalAssessmentAdmin(ReadOnlyStudentDataAdmin):
    list_display = ["plan", "conducted_on", "function", "recorded_by", "recorded_at"]


@admin.register(BehaviorPlan)
class BehaviorPlanAdmin(ReadOnlyStudentDataAdmin):
    list_display = ["plan", "start_date", "review_date", "written_by", "recorded_at"]


@admin.register(BehaviorRecord)
class BehaviorRecordAdmin(ReadOnlyStudentDataAdmin):
    list_display = ["target", "date", "time", "setting", "count", "seconds", "recorded_by", "recorded_at"]


@admin.register(Incident)
class IncidentAdmin(ReadOnlyStudentDataAdmin):
    list_display = ["behavior_plan", "date", "time", "setting", "recorded_by", "recorded_at"]
