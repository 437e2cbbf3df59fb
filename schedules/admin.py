from __future__ import annotations

from django.contrib import admin

from iep_portal.admin import StudentDataAdmin
from schedules.models import (
    CalendarEdit,
    DayOverride,
    DayPattern,
    EarlyRelease,
    Period,
    RotationAnchor,
    SectionMeeting,
)


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


@admin.register(EarlyRelease)
class EarlyReleaseAdmin(StudentDataAdmin):
    list_display = ["calendar", "date", "minutes", "reason", "created_by"]
    list_filter = ["calendar__school"]


@admin.register(CalendarEdit)
class CalendarEditAdmin(StudentDataAdmin):
    list_display = ["calendar", "kind", "summary", "changed_by", "changed_at"]
    list_filter = ["calendar__school", "kind"]
