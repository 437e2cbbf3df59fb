from __future__ import annotations

from django.contrib import admin

from iep_portal.admin import StudentDataAdmin
from schedules.models import DayOverride, DayPattern, Period, RotationAnchor, SectionMeeting


@admin.register(DayPattern)
class DayPatternAdmin(StudentDataAdmin):
    list_display = ["school", "kind", "letters", "closures"]
    list_filter = ["kind"]


@admin.register(RotationAnchor)
class RotationAnchorAdmin(StudentDataAdmin):
    list_display = ["calendar", "day", "letter"]
    list_filter = ["calendar__school"]


@admin.register(DayOverride)
class DayOverrideAdmin(StudentDataAdmin):
    list_display = ["calendar", "day", "letter", "reason"]
    list_filter = ["calendar__school"]


@admin.register(Period)
class PeriodAdmin(StudentDataAdmin):
    list_display = ["school", "name", "start_time", "end_time", "order"]
    list_filter = ["school"]


@admin.register(SectionMeeting)
class SectionMeetingAdmin(StudentDataAdmin):
    list_display = ["section", "period", "letters"]
    list_filter = ["section__school"]
    autocomplete_fields = ["section"]
