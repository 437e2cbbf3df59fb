from __future__ import annotations

from django.contrib import admin

from students.models import (
    IEP,
    Closure,
    ConsentRecord,
    Enrollment,
    FollowUp,
    Meeting,
    MeetingAttendance,
    MeetingFamilyMember,
    ParentContact,
    ResponsibilityOverride,
    School,
    SchoolCalendar,
    Section,
    Student,
    TeamMember,
    TransitionPlan,
)
from students.roster_models import ImportRun


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 1


@admin.register(SchoolCalendar)
class SchoolCalendarAdmin(admin.ModelAdmin):
    list_display = ["school", "name", "start_date", "end_date"]
    list_filter = ["school"]
    inlines = [ClosureInline]


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "student_number", "school", "grade", "active"]
    list_filter = ["school", "grade", "active"]
    search_fields = ["last_name", "first_name", "student_number"]


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    autocomplete_fields = ["student"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "subject", "period", "teacher", "school"]
    list_filter = ["school", "subject"]
    search_fields = ["name"]
    inlines = [EnrollmentInline]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0


class ResponsibilityOverrideInline(admin.TabularInline):
    model = ResponsibilityOverride
    extra = 0


@admin.register(IEP)
class IEPAdmin(admin.ModelAdmin):
    list_display = ["student", "status", "start_date", "end_date", "annual_review_due",
                    "case_manager"]
    list_filter = ["status", "student__school"]
    search_fields = ["student__last_name", "student__student_number"]
    inlines = [TeamMemberInline, ResponsibilityOverrideInline]
    raw_id_fields = ["student", "supersedes"]


@admin.register(ParentContact)
class ParentContactAdmin(admin.ModelAdmin):
    list_display = ["student", "contacted_on", "channel", "staff"]
    raw_id_fields = ["student"]


# --- meetings and documentation --------------------------------------------------------------

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
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["iep", "kind", "status", "date", "start_time", "notice_sent_on"]
    list_filter = ["kind", "status"]
    search_fields = ["iep__student__last_name", "iep__student__student_number"]
    raw_id_fields = ["iep", "created_by", "notice_recorded_by", "attendance_recorded_by"]
    filter_horizontal = ["invitees"]
    inlines = [MeetingFamilyMemberInline, MeetingAttendanceInline, FollowUpInline]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ["student", "kind", "received_on", "given_by", "recorded_by"]
    raw_id_fields = ["student", "recorded_by"]


@admin.register(TransitionPlan)
class TransitionPlanAdmin(admin.ModelAdmin):
    list_display = ["iep", "completed_on", "recorded_by"]
    raw_id_fields = ["iep", "recorded_by"]


# --- roster imports (read-only history) ---------------------------------------------------------

@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "status", "mode", "dry_run", "source_name", "started_by"]
    list_filter = ["kind", "status"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False
