from __future__ import annotations

from django.contrib import admin

from iep_portal.admin import StudentDataAdmin
from students.models import (
    IEP,
    Closure,
    Enrollment,
    ParentContact,
    ResponsibilityOverride,
    School,
    SchoolCalendar,
    Section,
    Student,
    TeamMember,
)


@admin.register(School)
class SchoolAdmin(StudentDataAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 1


@admin.register(SchoolCalendar)
class SchoolCalendarAdmin(StudentDataAdmin):
    list_display = ["school", "name", "start_date", "end_date"]
    list_filter = ["school"]
    inlines = [ClosureInline]


@admin.register(Student)
class StudentAdmin(StudentDataAdmin):
    list_display = ["last_name", "first_name", "student_number", "school", "grade", "active"]
    list_filter = ["school", "grade", "active"]
    search_fields = ["last_name", "first_name", "student_number"]


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    autocomplete_fields = ["student"]


@admin.register(Section)
class SectionAdmin(StudentDataAdmin):
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
class IEPAdmin(StudentDataAdmin):
    list_display = ["student", "status", "start_date", "end_date", "annual_review_due",
                    "case_manager"]
    list_filter = ["status", "student__school"]
    search_fields = ["student__last_name", "student__student_number"]
    inlines = [TeamMemberInline, ResponsibilityOverrideInline]
    raw_id_fields = ["student", "supersedes"]


@admin.register(ParentContact)
class ParentContactAdmin(StudentDataAdmin):
    list_display = ["student", "contacted_on", "channel", "staff"]
    raw_id_fields = ["student"]
