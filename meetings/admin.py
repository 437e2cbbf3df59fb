from __future__ import annotations

from django.contrib import admin

from iep_portal.admin import StudentDataAdmin
from meetings.models import (
    ConsentRecord,
    FollowUp,
    Meeting,
    MeetingAttendance,
    MeetingFamilyMember,
    TransitionPlan,
)


class MeetingFamilyMemberInline(admin.TabularInline):
    model = MeetingFamilyMember
    extra = 0


class MeetingAttendanceInline(admin.TabularInline):
    model = MeetingAttendance
    extra = 0


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    raw_id_fields = ["owner", "done_by"]


@admin.register(Meeting)
class MeetingAdmin(StudentDataAdmin):
    list_display = ["iep", "kind", "status", "date", "start_time", "notice_sent_on"]
    list_filter = ["kind", "status"]
    search_fields = ["iep__student__last_name", "iep__student__student_number"]
    raw_id_fields = ["iep", "created_by", "notice_recorded_by", "attendance_recorded_by"]
    filter_horizontal = ["invitees"]
    inlines = [MeetingFamilyMemberInline, MeetingAttendanceInline, FollowUpInline]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(StudentDataAdmin):
    list_display = ["student", "kind", "received_on", "given_by", "recorded_by"]
    raw_id_fields = ["student", "recorded_by"]


@admin.register(TransitionPlan)
class TransitionPlanAdmin(StudentDataAdmin):
    list_display = ["iep", "completed_on", "recorded_by"]
    raw_id_fields = ["iep", "recorded_by"]
